"""fig7a, fig7b, fig8, fig9: 1×1 convolutions beyond the article — PointNet, bottlenecks, depthwise separable.

fig7a/fig7b use the trained PointNet (``compute.nn.weights.load_trained("pointnet")``) on the digit as
a cloud of P = 128 points (``PointNet.inputs``, i.e. ``compute.nn.points.digit_points``: the same
fixed sample its held-out accuracy is measured on); fig8 the trained NiN network's real feature
maps of the digit; fig9 the RGB photo of fig4a. Arrays are channels first; every '=' is two separate
computations (``equality``).
"""

from __future__ import annotations

import numpy as np

from compute.conv import conv1x1, conv2d, dense
from compute.data import load_digit, load_photo
from compute.nn.weights import load_trained
from compute.values import FigureInputs, Values, equality, scalar

PERMUTATION_SEED = 1  # fig7b's shuffle of the points
BOTTLENECK_SEED = 2015  # fig8's untrained kernels (ResNet's year)
BOTTLENECK_WIDTH = 16  # fig8: 64 → 16 → 16 → 64
SEPARABLE_SEED = 2017  # fig9's depthwise and pointwise kernels (MobileNet's year)
SEPARABLE_FILTERS = 8  # fig9: F pointwise filters
SEPARABLE_SIZE = 3  # fig9: the depthwise kernels are k×k
PHOTO_SIZE = 12  # fig9's photo, as fig4a's
RESNET_CHANNELS, RESNET_WIDTH = 256, 64  # ResNet-50's first bottleneck: 256 → 64 → 64 → 256


def _label(inputs: FigureInputs) -> int:
    """The true class, or −1 for the user's own image (its class is unknown)."""
    return -1 if inputs.image is not None else inputs.digit


def weight_count(*kernels) -> int:
    """How many weights kernels of these shapes hold (arrays or shape tuples): Σ Π shape."""
    return int(sum(np.prod(k if isinstance(k, tuple) else np.shape(k), dtype=np.int64) for k in kernels))


def multiply_adds(kernel, output) -> int:
    """Multiply-adds of a stride-1 convolution: every weight (F,C,kh,kw) or (F,C) meets every output
    position (F,H',W') once: kernel size × H'·W'."""
    return weight_count(kernel) * int(np.shape(output)[-2] * np.shape(output)[-1])


def _cloud(inputs: FigureInputs) -> tuple[np.ndarray, np.ndarray]:
    """(x (28,28) the digit, points (N,2) its fixed cloud, one (x, y) row per point)."""
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    return x, load_trained("pointnet").inputs(x[None])[0].T.copy()  # the sample its accuracy is measured on


def fig7a(inputs: FigureInputs) -> Values:
    """PointNet's shared MLP is a 1×1 convolution: its first layer applied to every point.

    x (28,28) the digit; points (N,2) its cloud (x, y in [−1, 1], y up), N = 128; W1 (C1,2), b1 (C1,)
    the trained PointNet's first layer (C1 = 64); h_dense (N,C1): a dense layer applied to each point
    in turn (a loop over points); h_conv (C1,N): ``conv1x1`` over the points as a (2,N,1) image,
    as PointNet's code runs conv2d with [1,1] kernels; max_abs_diff () = max |h_conv − h_denseᵀ|;
    label () int64 (−1 for the user's image).
    """
    net = load_trained("pointnet")
    x, points = _cloud(inputs)
    W1 = np.array(net.params["mlp1_w"])
    b1 = np.array(net.params["mlp1_b"])
    h_dense = np.stack([dense(point, W1, b1) for point in points])  # one point at a time
    h_conv = conv1x1(points.T[:, :, None], W1, b1)[:, :, 0]  # (2,N,1) -> (C1,N,1)
    return {
        "x": x,
        "points": points,
        "W1": W1,
        "b1": b1,
        "h_dense": h_dense,
        "h_conv": h_conv,
        **equality(h_conv, h_dense.T),
        "label": scalar(_label(inputs), np.int64),
    }


