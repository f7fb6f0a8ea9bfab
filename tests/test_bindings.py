"""The net catches wrong drawings: bugs put into a copy of the code one at a time must fail the checks.

Each case edits the source of one module (tests/mutation.py), builds the affected figure and runs the
same checks tests/test_scenes.py runs; the check must report a problem. The bugs are the ones users
found slipping through before (issue 12's table), plus the equality mark tested both ways.
"""

from __future__ import annotations

import numpy as np
import pytest

from compute.values import FigureInputs
from helpers import problems_of, problems_with
from scenes.checks.mutation import mutated
from scenes.registry import get


def test_the_unmutated_figure_is_clean():
    assert problems_of("fig2a") == []


BUGS = [
    pytest.param(
        "scenes.figures.fig2a",
        'hand_num(v, "y", (i, j), t, SUM_DECIMALS, sum_exact, font_size=LABEL_SIZE + 4, role=("result", p))',
        'hand_num(v, "y", (i, j + 1), t, SUM_DECIMALS, sum_exact, font_size=LABEL_SIZE + 4, role=("result", p))',
        "fig2a",
        "result",
        id="fig2a's worked sum drawn from y[i, j+1]",
    ),
    pytest.param(
        "scenes.mobjects.components",
        'values, key, hi_index, theme, decimals, SMALL_SIZE, role=("colorbar-max",)',
        'values, key, lo_index, theme, decimals, SMALL_SIZE, role=("colorbar-max",)',
        "fig2a",
        "top label",
        id="only the colour bar's top label wrong",
    ),
    pytest.param(
        "scenes.mobjects.components",
        "hi_index = np.unravel_index(np.argmax(array), array.shape)",
        "hi_index = np.unravel_index(np.argmax(np.abs(array)), array.shape)",
        "fig2a",
        "colour bar",
        id="colour bar's max taken as the largest absolute value",
    ),
    pytest.param(
        "scenes.figures.fig2a",
        'ShapeLabel(v, "y", t, role="output")',
        'ShapeLabel(v, "x", t, role="output")',
        "fig2a",
        "should read 26×26",
        id="fig2a's output titled 28×28 instead of 26×26",
    ),
    pytest.param(
        "scenes.figures.fig2a",
        'signed_grid(v["y"], t, out_cell, role="output", visible=False)',
        'signed_grid(v["y"].T, t, out_cell, role="output", visible=False)',
        "fig2a",
        "grid ('output',)",
        id="fig2a's output map drawn transposed",
    ),
    pytest.param(
        "scenes.figures.fig2a",
        'bind(window, ("window", p)), bind(target, ("target", p))',
        'bind(window, ("window", p)), bind(target, ("target", p - 1))',
        "fig2a",
        "target",
        id="fig2a's target outline left on the previous output pixel",
    ),
    pytest.param(
        "scenes.mobjects.grid",
        "        return np.array([left + (j + w / 2) * sx, top - (i + h / 2) * sy, 0.0])",
        "        return np.array([left + (j + w / 2) * sx, top - (i + h / 2 + 1) * sy, 0.0])",
        "fig2a",
        "window",
        id="the sliding window drawn one row low",
    ),
]


