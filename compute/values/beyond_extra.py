"""What fig7a–fig9's scenes draw beyond ``compute.values.beyond`` (another engineer's module, not edited here):
each function wraps the one there and adds only the numbers the figure needs on screen — which elements
are worked, difference maps for ``EqualityView``, reshaped views, the per-stage counts of a table.

Every added count is computed from the arrays' shapes (``beyond.weight_count``, ``beyond.multiply_adds``);
every added difference map is |A − B| of two separately computed arrays already in the values.
"""

from __future__ import annotations

import numpy as np

from compute.nn.weights import load_trained
from compute.values import FigureInputs, Values, beyond, rounding_bound, scalar
from compute.values.beyond import RESNET_CHANNELS, RESNET_WIDTH, multiply_adds, weight_count

WORKED_POINTS = 3  # fig7a: points whose one channel is written out
SHOWN_POINTS = 24  # fig7a: the points whose columns the maps draw (the rest stand behind "… more points")
WINNERS = 3  # fig7b: channels whose winning point is highlighted
SHOWN_CHANNELS = 24  # fig7b: the channels whose rows the feature maps draw (the rest stand behind "⋮")
WINNERS_APART = 0.3  # fig7b: the winning points at least this far apart in the cloud (x, y in [−1, 1])
GLOBAL_ROW = 16  # fig7b: the 128-channel global feature drawn in rows of 16
RESNET_DEPTH = 50  # fig8: the block counted is ResNet-50's (He et al. 2015, Table 1, conv2_x)


def _distinct(candidates) -> np.ndarray:
    seen: list[int] = []
    for c in candidates:
        if int(c) not in seen:
            seen.append(int(c))
    return np.array(seen, dtype=np.int64)


def _winners(feature: np.ndarray, argmax_point: np.ndarray, points: np.ndarray) -> np.ndarray:
    """fig7b's WINNERS channels, the largest of ``feature`` first: each won by a point WINNERS_APART from the
    points already taken; if that leaves fewer than WINNERS, the largest won by a point not yet taken."""
    order = [int(ch) for ch in np.argsort(-feature, kind="stable")]
    winners: list[int] = []
    for apart in (WINNERS_APART, 0.0):
        for ch in order:
            p = points[int(argmax_point[ch])]
            taken = [points[int(argmax_point[w])] for w in winners]
            if len(winners) < WINNERS and ch not in winners and all(np.linalg.norm(p - q) > apart for q in taken):
                winners.append(ch)
    return np.array(winners, dtype=np.int64)


def fig7a(inputs: FigureInputs) -> Values:
    """``beyond.fig7a`` + shown (3,) int64 the worked points, among the first SHOWN_POINTS (the maps draw those
    columns): the topmost, the lowest, the rightmost of them, then the leftmost if two coincide; channel ()
    int64 the channel of W1 written out (the one whose outputs vary most over the points); h_dense_t (C1,N) =
    h_denseᵀ (channels first, like h_conv); abs_diff (C1,N) = |h_conv − h_denseᵀ|; h_dense_t_shown,
    h_conv_shown, abs_diff_shown (C1,SHOWN_POINTS) the same three over the first SHOWN_POINTS points, the part
    the maps draw; points_not_shown () int64 N − SHOWN_POINTS; at (2,) int64 the element marked in both maps:
    (channel, shown[0]); W1_kernel (C1,2,1,1) W1 as the 1×1 kernels of a convolution."""
    v = dict(beyond.fig7a(inputs))
    p = v["points"][:SHOWN_POINTS]
    order = [np.argmax(p[:, 1]), np.argmin(p[:, 1]), np.argmax(p[:, 0]), np.argmin(p[:, 0]), 0, 1, 2]
    shown = _distinct(order)[:WORKED_POINTS]
    channel = int(np.argmax(np.std(v["h_conv"], axis=1)))
    v["shown"] = shown
    v["channel"] = scalar(channel, np.int64)
    v["h_dense_t"] = np.ascontiguousarray(v["h_dense"].T)
    v["abs_diff"] = np.abs(v["h_conv"] - v["h_dense_t"])
    for key in ("h_dense_t", "h_conv", "abs_diff"):
        v[f"{key}_shown"] = np.ascontiguousarray(v[key][:, :SHOWN_POINTS])
    # rounding noise: the snapshot keeps it at its rounding bound, so it holds on any BLAS (compute.export)
    v["abs_diff_bound"] = v["abs_diff_shown_bound"] = rounding_bound(v["h_conv"], v["h_dense_t"])
    v["points_not_shown"] = scalar(len(v["points"]) - SHOWN_POINTS, np.int64)
    v["at"] = np.array([channel, shown[0]], dtype=np.int64)
    v["W1_kernel"] = v["W1"][:, :, None, None]  # the layer's weights as conv2d kernels (C1, 2, 1, 1): "1×1"
    return v


