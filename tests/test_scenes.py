"""Every figure draws what its numbers mean, readably, step by step — for the defaults and other inputs.

Each scene is built instantly (no frames), sampled midway through every animation, and checked
against the figure's declared bindings (``bindings(values)`` in its module) and the lecture rules
(``scenes.checks.readability``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from helpers import built_scene, input_cases, values_for
from scenes.checks.bindings import check
from scenes.checks.captions import check_captions
from scenes.checks.colours import check_colours
from scenes.checks.readability import check_readability
from scenes.registry import FIGURES, get
from scenes.settings import FINAL_HOLD, STEP_HOLD

CASES = [(f, k) for f in sorted(FIGURES) for k in range(len(input_cases(f)))]


def case(figure_id: str, k: int):
    inputs = input_cases(figure_id)[k]
    return built_scene(figure_id, inputs=inputs), values_for(figure_id, inputs)


@pytest.mark.parametrize("figure_id, k", CASES)
def test_every_drawn_number_means_what_the_figure_says(figure_id, k):
    scene, values = case(figure_id, k)
    problems = check(scene, get(figure_id).module().bindings(values))
    assert not problems, f"{figure_id} {input_cases(figure_id)[k]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("figure_id, k", CASES)
def test_every_step_is_readable_at_the_back_of_a_room(figure_id, k):
    scene, _ = case(figure_id, k)
    problems = check_readability(scene)
    assert not problems, f"{figure_id} {input_cases(figure_id)[k]}:\n" + "\n".join(problems)


@pytest.mark.parametrize("figure_id, k", CASES)
def test_every_caption_names_only_what_is_on_screen(figure_id, k):
    """Issue 17, item 9: each number, shape, symbol and object a step's caption names is drawn at its end."""
    scene, values = case(figure_id, k)
    problems = check_captions(scene, get(figure_id).module().bindings(values))
    assert not problems, f"{figure_id} {input_cases(figure_id)[k]}:\n" + "\n".join(problems)


# The arithmetic each figure draws in full, by the role of its result (issue 17, item 1): the figure's
# bindings must declare it (Bindings.sum_of, product_of, weighted_sum_of, mean_of, difference_of,
# quotient_of), so that every drawn result is recomputed from its drawn operands at every step, every input.
ARITHMETIC = {
    "fig1a": {"product"},  # w_i · x_i of each drawn input
    "fig2a": {"product", "result"},  # pixel · weight; Σ products + b
    "fig2b": {"output"},  # Σ w_m x_m + b of the unit
    "fig4a": {"product", "result"},
    "fig4b": {"output"},
    "fig5a": {"product"},  # k_fc · x_c
    "fig5c": {"logit"},  # z_f = score_f / (H·W), H·W drawn in the formula (Bindings.quotient_of)
    "fig6a": {"product"},  # k_c · v_c
    "fig8": {"weights", "macs", "ratio", "macs-ratio"},  # F·C·k·k per stage, times H·W; bottleneck ÷ direct
}


def test_every_drawn_computation_is_declared(figure_id):
    b = get(figure_id).module().bindings(values_for(figure_id, None))
    missing = ARITHMETIC.get(figure_id, set()) - set(b.arithmetic)
    assert not missing, f"{figure_id} draws {sorted(missing)} without an arithmetic relation in its bindings"


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_colours_follow_the_grammar(figure_id, theme):
    """Issue 17, item 8: texts and outlines in the theme's colours (or declared identity colours), texts
    readable on the background."""
    scene = built_scene(figure_id, theme=theme)
    problems = check_colours(scene, get(figure_id).module().bindings(values_for(figure_id, None)))
    assert not problems, f"{figure_id} ({theme}):\n" + "\n".join(problems)


def test_light_theme_reads_the_same(figure_id):
    scene = built_scene(figure_id, theme="light")
    assert not check(scene, get(figure_id).module().bindings(values_for(figure_id, None)))
    assert not check_readability(scene)