# The rest of issue 12's table, each in the figure where it was found.
BUGS += [
    pytest.param(
        "compute.values.classmaps",
        "    hw = features.shape[1] * features.shape[2]",
        "    hw = features.size // features.shape[0] * 4",
        "fig5c",
        "logits_diff",
        id="fig5c divides by 784 instead of H·W = 196",
    ),
    pytest.param(
        "scenes.figures.fig1b",
        'y_grid = signed_grid(v["y_map"], t,',
        'y_grid = signed_grid(v["y_map"].T, t,',
        "fig1b",
        "grid ('output',)",
        id="fig1b's output map drawn transposed",
    ),
    pytest.param(
        "scenes.parts.classmap",
        'Num(values, "classes", (f,), theme, 0, label_size, role=("class_label", f)) for f in range(len(y))',
        'Num(values, "classes", ({3: 5, 5: 3}.get(f, f),), theme, 0, label_size, role=("class_label", f))'
        " for f in range(len(y))",
        "fig5a",
        "class_label",
        id="class-map labels 3 and 5 swapped",
    ),
    pytest.param(
        "scenes.figures.fig6a",
        'n_size = Size(v, "v", 0, "channels")',
        'n_size = Size(v, "x", 0, "channels")',
        "fig6a",
        "channels is 28, should be 784",
        id="fig6a's formula sums over 28 channels instead of 784",
    ),
    pytest.param(
        "scenes.figures.fig6b",
        'y_limit = float(np.max(np.abs(v["y"])))',
        'y_limit = float(np.max(np.abs(v["b"])))',
        "fig6b",
        "saturate",
        id="fig6b's output colours on a scale that stops short of the outputs",
    ),
    # survivors of the mutation run (benchmarks/mutants.py), now caught
    pytest.param(
        "scenes.figures.fig3",
        'limit = float(v["glorot_limit"])',
        'limit = float(v["seed"])',
        "fig3",
        "wash out",
        id="fig3's kernels coloured on a scale of ±1998: every weight drawn as zero",
    ),
    pytest.param(
        "scenes.parts.classmap",
        "VGroup(label, grid).arrange(DOWN, buff=0.07)",
        "VGroup(grid, label).arrange(DOWN, buff=0.07)",
        "fig5a",
        "map_label",
        id="fig5a's channel numbers under their maps: each reads as the next map's",
    ),
    pytest.param(
        "scenes.figures.fig1b",
        'role="output", visible=False)',
        'role="output", visible=True)',
        "fig1b",
        "shown too early",
        id="fig1b's output map filled before any neuron computes",
    ),
    pytest.param(
        "scenes.figures.fig1b",
        "(0, STEPS.neuron_1,",
        "(1, STEPS.neuron_1,",
        "fig1b",
        "output",
        id="fig1b's first step works the second neuron",
    ),
    pytest.param(
        "scenes.figures.fig3",
        "FadeIn(squares[0]), FadeIn(results[0])",
        "FadeIn(squares[1]), FadeIn(results[1])",
        "fig3",
        "channel drawn for",
        id="fig3's first filter collapses into the second filter's output",
    ),
    pytest.param(
        "scenes.figures.fig5a",
        "FadeCells(maps.maps[f], [(i, j)])",
        "FadeCells(maps.maps[f], [(j, i)])",
        "fig5a",
        "shown too early",
        id="fig5a's dot product lands on the transposed pixel",
    ),
    pytest.param(
        "scenes.figures.fig5a",
        "others = [g for g in range(n_classes) if g != f]",
        "others = [g for g in range(n_classes) if g == f]",
        "fig5a",
        "should show",
        id="fig5a's other nine class maps never fill in",
    ),
    pytest.param(
        "scenes.figures.fig6a",
        'at(Num(v, "v", (c, 0, 0), t, PIXEL_DECIMALS, NUMBER_SIZE, role=("pixel", p)), "v", y)',
        'at(Num(v, "v", (c, 0, 0), t, PIXEL_DECIMALS + 1, NUMBER_SIZE, role=("pixel", p)), "v", y)',
        "fig6a",
        "its precision is 2 decimals",
        id="fig6a's pixels drawn with one more decimal than every other figure's",
    ),
    pytest.param(
        "scenes.parts.fc",
        '(num("glorot_limit", (), GLOROT_DECIMALS, ("glorot-limit",)), space)',
        '(num("glorot_limit", (), GLOROT_DECIMALS + 1, ("glorot-limit",)), space)',
        "fig1b",
        "glorot-limit drawn as",
        id="the Glorot limit drawn with a digit more than declared",
    ),
]


@pytest.mark.parametrize("module, old, new, figure_id, says", BUGS)
def test_a_known_bug_is_caught(module, old, new, figure_id, says):
    problems = problems_with(figure_id, module, old, new)
    assert problems, "the bug went unnoticed"
    if says:
        assert any(says in p for p in problems), problems


