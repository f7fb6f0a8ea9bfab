"""fig4a, fig4b, fig6a, fig6b: 1×1 convolutions over RGB pixels and over a digit reshaped to 784 channels.

fig6a and fig6b use fig1a/fig1b's layer, ``compute.init.fc_layer()``; indices are 0-based, and the
``*_i`` arrays are the same indices 1-based, for display (as in compute/values/fc.py).
"""

from __future__ import annotations

import numpy as np

from compute.conv import conv1x1, dense, fc_as_1x1_kernels, flatten_to_channels, sliding_dense
from compute.data import load_digit, load_photo
from compute.init import fc_layer
from compute.values import FigureInputs, Values, equality, rounding_bound, scalar

PHOTO_SIZE = 12
N_PIXELS_SHOWN = 3  # RGB pixels whose arithmetic is spelled out
N_CHANNELS_SHOWN = 5  # channels of the 784 spelled out in fig6a
SHOWN_FILTERS = (0, 1, -1)  # filters of the 784 drawn in fig6b: 1, 2, …, 784


def face_pixels(x: np.ndarray, count: int = N_PIXELS_SHOWN) -> np.ndarray:
    """(count,2) consecutive pixels (i,j) of a (3,H,W) photo across its face: on the row through the
    centre of the skin, where red exceeds blue (weighted by R − B), centred on that centre's column.

    The photo's corners are dark background; these are the pixels a viewer recognises. An image with
    no pixel redder than blue (a user's own) is centred on its middle instead.
    """
    warmth = np.clip(x[0] - x[2], 0.0, None)
    if not warmth.sum() > 0:
        warmth = np.ones_like(warmth)
    rows, cols = np.indices(warmth.shape)
    i = int(np.rint((warmth * rows).sum() / warmth.sum()))
    j = int(np.rint((warmth * cols).sum() / warmth.sum()))
    start = min(max(j - count // 2, 0), x.shape[2] - count)
    return np.array([(i, start + t) for t in range(count)], dtype=np.int64)


def fig4a(inputs: FigureInputs) -> Values:
    """One filter of three 1×1 kernels over an RGB photo: y = w_r·R + w_g·G + w_b·B + b.

    x (3,H,W) in [0,1]; k (3,) the weights r,g,b; b (); y (H,W) from conv1x1;
    shown (P,2) consecutive pixels across the face (``face_pixels``) spelled out; products (P,3) = x[:, i, j]·k;
    y_is_grey () bool: y lies in [0,1], so it can be drawn as a grey image.
    """
    x = load_photo(PHOTO_SIZE, inputs.image).copy()
    k = np.asarray(inputs.rgb_weights, dtype=np.float64)
    b = 0.0
    y = conv1x1(x, k[None], np.array([b]))[0]
    shown = face_pixels(x)
    pixels = x[:, shown[:, 0], shown[:, 1]].T  # P,3
    return {
        "x": x,
        "k": k,
        "b": scalar(b),
        "y": y,
        "shown": shown,
        "products": pixels * k,
        "y_is_grey": np.asarray(bool(y.min() >= 0.0 and y.max() <= 1.0)),
    }


def fig4b(inputs: FigureInputs) -> Values:
    """fig4a as one fully connected unit with three inputs (r,g,b), slid over the pixels.

    fig4a's arrays plus w3 (3,) = k; y_fc (H,W) from ``sliding_dense`` with a 1×1 window
    (a separate computation); max_abs_diff () = max |y_fc − y|; abs_diff (H,W) = |y_fc − y|, the difference
    map drawn (abs_diff_bound: the same rounding bound).
    """
    values = fig4a(inputs)
    w3 = values["k"].copy()
    y_fc = sliding_dense(values["x"], w3[None], np.array([float(values["b"])]), size=(1, 1))[0]
    values.update(w3=w3, y_fc=y_fc, **equality(y_fc, values["y"]))
    values.update(abs_diff=np.abs(y_fc - values["y"]), abs_diff_bound=values["max_abs_diff_bound"])
    return values


def _consecutive_in_row(center: int, count: int, width: int) -> np.ndarray:
    """``count`` consecutive flat indices around ``center``, all in center's image row (``width`` a row)."""
    row_start = center - center % width
    start = min(max(center - count // 2, row_start), row_start + width - count)
    return np.arange(start, start + count, dtype=np.int64)


def fig6a(inputs: FigureInputs) -> Values:
    """The digit reshaped to 784×1×1 and one filter of 784 1×1 kernels: fig1a's neuron again.

    x (28,28); v (784,1,1) = x in row-major order; k (784,) = W[0] of ``fc_layer()``; b () = b[0];
    y () from conv1x1; y_fc () from dense (a separate computation); max_abs_diff ();
    contributions (784,) = k·v; shown (N,) consecutive channels around the largest |contribution|,
    all in one image row; shown_i (N,) the same 1-based, as the article counts inputs (x_1 .. x_784);
    shown_rc (N,2) the pixel (row, col) each shown channel came from, 0-based (``shown_rc_i`` 1-based);
    row_channels_i (W,) the 1-based channels of that image row (its pixels stood up, magnified), row_pixels (W,)
    their pixels, row_kernels (W,) the filter's weights for those channels; y_cell, y_fc_cell, abs_diff_cell (1,1)
    the two results and |y − y_fc| as 1×1 maps (drawn side by side); row_i () that row 1-based and row_cols_i (W,)
    its columns 1-based (c = W·(i − 1) + j on screen).
    """
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    W, bias = fc_layer()
    v = flatten_to_channels(x)
    k, b = W[0].copy(), float(bias[0])
    y = conv1x1(v, k[None], np.array([b]))[0, 0, 0]
    y_fc = dense(x.ravel(), W[:1], bias[:1])[0]
    contributions = k * v[:, 0, 0]
    shown = _consecutive_in_row(int(np.argmax(np.abs(contributions))), N_CHANNELS_SHOWN, x.shape[1])
    shown_rc = np.stack(np.divmod(shown, x.shape[1]), axis=1).astype(np.int64)
    return {
        "x": x,
        "v": v,
        "k": k,
        "b": scalar(b),
        "y": scalar(y),
        "y_fc": scalar(y_fc),
        **equality(y, y_fc),
        "contributions": contributions,
        "shown": shown,
        "shown_i": shown + 1,
        "shown_rc": shown_rc,
        "shown_rc_i": shown_rc + 1,
        "row_channels_i": shown_rc[0, 0] * x.shape[1] + np.arange(x.shape[1], dtype=np.int64) + 1,
        "row_pixels": x[shown_rc[0, 0]].copy(),
        "row_kernels": k[shown_rc[0, 0] * x.shape[1] : (shown_rc[0, 0] + 1) * x.shape[1]].copy(),
        "y_cell": np.array([[y]]),
        "y_fc_cell": np.array([[y_fc]]),
        "abs_diff_cell": np.abs(np.array([[y - y_fc]])),
        "abs_diff_cell_bound": rounding_bound(y, y_fc),
        "row_i": scalar(shown_rc[0, 0] + 1, np.int64),
        "row_cols_i": np.arange(x.shape[1], dtype=np.int64) + 1,
    }


def fig6b(inputs: FigureInputs) -> Values:
    """784 filters of 784 1×1 kernels over the reshaped digit: fig1b's whole layer again.

    x (28,28); v (784,1,1); K (784,784) filters × kernels (= W); b (784,); y (784,) from conv1x1 with
    ``fc_as_1x1_kernels(W)``; y_dense (784,) from dense; max_abs_diff (); y_map (28,28) = y laid out
    as the image; shown (F,) int64 the filters drawn, shown_i (F,) the same 1-based (as fig1b's neurons).

    Filter 1's dot product, spelled out as in fig6a: products (784,) = K[0]·v; channels (N,) consecutive channels
    around the largest |product|, in one image row, channels_i (N,) 1-based; b0 () = b[0].
    The reshape back, magnified: zoom_row () the image row stood up (the first), zoom_channels_i (W,) its output
    channels 1-based. The comparison: y_dense_map (28,28); abs_diff_map (28,28) = |y_map − y_dense_map|;
    conv_madds () the multiply-adds of the 1×1 convolution (outputs × channels per kernel) and dense_madds ()
    those of the dense layer (O·D).
    """
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    W, b = fc_layer()
    v = flatten_to_channels(x)
    y = conv1x1(v, fc_as_1x1_kernels(W), b)[:, 0, 0]
    y_dense = dense(x.ravel(), W, b)
    shown = np.array([f % W.shape[0] for f in SHOWN_FILTERS], dtype=np.int64)
    products = W[0] * v[:, 0, 0]
    channels = _consecutive_in_row(int(np.argmax(np.abs(products))), N_CHANNELS_SHOWN, x.shape[1])
    w = x.shape[1]
    return {
        "x": x,
        "v": v,
        "K": W,
        "b": b,
        "y": y,
        "y_dense": y_dense,
        **equality(y, y_dense),
        "y_map": y.reshape(x.shape),
        "shown": shown,
        "shown_i": shown + 1,
        "products": products,
        "channels": channels,
        "channels_i": channels + 1,
        "b0": scalar(b[0]),
        "zoom_row": scalar(0, np.int64),
        "zoom_channels_i": np.arange(w, dtype=np.int64) + 1,
        "y_dense_map": y_dense.reshape(x.shape),
        "abs_diff_map": np.abs(y - y_dense).reshape(x.shape),
        "abs_diff_map_bound": rounding_bound(y, y_dense),  # only "under it" is drawn (and snapshot)
        "conv_madds": scalar(y.size * v.shape[0], np.int64),
        "dense_madds": scalar(W.shape[0] * W.shape[1], np.int64),
    }
