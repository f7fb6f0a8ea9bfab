"""Every registered figure: what its scene draws is what compute computed, and its still is vector."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from manim import Text

from compute.values import FigureInputs
from conftest import assert_same_picture, built_scene, default_values, rasterize_svg, read_rgb
from scenes.components import Num, format_number, format_scientific
from scenes.registry import get

DIGITS = re.compile(r"\d")


def test_every_drawn_number_is_a_value_as_displayed(figure_id):
    values = default_values(figure_id)
    numbers = list(built_scene(figure_id).drawn_numbers.values())
    assert numbers, f"{figure_id} draws no numbers from its values"
    for num in numbers:
        expected = np.asarray(values[num.key])[num.index]
        assert num.value == float(expected), (num.key, num.index)
        shown = format_scientific(expected, num.decimals) if num.scientific else format_number(expected, num.decimals)
        assert num.shown == shown
        assert num.original_text == num.prefix + shown + num.suffix  # what manim typeset
        assert not DIGITS.search(num.prefix + num.suffix), f"digits typed around a Num: {num.original_text!r}"


def test_no_number_is_typed_into_a_scene(figure_id):
    """Text with digits in it is a Num bound to the values, a shape label like '28×28' read off an
    array, or the registry's title and caption."""
    scene = built_scene(figure_id)
    values = default_values(figure_id)
    figure = get(figure_id)
    allowed = {figure.title, figure.caption}
    for a in map(np.asarray, values.values()):
        allowed |= {"×".join(map(str, a.shape[-n:])) for n in range(1, a.ndim + 1)}
    for mob in scene.get_mobject_family_members():
        if isinstance(mob, Text) and not isinstance(mob, Num) and DIGITS.search(mob.original_text):
            text = mob.original_text
            assert text in allowed, f"{figure_id} draws {text!r}, a number not read from its values"


def test_svg_still_is_vector_and_deterministic(figure_id, tmp_path):
    from scenes.vector import write_svg

    scene = built_scene(figure_id)
    first = write_svg(scene, tmp_path / "a.svg", 960, 540)
    second = write_svg(scene, tmp_path / "b.svg", 960, 540)
    assert first.read_bytes() == second.read_bytes()
    root = ET.parse(first).getroot()
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert "image" not in tags
    paths = [el for el in root.iter() if el.tag.endswith("path")]
    assert len(paths) > 100, f"{figure_id}: only {len(paths)} vector paths"


def test_svg_still_draws_the_same_frame_as_the_png(figure_id, tmp_path):
    """An independent SVG renderer (librsvg) draws the SVG as cairo draws the PNG: the SVG's
    shortening (lines, rounding, style classes) loses nothing visible."""
    from scenes.vector import write_png, write_svg

    scene = built_scene(figure_id)
    svg = write_svg(scene, tmp_path / "still.svg", 480, 270)
    png = write_png(scene, tmp_path / "still.png", 480, 270)
    assert_same_picture(read_rgb(png), rasterize_svg(svg, tmp_path / "svg.png"), figure_id)


@pytest.mark.parametrize(
    "figure_id, inputs, theme",
    [
        ("fig2a", FigureInputs(digit=7, index=12, kernel="learned:4", padding=2, stride=3), "light"),
        ("fig2b", FigureInputs(digit=0, index=5, kernel="laplace", padding=1, stride=2), "dark"),
        ("fig4a", FigureInputs(rgb_weights=(1.0, -1.0, 0.5)), "light"),
        ("fig5c", FigureInputs(digit=9, index=3), "dark"),
    ],
)
def test_other_inputs_and_themes_draw_their_own_values(figure_id, inputs, theme):
    """The binding of drawn numbers to values holds beyond the defaults, in both themes."""
    from scenes.output import build_scene

    figure = get(figure_id)
    values = figure.values(inputs)
    numbers = list(build_scene(figure, values, theme=theme).drawn_numbers.values())
    assert numbers
    for num in numbers:
        assert num.value == float(np.asarray(values[num.key])[num.index]), (num.key, num.index)
