"""fig7a, fig7b, fig8, fig9 (compute/values/beyond.py): every '=' holds in float64, the published counts
come out of the counting function, and the arrays mean what the docstrings say."""

from __future__ import annotations

import numpy as np
import pytest

from compute.conv import sliding_dense
from compute.data import load_digit, load_photo
from compute.nn.points import digit_points
from compute.nn.weights import load_trained
from compute.values import FigureInputs
from compute.values.beyond import fig7a, fig7b, fig8, fig9, multiply_adds, weight_count

DEFAULT = FigureInputs()
OTHER = FigureInputs(digit=7, index=4)


def _relu(x):
    return np.maximum(x, 0.0)


@pytest.mark.parametrize("inputs", [DEFAULT, OTHER])
def test_fig7a_the_shared_mlp_is_a_1x1_convolution(inputs):
    v = fig7a(inputs)
    net = load_trained("pointnet")
    n = net.config["n_points"]
    assert v["points"].shape == (n, 2) and v["h_dense"].shape == (n, 64) and v["h_conv"].shape == (64, n)
    assert np.array_equal(v["points"], digit_points(load_digit(inputs.digit, inputs.index)).T)
    assert np.array_equal(v["W1"], net.params["mlp1_w"]) and np.array_equal(v["b1"], net.params["mlp1_b"])
    assert np.max(np.abs(v["h_conv"] - v["h_dense"].T)) <= 1e-9
    assert v["max_abs_diff"] == np.max(np.abs(v["h_conv"] - v["h_dense"].T)) < v["max_abs_diff_bound"]
    i = 17  # one point by hand: w·(x, y) + b
    x, y = v["points"][i]
    assert np.allclose(v["h_dense"][i], v["W1"][:, 0] * x + v["W1"][:, 1] * y + v["b1"], rtol=0, atol=1e-12)
    # the model's own first layer (its training forward) agrees after the ReLU
    assert np.allclose(_relu(v["h_conv"]).T, _mlp(net, v["points"], layers=1), rtol=0, atol=1e-12)
    assert int(v["label"]) == inputs.digit


def _mlp(net, points, layers=None):
    """The shared MLP written out point by point, independent of the model's code: (N,2) -> (N,C)."""
    names = net.mlp_layers[:layers]
    out = []
    for p in points:
        a = p
        for name in names:
            a = _relu(net.params[f"{name}_w"] @ a + net.params[f"{name}_b"])
        out.append(a)
    return np.array(out)


@pytest.mark.parametrize("inputs", [DEFAULT, OTHER, FigureInputs(digit=1, index=2)])
def test_fig7b_pointnet_ignores_the_order_of_the_points(inputs):
    v = fig7b(inputs)
    net = load_trained("pointnet")
    n = len(v["points"])
    assert np.array_equal(np.sort(v["perm"]), np.arange(n)) and not np.array_equal(v["perm"], np.arange(n))
    assert v["global_feature"].shape == v["global_feature_permuted"].shape == (128,)
    assert v["scores"].shape == v["scores_permuted"].shape == (10,)
    assert float(v["feature_diff"]) <= 1e-12 and float(v["scores_diff"]) <= 1e-12
    assert np.max(np.abs(v["global_feature"] - v["global_feature_permuted"])) <= 1e-12
    assert np.max(np.abs(v["scores"] - v["scores_permuted"])) <= 1e-12
    # recomputed point by point: the max over points of the shared MLP, and where it is reached
    per_point = _mlp(net, v["points"])  # N,128
    assert np.allclose(v["global_feature"], per_point.max(axis=0), rtol=0, atol=1e-9)
    assert v["argmax_point"].shape == (128,)
    assert np.allclose(per_point[v["argmax_point"], np.arange(128)], v["global_feature"], rtol=0, atol=1e-9)
    hidden = _relu(net.params["fc1_w"] @ v["global_feature"] + net.params["fc1_b"])
    assert np.allclose(v["scores"], net.params["fc2_w"] @ hidden + net.params["fc2_b"], rtol=0, atol=1e-9)
    assert int(v["predicted"]) == int(np.argmax(v["scores"]))
    assert int(v["label"]) == inputs.digit
    assert int(v["predicted"]) == int(v["label"])  # these three digits are classified correctly