def fig7b(inputs: FigureInputs) -> Values:
    """The whole PointNet, and why the order of the points does not matter.

    x (28,28); points (N,2); perm (N,) int64 a seeded shuffle (PERMUTATION_SEED); global_feature (C,)
    the max over points of the shared MLP's output (C = 128); argmax_point (C,) int64 the point each
    channel's max came from (the first on ties: a channel that is 0 at every point after the ReLU says 0);
    scores (10,) the logits; the same for points[perm]: global_feature_permuted,
    scores_permuted; feature_diff (), scores_diff () their max |Δ| (+ _bound); predicted () int64 =
    argmax scores; label () int64 (−1 for the user's image); seed () int64 = PERMUTATION_SEED.
    """
    net = load_trained("pointnet")
    x, points = _cloud(inputs)
    perm = np.random.default_rng(PERMUTATION_SEED).permutation(len(points)).astype(np.int64)
    feature, argmax_point = net.global_feature(points.T)
    feature_permuted, _ = net.global_feature(points[perm].T)
    scores = net.logits(points.T)
    scores_permuted = net.logits(points[perm].T)
    return {
        "x": x,
        "points": points,
        "perm": perm,
        "global_feature": feature,
        "global_feature_permuted": feature_permuted,
        **equality(feature, feature_permuted, "feature_diff"),
        "argmax_point": argmax_point.astype(np.int64),
        "scores": scores,
        "scores_permuted": scores_permuted,
        **equality(scores, scores_permuted, "scores_diff"),
        "predicted": scalar(np.argmax(scores), np.int64),
        "label": scalar(_label(inputs), np.int64),
        "seed": scalar(PERMUTATION_SEED, np.int64),
    }