def fig7b(inputs: FigureInputs) -> Values:
    """``beyond.fig7b`` + features (C,N): the shared MLP's output at every point (``PointNet.point_features``);
    features_permuted (C,N): the same network run on points[perm] (so column n is point perm[n]);
    winners (3,) int64 the channels whose winning point is highlighted (the largest global features among the
    drawn channels whose winning points are WINNERS_APART apart, so their marks on the cloud stay apart; if
    fewer, each won by a different point); features_shown, features_permuted_shown (SHOWN_CHANNELS,N),
    global_feature_shown, global_feature_permuted_shown (SHOWN_CHANNELS,): the first SHOWN_CHANNELS channels,
    the part the figure draws; channels_not_shown () int64 C − SHOWN_CHANNELS;
    global_grid, global_grid_permuted (C/16,16) the two global features in rows of 16; global_abs_diff their
    |Δ|; at (2,) int64 the element of the grid marked in both (winners[0] in rows of 16); classes (10,) int64
    the class of each score."""
    v = dict(beyond.fig7b(inputs))
    net = load_trained("pointnet")
    points, perm = v["points"], v["perm"]
    v["features"] = net.point_features(points.T)
    v["features_permuted"] = net.point_features(points[perm].T)
    v["winners"] = _winners(v["global_feature"][:SHOWN_CHANNELS], v["argmax_point"], points)
    for key in ("features", "features_permuted", "global_feature", "global_feature_permuted"):
        v[f"{key}_shown"] = np.ascontiguousarray(v[key][:SHOWN_CHANNELS])
    v["channels_not_shown"] = scalar(len(v["features"]) - SHOWN_CHANNELS, np.int64)
    v["global_grid"] = v["global_feature"].reshape(-1, GLOBAL_ROW)
    v["global_grid_permuted"] = v["global_feature_permuted"].reshape(-1, GLOBAL_ROW)
    v["global_abs_diff"] = np.abs(v["global_grid"] - v["global_grid_permuted"])
    v["global_abs_diff_bound"] = rounding_bound(v["global_grid"], v["global_grid_permuted"])
    v["at"] = np.array(divmod(int(v["winners"][0]), GLOBAL_ROW), dtype=np.int64)
    v["classes"] = np.arange(len(v["scores"]), dtype=np.int64)
    return v


def _shape4(kernel: np.ndarray) -> tuple[int, int, int, int]:
    """A kernel's shape as (F, C, k, k): a 1×1 kernel (F, C) is (F, C, 1, 1)."""
    s = np.shape(kernel)
    return (s[0], s[1], 1, 1) if len(s) == 2 else tuple(int(n) for n in s)