def test_a_bug_does_not_outlive_its_block():
    """A scene module first imported while a bug is in (it took the mutant's names) is imported afresh
    after: one known bug must not leak into every later test."""
    import importlib
    import sys

    import scenes.parts.classmap

    original = scenes.parts.classmap.ClassMaps
    sys.modules.pop("scenes.figures.fig5a", None)
    with mutated("scenes.parts.classmap", "class ClassMaps(VGroup):", "class ClassMaps(VGroup):  # mutant"):
        assert importlib.import_module("scenes.figures.fig5a").ClassMaps is not original
    assert importlib.import_module("scenes.figures.fig5a").ClassMaps is original
    assert not problems_of("fig5a")


def test_the_net_stays_quiet_when_nothing_drawn_changes():
    """A caption is not drawn: changing it is no drawing bug (the checks are not just noisy)."""
    with mutated(
        "scenes.figures.fig2a",
        'come out and "\n                f"meet them',
        'come out and "\n                f"meet it',
    ):
        assert problems_of("fig2a") == []


@pytest.mark.parametrize("delta, holds", [(1.0, False), (3e-3, False), (2e-13, True), (0.0, True)])
def test_the_equality_mark_both_ways(delta, holds):
    """A large Δ draws '✗ differ' and its value in the failure colour; a rounding Δ draws the bound and ✓."""
    from manim import ManimColor

    from scenes.mobjects.components import EqualityCheck
    from scenes.mobjects.text import parse_number
    from scenes.mobjects.theme import THEMES

    theme = THEMES["dark"]
    values = {"max_abs_diff": np.asarray(delta), "max_abs_diff_bound": np.asarray(1e-12)}
    check_mark = EqualityCheck(values, theme)
    relation, number, mark = check_mark
    assert check_mark.holds is holds and mark.holds is holds
    assert mark.text == ("✓ equal" if holds else "✗ differ")
    expected_color = theme.good if holds else theme.bad
    assert ManimColor(mark.get_fill_color()).to_hex().lower() == ManimColor(expected_color).to_hex().lower()
    if holds:
        assert relation.text == "max |Δ| <" and parse_number(number.text) == 1e-12
    else:
        assert relation.text == "max |Δ| =" and abs(parse_number(number.text) - delta) <= 0.051 * delta
        assert ManimColor(number.get_fill_color()).to_hex().lower() == ManimColor(theme.bad).to_hex().lower()


def test_an_equality_mark_that_lies_is_caught():
    """A mark drawn ✓ while the two arrays differ by 1 (the bug 'draws ✓ up to Δ = 1') fails the check."""
    from scenes.checks.bindings import Bindings, _check_equalities
    from scenes.checks.inspect import items_of
    from scenes.mobjects.components import EqualityCheck
    from scenes.mobjects.theme import THEMES

    values = {"max_abs_diff": np.asarray(1.0), "max_abs_diff_bound": np.asarray(1e-12)}
    with mutated("scenes.mobjects.components", "self.holds = delta < bound", "self.holds = delta <= 1.0"):
        from scenes.mobjects import components

        lying = components.EqualityCheck(values, THEMES["dark"])
    honest = EqualityCheck(values, THEMES["dark"])
    b = Bindings(values).equal("max_abs_diff", np.zeros(3), np.array([0.0, 1.0, 0.0]))
    assert _check_equalities("s", items_of([lying]), b), "a ✓ over Δ = 1 went unnoticed"
    assert _check_equalities("s", items_of([honest]), b) == []


def test_digits_typed_into_a_formula_are_caught():
    with mutated("scenes.figures.fig2a", 'Math("y = x star k + b", t)', 'Math("y = x star k + 0.5 b", t)'):
        problems = problems_of("fig2a")
    assert any("digits typed into it" in p for p in problems), problems


def test_a_number_typed_into_a_label_is_caught():
    with mutated(
        "scenes.figures.fig2a", 'Label("stride", t, SMALL_SIZE, t.muted)', 'Label("stride 1", t, SMALL_SIZE, t.muted)'
    ):
        problems = problems_of("fig2a")
    assert any("'stride 1' has digits typed into it" in p for p in problems), problems


