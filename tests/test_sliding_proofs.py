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
        v, t, "a", "b", "abs_diff", (4, 5), names=("conv2d", "sliding FC"),
        mark_roles=(("target", 0), ("conv-target", 0)), value_roles=(("va", 0), ("vb", 0)), decimals=3,
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
    assert ("black" if theme == "dark" else "white") in words and "no visible difference" in words
    # the badge is the summary, under everything else
    assert view.check.holds and view.check.get_top()[1] < min(view.value_a.get_bottom()[1], view.max_row.get_bottom()[1])


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
