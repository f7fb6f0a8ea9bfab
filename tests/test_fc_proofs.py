"""The fully connected figures prove their points on screen (issue 17): fig1a, fig1b, fig3, fig6a, fig6b.

Values: the new numbers (K₁ ⊙ x, its sum, |A − B| maps, multiply-add counts) are what they mean, computed
separately here. Screens: what the built scenes draw at their step ends — products and sums that check by hand
from the drawn operands, counts read off the arrays, the reshape magnified to readable cells, both sides of an
equality drawn with the same marked number, and fig1b's inputs and biases where its captions name them.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from manim import config

from compute.conv import conv2d, dense
from compute.data import load_digit
from compute.init import fc_layer
from compute.values import FigureInputs, fc, onebyone
from helpers import built_scene, problems_of, problems_with
from scenes.checks.arithmetic import agrees, value_of

EXACT = {"rtol": 0, "atol": 1e-9}
INPUTS = [None, FigureInputs(digit=7, index=12), FigureInputs(digit=0, index=5), FigureInputs(digit=9, index=1)]
PX_PER_UNIT = 1080 / 8.0  # the design size: 1080 px over the frame's 8 units


def drawn(scene, step: str, name: str) -> dict:
    """{role[1:]: text} of the numbers with role name ``name`` drawn at the end of ``step``."""
    return {i.role[1:]: i.text for i in scene.frames[step] if i.kind == "number" and i.role and i.role[0] == name}


def grids(scene, step: str, name: str):
    return [i for i in scene.frames[step] if i.kind == "grid" and i.role and i.role[0] == name]


# ---- values -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("inputs", INPUTS)
def test_fig3_product_map_summed_plus_bias_is_fig1a_y(inputs):
    inputs = inputs or FigureInputs()
    v, one = fc.fig3(inputs), fc.fig1a(inputs)
    x = load_digit(inputs.digit, inputs.index)
    W, b = fc_layer()
    first = int(v["shown_filters"][0])
    np.testing.assert_allclose(v["kernel_products"][0], W[first].reshape(28, 28) * x, **EXACT)  # K₁ ⊙ x
    np.testing.assert_allclose(v["kernel_products"][0].sum() + b[first], one["y"], **EXACT)  # = fig1a's y
    np.testing.assert_allclose(v["product_sums"] + v["shown_b"], v["y"][v["shown_filters"]], **EXACT)
    pr, pc = v["picked_rc"]
    assert int(v["picked"]) == int(one["shown"][0])  # the product written out is fig1a's first drawn one
    np.testing.assert_allclose(v["picked_products"][0], one["products"][0], **EXACT)
    np.testing.assert_allclose(v["picked_weights"] * v["picked_pixel"], v["picked_products"], **EXACT)
    assert v["picked_pixel"] == x[pr, pc]


@pytest.mark.parametrize("figure", ["fig3", "fig6b"])
def test_difference_maps_are_the_two_computations_apart(figure):
    v = fc.fig3(FigureInputs()) if figure == "fig3" else onebyone.fig6b(FigureInputs())
    x = load_digit()
    W, b = fc_layer()
    by_dense = dense(x.ravel(), W, b).reshape(28, 28)
    np.testing.assert_allclose(v["y_dense_map"], by_dense, **EXACT)
    np.testing.assert_allclose(v["abs_diff_map"], np.abs(v["y_map"] - v["y_dense_map"]), rtol=0, atol=0)
    assert v["abs_diff_map"].max() < 1e-12 and v["abs_diff_map"].min() >= 0.0


def test_multiply_add_counts_are_the_arrays_shapes():
    """784·784 each way, from the shapes: the article's 'the same number of operations'."""
    v3, v6 = fc.fig3(FigureInputs()), onebyone.fig6b(FigureInputs())
    W, _ = fc_layer()
    x = load_digit()
    conv_k = conv2d(x[None], W.reshape(784, 1, 28, 28)).size * x.size  # outputs × weights per output
    assert int(v3["conv_madds"]) == conv_k == 784 * 784
    assert int(v3["dense_madds"]) == W.shape[0] * W.shape[1] == 784 * 784
    assert int(v6["conv_madds"]) == v6["y"].size * v6["v"].shape[0] == 784 * 784
    assert int(v6["dense_madds"]) == int(v3["dense_madds"])


