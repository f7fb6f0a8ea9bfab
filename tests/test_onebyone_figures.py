"""fig4a, fig4b, fig6a, fig6b: the article's identities on the computed values, in float64."""

from __future__ import annotations

import numpy as np
import pytest

from compute.conv import dense
from compute.data import load_digit, load_photo
from compute.init import fc_layer
from compute.settings import LUMA_BT601
from compute.values import FigureInputs, fc, onebyone

EXACT = {"rtol": 0, "atol": 1e-9}
CUSTOM = FigureInputs(rgb_weights=(-0.5, 1.25, 0.75))


def close(a, b):
    np.testing.assert_allclose(np.asarray(a, np.float64), np.asarray(b, np.float64), **EXACT)


@pytest.fixture(scope="module")
def layer():
    return fc_layer()


@pytest.mark.parametrize("inputs", [FigureInputs(), CUSTOM])
def test_fig4a_is_a_weighted_sum_of_the_three_planes(inputs):
    v = onebyone.fig4a(inputs.validate())
    r, g, b = v["x"]
    wr, wg, wb = inputs.rgb_weights
    close(v["y"], wr * r + wg * g + wb * b + float(v["b"]))
    close(v["y"], np.tensordot(np.asarray(inputs.rgb_weights), load_photo(12), axes=1))
    close(v["k"], inputs.rgb_weights)
    for p, (i, j) in enumerate(v["shown"]):
        close(v["products"][p], v["x"][:, i, j] * v["k"])
        close(v["products"][p].sum() + v["b"], v["y"][i, j])


def test_fig4a_default_weights_are_the_bt601_grey_photo():
    v = onebyone.fig4a(FigureInputs())
    r, g, b = load_photo(12)
    close(v["y"], 0.299 * r + 0.587 * g + 0.114 * b)
    assert tuple(v["k"]) == LUMA_BT601 and float(v["b"]) == 0.0
    assert bool(v["y_is_grey"]) and 0.0 <= v["y"].min() and v["y"].max() <= 1.0


def test_fig4a_flags_an_output_outside_unit_range():
    v = onebyone.fig4a(FigureInputs(rgb_weights=(1.0, -1.0, 0.0)))
    assert not bool(v["y_is_grey"]) and v["y"].min() < 0


def test_fig4a_shapes_and_shown_pixels_lie_on_the_face():
    v = onebyone.fig4a(FigureInputs())
    assert v["x"].shape == (3, 12, 12) and v["x"].dtype == np.float64
    assert 0.0 <= v["x"].min() and v["x"].max() <= 1.0
    assert v["k"].shape == (3,) and v["b"].shape == () and v["y"].shape == (12, 12)
    assert v["shown"].dtype == np.int64 and v["products"].shape == (len(v["shown"]), 3)
    rows, cols = v["shown"].T
    assert len(set(rows)) == 1 and np.all(np.diff(cols) == 1)  # consecutive pixels on one row
    r, g, b = v["x"][:, rows, cols]
    assert np.all(r > g) and np.all(g > b) and np.all(r > 0.6)  # skin: bright and warm, not background


def test_fig4b_spells_out_the_same_pixels_as_fig4a():
    a, v = onebyone.fig4a(CUSTOM), onebyone.fig4b(CUSTOM)
    np.testing.assert_array_equal(v["shown"], a["shown"])
    np.testing.assert_array_equal(v["shown"], onebyone.fig4a(FigureInputs())["shown"])  # the photo's, not the weights'


@pytest.mark.parametrize("inputs", [FigureInputs(), CUSTOM])
def test_fig4b_sliding_fc_equals_fig4a(inputs):
    a, v = onebyone.fig4a(inputs), onebyone.fig4b(inputs)
    close(v["y_fc"], a["y"])
    close(v["y"], a["y"])
    close(v["w3"], a["k"])
    pixels = v["x"].reshape(3, -1).T  # (H·W,3): one FC input vector per pixel
    close(dense(pixels, v["w3"][None], np.atleast_1d(v["b"]))[:, 0].reshape(v["y"].shape), v["y_fc"])
    assert v["max_abs_diff"].shape == () and float(v["max_abs_diff"]) <= 1e-12
    assert float(v["max_abs_diff"]) == float(np.max(np.abs(v["y_fc"] - v["y"])))


def test_fig6a_is_neuron_0_of_the_fc_layer(layer):
    W, b = layer
    v = onebyone.fig6a(FigureInputs())
    x = load_digit()
    expected = dense(x.ravel(), W, b)[0]
    close(v["y"], expected)
    close(v["y_fc"], expected)
    close(v["y"], fc.fig1a(FigureInputs())["y"])
    close(v["k"], W[0])
    close(v["b"], b[0])
    close(v["y"], np.sum(v["contributions"]) + v["b"])
    close(v["contributions"], W[0] * x.ravel())
    assert float(v["max_abs_diff"]) <= 1e-12


def test_fig6a_reshape_is_row_major_and_shapes():
    v = onebyone.fig6a(FigureInputs(digit=7, index=4))
    x = load_digit(7, 4)
    assert v["v"].shape == (784, 1, 1) and v["k"].shape == (784,)
    for key in ("b", "y", "y_fc", "max_abs_diff"):
        assert v[key].shape == () and v[key].dtype == np.float64
    for i in (0, 5, 27):
        for j in (0, 13, 27):
            assert v["v"][28 * i + j, 0, 0] == x[i, j]
    np.testing.assert_array_equal(v["v"][:, 0, 0], x.ravel())
    shown = v["shown"]
    assert shown.dtype == np.int64 and np.all(np.diff(shown) == 1)
    assert np.argmax(np.abs(v["contributions"])) in shown
    np.testing.assert_array_equal(v["shown_i"], shown + 1)
    rows, cols = v["shown_rc"].T
    assert np.all(rows == rows[0]), "the shown channels come from one image row"
    np.testing.assert_array_equal(28 * rows + cols, shown)
    for c, (i, j) in zip(v["shown_i"], v["shown_rc_i"]):
        assert c == 28 * (i - 1) + j  # the article's 1-based order c = 28(i − 1) + j
        assert v["v"][c - 1, 0, 0] == x[i - 1, j - 1]


def test_fig6b_is_the_whole_fc_layer(layer):
    W, b = layer
    v = onebyone.fig6b(FigureInputs())
    expected = dense(load_digit().ravel(), W, b)
    close(v["y"], expected)
    close(v["y_dense"], expected)
    close(v["y"], fc.fig1b(FigureInputs())["y"])
    close(v["y"][0], onebyone.fig6a(FigureInputs())["y"])
    close(v["K"], W)
    close(v["b"], b)
    np.testing.assert_array_equal(v["y_map"].ravel(), v["y"])
    assert float(v["max_abs_diff"]) <= 1e-12


def test_fig6b_shapes_and_shown_filters():
    v = onebyone.fig6b(FigureInputs(digit=0, index=2))
    assert v["x"].shape == (28, 28) and v["v"].shape == (784, 1, 1) and v["K"].shape == (784, 784)
    assert v["b"].shape == v["y"].shape == v["y_dense"].shape == (784,)
    assert v["y_map"].shape == (28, 28) and v["max_abs_diff"].shape == ()
    np.testing.assert_array_equal(v["shown"], [0, 1, 783])
    assert v["shown"].dtype == np.int64
    np.testing.assert_array_equal(v["shown_i"], [1, 2, 784])
    close(v["y"], dense(load_digit(0, 2).ravel(), *fc_layer()))
