"""One colour grammar (issue 17, item 8): each role colour readable on its background, apart from the others
and from the sign colours; the legend in docs/writing-a-figure.md says the same as the theme."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from scenes.checks.colours import check_colours, contrast, delta_e, map_colours
from scenes.mobjects.theme import THEMES

TEXT_COLOURS = ("text", "muted", "focus", "accent2", "truth", "prediction", "good", "bad")
ROLE_COLOURS = ("focus", "accent2", "truth", "prediction", "good", "bad")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "writing-a-figure.md"


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_text_colours_read_on_the_background(theme):
    t = THEMES[theme]
    low = {name: round(contrast(getattr(t, name), t.background), 2) for name in TEXT_COLOURS}
    assert all(ratio >= 4.5 for ratio in low.values()), low


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_focus_and_classes_are_not_sign_colours(theme):
    """The focus is far (ΔE ≥ 40) from every colour of the signed map, both ends and between; the class
    colours and the second pick are clearly apart from it too (ΔE ≥ 20)."""
    t = THEMES[theme]
    signed = map_colours(t.signed_cmap)
    nearest = {
        name: min(delta_e(getattr(t, name), c) for c in signed) for name in ("focus", "accent2", "truth", "prediction")
    }
    assert nearest["focus"] >= 40, nearest
    assert min(nearest.values()) >= 20, nearest


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_each_role_has_its_own_colour(theme):
    t = THEMES[theme]
    close = {
        (a, b): round(delta_e(getattr(t, a), getattr(t, b)), 1)
        for a, b in itertools.combinations(ROLE_COLOURS, 2)
        if delta_e(getattr(t, a), getattr(t, b)) < 20
    }
    assert not close, close


def test_the_legend_lists_every_role_with_the_theme_s_colours():
    legend = DOCS.read_text()
    for name in ROLE_COLOURS + ("text", "muted"):
        row = re.search(rf"^\| `{name}` \|.*$", legend, re.MULTILINE)
        assert row, f"no legend row for {name}"
        for theme in THEMES.values():
            assert getattr(theme, name).lower() in row.group(0).lower(), (name, theme.name)


def test_a_colour_from_nowhere_is_caught():
    from types import SimpleNamespace

    from scenes.checks.inspect import items_of
    from scenes.mobjects.text import Label

    t = THEMES["dark"]
    fine = [Label("focus", t, color=t.focus), Label("plain", t)]
    stray = Label("stray", t, color="#ff8800")
    dim = Label("dim", t, color="#303030")
    scene = SimpleNamespace(theme=t, frames={"s": items_of(fine + [stray, dim])})
    problems = check_colours(scene)
    assert any("'stray' is drawn in #ff8800" in p for p in problems), problems
    assert any("'dim' in #303030 has a contrast of" in p for p in problems), problems
    assert not any("'focus'" in p or "'plain'" in p for p in problems)
    declared = SimpleNamespace(extra_colours=["#ff8800"])
    assert not any("stray" in p for p in check_colours(scene, declared))