def test_a_label_pushed_off_the_safe_area_is_caught():
    with mutated("scenes.figures.fig2a", "TOP_Y = 0.9", "TOP_Y = 1.6"):
        problems = problems_of("fig2a")
    assert any("overlaps" in p or "4 %" in p or "lies on the grid ('input',)" in p for p in problems), problems


def test_pad2d_one_pixel_short_is_caught_by_the_definition():
    """A compute bug: the figures draw what compute says, so the net here is the definition of the
    convolution (the same check as tests/test_fig2a.py's contract), which the short padding breaks."""
    with mutated(
        "compute.conv",
        "    widths = [(0, 0)] * (x.ndim - 2) + [(ph, ph), (pw, pw)]",
        "    widths = [(0, 0)] * (x.ndim - 2) + [(ph, max(ph - 1, 0)), (pw, max(pw - 1, 0))]",
    ):
        v = get("fig2a").values(FigureInputs(padding=1))
    x, k, b = np.pad(v["x"], 1), v["k"], float(v["b"])
    by_definition = np.array(
        [[(x[i : i + 3, j : j + 3] * k).sum() + b for j in range(x.shape[1] - 2)] for i in range(x.shape[0] - 2)]
    )
    assert by_definition.shape != v["y"].shape or np.abs(by_definition - v["y"]).max() > 1e-9


def test_at_least_measures_grids_and_marks_at_1080p():
    """A class map drawn 1.0 unit (135 px) wide fails at_least(150); one 1.2 units (162 px) passes; a grid with
    every cell hidden is not shown; a focus mark 0.15 units (20 px) fails at_least(24)."""
    from scenes.checks.bindings import Bindings
    from scenes.checks.inspect import Item, to_px

    assert to_px(1.0) == 135.0

    def grid(role, side, shown=True):
        visible = np.full((4, 4), shown)
        return Item("grid", (0.0, 0.0, side, side), role, array=np.zeros((4, 4)), visible=visible)

    b = Bindings({}).at_least("class_map", 150).at_least("picked", 24)

    def problems(items):
        return [p for relation in b.relations for p in relation("s", items)]

    assert problems([grid(("class_map", 3), 1.2)]) == []
    (problem,) = problems([grid(("class_map", 3), 1.0), grid(("feature", 0), 0.2)])
    assert "('class_map', 3) is 135×135 px" in problem and "at least 150 px" in problem
    assert problems([grid(("class_map", 3), 1.0, shown=False)]) == []
    mark = Item("shape", (0.0, 0.0, 0.15, 0.3), ("picked", 7))
    assert len(problems([mark])) == 1
    assert problems([Item("shape", (0.0, 0.0, 0.18, 0.18), ("picked", 7))]) == []


def test_a_caption_naming_what_is_not_drawn_is_caught():
    """fig2a as drawn, with every caption saying "… and q at 37×41." (a symbol and a shape it does not draw):
    the caption check names both, at every step."""
    import dataclasses
    from types import SimpleNamespace

    from scenes.checks.captions import check_captions
    from scenes.pipeline.output import build_scene

    figure = get("fig2a")
    values = figure.values()
    built = build_scene(figure, values)
    steps = [dataclasses.replace(s, caption=s.caption[:-1] + " and q at 37×41.") for s in built.steps]
    scene = SimpleNamespace(steps=steps, frames=built.frames)
    bindings = figure.module().bindings(values)
    problems = check_captions(scene, bindings)
    for step in steps:
        assert f"step {step.name}: the caption names symbol 'q', not on screen" in problems
        assert f"step {step.name}: the caption names shape '37×41', not on screen" in problems
    assert len(problems) == len(check_captions(built, bindings)) + 2 * len(steps)


def test_a_label_in_a_colour_from_nowhere_is_caught():
    from scenes.checks.colours import check_colours
    from scenes.pipeline.output import build_scene

    figure = get("fig2a")
    values = figure.values()
    with mutated(
        "scenes.mobjects.text",
        "super().__init__(text, font_size, color or theme.text, italic)",
        'super().__init__(text, font_size, color or "#ff8800", italic)',
    ):
        scene = build_scene(figure, values)
    problems = check_colours(scene, figure.module().bindings(values))
    assert any("is drawn in #ff8800, not a colour of the theme's grammar" in p for p in problems), problems


