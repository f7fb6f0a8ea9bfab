"""The proofs fig2a, fig2b, fig4a and fig4b draw: EqualityView shows "A = B" as evidence."""

from __future__ import annotations

import numpy as np
import pytest

from compute.values import equality
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.text import Label
from scenes.mobjects.theme import SMALL_SIZE, THEMES


def _values(delta: float = 0.0) -> dict:
    rng = np.random.default_rng(7)
    a = rng.normal(size=(6, 8))
    b = a.copy()
    b[2, 3] += delta
    return {"a": a, "b": b, "abs_diff": np.abs(a - b), **equality(a, b)}


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_equality_view_draws_the_evidence(theme):
    t = THEMES[theme]
    v = _values()
    view = EqualityView(
        v,
        t,
        "a",
        "b",
        "abs_diff",
        (4, 5),
        names=("conv2d", "sliding FC"),
        mark_roles=(("target", 0), ("conv-target", 0)),
        value_roles=(("va", 0), ("vb", 0)),
        decimals=3,
    )
    # the two maps and the difference, whole, on one colour scale
    np.testing.assert_array_equal(view.grid_a.array, v["a"])
    np.testing.assert_array_equal(view.grid_b.array, v["b"])
    np.testing.assert_array_equal(view.grid_diff.array, v["abs_diff"])
    assert view.grid_a.color_of == view.grid_b.color_of == view.grid_diff.color_of
    assert abs(view.grid_a.width - view.grid_b.width) < 1e-9 and view.grid_b.get_left()[0] > view.grid_a.get_right()[0]
    # the same element marked in both, in the focus colour, and the same drawn number under each
    for grid, mark in ((view.grid_a, view.mark_a), (view.grid_b, view.mark_b)):
        np.testing.assert_allclose(mark.get_center()[:2], grid.cell_center(4, 5)[:2], atol=1e-9)
        assert mark.get_stroke_color().to_hex().lower() == t.focus.lower()
    assert view.mark_a.role == ("target", 0) and view.mark_b.role == ("conv-target", 0)
    assert view.value_a.text == view.value_b.text == f"{v['a'][4, 5]:.3f}".replace("-", "\u2212")
    assert view.value_a.role == ("va", 0) and view.value_a.get_top()[1] < view.grid_a.get_bottom()[1]
    # |A − B|: titled from the names, its max drawn (to the values' decimals) and bound, the colour of zero
    assert view.title_diff[0].text == "|conv2d − sliding FC|"
    assert view.max_num.text == "0.000" and view.max_num.role == ("max_diff",)
    zero = np.asarray(view.grid_diff.color_of(0.0).to_rgb())
    np.testing.assert_allclose(view.grid_diff.rgba[:, :3], np.broadcast_to(zero, view.grid_diff.rgba[:, :3].shape))
    words = " ".join(m.text for m in view.panel_diff.get_family() if hasattr(m, "text"))
    assert "blank" in words and "no visible difference" in words  # the same words in both themes (one SVG)
    # the badge is the summary, under everything else
    assert view.check.holds and view.check.get_top()[1] < min(
        view.value_a.get_bottom()[1], view.max_row.get_bottom()[1]
    )


def test_equality_view_shows_a_difference():
    """A planted difference shows: its cell lights up in the diff map, its max is drawn, the badge fails."""
    t = THEMES["dark"]
    v = _values(delta=0.25)
    view = EqualityView(v, t, "a", "b", "abs_diff", (2, 3), decimals=2)
    assert view.max_num.text == "0.25" and not view.check.holds
    assert view.value_a.text != view.value_b.text
    lit = np.flatnonzero(np.any(np.abs(view.grid_diff.rgba - view.grid_diff.rgba[0]) > 1e-6, axis=1))
    assert list(lit) == [view.grid_diff.flat(2, 3)]
    words = " ".join(m.text for m in view.panel_diff.get_family() if hasattr(m, "text"))
    assert "differ" in words and view.title_diff[0].text == "|A − B|"


def test_equality_view_refuses_arrays_of_different_shapes():
    v = _values()
    v["b"] = v["b"][:, :-1]
    with pytest.raises(ValueError, match="one shape"):
        EqualityView(v, THEMES["dark"], "a", "b", "abs_diff", (0, 0))


# ---- the precision rule of the sliding figures (scenes/parts/sliding.py) ------------------------------


