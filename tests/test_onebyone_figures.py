"""fig4a, fig4b, fig6a, fig6b: the article's identities on the computed values, in float64."""

from __future__ import annotations

import numpy as np
import pytest

from compute.conv import dense
from compute.data import load_digit, load_photo
from compute.init import fc_layer
from compute.settings import LUMA_BT601
from compute.values import FigureInputs, fc, onebyone
from helpers import problems_with

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


@pytest.mark.parametrize(
    "module, old, new, figure_id, says",
    [
        pytest.param(
            "scenes.parts.rgb",
            "ManimColor.from_rgb((float(np.clip(a, 0.0, 1.0)),) * 3)",
            "ManimColor.from_rgb((float(np.clip(a, 0.0, 1.0)),) * 4)",
            "fig4a",
            "is not drawn the photo in opaque grey",
            id="fig4a's grey photo with the grey as its opacity",
        ),
        pytest.param(
            "scenes.parts.rgb",
            'if bool(values["y_is_grey"]):',
            'if values["b"]:',
            "fig4b",
            "is not drawn the photo in opaque grey",
            id="fig4b's output in sign colours when it is the grey photo",
        ),
        pytest.param(
            "scenes.parts.rgb",
            "below.next_to(above, direction=np.array([0.0, -1.0, 0.0]), buff=0)",
            "below.next_to(above, direction=np.array([0.0, 1.0, 0.0]), buff=0)",
            "fig4a",
            "is not right on top of",
            id="fig4a's columns stacked B, G, R from the top",
        ),
        pytest.param(
            "scenes.figures.fig4a",
            '("product", p, c),\n                    None,\n                    1.12,\n                    0.56,',
            '("product", p, c),\n                    None,\n                    1.12,\n                    0.84,',
            "fig4a",
            "is not level with pixel",
            id="fig4a's products taller than their pixels' rows",
        ),
    ],
)
def test_a_planted_bug_in_fig4a_or_fig4b_is_caught(module, old, new, figure_id, says):
    """Bugs a mutation run found uncaught, planted one at a time: the figure's own checks must report each."""
    problems = problems_with(figure_id, module, old, new)
    assert any(says in p for p in problems), problems


@pytest.mark.parametrize("figure_id", ["fig4a", "fig4b"])
def test_fig4_shows_the_photo_and_its_planes_big_in_the_middle_first(figure_id):
    """The poster (issue #17 item 7): at the end of the first step the photo and its R, G, B planes sit in the
    stage's middle, larger than where the figure later works on them."""
    from scenes.mobjects.components import stage_area
    from tests.helpers import built_scene

    scene = built_scene(figure_id, probe=False)
    first, later = (scene.frames[name] for name in list(scene.frames)[:2])
    planes = lambda items: [i for i in items if i.kind == "grid" and i.role and i.role[0].startswith("plane-")]  # noqa: E731
    left, bottom, right, top = stage_area()
    boxes = np.array([i.bbox for i in planes(first)])
    assert len(boxes) == 3
    x0, y0, x1, y1 = boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()
    assert x0 < (left + right) / 2 < x1 and y0 < (bottom + top) / 2 < y1  # across the middle of the stage
    small = np.array([i.bbox for i in planes(later)])
    assert (boxes[:, 3] - boxes[:, 1]).min() > 1.05 * (small[:, 3] - small[:, 1]).max()  # larger on the poster
