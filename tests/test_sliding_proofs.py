"""The proofs fig2a, fig2b, fig4a and fig4b draw: EqualityView shows "A = B" as evidence."""

from __future__ import annotations

import numpy as np
import pytest

from compute.values import equality
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.theme import THEMES


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