def test_by_hand_is_the_readers_rounding():
    """A drawn result checks by hand when the drawn operands' result, rounded half up to its digits, is it;
    a tie rounded the other way (true value 0.5465 over drawn products summing to 0.55) is not."""
    from decimal import Decimal

    from scenes.parts.sliding import by_hand, drawn

    assert by_hand(0.5715, 1, Decimal("0.57"))
    assert not by_hand(0.5465, 1, Decimal("0.55"))  # drawn 0.5, a reader gets 0.6: drawn with ≈
    assert not by_hand(1.7804, 2, Decimal("1.79"))  # issue 17: the nine products add up to 1.79, not 1.78
    assert by_hand(-0.9922, 2, drawn(0.9922, 2) * drawn(-1.0, 0))
    assert drawn(-0.004, 2) == Decimal("0.00")


def test_weight_and_product_decimals():
    from scenes.parts.sliding import product_decimals, weight_decimals

    assert weight_decimals(np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])) == 0  # Sobel: as given
    assert weight_decimals(np.array([0.299, 0.587, 0.114])) == 3  # BT.601: as given
    assert weight_decimals(np.array([1.0, -1.0, 0.5])) == 1
    assert weight_decimals(np.array([1 / 9] * 9)) == 3  # box: 3 decimals
    assert product_decimals(np.array([-2.0, 2.0])) == 2 and product_decimals(np.array([-4.0, 1.0])) == 1


@pytest.mark.parametrize("kernel", ["sobel-x", "sobel-y", "laplace", "box", "learned:2"])
def test_the_rule_keeps_every_drawn_result_within_one_of_its_operands(kernel):
    """With the rule's digits, every product and sum fig2a draws, over every digit, is what its drawn operands
    give or one off in its last digit (then drawn with ≈): never further, so ≈ is always honest."""
    from decimal import Decimal

    from compute.values import FigureInputs
    from compute.values.sliding import fig2a
    from scenes.parts.sliding import PIXEL_DECIMALS, SUM_DECIMALS, drawn, product_decimals, weight_decimals

    for digit in range(10):
        v = fig2a(FigureInputs(digit=digit, kernel=kernel, padding=1))
        k, kd, bd, pd = v["k"], weight_decimals(v["k"]), weight_decimals(v["b"]), product_decimals(v["k"])
        for p, (i, j) in enumerate(v["shown"]):
            products = []
            for (u, w), product in np.ndenumerate(v["products"][p]):
                reader = drawn(v["patch"][p][u, w], PIXEL_DECIMALS) * drawn(k[u, w], kd)
                assert abs(drawn(product, pd) - reader) <= Decimal("1.5") * Decimal(10) ** -pd
                products.append(drawn(product, pd))
            reader = sum(products, Decimal(0)) + drawn(v["b"], bd)
            assert abs(drawn(v["y"][i, j], SUM_DECIMALS) - reader) <= Decimal("1.5") * Decimal(10) ** -SUM_DECIMALS


def test_a_plane_in_depth_is_sheared_and_its_marks_are_checked():
    """PlaneGrid: rows squashed and shifted right row above row; its window sits on the cell; the binding
    relation finds a mark on the right cell and reports one a cell off."""
    from scenes.checks.inspect import items_of
    from scenes.parts.rgb import PLANE_SHEAR, PlaneGrid, plane_mark_on

    t = THEMES["dark"]
    plane = PlaneGrid(np.arange(12.0).reshape(3, 4), lambda a: t.text, 0.4, 0.2, role="plane-R").move_to([1, 2, 0])
    top_left, bottom_left = plane.cell_center(0, 0), plane.cell_center(2, 0)
    assert abs(top_left[0] - bottom_left[0] - 2 * PLANE_SHEAR * 0.4) < 1e-9  # two rows up, two shears right
    assert abs(top_left[1] - bottom_left[1] - 2 * 0.2) < 1e-9
    assert abs(plane.cell_size - 0.4) < 1e-9 and abs(plane.cell_height - 0.2) < 1e-9
    mark = plane.window(1, 2, 1, 1, t.focus)
    np.testing.assert_allclose(mark.get_center(), plane.cell_center(1, 2), atol=1e-9)
    relation = plane_mark_on("mark", "plane-R", lambda p: (1, 2))
    mark.role = ("mark", 0)
    assert relation("s", items_of([plane, mark])) == []
    mark.move_to(plane.cell_center(1, 3))
    assert relation("s", items_of([plane, mark]))


