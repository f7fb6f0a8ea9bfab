"""fig1a, fig1b, fig2b, fig3: the values contracts, each figure's identities and the cross-figure equalities."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pytest

from compute.conv import conv2d
from compute.init import FC_BIAS_LIMIT, FC_SEED, fc_layer
from compute.values import FigureInputs
from compute.values.fc import fig1a, fig1b, fig3, stroke_inputs
from compute.values.sliding import fig2a, fig2b

EXACT = dict(rtol=0, atol=1e-9)


@lru_cache(maxsize=None)
def values(name: str, **fields):
    return {"fig1a": fig1a, "fig1b": fig1b, "fig3": fig3}[name](FigureInputs(**fields))


def test_fig1a_contract_and_sum():
    v = values("fig1a")
    assert v["x"].shape == (28, 28) and v["w"].shape == (784,)
    assert v["b"].shape == () and v["y"].shape == () and v["shown"].shape == (2,)
    assert v["shown"].dtype == np.int64 and v["x"].dtype == v["w"].dtype == np.float64
    x = v["x"].ravel()
    want = math.fsum(float(w) * float(a) for w, a in zip(v["w"], x)) + float(v["b"])  # all 784 terms
    assert abs(float(v["y"]) - want) <= 1e-12
    np.testing.assert_allclose(v["y"], np.dot(v["w"], x) + v["b"], **EXACT)
    np.testing.assert_allclose(v["products"], v["w"][v["shown"]] * x[v["shown"]], **EXACT)


def test_fig1a_draws_two_stroke_pixels_with_consistent_indices():
    v = values("fig1a")
    x = v["x"]
    assert (x.ravel()[v["shown"]] >= 0.5 * x.max()).all()  # on the stroke: x_i clearly non-zero
    assert len(set(v["shown"].tolist())) == 2
    np.testing.assert_array_equal(v["shown_i"], v["shown"] + 1)
    for flat, (r, c) in zip(v["shown"], v["shown_rc"]):
        assert x[r, c] == x.ravel()[flat]


def test_drawn_input_column_is_first_shown_last_without_repeats():
    for name in ("fig1a", "fig1b"):
        v = values(name)
        shown = v["shown"] if name == "fig1a" else v["shown_inputs"]
        np.testing.assert_array_equal(v["column"], [0, *shown, v["x"].size - 1])
        np.testing.assert_array_equal(v["column_i"], v["column"] + 1)
    corners = np.zeros((28, 28))
    corners[0, 0] = corners[-1, -1] = corners[5, 5] = corners[9, 9] = 1.0  # ink in both corners
    picked = stroke_inputs(corners)
    assert set(picked.tolist()) == {5 * 28 + 5, 9 * 28 + 9}  # never the first or last pixel


def test_fig1a_is_neuron_0_of_the_seeded_layer():
    v = values("fig1a")
    W, b = fc_layer()
    np.testing.assert_array_equal(v["w"], W[0])
    assert float(v["b"]) == b[0]
    assert int(v["seed"]) == FC_SEED
    np.testing.assert_array_equal(v["bias_range"], [-FC_BIAS_LIMIT, FC_BIAS_LIMIT])


def test_fig1b_contract_and_dense():
    v = values("fig1b")
    assert v["W"].shape == (784, 784) and v["b"].shape == (784,) and v["y"].shape == (784,)
    assert v["shown_neurons"].shape == (4,) and v["shown_inputs"].shape == (2,)
    x = v["x"].ravel()
    by_rows = np.array([math.fsum(v["W"][o] * x) for o in range(784)]) + v["b"]  # one neuron at a time
    np.testing.assert_allclose(v["y"], by_rows, **EXACT)
    np.testing.assert_array_equal(v["y_map"], v["y"].reshape(28, 28))
    for n, (r, c) in zip(v["shown_neurons"], v["shown_neurons_rc"]):
        assert v["y_map"][r, c] == v["y"][n]
    np.testing.assert_array_equal(v["shown_inputs"], values("fig1a")["shown"])


def test_fig1b_init_is_glorot_uniform_and_bias_in_range():
    v = values("fig1b")
    a = float(v["glorot_limit"])
    assert a == pytest.approx(math.sqrt(6 / (784 + 784)), abs=1e-15)
    assert np.abs(v["W"]).max() <= a and np.abs(v["W"]).max() > 0.99 * a
    assert np.abs(v["b"]).max() <= FC_BIAS_LIMIT
    assert abs(v["W"].mean()) < 1e-3  # centred, as U(−a, a) is


def test_fig1a_is_fig1b_neuron_0():
    np.testing.assert_allclose(values("fig1a")["y"], values("fig1b")["y"][0], **EXACT)


def test_fig3_contract_and_conv_equals_dense():
    v = values("fig3")
    assert v["K"].shape == (784, 28, 28) and v["b"].shape == (784,)
    assert v["y"].shape == v["y_dense"].shape == (784,) and v["shown_filters"].shape == (2,)
    np.testing.assert_allclose(v["y"], v["y_dense"], **EXACT)
    assert float(v["max_abs_diff"]) == np.max(np.abs(v["y"] - v["y_dense"]))
    n = 5  # one filter by its definition: the kernel covers the whole image, one output
    assert abs(v["y"][n] - (math.fsum((v["K"][n] * v["x"]).ravel()) + v["b"][n])) <= 1e-9


def test_fig3_is_fig1b_and_its_filters_are_weight_rows():
    v3, v1 = values("fig3"), values("fig1b")
    np.testing.assert_array_equal(v3["K"].reshape(784, 784), v1["W"])
    np.testing.assert_allclose(v3["y"], v1["y"], **EXACT)
    np.testing.assert_allclose(v3["y_dense"], v1["y"], **EXACT)
    np.testing.assert_array_equal(v3["y_map"], v3["y"].reshape(28, 28))


def test_fig3_other_digit_still_equal():
    v3, v1 = values("fig3", digit=7, index=2), values("fig1b", digit=7, index=2)
    np.testing.assert_allclose(v3["y"], v1["y"], **EXACT)
    assert float(v3["max_abs_diff"]) <= 1e-9


@pytest.mark.parametrize("kernel, padding, stride", [("sobel-x", 0, 1), ("sobel-y", 1, 1), ("laplace", 2, 2)])
def test_fig2b_sliding_unit_equals_conv_and_fig2a(kernel, padding, stride):
    inputs = FigureInputs(kernel=kernel, padding=padding, stride=stride)
    v, a = fig2b(inputs), fig2a(inputs)
    np.testing.assert_allclose(v["y_fc"], v["y"], **EXACT)
    np.testing.assert_allclose(v["y_fc"], a["y"], **EXACT)
    assert float(v["max_abs_diff"]) <= 1e-9
    np.testing.assert_array_equal(v["w9"], v["k"].ravel())
    size = (28 + 2 * padding - 3) // stride + 1
    assert v["y_fc"].shape == (size, size)
    conv = conv2d(v["x"][None], v["k"][None, None], padding=padding, stride=stride)[0]  # recomputed, no bias
    np.testing.assert_allclose(v["y_fc"], conv + float(v["b"]), **EXACT)
    for p, (i, j) in enumerate(v["shown"]):  # each drawn position: 9 inputs times 9 weights, plus b
        want = math.fsum(v["patch"][p].ravel() * v["w9"]) + float(v["b"])
        assert abs(v["y_fc"][i, j] - want) <= 1e-9