def fig8(inputs: FigureInputs) -> Values:
    """``beyond.fig8`` + kernel_shapes (4,4) int64: (F, C, k, k) of the kernels the figure convolves, rows
    direct, reduce, mid, expand; stage_weights (4,), stage_macs (4,) int64 each one's weights and
    multiply-adds at the map size (``weight_count``, ``multiply_adds``); the same for ResNet-50's 256-d
    block: resnet_shapes (4,4), resnet_weights (4,) (rows: one 3×3 256→256, 1×1 256→64, 3×3 64→64, 1×1
    64→256); resnet_depth () int64 = 50 (ResNet-50, the network the block is from); k_reduce_4d, k_expand_4d the
    1×1 kernels as (F, C, 1, 1); channel () int64 the feature map drawn in front of each stack (the input's
    brightest)."""
    v = dict(beyond.fig8(inputs))
    kernels = [v["k_direct"], v["k_reduce"], v["k_mid"], v["k_expand"]]
    outputs = [v["y_direct"], v["y_reduce"], v["y_mid"], v["y_bottleneck"]]
    v["kernel_shapes"] = np.array([_shape4(k) for k in kernels], dtype=np.int64)
    v["stage_weights"] = np.array([weight_count(k) for k in kernels], dtype=np.int64)
    v["stage_macs"] = np.array([multiply_adds(k, y) for k, y in zip(kernels, outputs)], dtype=np.int64)
    big, small = RESNET_CHANNELS, RESNET_WIDTH
    resnet = [(big, big, 3, 3), (small, big, 1, 1), (small, small, 3, 3), (big, small, 1, 1)]
    v["resnet_shapes"] = np.array(resnet, dtype=np.int64)
    v["resnet_weights"] = np.array([weight_count(s) for s in resnet], dtype=np.int64)
    v["channel"] = scalar(int(np.argmax(v["x"].sum(axis=(1, 2)))), np.int64)
    v["k_reduce_4d"] = v["k_reduce"][:, :, None, None]  # the 1×1 kernels as (F, C, 1, 1): drawn as "1×1"
    v["k_expand_4d"] = v["k_expand"][:, :, None, None]
    v["resnet_depth"] = scalar(RESNET_DEPTH, np.int64)
    return v


def fig9(inputs: FigureInputs) -> Values:
    """``beyond.fig9`` + filter () int64 the pointwise filter f drawn (the one whose map varies most);
    abs_diff (H',W') = |y[f] − y_full[f]|; y_f, y_full_f (H',W') those two maps; K_f (C,k,k) = K[f];
    at (2,) int64 the element marked in both (the map's largest |y[f]|); worked (3,) int64 the kernel
    element (c, u, w) whose product P[f,c]·D[c,u,w] is written out (the largest |K[f]|); params_depthwise,
    params_pointwise () int64 the weights of D and of P; macs_separable () int64 = macs_depthwise + macs_pointwise."""
    v = dict(beyond.fig9(inputs))
    f = int(np.argmax(v["y"].reshape(len(v["y"]), -1).std(axis=1)))
    v["filter"] = scalar(f, np.int64)
    v["y_f"], v["y_full_f"] = v["y"][f].copy(), v["y_full"][f].copy()
    v["abs_diff"] = np.abs(v["y_f"] - v["y_full_f"])
    v["abs_diff_bound"] = rounding_bound(v["y_f"], v["y_full_f"])  # the snapshot keeps rounding noise at its bound
    v["K_f"] = v["K"][f].copy()
    v["at"] = np.array(np.unravel_index(np.argmax(np.abs(v["y_f"])), v["y_f"].shape), dtype=np.int64)
    v["worked"] = np.array(np.unravel_index(np.argmax(np.abs(v["K_f"])), v["K_f"].shape), dtype=np.int64)
    v["params_depthwise"] = scalar(weight_count(v["D"]), np.int64)
    v["params_pointwise"] = scalar(weight_count(v["P"]), np.int64)
    v["macs_separable"] = scalar(int(v["macs_depthwise"]) + int(v["macs_pointwise"]), np.int64)
    return v


__all__ = ["fig7a", "fig7b", "fig8", "fig9"]