@pytest.mark.parametrize("figure", ["fig2b", "fig4b"])
def test_the_difference_map_is_the_two_maps_apart(figure):
    from compute.values import FigureInputs
    from compute.values.onebyone import fig4b
    from compute.values.sliding import fig2b

    v = {"fig2b": fig2b, "fig4b": fig4b}[figure](FigureInputs())
    np.testing.assert_array_equal(v["abs_diff"], np.abs(v["y_fc"] - v["y"]))
    assert float(v["abs_diff"].max()) == float(v["max_abs_diff"]) < float(v["abs_diff_bound"])


# ---- the hover layer of a still where grids overlap (scenes/pipeline/page.py) ---------------------------


def _hover_hits(svg_body: str):
    """Every titled <rect> of an overlay as (x0, y0, x1, y1 in px, its title, its grid's title), in document
    order: what a browser hit-tests, the last one containing the pointer winning. Groups carry matrix(a 0 0 d
    e f) or translate(tx ty) transforms (scale and shift only); a rect without width or height is 1 (its CSS)."""
    import re
    import xml.etree.ElementTree as ET

    def compose(outer, inner):  # (sx, sy, tx, ty): point p -> s·p + t; outer ∘ inner
        return (
            outer[0] * inner[0],
            outer[1] * inner[1],
            outer[0] * inner[2] + outer[2],
            outer[1] * inner[3] + outer[3],
        )

    def transform_of(element):
        text = element.get("transform", "")
        if text.startswith("matrix("):
            a, _, _, d, e, f = (float(n) for n in re.findall(r"-?[\d.]+", text))
            return (a, d, e, f)
        if text.startswith("translate("):
            tx, ty = (float(n) for n in re.findall(r"-?[\d.]+", text))
            return (1.0, 1.0, tx, ty)
        return (1.0, 1.0, 0.0, 0.0)

    hits = []

    def walk(element, transform, grid_title):
        transform = compose(transform, transform_of(element))
        own = element.find("title")
        if element.tag == "g" and own is not None:
            grid_title = own.text
        for child in element:
            if child.tag == "g":
                walk(child, transform, grid_title)
            elif child.tag == "rect":
                x, y = float(child.get("x", 0)), float(child.get("y", 0))
                w, h = float(child.get("width", 1)), float(child.get("height", 1))
                sx, sy, tx, ty = transform
                xs, ys = sorted((sx * x + tx, sx * (x + w) + tx)), sorted((sy * y + ty, sy * (y + h) + ty))
                hits.append((xs[0], ys[0], xs[1], ys[1], child.find("title").text, grid_title))

    walk(ET.fromstring(f"<svg>{svg_body}</svg>"), (1.0, 1.0, 0.0, 0.0), None)
    return hits


@pytest.mark.parametrize("added", ["as built", "front plane first"])
def test_hovering_a_plane_in_front_reports_its_own_cell_not_the_hidden_one_behind(added):
    """fig4a's R, G, B planes overlap in depth (R in front of G's back rows, G of B's). In the still's hover layer
    the element under the pointer at a visible cell of a front plane is that cell ("[i, j] value" in its plane's
    group), not the cell of the plane hidden behind it: the overlay follows the camera's drawing order (z-index),
    also when the planes were added to the scene front first (R, G, B), the order that once showed G's cells."""
    import re

    from helpers import default_values
    from scenes.pipeline.output import build_scene
    from scenes.pipeline.page import exact, overlay
    from scenes.pipeline.vector import frame_matrix
    from scenes.registry import get

    figure = get("fig4a")
    scene = build_scene(figure, default_values("fig4a"), "light", step=1, record=False)  # the planes, split
    planes = {
        m.role[0]: m
        for m in scene.get_mobject_family_members()
        if getattr(m, "role", None) and m.role and m.role[0] in ("plane-R", "plane-G", "plane-B")
    }
    if added == "front plane first":
        front_first = [planes[role] for role in ("plane-R", "plane-G", "plane-B")]
        scene.remove(*front_first)
        scene.add(*front_first)
    body, _ = overlay(scene, 1920, 1080)
    hits = _hover_hits(body)
    matrix = frame_matrix(1920, 1080)
    checked = 0
    for front, behind in (("plane-R", "plane-G"), ("plane-G", "plane-B")):
        grid, hidden = planes[front], planes[behind]
        h, w = grid.grid_shape
        for i in range(h):
            for j in range(w):
                x, y = grid.cell_center(i, j)[:2]
                left, bottom, right, top = (
                    hidden.get_left()[0],
                    hidden.get_bottom()[1],
                    hidden.get_right()[0],
                    hidden.get_top()[1],
                )
                if not (left < x < right and bottom < y < top):
                    continue  # no cell of the plane behind under this one
                px, py = matrix.transform_point(x, y)
                under = [hit for hit in hits if hit[0] <= px <= hit[2] and hit[1] <= py <= hit[3]]
                assert under, (front, i, j)
                title, group = under[-1][4], under[-1][5]
                assert group.startswith(front + ":"), (front, i, j, group, title)
                where = re.match(r"\[(\d+), (\d+)(?:…(\d+))?\] (.*)", title)
                assert where and int(where[1]) == i and int(where[2]) <= j <= int(where[3] or where[2]), (title, i, j)
                assert where[4] == exact(grid.array[i, j]), (front, i, j, title)
                checked += 1
    assert checked >= 28  # at least a row of each overlap