@pytest.mark.parametrize("inputs", INPUTS)
def test_fig6b_first_filter_products_are_fig6a_and_sum_to_fig1a_y(inputs):
    inputs = inputs or FigureInputs()
    v, a, one = onebyone.fig6b(inputs), onebyone.fig6a(inputs), fc.fig1a(inputs)
    np.testing.assert_allclose(v["products"], a["contributions"], **EXACT)
    np.testing.assert_allclose(v["products"].sum() + v["b0"], one["y"], **EXACT)
    np.testing.assert_array_equal(v["channels"], a["shown"])
    w = v["x"].shape[1]
    assert len(set(v["channels"] // w)) == 1  # one image row: the table reads across it
    np.testing.assert_array_equal(v["zoom_channels_i"], int(v["zoom_row"]) * w + np.arange(w) + 1)


def test_fig6a_row_stood_up_is_the_row_of_the_shown_channels():
    v = onebyone.fig6a(FigureInputs())
    i = int(v["shown_rc"][0, 0])
    np.testing.assert_array_equal(v["row_pixels"], v["x"][i])
    np.testing.assert_array_equal(v["row_channels_i"], 28 * (v["row_i"] - 1) + v["row_cols_i"])  # c = 28(i−1)+j
    np.testing.assert_array_equal(v["v"][v["row_channels_i"] - 1, 0, 0], v["row_pixels"])


# ---- arithmetic by hand -----------------------------------------------------------------------------


def test_hand_result_draws_approx_exactly_when_the_drawn_operands_are_one_off():
    from scenes.mobjects.text import Num
    from scenes.mobjects.theme import THEMES
    from scenes.parts.fc import by_hand, hand_result

    t = THEMES["dark"]
    values = {"w": np.array([0.0036, -0.05629154]), "x": np.array([0.6745098, 0.93333333])}
    values["p"] = values["w"] * values["x"]
    ws = [Num(values, "w", k, t, 4) for k in range(2)]
    xs = [Num(values, "x", k, t, 2) for k in range(2)]
    made = [
        hand_result(lambda approx, k=k: Num(values, "p", k, t, 3, approx=approx), t, "×", ws[k], xs[k])
        for k in range(2)
    ]
    # 0.0036 × 0.67 = 0.002412 → 0.002 = the product drawn; −0.0563 × 0.93 = −0.052359 → −0.052, drawn −0.053
    assert [m.text for m in made[0] if isinstance(m, Num)] == ["0.002"] and len(made[0]) == 2
    assert len(made[1]) == 1 and made[1][0].text == "≈ −0.053"
    assert by_hand(made[0][1], "×", ws[0], xs[0]) and not by_hand(Num(values, "p", 1, t, 3), "×", ws[1], xs[1])


@pytest.mark.parametrize("inputs", INPUTS)
def test_fig1a_products_check_by_hand_from_the_drawn_weight_and_pixel(inputs):
    scene = built_scene("fig1a", inputs=inputs)
    weights, pixels, products = (drawn(scene, "sum", n) for n in ("weight", "pixel", "product"))
    assert len(products) == 2
    for key, text in products.items():
        assert agrees(text, value_of(weights[key]) * value_of(pixels[key])), (text, weights[key], pixels[key])
    assert all(len(text.split(".")[1]) == 4 for text in weights.values())  # one rule: a weight has 4 decimals


@pytest.mark.parametrize("inputs", INPUTS)
def test_fig3_writes_out_one_product_and_y1_as_its_sum_plus_bias(inputs):
    scene = built_scene("fig3", inputs=inputs)
    v = fc.fig3(inputs or FigureInputs())
    first = int(v["shown_filters"][0])
    step = "one-output"
    weight, pixel, product = (drawn(scene, step, n) for n in ("weight", "pixel", "product"))
    assert agrees(product[(first,)], value_of(weight[(first,)]) * value_of(pixel[()]))
    total, bias = drawn(scene, step, "product-sum"), drawn(scene, step, "bias")
    out = drawn(scene, step, "output")[(first,)]
    assert agrees(out, value_of(total[(first,)]) + value_of(bias[(first,)]))
    assert value_of(out) == value_of(f"{float(fc.fig1a(inputs or FigureInputs())['y']):.3f}")  # fig1a's y as drawn
    products = grids(scene, "products", "products")
    assert len(products) == 1 and products[0].role == ("products", first)  # the map K₁ ⊙ x is on screen


@pytest.mark.parametrize(  # the step at whose end each table stands complete
    "figure, step, name", [("fig6a", "sum", "product"), ("fig6b", "all-outputs", None)]
)
def test_table_products_check_by_hand(figure, step, name):
    for inputs in INPUTS:
        scene = built_scene(figure, inputs=inputs)
        if figure == "fig6a":
            pixels, weights, products = (drawn(scene, step, n) for n in ("pixel", "kernel", "product"))
        else:
            pixels, weights, products = (drawn(scene, step, n) for n in ("pixel", "weight", "product"))
        assert len(products) == 5
        for key, text in products.items():
            assert agrees(text, value_of(pixels[key]) * value_of(weights[key])), (figure, inputs, text)


# ---- the evidence on screen ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "figure, a, b, values",
    [
        ("fig3", "output", "dense-output", ("output", "dense")),
        ("fig6b", "output_map", "dense_map", ("map-output", "dense-output")),
    ],
)
def test_equality_is_drawn_as_two_maps_a_marked_element_and_the_difference(figure, a, b, values):
    scene = built_scene(figure)
    end = scene.steps[-1].name
    ga, gb, gd = (grids(scene, end, n) for n in (a, b, "difference"))
    assert len(ga) == len(gb) == len(gd) == 1
    side = lambda g: (g.bbox[2] - g.bbox[0]) * PX_PER_UNIT  # noqa: E731
    assert side(ga[0]) >= 500 and side(gb[0]) >= 500  # readable maps, side by side
    assert abs(ga[0].bbox[3] - gb[0].bbox[3]) < 1e-6 and ga[0].bbox[2] < gb[0].bbox[0]
    assert ga[0].visible.all() and gb[0].visible.all() and np.abs(gd[0].array).max() < 1e-12
    first, second = (drawn(scene, end, n) for n in values)
    assert first and first == second  # the same element, the same drawn number in both
    marks = [i for i in scene.frames[end] if i.role and i.role[0] in ("mark-a", "mark-b")]
    assert len(marks) == 2
    assert drawn(scene, end, "max-diff") == {(): "0.000"}
    counts = [drawn(scene, end, n) for n in ("madds-conv", "madds-dense")]
    assert counts[0] == counts[1] == {(): f"{784 * 784:,}"}  # drawn with separators: 614,656
    assert any(i.role == ("check", "max_abs_diff") and "✓" in i.text for i in scene.frames[end])


@pytest.mark.parametrize(
    "figure, step, grid, labels",
    [
        ("fig6a", "one-row", "row_zoom", "row_channel"),
        ("fig6b", "to-map", "zoom", "zoom-channel"),
    ],
)
def test_reshape_is_magnified_to_readable_labelled_cells(figure, step, grid, labels):
    scene = built_scene(figure)
    (zoom,) = grids(scene, step, grid)
    rows, cols = zoom.array.shape
    assert (rows, cols) == (28, 1)
    cell_px = (zoom.bbox[3] - zoom.bbox[1]) / rows * PX_PER_UNIT
    assert cell_px >= 24, f"{figure}: a magnified cell is {cell_px:.1f} px tall at 1080p"
    numbers = drawn(scene, step, labels)
    assert sorted(numbers) == [(j,) for j in range(28)]
    firsts = [int(numbers[(j,)]) for j in range(28)]
    assert firsts == list(range(firsts[0], firsts[0] + 28))  # 28 consecutive channels, one row
    assert config.frame_height == 8.0


def test_fig1b_draws_what_its_captions_name():
    """'four neurons and four inputs are drawn': every input slot is connected to every neuron; 'adds its bias':
    each worked neuron's bias is drawn beside its output."""
    scene = built_scene("fig1b")
    v = fc.fig1b(FigureInputs())
    items = scene.frames["neurons"]
    lines = [i for i in items if i.kind == "line"]
    inputs = [i for i in items if i.kind == "grid" and i.role and i.role[0] == "pixel"]
    assert len(inputs) == 4
    for node in inputs:  # a line starts at each input's right edge
        x1, y = node.bbox[2], (node.bbox[1] + node.bbox[3]) / 2
        leaving = [seg for line in lines for seg in line.segments if np.hypot(seg[0][0] - x1, seg[0][1] - y) < 0.05]
        assert len(leaving) >= 4, f"input {node.role} has {len(leaving)} connections"
    for step, worked in (("neuron-1", [0]), ("neuron-2", [0, 1])):
        biases = drawn(scene, step, "bias")
        assert sorted(biases) == [(int(v["shown_neurons"][m]),) for m in worked]
        for (n,), text in biases.items():
            assert value_of(text) == Decimal(f"{v['b'][n]:.4f}")


def test_fig6a_draws_both_results_side_by_side_with_their_difference():
    scene = built_scene("fig6a")
    end = scene.steps[-1].name
    a, b, d = (grids(scene, end, n) for n in ("conv_cell", "neuron_cell", "difference"))
    assert len(a) == len(b) == len(d) == 1 and a[0].bbox[2] < b[0].bbox[0] < d[0].bbox[0]
    assert (a[0].bbox[2] - a[0].bbox[0]) * PX_PER_UNIT >= 24
    results, neurons = drawn(scene, end, "result"), drawn(scene, end, "neuron")
    assert set(results.values()) == set(neurons.values()) and len(set(results.values())) == 1
    assert drawn(scene, end, "max-diff") == {(): "0.000"}
    assert any(i.role == ("check", "max_abs_diff") and "✓" in i.text for i in scene.frames[end])


def test_fig3_sum_relation_catches_a_wrong_output():
    from scenes.checks.inspect import Item
    from scenes.figures.fig3 import output_is_sum_plus_bias

    def number(role, text):
        return Item("number", (0, 0, 0, 0), role=role, text=text)

    good = [number(("product-sum", 0), "−0.1669"), number(("bias", 0), "0.0976"), number(("output", 0), "−0.069")]
    assert output_is_sum_plus_bias("s", good) == []
    bad = good[:2] + [number(("output", 0), "−0.070")]
    assert output_is_sum_plus_bias("s", bad) and "output[0]" in output_is_sum_plus_bias("s", bad)[0]
    assert output_is_sum_plus_bias("s", good[:2] + [number(("output", 0), "≈ −0.070")]) == []  # one off, with ≈


@pytest.mark.parametrize(
    "figure, step, role, count",
    [
        ("fig1b", "last-neuron", "worked", 4),  # y1 y2 y3 … y784 beside the map
        ("fig3", "products", "weight-cell", 1),  # weight × pixel = product, each cell magnified over its number
        ("fig3", "products", "pixel-cell", 1),
        ("fig3", "products", "product-cell", 1),
        ("fig3", "equal", "marked-a", 1),  # the compared element, beside its value under A and under B
        ("fig6b", "equal", "marked-b", 1),
    ],
)
def test_focus_cells_are_drawn_magnified(figure, step, role, count):
    """The cells a caption talks about are drawn at least 24 px at 1080p (the maps they belong to draw them at
    10–20 px); a magnified cell holds the same value as its cell in the map."""
    scene = built_scene(figure)
    cells = grids(scene, step, role)
    assert len(cells) == count
    for cell in cells:
        side = min(cell.bbox[2] - cell.bbox[0], cell.bbox[3] - cell.bbox[1]) * PX_PER_UNIT
        assert side >= 24, f"{figure}: {cell.role} is {side:.1f} px"


@pytest.mark.parametrize(
    "module, constant, figure",
    [
        ("scenes.figures.fig1b", "WORKED_CELL", "fig1b"),
        ("scenes.figures.fig3", "SWATCH", "fig3"),
        ("scenes.parts.fc", "MARKED_CELL", "fig6b"),
    ],
)
def test_a_shrunk_focus_cell_is_reported(monkeypatch, module, constant, figure):
    """The figures declare ``at_least(role, 24)``: drawn at 10 px, the magnified cells fail their bindings."""
    import importlib

    monkeypatch.setattr(importlib.import_module(module), constant, 0.075)
    problems = problems_of(figure)  # built afresh: built_scene is cached
    assert any("at least 24 px" in p for p in problems), problems


# ---- the frame used: posters, magnified parts, and what places them (round 4) ---------------------------------


def test_fig6a_weights_stood_up_are_the_filter_weights_of_the_same_channels():
    """The magnified column of k: fig1a's weights W[0, c − 1] of the 28 channels c of the row stood up."""
    v = onebyone.fig6a(FigureInputs())
    W, _ = fc_layer()
    np.testing.assert_allclose(v["row_kernels"], W[0, v["row_channels_i"] - 1], **EXACT)


@pytest.mark.parametrize(
    "figure, steps, side",
    [
        ("fig3", ("filters", "one-position"), 640),  # 510 px beside the product map later
        ("fig6a", ("channels",), 560),  # 435 px beside v, k and the table later
        ("fig6b", ("reshape",), 730),  # 321 px beside the filters later
    ],
)
def test_posters_show_the_digit_large_in_the_middle(figure, steps, side):
    """Before the figure needs the room, the digit is drawn large (≥ ``side`` px at 1080p) across the stage's
    middle: it straddles the vertical middle line, and both halves of the stage hold part of it."""
    scene = built_scene(figure)
    for step in steps:
        (digit,) = grids(scene, step, "input")
        x0, y0, x1, y1 = digit.bbox
        assert min(x1 - x0, y1 - y0) * PX_PER_UNIT >= side, (step, digit.bbox)
        assert x0 < -1.5 and x1 > 1.5 and y0 < -1.0 and y1 > 0.5, (step, digit.bbox)


def test_fig6a_filter_step_magnifies_the_weights_of_the_row_stood_up():
    """At 'filter' the 28 weights of k for the channels of the magnified row are drawn where their pixels were,
    each cell ≥ 24 px, beside the same 28 channel labels, and the pixels' magnified column is gone."""
    scene = built_scene("fig6a")
    (k_zoom,) = grids(scene, "filter", "row_kernels")
    assert k_zoom.array.size == 28 and np.all(k_zoom.visible)
    assert (k_zoom.bbox[3] - k_zoom.bbox[1]) / 28 * PX_PER_UNIT >= 24
    assert grids(scene, "filter", "row_zoom") == [] and grids(scene, "all-rows", "row_zoom")  # kept while rows follow
    labels = [i for i in scene.frames["filter"] if i.kind == "number" and i.role and i.role[0] == "row_channel"]
    assert len(labels) == 28


def test_fig3_swatch_relation_catches_a_wide_or_far_swatch():
    from scenes.checks.inspect import Item
    from scenes.figures.fig3 import swatch_over_its_number

    pixel = Item("number", (0.0, 0.0, 0.57, 0.2), role=("pixel",), text="1.00")

    def swatch(x0, x1, y0):
        return Item("grid", (x0, y0, x1, y0 + (x1 - x0)), role=("pixel-cell",))

    assert swatch_over_its_number("s", [pixel, swatch(0.07, 0.49, 0.32)]) == []
    assert swatch_over_its_number("s", [pixel, swatch(-0.03, 0.60, 0.32)])  # wider than its number
    assert swatch_over_its_number("s", [pixel, swatch(0.07, 0.49, 0.60)])  # floating far above it
    assert swatch_over_its_number("s", [swatch(0.07, 0.49, 0.32)])  # over no number at all


def test_fig3_ellipsis_relation_catches_an_off_centre_ellipsis():
    from scenes.checks.inspect import Item
    from scenes.figures.fig3 import ellipsis_midway

    line = Item("math", (0.0, 0.3, 2.0, 0.5), text="y")
    square = Item("grid", (0.0, -1.0, 0.42, -0.58), role=("channel", 783))

    def dots(y):
        return Item("math", (0.19, y - 0.12, 0.23, y + 0.12), role=("elided",), text="dots.v")

    assert ellipsis_midway("s", [line, square, dots(-0.14)]) == []  # 0.32 from each
    assert ellipsis_midway("s", [line, square, dots(0.1)])
    assert ellipsis_midway("s", [line, dots(0.1)]) == []  # the last square gone (flown to A): not constrained


def test_fig3_one_by_one_stands_over_the_first_output_when_it_appears():
    """'one 1×1 output y₁': at 'one-output' the 1×1 shape label is drawn, right over y₁'s square."""
    scene = built_scene("fig3")
    items = scene.frames["one-output"]
    (label,) = [i for i in items if i.kind == "shape-label" and i.role == ("output-shape", 0)]
    (square,) = grids(scene, "one-output", "channel")
    assert label.text == "1×1" and 0 <= label.bbox[1] - square.bbox[3] < 0.3
    assert square.bbox[0] - 0.1 <= label.center[0] <= square.bbox[2] + 0.1


def test_a_magnified_swatch_wider_than_its_number_is_reported(monkeypatch):
    """fig3's SWATCH half as large again: the pixel's swatch overhangs its '1.00', and the bindings say so."""
    import scenes.figures.fig3 as fig3

    monkeypatch.setattr(fig3, "SWATCH", fig3.SWATCH * 1.5)
    problems = problems_of("fig3")
    assert any("not right over its number" in p for p in problems), problems


def test_fig1b_names_each_output_y_and_each_bias_b_with_its_index():
    """Each neuron's output is labelled y with its index, its bias b (the same index): a label whose letter is
    swapped (y₃ drawn as b₃) is reported by the figure's bindings."""
    from dataclasses import replace

    from scenes.checks.bindings import Bindings
    from scenes.figures.fig1b import SUBSCRIPTED, bindings

    scene = built_scene("fig1b")
    (relation,) = Bindings({}).subscripts(SUBSCRIPTED).relations
    items = scene.frames["last-neuron"]
    outputs = [i for i in items if i.kind == "number" and i.role and i.role[0] == "output-index"]
    assert len(outputs) == 8  # y₁ y₂ y₃ y₇₈₄ beside the neurons, and again beside their magnified cells
    assert relation("last-neuron", items) == []
    swapped = [replace(i, text="b") if i.kind == "math" and i.text and i.text.strip() == "y" else i for i in items]
    problems = relation("last-neuron", swapped)
    assert len(problems) == len(outputs) and all("not 'y'" in p for p in problems)
    b = bindings(fc.fig1b(FigureInputs()))  # the figure's own bindings run that relation
    assert any(r("last-neuron", swapped) == problems for r in b.relations)


def test_fig1b_whole_map_is_drawn_big_once_the_outputs_made_room(monkeypatch):
    """The map the last two captions talk about is at least 500 px at 1080p; a map left at its filling size is
    reported."""
    from scenes.checks.bindings import check
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    scene = built_scene("fig1b")
    for step in ("map", "noise"):
        (grid,) = grids(scene, step, "output")
        assert min(grid.bbox[2] - grid.bbox[0], grid.bbox[3] - grid.bbox[1]) * PX_PER_UNIT >= 500
    import scenes.figures.fig1b as module

    monkeypatch.setattr(module, "MAP_SIDE", 2.5)
    f = get("fig1b")
    v = f.values(None)
    problems = check(build_scene(f, v, probe=False), module.bindings(v))
    assert any("step map" in p and "at least 500 px" in p for p in problems), problems


def test_fig1a_names_each_input_x_and_each_weight_w_with_its_index():
    """Input i is labelled x with its index, its weight w (the same index), beside the column, on the connections
    and in the products: a label whose letter is swapped (x₁₅₅ drawn as w₁₅₅, or back) is reported by the
    figure's bindings."""
    from dataclasses import replace

    from scenes.checks.bindings import Bindings
    from scenes.figures.fig1a import STEPS, SUBSCRIPTED, bindings

    scene = built_scene("fig1a")
    (relation,) = Bindings({}).subscripts(SUBSCRIPTED).relations
    own = bindings(fc.fig1a(FigureInputs())).relations  # the figure's own bindings run that relation
    items = scene.frames[STEPS.products]
    indices = {role: [i for i in items if i.kind == "number" and i.role and i.role[0] == role] for role in SUBSCRIPTED}
    # x₁ x₁₅₅ x₆₈₃ x₇₈₄ beside the column and x₁₅₅ x₆₈₃ in the products; w₁₅₅ w₆₈₃ on the connections and the products
    assert [len(indices["input-index"]), len(indices["weight-index"])] == [6, 4]
    assert relation(STEPS.products, items) == []
    for letter, other, role in (("x", "w", "input-index"), ("w", "x", "weight-index")):
        swapped = [
            replace(i, text=other) if i.kind == "math" and i.text and i.text.strip() == letter else i for i in items
        ]
        problems = relation(STEPS.products, swapped)
        assert len(problems) == len(indices[role]) and all(f"not {letter!r}" in p for p in problems), problems
        assert any(r(STEPS.products, swapped) == problems for r in own)


# ---- planted bugs the mutation sample left standing (benchmarks/mutants.json) -------------------------------


@pytest.mark.parametrize(
    "module, old, new",
    [
        # the "=" or "≈" of product i decided from another input's drawn x
        ("scenes.figures.fig1a", "inputs.nodes[k + 1].number,", "inputs.nodes[k - 1].number,"),
        # the reader's product recomputed from 2 instead of 1: every product gets a needless "≈"
        ("scenes.parts.fc", "value = Decimal(1)", "value = Decimal(2)"),
    ],
)
def test_a_needless_approx_on_a_product_is_caught(module, old, new):
    """A product drawn "≈ −0.057" whose drawn w and x give −0.057 exactly says a reader cannot check it: caught."""
    problems = problems_with("fig1a", module, old, new)
    assert any("product" in p and "not '≈'" in p for p in problems), problems or "the bug went unnoticed"


def test_fig3_marks_the_output_worked_first():
    """A and B mark y_first, the output the figure worked first and carried into A, not the last filter's."""
    problems = problems_with("fig3", "scenes.figures.fig3", "shown[0],", "shown[1],")
    assert any("mark-a" in p and "is not on cells" in p for p in problems), problems or "the bug went unnoticed"


def test_fig3_a_title_left_over_the_next_product_map_is_caught():
    """The title "K_1 ⊙ x" left standing over filter 784's products (the wrong title faded out) is caught."""
    old = "FadeOut(product_titles[0]),"
    problems = problems_with("fig3", "scenes.figures.fig3", old, old.replace("[0]", "[1]"))
    assert any("('products'" in p and "is titled by filter-index" in p for p in problems), problems or "unnoticed"


def test_map_comparison_shows_a_with_its_own_count():
    """show_a bringing B's multiply-add count (under no map yet) instead of A's is caught."""
    old = "parts = [self.a_frame, v.title_a, self.counts[0],"
    problems = problems_with("fig3", "scenes.parts.fc", old, old.replace("counts[0]", "counts[1]"))
    assert any("madds-dense" in p and "no grid over it" in p for p in problems), problems or "the bug went unnoticed"
