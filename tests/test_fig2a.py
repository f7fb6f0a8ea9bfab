"""fig2a's values contract and identities."""

from __future__ import annotations

import numpy as np
import pytest

from compute.values import FigureInputs
from compute.values.sliding import fig2a
from helpers import problems_with


@pytest.mark.parametrize("padding, stride", [(0, 1), (1, 1), (1, 2), (2, 3)])
def test_fig2a_contract(padding, stride):
    v = fig2a(FigureInputs(digit=5, index=4, padding=padding, stride=stride))
    x, k, b = v["x"], v["k"], float(v["b"])
    assert x.shape == (28, 28) and k.shape == (3, 3) and v["y"].dtype == np.float64
    size = (28 + 2 * padding - 3) // stride + 1
    assert v["y"].shape == (size, size)
    assert int(v["padding"]) == padding and int(v["stride"]) == stride
    xp = np.pad(x, padding)
    for i in range(size):  # the definition, one output pixel at a time
        for j in range(size):
            want = sum(xp[i * stride + u, j * stride + v_] * k[u, v_] for u in range(3) for v_ in range(3)) + b
            assert abs(v["y"][i, j] - want) <= 1e-9


def test_fig2a_spelled_out_positions_add_up():
    v = fig2a(FigureInputs())
    for p, (i, j) in enumerate(v["shown"]):
        np.testing.assert_allclose(v["products"][p], v["patch"][p] * v["k"], rtol=0, atol=1e-12)
        assert abs(v["products"][p].sum() + v["b"] - v["y"][i, j]) <= 1e-9
        assert np.abs(v["patch"][p]).sum() > 0  # the kernel meets the stroke, not background
    assert np.abs(v["y"]).max() == np.abs(v["y"][tuple(v["shown"][-1])])


def test_fig2a_default_is_sobel_edges_of_a_three():
    v = fig2a(FigureInputs())
    np.testing.assert_array_equal(v["k"], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    assert v["y"].shape == (26, 26)
    assert (v["y"] > 1).any() and (v["y"] < -1).any()  # both edge polarities of the stroke


def test_fig2a_with_a_learned_kernel_is_the_networks_first_layer_map():
    """--kernel learned:N gives exactly channel N of the trained network's first convolution."""
    from compute.conv import conv2d
    from compute.nn.weights import load_trained

    params = load_trained("nin").params
    v = fig2a(FigureInputs(kernel="learned:2", padding=1))
    first_layer = conv2d(v["x"][None], params["conv1_w"], params["conv1_b"], padding=1)  # (8,28,28)
    np.testing.assert_allclose(v["y"], first_layer[2], rtol=0, atol=1e-9)


def test_window_origins_are_the_corners_the_definition_uses():
    v = fig2a(FigureInputs(padding=2, stride=3))
    x_pad = np.pad(v["x"], 2)
    for i, j in [(0, 0), (3, 5), (9, 9)]:
        r, c = v["origin"][i, j]
        assert (r, c) == (i * 3 - 2, j * 3 - 2)
        window = x_pad[r + 2 : r + 5, c + 2 : c + 5]  # back to padded coordinates
        assert abs((window * v["k"]).sum() + v["b"] - v["y"][i, j]) <= 1e-9


def test_fig2a_drawn_sums_check_by_hand():
    """Issue 17's example: at every worked position a reader adds the nine drawn products and the drawn bias,
    rounds half up to the drawn sum's digits, and reads the drawn sum (or it is drawn with ≈, one off at most)."""
    from decimal import ROUND_HALF_UP

    from helpers import built_scene
    from scenes.checks.arithmetic import is_approx, ulp, value_of

    scene = built_scene("fig2a", probe=False)
    for p in range(3):
        items = [i for i in scene.frames[f"sum-{p + 1}"] if i.kind == "number" and i.role]
        products = {i.role: i.text for i in items if i.role[0] == "product" and i.role[1] == p}
        (result,) = [i.text for i in items if i.role == ("result", p)]
        (bias,) = {i.text for i in items if i.role == ("bias",)}
        assert len(products) == 9
        reader = sum((value_of(t) for t in products.values()), value_of(bias))
        rounded = reader.quantize(ulp(result), rounding=ROUND_HALF_UP)
        if is_approx(result):
            assert rounded != value_of(result) and abs(rounded - value_of(result)) <= ulp(result)
        else:
            assert rounded == value_of(result), (result, reader)


PADDED = [  # padding at stride 1: a 28×28 or 30×30 output, bigger than the 26×26 one the layout is drawn for
    FigureInputs(padding=1),
    FigureInputs(padding=2, kernel="learned:4"),  # weights of 3 decimals: products drawn with ≈, wider cells
    FigureInputs(digit=0, index=5, kernel="laplace", padding=2),
]


@pytest.mark.parametrize("inputs", PADDED, ids=lambda i: f"padding{i.padding}-{i.kernel}")
def test_fig2a_padded_output_keeps_its_target_cell_readable(inputs):
    """Issue 17, item 7: with padding at stride 1 the output map grows (y takes the frame's height) so that its
    target cell stays at least 24 px at 1080p (``at_least("target", 24)``), and every rule still holds."""
    from scenes.checks.bindings import check
    from scenes.checks.readability import check_readability
    from scenes.figures.fig2a import bindings
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    v = get("fig2a").values(inputs)
    scene = build_scene(get("fig2a"), v, probe=True, inputs=inputs)
    assert check(scene, bindings(v)) + check_readability(scene) == []
    marks = [i for i in scene.frames["result"] if i.role and i.role[0] == "target"]
    assert len(marks) == 1 and min(marks[0].bbox[2] - marks[0].bbox[0], marks[0].bbox[3] - marks[0].bbox[1]) * 135 >= 24


def test_fig2a_target_cell_too_small_is_reported(monkeypatch):
    """Drawn at the default layout's size, a 30×30 output's target cell (21 px) fails the figure's bindings."""
    import scenes.figures.fig2a as module
    from scenes.checks.bindings import check
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    monkeypatch.setattr(module, "MIN_OUT_CELL", 0.1)
    inputs = FigureInputs(padding=2)
    v = get("fig2a").values(inputs)
    problems = check(build_scene(get("fig2a"), v, probe=False, inputs=inputs), module.bindings(v))
    assert any("target" in p and "at least 24 px" in p for p in problems), problems


def test_a_needless_approx_on_the_sum_is_caught():
    """The sum's "=" or "≈" decided with the stride in the bias's place: "≈ 1.8" where the drawn products and
    bias give 1.8 exactly is caught."""
    old = ') + drawn(v["b"], b_decimals)'
    problems = problems_with("fig2a", "scenes.figures.fig2a", old, old.replace('"b"', '"stride"'))
    assert any("result" in p and "not '≈'" in p for p in problems), problems or "the bug went unnoticed"