@pytest.mark.parametrize(
    "weights, decimals",
    [
        ([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], 0),  # Sobel: integers
        ([0.299, 0.587, 0.114], 3),  # BT.601: three decimals write it exactly
        ([0.5, -1.5], 1),
        ([0.25, 1.0], 2),
        ([1 / 9] * 9, 3),  # box: no decimals write it exactly, the most (3)
        ([0.0], 0),
    ],
)
def test_weight_decimals_is_the_fewest_that_write_every_weight_exactly(weights, decimals):
    from scenes.parts.sliding import weight_decimals

    assert weight_decimals(weights) == decimals


def drawn_decimals(figure_id: str, inputs=None) -> dict[str, set[int]]:
    """Every drawn number of the figure (every step, dark theme), by the first word of its role: the set of
    the numbers of decimals its texts are drawn with ("≈" and thousands separators aside)."""
    from helpers import built_scene

    scene = built_scene(figure_id, probe=False, inputs=inputs)
    found: dict[str, set[int]] = {}
    for items in scene.frames.values():
        for item in items:
            if item.kind == "number" and item.role:
                text = item.text.lstrip("≈ ")
                found.setdefault(item.role[0], set()).add(len(text.split(".")[1]) if "." in text else 0)
    return found


def precision_rule(v) -> dict[str, int]:
    """The precision rule (scenes/parts/sliding.py), written out per kind of quantity."""
    from scenes.parts.sliding import PIXEL_DECIMALS, SUM_DECIMALS, product_decimals, weight_decimals

    return {
        "pixel": PIXEL_DECIMALS,
        "product": product_decimals(v["k"]),
        "bias": weight_decimals(v["b"]),
        "result": SUM_DECIMALS,
    }


@pytest.mark.parametrize("kernel", ["sobel-x", "box", "laplace", "learned:2"])
def test_fig2a_draws_each_kind_of_quantity_to_one_precision(kernel):
    """Issue 17 item 1: one precision per kind of quantity — every drawn pixel, weight, product, bias and sum
    has exactly the decimals the precision rule gives it, at every step."""
    from compute.values import FigureInputs
    from helpers import values_for
    from scenes.parts.sliding import weight_decimals

    inputs = FigureInputs(kernel=kernel)
    v = values_for("fig2a", inputs)
    want = precision_rule(v) | {"kernel": weight_decimals(v["k"]), "padding": 0, "stride": 0}
    found = drawn_decimals("fig2a", inputs)
    assert {"pixel", "product", "kernel", "result", "bias"} <= found.keys()
    for role, decimals in want.items():
        assert found.get(role, {decimals}) == {decimals}, (kernel, role, found[role])


@pytest.mark.parametrize("figure_id", ["fig2b", "fig4a", "fig4b"])
def test_the_family_draws_each_kind_of_quantity_to_one_precision(figure_id):
    """The same rule in fig2b, fig4a and fig4b (their default inputs): weights, bias, pixels, products and
    sums to the precision rule's decimals, the proofs' values and differences to EVIDENCE_DECIMALS."""
    from helpers import values_for
    from scenes.parts.sliding import EVIDENCE_DECIMALS, PIXEL_DECIMALS, SUM_DECIMALS, weight_decimals

    v = values_for(figure_id, None)
    rule = precision_rule(v) | {
        "kernel": weight_decimals(v["k"]),
        "weight": weight_decimals(v["k"]),
        "input": PIXEL_DECIMALS,
        "output": SUM_DECIMALS,
        "unit-value": EVIDENCE_DECIMALS,
        "conv-value": EVIDENCE_DECIMALS,
        "max_diff": EVIDENCE_DECIMALS,
    }
    found = drawn_decimals(figure_id)
    assert {"weight", "bias"} <= found.keys()
    for role, decimals in rule.items():
        assert found.get(role, {decimals}) == {decimals}, (figure_id, role, found[role])