def test_a_binding_that_names_a_step_the_scene_does_not_run_is_reported():
    """A renamed step or a typo in the bindings' step names would otherwise silently constrain nothing."""
    from scenes.checks.bindings import check
    from scenes.pipeline.output import build_scene

    figure = get("fig1b")
    values = figure.values(None)
    scene = build_scene(figure, values, probe=True)
    bindings = figure.module().bindings(values)
    assert check(scene, bindings) == []
    bindings.reveals("output", [], {"neuron-one": 0})  # the scene's step is "neuron-1"
    problems = check(scene, bindings)
    assert len(problems) == 1 and "'neuron-one'" in problems[0] and "neuron-1" in problems[0], problems


def test_a_label_sits_over_its_own_grid_and_a_number_under_it():
    """label_over / number_under on hand-placed boxes (left, bottom, right, top): the right grid passes, the
    neighbour's or none is reported, in the words a reader would use."""
    from scenes.checks.bindings import Bindings
    from scenes.checks.inspect import Item

    grids = [Item("grid", (0, 0, 2, 2), ("map", 0)), Item("grid", (3, 0, 5, 2), ("map", 1))]

    def problems(relation: str, label: Item) -> list[str]:
        b = getattr(Bindings({}), relation)("name", "map")
        return b.relations[0]("s", [*grids, label])

    assert problems("label_over", Item("number", (0.5, 2.1, 1.5, 2.5), ("name", 0), "0")) == []
    assert problems("label_over", Item("number", (3.5, 2.1, 4.5, 2.5), ("name", 0), "0")) == [
        "step s: name '0' [0] sits over ('map', 1)"
    ]
    assert problems("label_over", Item("number", (0.5, -1, 1.5, -0.5), ("name", 0), "0")) == [
        "step s: name '0' has no grid under it"
    ]
    assert problems("number_under", Item("number", (3.5, -0.5, 4.5, -0.1), ("name", 1), "1")) == []
    assert problems("number_under", Item("number", (0.5, -0.5, 1.5, -0.1), ("name", 1), "1")) == [
        "step s: name '1' [1] sits under ('map', 0)"
    ]
    assert problems("number_under", Item("number", (6, -0.5, 7, -0.1), ("name", 1), "1")) == [
        "step s: name '1' has no grid over it"
    ]


def test_at_least_per_cell_measures_each_cell_of_a_grid_not_the_whole_grid():
    """A 28×1 column 60 px wide and 728 px tall has 26 px cells: per cell it passes 24 px and fails 30 px;
    as a whole it passes 30 px (its 60 px width)."""
    from manim import config

    from scenes.checks.bindings import Bindings
    from scenes.checks.inspect import Item

    unit = config.frame_height / 1080  # scene units per pixel at 1080p
    column = Item(kind="grid", role=("row",), bbox=(0.0, 0.0, 60 * unit, 728 * unit), visible=np.ones((28, 1), bool))

    def problems(px, per_cell):
        relation = Bindings({}).at_least("row", px, per_cell=per_cell).relations[-1]
        return relation("s", [column])

    assert problems(24, True) == [] and problems(30, False) == []
    assert problems(30, True) and "a cell of grid" in problems(30, True)[0]


def test_at_least_for_some_steps_checks_only_their_ends_and_names_them():
    """``at_least(..., steps=[...])`` (a poster's size): a map 135 px wide fails 150 px at the named step only,
    and the step is one the scene must run (a misspelt step is reported by the bindings' check)."""
    from scenes.checks.bindings import Bindings
    from scenes.checks.inspect import Item

    small = Item("grid", (0.0, 0.0, 1.0, 1.0), ("class_map", 3), array=np.zeros((4, 4)), visible=np.ones((4, 4), bool))
    b = Bindings({}).at_least("class_map", 150, steps=["poster"])
    relation = b.relations[-1]
    assert relation("poster", [small]) and relation("later", [small]) == []
    assert "poster" in b.steps_named
