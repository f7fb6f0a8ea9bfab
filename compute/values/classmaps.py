"""fig5a, fig5b, fig5c: the trained network's 1×1 head turns C feature maps into ten class maps.

The features are the real ones the trained Network-in-Network (``compute.nn``) feeds its
head for the chosen digit; the head's weights ``k`` (10,C) and ``b`` (10,) are its trained 1×1 filters.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from compute.conv import conv1x1, dense
from compute.data import load_digit
from compute.nn.weights import load_trained
from compute.values import FigureInputs, Values, equality, rounding_bound, scalar
from compute.values.sliding import shown_positions

N_CHANNELS_SHOWN = 3  # feature maps drawn in full; the rest stand behind an ellipsis
N_PIXELS_SHOWN = 3  # pixels where fig5b spells the fully connected layer out
ZOOM = 5  # side of the block of a class map drawn enlarged around the worked pixel
PATCH = 3  # side of the block of a feature map drawn enlarged around the worked pixel

# How many decimals each kind of number is drawn with, chosen so that a reader recomputing a drawn product
# from its drawn operands gets the drawn product (issue 17, item 1): a weight gets more digits than the
# feature it multiplies, a product fewer; where even that cannot work the product is drawn with "≈".
WEIGHT_DECIMALS = 3  # a 1×1 filter's weight k[f, c] and its bias b[f]
FEATURE_DECIMALS = 2  # a feature value x_c(i, j)
PRODUCT_DECIMALS = 1  # a weighted feature k[f, c] · x_c(i, j)
MAP_DECIMALS = 2  # a class map's value y_f(i, j)
MEAN_DECIMALS = 2  # a class map's mean (the network's output z_f)
SUM_DECIMALS = 1  # a class map's sum over its pixels


def drawn(value: float, decimals: int) -> Decimal:
    """``value`` as a reader reads it once drawn with ``decimals`` decimals (exactly, as a Decimal)."""
    return Decimal(f"{float(value):.{decimals}f}")


def needs_approx(result: float, exact_from_drawn: Decimal, decimals: int) -> bool:
    """Whether ``result`` drawn with ``decimals`` decimals differs from the value a reader recomputes from the
    drawn operands (``exact_from_drawn``) by more than half a unit in its last digit: then it is drawn "≈"."""
    return abs(drawn(result, decimals) - exact_from_drawn) > Decimal(5).scaleb(-decimals - 1)


def zoom_origin(pixel: np.ndarray, shape: tuple[int, int], side: int = ZOOM) -> np.ndarray:
    """(2,) int64 the top-left cell of the side×side block around ``pixel``, kept inside a map of ``shape``."""
    return np.array([min(max(int(p) - side // 2, 0), n - side) for p, n in zip(pixel, shape)], dtype=np.int64)


def strongest_channels(features: np.ndarray, k_row: np.ndarray, count: int = N_CHANNELS_SHOWN) -> np.ndarray:
    """(count,) the channels that add most to one class's score, k_row[c] · Σ features[c], in channel order."""
    contribution = k_row * features.sum(axis=(1, 2))
    return np.sort(np.argsort(-contribution, kind="stable")[:count]).astype(np.int64)


def fig5a(inputs: FigureInputs) -> Values:
    """Ten 1×1 filters turn the C feature maps into ten class maps, one per digit.

    x (28,28) the digit; features (C,H,W) what the trained network feeds its head (H = W = 14);
    k (10,C), b (10,) the head's ten filters of C 1×1 kernels; y (10,H,W) = conv1x1(features, k, b);
    label () int64 the true class, or −1 for the user's own image (``inputs.image``: its class is unknown);
    focus () int64 the class whose arithmetic is spelled out: the label, or for the user's image the
    network's prediction (argmax of the summed class maps, as fig5c's ``predicted``);
    classes (10,) int64 = 0..9;
    channels (S,) int64 the feature maps drawn in full (those adding most to the focus class);
    channels_hidden () int64 = C − S, the channels left out behind an ellipsis;
    pixel (2,) int64 the pixel (i,j) whose dot product with the focus class's filter is spelled out:
    where that class map is largest (where the digit looks most like itself);
    products (S,) = k[focus, channels] · features[channels, i, j], the shown terms of that dot product;
    products_approx (S,) bool: whether product s, drawn with PRODUCT_DECIMALS, differs from its drawn weight
    times its drawn feature by more than half its last digit (then it is drawn "≈");
    evidence (10,H,W) = max(y, 0), each class map's positive part: what the maps are coloured by;
    means (10,) = the mean of each class map over its H·W pixels (the network's output, global average
    pooling); predicted () int64 = argmax means;
    zoom (2,) int64 the top-left cell of the ZOOM×ZOOM block of a class map drawn enlarged around ``pixel``;
    patch (2,) int64 the top-left cell of the PATCH×PATCH block of each shown feature map drawn enlarged around it.
    """
    net = load_trained("nin")
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    features = net.features(x)
    k = np.array(net.params["head_w"], dtype=np.float64)
    b = np.array(net.params["head_b"], dtype=np.float64)
    y = conv1x1(features, k, b)
    label = -1 if inputs.image is not None else inputs.digit  # a user's image comes with no true class
    focus = label if label >= 0 else int(np.argmax(y.sum(axis=(1, 2))))
    channels = strongest_channels(features, k[focus])
    pixel = np.array(np.unravel_index(np.argmax(y[focus]), y.shape[1:]), dtype=np.int64)
    products = k[focus, channels] * features[channels, pixel[0], pixel[1]]
    approx = [
        needs_approx(
            p,
            drawn(k[focus, c], WEIGHT_DECIMALS) * drawn(features[c, pixel[0], pixel[1]], FEATURE_DECIMALS),
            PRODUCT_DECIMALS,
        )
        for p, c in zip(products, channels)
    ]
    means = y.mean(axis=(1, 2))
    return {
        "x": x,
        "features": features,
        "k": k,
        "b": b,
        "y": y,
        "label": scalar(label, np.int64),
        "focus": scalar(focus, np.int64),
        "classes": np.arange(len(b), dtype=np.int64),
        "channels": channels,
        "channels_hidden": scalar(features.shape[0] - len(channels), np.int64),
        "pixel": pixel,
        "products": products,
        "products_approx": np.array(approx, dtype=bool),
        "evidence": np.maximum(y, 0.0),
        "means": means,
        "predicted": scalar(np.argmax(means), np.int64),
        "zoom": zoom_origin(pixel, y.shape[1:]),
        "patch": zoom_origin(pixel, y.shape[1:], PATCH),
    }