@pytest.mark.parametrize("kernel", ["sobel-x", "laplace", "box", "learned:4"])
@pytest.mark.parametrize("padding", [1, 2])
def test_fig2b_padded_unit_keeps_its_target_cell_readable_while_it_works(padding, kernel):
    """Issue 17, item 7: with padding at stride 1 (a 28×28 or 30×30 map), for kernels of whole weights (Sobel,
    Laplace: its wider outputs bring the unit closer to the weights) and of weights with decimals (box, learned: k
    then stands over the weights' column, not beside the map), the unit's map takes the frame's height so that its
    target cell is at least 24 px at 1080p at every worked position, the comparison's two maps keep cells that big
    (|A − B| a narrow column at their right), and every other rule holds at every step."""
    from compute.values import FigureInputs
    from scenes.checks.bindings import check
    from scenes.checks.readability import check_readability
    from scenes.figures.fig2b import STEPS, bindings
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    inputs = FigureInputs(kernel=kernel, padding=padding)
    v = get("fig2b").values(inputs)
    scene = build_scene(get("fig2b"), v, probe=True, inputs=inputs)
    problems = check(scene, bindings(v)) + check_readability(scene)
    assert problems == []
    for step in (STEPS.inputs_1, STEPS.output_1, STEPS.position(2), STEPS.position(3), STEPS.compare):
        (mark,) = [i for i in scene.frames[step] if i.role and i.role[0] == "target"]
        assert min(mark.bbox[2] - mark.bbox[0], mark.bbox[3] - mark.bbox[1]) * 135 >= 24, step
    items = scene.frames[STEPS.compare]
    (conv_mark,) = [i for i in items if i.role and i.role[0] == "conv-target"]
    assert min(conv_mark.bbox[2] - conv_mark.bbox[0], conv_mark.bbox[3] - conv_mark.bbox[1]) * 135 >= 24
    side = 28 + 2 * padding - 2  # a 3×3 kernel at stride 1
    for role in ("unit_map", "conv_map"):
        (grid,) = [i for i in items if i.kind == "grid" and i.role == (role,)]
        assert np.shape(grid.visible)[:2] == (side, side)
        assert (grid.bbox[2] - grid.bbox[0]) / side * 135 >= 24, role
    (diff,) = [i for i in items if i.kind == "grid" and i.role == ("abs_diff",)]
    assert diff.bbox[0] > max(i.bbox[2] for i in items if i.kind == "grid" and i.role == ("conv_map",))  # at B's right


def test_fig2b_padded_comparison_reports_a_map_shrunk_under_24_px(monkeypatch):
    """The comparison's size is declared (at_least conv_map 24 per cell): maps drawn at the row layout's width, as
    before the column layout (21.1 px a cell for 30×30), are reported."""
    import scenes.figures.fig2b as module
    from compute.values import FigureInputs
    from scenes.checks.bindings import check
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    inputs = FigureInputs(padding=2)
    v = get("fig2b").values(inputs)
    monkeypatch.setattr(module, "MIN_MAP_CELL", module.COMPARE_SIDE / 30)  # the old 4.7-wide maps
    problems = check(build_scene(get("fig2b"), v, probe=False, inputs=inputs), module.bindings(v))
    assert any(f"step {module.STEPS.compare}" in p and "conv_map" in p and "at least 24 px" in p for p in problems)