def test_fig8_bottleneck_on_real_features_and_the_published_counts():
    v = fig8(DEFAULT)
    assert np.array_equal(v["x"], load_trained("nin").features(load_digit()))
    assert v["x"].shape == (64, 14, 14)
    shapes = {"k_reduce": (16, 64), "k_mid": (16, 16, 3, 3), "k_expand": (64, 16), "k_direct": (64, 64, 3, 3)}
    for key, shape in shapes.items():
        assert v[key].shape == shape, key
    rng = np.random.default_rng(int(v["seed"]))  # the stated seed draws them, in order
    assert np.array_equal(v["k_reduce"], rng.normal(0, np.sqrt(2 / 64), (16, 64)))
    assert v["y_reduce"].shape == v["y_mid"].shape == (16, 14, 14)
    assert v["y_bottleneck"].shape == v["y_direct"].shape == (64, 14, 14)
    assert float(v["max_abs_diff"]) <= 1e-9 and np.max(np.abs(v["y_reduce"] - v["y_reduce_fc"])) <= 1e-9
    # separate paths: the 3×3 convolutions as a sliding fully connected unit, the 1×1s as einsum
    y_direct = sliding_dense(v["x"], v["k_direct"].reshape(64, -1), size=(3, 3), padding=1)
    assert np.max(np.abs(y_direct - v["y_direct"])) <= 1e-9
    y_mid = _relu(sliding_dense(v["y_reduce"], v["k_mid"].reshape(16, -1), size=(3, 3), padding=1))
    assert np.max(np.abs(y_mid - v["y_mid"])) <= 1e-9
    assert np.max(np.abs(np.einsum("fc,chw->fhw", v["k_expand"], y_mid) - v["y_bottleneck"])) <= 1e-9
    # counts
    c, r = 64, 16
    assert int(v["params_direct"]) == c * c * 9 == 36_864
    assert int(v["params_bottleneck"]) == c * r + r * r * 9 + r * c == 4_352
    assert int(v["macs_direct"]) == 36_864 * 196 and int(v["macs_bottleneck"]) == 4_352 * 196
    assert int(v["params_resnet_block"]) == 69_632 and int(v["params_resnet_direct"]) == 589_824
    assert float(v["resnet_ratio"]) == 69_632 / 589_824
    assert float(v["params_ratio"]) == 4_352 / 36_864 and float(v["macs_ratio"]) == float(v["params_ratio"])
    assert weight_count((64, 256, 1, 1), (64, 64, 3, 3), (256, 64, 1, 1)) == 256 * 64 + 64 * 64 * 9 + 64 * 256
    assert multiply_adds(np.zeros((4, 3, 3, 3)), np.zeros((4, 5, 6))) == 108 * 30


def test_fig9_depthwise_separable_is_depthwise_then_pointwise():
    v = fig9(DEFAULT)
    c, f, k = 3, 8, 3
    assert np.array_equal(v["x"], load_photo(12))
    assert v["D"].shape == (c, k, k) and v["P"].shape == (f, c) and v["K"].shape == (f, c, k, k)
    assert v["y_depthwise"].shape == (c, 10, 10) and v["y"].shape == v["y_full"].shape == (f, 10, 10)
    assert float(v["max_abs_diff"]) <= 1e-9 and np.max(np.abs(v["y"] - v["y_full"])) <= 1e-9
    assert np.array_equal(v["K"][5, 2], v["P"][5, 2] * v["D"][2])
    # depthwise: channel c of the output reads channel c of the input only, by its own kernel
    i, j = 4, 6
    for ch in range(c):
        window = v["x"][ch, i : i + k, j : j + k]
        assert np.isclose(v["y_depthwise"][ch, i, j], np.sum(window * v["D"][ch]), rtol=0, atol=1e-12)
    # pointwise: a weighted sum over channels at each pixel
    assert np.allclose(v["y"][:, i, j], v["P"] @ v["y_depthwise"][:, i, j], rtol=0, atol=1e-12)
    assert int(v["params_separable"]) == c * 9 + f * c == 51 and int(v["params_full"]) == f * c * 9 == 216
    assert abs(float(v["cost_ratio"]) - (1 / f + 1 / 9)) <= 1e-12
    assert float(v["cost_ratio_diff"]) <= 1e-12
    assert int(v["macs_depthwise"]) + int(v["macs_pointwise"]) == (c * 9 + f * c) * 100
    assert int(v["macs_full"]) == f * c * 9 * 100


@pytest.mark.parametrize("function", [fig7a, fig7b, fig8, fig9])
def test_values_are_arrays_and_pure(function):
    a, b = function(DEFAULT), function(DEFAULT)
    assert a.keys() == b.keys()
    for key in a:
        assert isinstance(a[key], np.ndarray), key
        assert np.array_equal(a[key], b[key]), key
        if a[key].dtype.kind == "f":
            assert np.all(np.isfinite(a[key])), key