def fig5b(inputs: FigureInputs) -> Values:
    """fig5a's class maps from a C → 10 fully connected layer applied at every pixel in turn.

    fig5a's arrays plus y_fc (10,H,W): ``dense`` on the (H·W, C) list of pixels, reshaped (never
    copied from the 1×1 convolution); max_abs_diff () = max |y_fc − y|;
    shown (P,2) the pixels spelled out (ending where the focus class map is largest);
    pixel_features (P,C) the C feature values at each shown pixel, the layer's inputs there;
    shown_patch (P,2) int64 the top-left cell of the PATCH×PATCH block of the feature maps around each shown pixel;
    evidence_fc (10,H,W) = max(y_fc, 0), the sliding layer's maps as they are coloured;
    zoom_layer, zoom_conv (ZOOM,ZOOM) the block of the focus class's map (its positive part) around the
    worked pixel, from the layer and from the convolution, compared enlarged; zoom_diff (ZOOM,ZOOM) = their
    |y_fc − y| there, drawn beside them (the colour of zero), with zoom_diff_bound (= max_abs_diff_bound).
    """
    values = fig5a(inputs)
    features = values["features"]
    c, h, w = features.shape
    pixels = features.reshape(c, h * w).T  # (H·W, C): one row per pixel
    y_fc = dense(pixels, values["k"], values["b"]).T.reshape(-1, h, w)
    evidence = np.clip(values["y"][int(values["focus"])], 0.0, None)  # where the digit looks most like itself
    shown = shown_positions(evidence, N_PIXELS_SHOWN)
    values.update(
        y_fc=y_fc,
        **equality(y_fc, values["y"]),
        shown=shown,
        pixel_features=features[:, shown[:, 0], shown[:, 1]].T.copy(),
        shown_patch=np.stack([zoom_origin(p, (h, w), PATCH) for p in shown]),
        evidence_fc=np.maximum(y_fc, 0.0),
    )
    f, (r0, c0) = int(values["focus"]), (int(a) for a in values["zoom"])
    block = (f, slice(r0, r0 + ZOOM), slice(c0, c0 + ZOOM))
    values.update(
        zoom_layer=values["evidence_fc"][block].copy(),
        zoom_conv=values["evidence"][block].copy(),
        # only the drawn block: a whole map of rounding noise would be stated by signed projections whose
        # zero's sign (−0.0 / 0.0) depends on the machine's BLAS
        zoom_diff=np.abs(y_fc[block] - values["y"][block]),
        zoom_diff_bound=rounding_bound(y_fc, values["y"]),
    )
    return values


def fig5c(inputs: FigureInputs) -> Values:
    """Footnote 3: summing each class map over space = a fully connected layer on the summed features.

    fig5a's arrays plus scores (10,) = Σ_(i,j) y[:, i, j]; feature_sums (C,) = Σ_(i,j) features;
    hw () int64 = H·W; scores_dense (10,) = dense(feature_sums, k) + b·H·W (a separate path);
    max_abs_diff () = max |scores − scores_dense|; predicted () int64 = argmax scores;
    logits (10,) the network's own output (global average pooling), computed by its training
    forward (im2col matrix products), a separate path from conv2d/conv1x1;
    logits_diff () = max |scores / (H·W) − logits|;
    scores_diff (10,) = |scores − scores_dense|, the difference drawn beside the two columns, and
    scores_diff_bound () its rounding bound; logits_abs_diff (10,) = |scores / (H·W) − logits| (with its bound);
    logits_approx (10,) bool: whether logit f drawn with MEAN_DECIMALS differs from its drawn score (SUM_DECIMALS)
    divided by H·W by more than half its last digit (then it is drawn "≈").
    """
    values = fig5a(inputs)
    features, y = values["features"], values["y"]
    hw = features.shape[1] * features.shape[2]
    scores = y.sum(axis=(1, 2))
    feature_sums = features.sum(axis=(1, 2))
    scores_dense = dense(feature_sums, values["k"]) + values["b"] * hw
    # the network's output through its training forward (im2col products), not conv1x1 again
    logits = load_trained("nin").fast_logits(values["x"][None, None])[0].astype(np.float64)
    values.update(
        scores=scores,
        feature_sums=feature_sums,
        hw=scalar(hw, np.int64),
        scores_dense=scores_dense,
        **equality(scores, scores_dense),
        predicted=scalar(np.argmax(scores), np.int64),
        logits=logits,
        **equality(scores / hw, logits, "logits_diff"),
        scores_diff=np.abs(scores - scores_dense),
        scores_diff_bound=rounding_bound(scores, scores_dense),
        logits_abs_diff=np.abs(scores / hw - logits),
        logits_abs_diff_bound=rounding_bound(scores / hw, logits),
        logits_approx=np.array(
            [needs_approx(z, drawn(s, SUM_DECIMALS) / hw, MEAN_DECIMALS) for z, s in zip(logits, scores)], dtype=bool
        ),
    )
    return values