def test_steps_are_named_captioned_and_held(figure_id):
    scene, _ = case(figure_id, 0)
    names = [s.name for s in scene.steps]
    assert len(names) >= 3 and len(set(names)) == len(names)
    for step, following in zip(scene.steps, scene.steps[1:]):
        assert following.start >= step.end - 1e-9
    assert scene.steps[-1].end - scene.steps[0].start > 10
    assert set(scene.frames) == set(names), "every step's end was recorded"
    assert STEP_HOLD >= 2 and FINAL_HOLD >= 3


def test_every_number_ever_drawn_has_a_role(figure_id):
    from scenes.mobjects.text import Num

    scene, _ = case(figure_id, 0)
    numbers = [m for m in scene.ever_added.values() if isinstance(m, Num)]
    assert numbers, f"{figure_id} draws no numbers from its values"
    assert all(n.role for n in numbers)


def test_a_still_of_a_middle_step(figure_id):
    from scenes.pipeline.output import build_scene

    figure = get(figure_id)
    full = built_scene(figure_id)
    middle = len(full.steps) // 2
    scene = build_scene(figure, values_for(figure_id, None), step=middle)
    assert [s.name for s in scene.steps] == [s.name for s in full.steps[:middle]]


def test_svg_still_is_vector_and_deterministic(figure_id, tmp_path):
    from scenes.pipeline.vector import write_svg

    scene = built_scene(figure_id)
    first = write_svg(scene, tmp_path / "a.svg", 1920, 1080)
    second = write_svg(scene, tmp_path / "b.svg", 1920, 1080)
    assert first.read_bytes() == second.read_bytes()
    root = ET.parse(first).getroot()
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert "image" not in tags
    assert len([el for el in root.iter() if el.tag.endswith("path")]) > 20


def test_scene_constructs_with_no_arguments(figure_id):
    """Plain manim (``manim -ql scenes/<fig>.py <Scene>``) and Jupyter's %%manim construct scenes bare."""
    scene = get(figure_id).scene_class()()
    assert scene.values.keys() == values_for(figure_id, None).keys()
    for key, array in scene.values.items():
        np.testing.assert_array_equal(array, values_for(figure_id, None)[key])


def test_svg_draws_the_same_frame_as_cairo(figure_id, tmp_path):
    """An independent renderer (librsvg) draws the SVG as cairo draws the PNG of the same frame: the SVG
    writer's shortening (merged cells, lines, rounding, style classes) loses nothing visible."""
    from PIL import Image

    from onebyone.check import rasterize
    from scenes.pipeline.vector import write_png, write_svg

    scene = built_scene(figure_id)
    svg = write_svg(scene, tmp_path / "still.svg", 1920, 1080)
    cairo_png = np.asarray(Image.open(write_png(scene, tmp_path / "still.png", 1920, 1080)).convert("RGB"), float)
    librsvg = rasterize(svg, tmp_path / "rsvg.png", 1920, 1080)
    difference = np.abs(cairo_png - librsvg[..., :3]).max(axis=2)
    assert difference.mean() < 1.0, f"mean difference {difference.mean():.2f} levels"
    assert (difference > 64).mean() < 0.001, f"{100 * (difference > 64).mean():.3f}% of pixels differ by > 64"


def test_an_empty_quarter_of_the_stage_is_caught():
    """Issue 17, item 7: a step that leaves a quarter of the stage empty is reported, naming the quarter."""
    from scenes.checks.readability import check_room
    from scenes.mobjects.components import stage_area

    _, bottom, _, top = stage_area()
    scene = built_scene("fig5b", probe=False)
    step, items = list(scene.frames.items())[-1]
    assert not check_room(step, items)
    kept = [i for i in items if not (i.bbox[2] > 0.1 and i.bbox[1] < (bottom + top) / 2 - 0.1)]  # none bottom right
    (problem,) = check_room(step, kept)
    assert problem.startswith(f"step {step}: the bottom right quarter of the stage is ") and "(at least 5%)" in problem