def _he(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """He normal, std sqrt(2 / fan_in), fan_in = Π shape[1:]."""
    return rng.normal(0.0, np.sqrt(2.0 / np.prod(shape[1:])), size=shape)


def fig8(inputs: FigureInputs) -> Values:
    """The bottleneck: 1×1 reduce, 3×3, 1×1 expand, on the trained NiN network's real features.

    x (C,14,14) the digit's features (C = 64); seeded He-normal kernels (seed () int64 = BOTTLENECK_SEED,
    drawn in this order): k_reduce (r,C), k_mid (r,r,3,3), k_expand (C,r), k_direct (C,C,3,3), r = 16;
    no biases. y_reduce (r,14,14) = relu(conv1x1(x, k_reduce)); y_reduce_fc the same by ``dense`` over
    the (196,C) pixels, max_abs_diff () between them; y_mid (r,14,14) = relu(conv2d(y_reduce, k_mid,
    padding 1)); y_bottleneck (C,14,14) = conv1x1(y_mid, k_expand); y_direct (C,14,14) =
    conv2d(x, k_direct, padding 1). Counted from the arrays' shapes by ``weight_count`` and
    ``multiply_adds``: params_direct, params_bottleneck, macs_direct, macs_bottleneck (at 14×14) and
    their ratios params_ratio, macs_ratio (bottleneck / direct); ResNet-50's 256-d block by the same
    function: params_resnet_block (1×1 256→64, 3×3 64→64, 1×1 64→256 = 69,632), params_resnet_direct
    (one 3×3 256→256 = 589,824), resnet_ratio.
    """
    x = load_trained("nin").features(load_digit(inputs.digit, inputs.index, inputs.image))
    c, r = x.shape[0], BOTTLENECK_WIDTH
    rng = np.random.default_rng(BOTTLENECK_SEED)
    k_reduce = _he(rng, (r, c))
    k_mid = _he(rng, (r, r, 3, 3))
    k_expand = _he(rng, (c, r))
    k_direct = _he(rng, (c, c, 3, 3))
    y_reduce = np.maximum(conv1x1(x, k_reduce), 0.0)
    pixels = x.reshape(c, -1).T  # (H·W, C): one row per pixel
    y_reduce_fc = np.maximum(dense(pixels, k_reduce), 0.0).T.reshape(r, *x.shape[1:])
    y_mid = np.maximum(conv2d(y_reduce, k_mid, padding=1), 0.0)
    y_bottleneck = conv1x1(y_mid, k_expand)
    y_direct = conv2d(x, k_direct, padding=1)
    params_direct = weight_count(k_direct)
    params_bottleneck = weight_count(k_reduce, k_mid, k_expand)
    macs_direct = multiply_adds(k_direct, y_direct)
    macs_bottleneck = (
        multiply_adds(k_reduce, y_reduce) + multiply_adds(k_mid, y_mid) + multiply_adds(k_expand, y_bottleneck)
    )
    big, small = RESNET_CHANNELS, RESNET_WIDTH
    params_resnet_block = weight_count((small, big, 1, 1), (small, small, 3, 3), (big, small, 1, 1))
    params_resnet_direct = weight_count((big, big, 3, 3))
    return {
        "x": x,
        "seed": scalar(BOTTLENECK_SEED, np.int64),
        "k_reduce": k_reduce,
        "k_mid": k_mid,
        "k_expand": k_expand,
        "k_direct": k_direct,
        "y_reduce": y_reduce,
        "y_reduce_fc": y_reduce_fc,
        **equality(y_reduce, y_reduce_fc),
        "y_mid": y_mid,
        "y_bottleneck": y_bottleneck,
        "y_direct": y_direct,
        "params_direct": scalar(params_direct, np.int64),
        "params_bottleneck": scalar(params_bottleneck, np.int64),
        "params_ratio": scalar(params_bottleneck / params_direct),
        "macs_direct": scalar(macs_direct, np.int64),
        "macs_bottleneck": scalar(macs_bottleneck, np.int64),
        "macs_ratio": scalar(macs_bottleneck / macs_direct),
        "params_resnet_block": scalar(params_resnet_block, np.int64),
        "params_resnet_direct": scalar(params_resnet_direct, np.int64),
        "resnet_ratio": scalar(params_resnet_block / params_resnet_direct),
    }


def fig9(inputs: FigureInputs) -> Values:
    """Depthwise-separable convolution = a depthwise k×k convolution, then a pointwise 1×1 one.

    x (C,H,W) fig4a's photo (C = 3, H = W = 12); seeded (seed () int64 = SEPARABLE_SEED) D (C,k,k)
    one kernel per channel and P (F,C) the pointwise filters (F = 8, k = 3), He normal; no padding.
    y_depthwise (C,H',W'): ``conv2d`` on each channel alone with its own kernel (no sum over channels);
    y (F,H',W') = conv1x1(y_depthwise, P); K (F,C,k,k) = P[f,c]·D[c], the equivalent full kernels;
    y_full (F,H',W') = conv2d(x, K), one ordinary convolution; max_abs_diff () = max |y − y_full|.
    params_separable = C·k² + F·C and params_full = F·C·k², counted from D, P and K; macs_depthwise,
    macs_pointwise, macs_full the multiply-adds from the arrays; cost_ratio () = (depthwise + pointwise)
    / full; cost_ratio_formula () = 1/F + 1/k², MobileNet's; cost_ratio_diff () their max |Δ|.
    """
    x = np.array(load_photo(PHOTO_SIZE, inputs.image))
    c, k, f = x.shape[0], SEPARABLE_SIZE, SEPARABLE_FILTERS
    rng = np.random.default_rng(SEPARABLE_SEED)
    D = _he(rng, (c, k, k))
    P = _he(rng, (f, c))
    y_depthwise = np.stack([conv2d(x[ch : ch + 1], D[ch][None, None])[0] for ch in range(c)])
    y = conv1x1(y_depthwise, P)
    K = P[:, :, None, None] * D[None]
    y_full = conv2d(x, K)
    macs_depthwise = multiply_adds(D, y_depthwise)
    macs_pointwise = multiply_adds(P, y)
    macs_full = multiply_adds(K, y_full)
    cost_ratio = (macs_depthwise + macs_pointwise) / macs_full
    cost_ratio_formula = 1.0 / f + 1.0 / k**2
    return {
        "x": x,
        "seed": scalar(SEPARABLE_SEED, np.int64),
        "D": D,
        "P": P,
        "y_depthwise": y_depthwise,
        "y": y,
        "K": K,
        "y_full": y_full,
        **equality(y, y_full),
        "params_separable": scalar(weight_count(D, P), np.int64),
        "params_full": scalar(weight_count(K), np.int64),
        "macs_depthwise": scalar(macs_depthwise, np.int64),
        "macs_pointwise": scalar(macs_pointwise, np.int64),
        "macs_full": scalar(macs_full, np.int64),
        "cost_ratio": scalar(cost_ratio),
        "cost_ratio_formula": scalar(cost_ratio_formula),
        **equality(cost_ratio, cost_ratio_formula, "cost_ratio_diff"),
    }
