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


# ---- fig3 on screen: the product map and its digit large (round 5) ---------------------------------------------

PX_PER_UNIT = 1080 / 8.0  # the design size: 1080 px over the frame's 8 units
FIG3_MAP_STEPS = ("products", "one-output", "every-filter")


def _px(item) -> tuple[float, float]:
    x0, y0, x1, y1 = item.bbox
    return (x1 - x0) * PX_PER_UNIT, (y1 - y0) * PX_PER_UNIT


def test_fig3_product_map_and_its_digit_are_large_side_by_side_with_the_outputs_right_of_them():
    """From 'products' to 'every-filter' the digit x and the map K_n ⊙ x the captions talk about are each ≥ 500 px
    at 1080p, side by side at one height; the worked pixel's outline on each is ≥ 24 px and on the same cell of
    both; each filter's output (its square, Σ K ⊙ x, b and y) lies right of the product map, and the worked
    weight × pixel = product under the two maps."""
    from helpers import built_scene

    scene = built_scene("fig3")
    for step in FIG3_MAP_STEPS:
        items = scene.frames[step]
        (digit,) = [i for i in items if i.kind == "grid" and i.role == ("input",)]
        (products,) = [i for i in items if i.kind == "grid" and i.role and i.role[0] == "products"]
        for grid in (digit, products):
            assert min(_px(grid)) >= 500, (step, grid.role, _px(grid))
        assert digit.bbox[2] < products.bbox[0] and abs(digit.bbox[3] - products.bbox[3]) < 1e-6, step
        (ring_x,) = [i for i in items if i.role == ("picked",)]
        (ring_p,) = [i for i in items if i.role == ("picked-cell",)]
        assert min(_px(ring_x)) >= 24 and min(_px(ring_p)) >= 24, (step, _px(ring_x), _px(ring_p))
        offset_x = np.subtract(ring_x.center, [digit.bbox[0], digit.bbox[3]])
        offset_p = np.subtract(ring_p.center, [products.bbox[0], products.bbox[3]])
        np.testing.assert_allclose(offset_x, offset_p, atol=1e-6)  # the same pixel on both maps
        outputs = [i for i in items if i.role and i.role[0] in ("channel", "product-sum", "bias", "output")]
        assert len(outputs) == {"products": 0, "one-output": 4, "every-filter": 8}[step]
        assert all(i.bbox[0] > products.bbox[2] for i in outputs), step
        worked = [i for i in items if i.role and i.role[0] in ("weight", "pixel", "product")]
        assert len(worked) == 3 and all(i.bbox[3] < min(digit.bbox[1], products.bbox[1]) for i in worked), step


def test_fig3_product_map_drawn_at_the_old_size_is_reported(monkeypatch):
    """fig3 declares at_least 500 px for the digit and the product map, 24 px for the worked pixel's outline: drawn
    at last round's 13.5 px a cell (378 px) with a one-cell outline, the bindings report both."""
    import scenes.figures.fig3 as fig3
    from scenes.checks.verdict import scene_problems
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    monkeypatch.setattr(fig3, "MAP_CELL", 0.1)
    monkeypatch.setattr(fig3, "FOCUS_RING", 0.1)
    f = get("fig3")
    v = f.values(None)
    problems = scene_problems(build_scene(f, v, probe=False), f, v)
    for role in ("'input'", "'products'", "'picked'", "'picked-cell'"):
        assert any(role in p and "at least" in p for p in problems), (role, problems)