def test_equality_view_column_layout_stacks_the_difference_narrow_at_b_right():
    """The opt-in "column" layout (fig2b's padded comparison): the maps as wide as asked, |A − B| a column at B's
    right no wider than its map or its widest word, its title and note wrapped, its top level with B's title and
    the badge still under everything; the default "row" layout is unchanged and an unknown layout refused."""
    t = THEMES["dark"]
    v = _values()
    kwargs = dict(names=("unit", "convolution"), value_roles=(("va", 0), ("vb", 0)), decimals=3, gap=0.25)
    row = EqualityView(v, t, "a", "b", "abs_diff", (4, 5), side=5.3, diff_side=1.3, **kwargs)
    view = EqualityView(v, t, "a", "b", "abs_diff", (4, 5), side=5.3, diff_side=1.3, layout="column", **kwargs)
    assert abs(view.grid_a.width - 5.3) < 1e-9 and abs(view.grid_diff.width - 1.3) < 1e-9
    assert view.grid_diff.get_left()[0] > view.grid_b.get_right()[0]
    lines = [m for m in view.panel_diff.get_family() if getattr(m, "text", None) and m is not view.max_num]
    widest_word = max(Label(w, t, SMALL_SIZE).width for m in lines for w in m.text.split())
    assert view.panel_diff.width <= max(1.3, widest_word) + 1e-6 < row.panel_diff.width
    (title,) = view.title_diff
    assert [m.text for m in title] == ["|unit −", "convolution|"]  # wrapped, whole words
    assert [m.text for m in view.diff_note] == ["blank:", "no visible", "difference"]  # a line ends at the colon
    assert abs(view.panel_diff.get_top()[1] - view.title_b.get_top()[1]) < 1e-9
    assert view.check.get_top()[1] < min(view.value_a.get_bottom()[1], view.diff_note.get_bottom()[1])
    assert view.max_num.text == row.max_num.text == "0.000" and view.max_num.role == ("max_diff",)
    with pytest.raises(ValueError, match="layout"):
        EqualityView(v, t, "a", "b", "abs_diff", (4, 5), layout="stacked")


@pytest.mark.parametrize("kernel", ["laplace", "box", "learned:4"])
def test_fig2b_unpadded_wide_kernel_or_output_keeps_its_target_cell_readable(kernel):
    """The same at padding 0 (a 26×26 map), where a box or learned kernel above the unit left the map 19 px a cell
    (Laplace's wide outputs 22 px): k stands over the weights' column, the map takes the frame's height, and every
    rule holds at every step."""
    from compute.values import FigureInputs
    from scenes.checks.bindings import check
    from scenes.checks.readability import check_readability
    from scenes.figures.fig2b import STEPS, bindings
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    inputs = FigureInputs(kernel=kernel)
    v = get("fig2b").values(inputs)
    scene = build_scene(get("fig2b"), v, probe=True, inputs=inputs)
    assert check(scene, bindings(v)) + check_readability(scene) == []
    for step in (STEPS.inputs_1, STEPS.output_1, STEPS.position(2), STEPS.position(3)):
        (mark,) = [i for i in scene.frames[step] if i.role and i.role[0] == "target"]
        assert min(mark.bbox[2] - mark.bbox[0], mark.bbox[3] - mark.bbox[1]) * 135 >= 24, step
    items = scene.frames[STEPS.inputs_1]
    (kernel_grid,) = [i for i in items if i.kind == "grid" and i.role == ("kernel",)]
    (unit_map,) = [i for i in items if i.kind == "grid" and i.role == ("unit_map",)]
    weights = [i for i in items if i.kind == "number" and i.role and i.role[0] == "weight"]
    assert kernel_grid.bbox[1] > max(w.bbox[3] for w in weights)  # over the weights' column
    assert kernel_grid.bbox[2] < unit_map.bbox[0]


def test_fig2b_reports_a_target_cell_shrunk_under_24_px_for_a_kernel_with_decimals(monkeypatch):
    """The target's size is declared (at_least target 24): a learned kernel's padded map drawn as small as when k
    stood above the unit (4.4 wide for 30×30: 19.8 px a cell) is reported at every worked position."""
    import scenes.figures.fig2b as module
    from compute.values import FigureInputs
    from scenes.checks.bindings import check
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    inputs = FigureInputs(kernel="learned:4", padding=2)
    v = get("fig2b").values(inputs)
    assert check(build_scene(get("fig2b"), v, probe=False, inputs=inputs), module.bindings(v)) == []
    monkeypatch.setattr(module, "BIG_BOTTOM", module.BIG_TOP - 4.4)  # the old room: the map 4.4 high and wide
    problems = check(build_scene(get("fig2b"), v, probe=False, inputs=inputs), module.bindings(v))
    steps = (module.STEPS.inputs_1, module.STEPS.output_1, module.STEPS.position(2), module.STEPS.position(3))
    for step in steps:
        assert any(f"step {step}:" in p and "target" in p and "at least 24 px" in p for p in problems), step
