"""`render.py check`: recompute, compare with the committed files, print what changed, exit 0 or 1.

The committed figures/ are compared in test_snapshots.py; here a fresh snapshot and still of fig2a
(the reference figure) are written into a temporary figures folder, so that the command is exercised
on a clean tree and on deliberate changes whatever state figures/ is in.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from compute.export import write_snapshot
from helpers import FIGURES_DIR
from onebyone.check import (
    HEIGHT,
    LEVEL,
    MAX_ROWS,
    MIN_REGION,
    WIDTH,
    StillDifference,
    check_figure,
    picture_differences,
    rasterize,
    still_differences,
)
from render import cli
from scenes.registry import FIGURES, get

FIGURE = "fig2a"


@pytest.fixture(scope="module")
def clean_tree(tmp_path_factory):
    """A figures folder holding fig2a's snapshot and stills as the code makes them now."""
    from scenes.pipeline.output import render_still

    folder = tmp_path_factory.mktemp("figures")
    figure = FIGURES[FIGURE]
    values = figure.values()
    write_snapshot(values, folder / f"{FIGURE}.values.json")
    for step, name in get(FIGURE).committed_stills():
        render_still(figure, values, folder / name, fmt="svg", step=step)
    return folder


def run_check(folder, *args):
    return CliRunner().invoke(cli, ["check", *args, "--figures-dir", str(folder)], catch_exceptions=False)


def patch_values(monkeypatch, change):
    """Make fig2a's value function return ``change(values)`` instead."""
    figure = FIGURES[FIGURE]
    patched = dataclasses.replace(figure, compute=lambda inputs: change(figure.compute(inputs)))
    monkeypatch.setitem(FIGURES, FIGURE, patched)


@pytest.mark.render
def test_check_exits_0_on_a_clean_tree(clean_tree):
    result = run_check(clean_tree, FIGURE)
    assert result.exit_code == 0, result.output
    assert re.search(rf"^{FIGURE}\s+ok\s+\(values [\d.]+ s, still [\d.]+ s\)$", result.output, re.M)
    assert "1 figures as committed" in result.output


@pytest.mark.render
def test_check_exits_1_with_a_table_when_a_value_function_changes(clean_tree, monkeypatch):
    """A bias 0.5 larger: the snapshot's b and y move, and every drawn output number changes."""
    patch_values(monkeypatch, lambda v: dict(v, b=v["b"] + 0.5, y=v["y"] + 0.5))
    result = run_check(clean_tree, FIGURE)
    assert result.exit_code == 1
    out = result.output
    assert "What changed" in out and "figure" in out and "where" in out and "change" in out
    assert re.search(r"fig2a\s+│\s+b\s+│\s+value\s+│\s+0 → 0\.5\s+\|Δ\| 0\.5 > 1e-09", out), out
    assert re.search(
        r"fig2a\s+│\s+y\s+│\s+\[\d+, \d+\] \(676 of 676 moved\)\s+│\s+\S+ → \S+\s+\|Δ\| 0\.5 > 1e-\d\d", out
    ), out
    assert re.search(r"fig2a\s+│\s+still\s+│\s+x \d+–\d+, y \d+–\d+ px", out), out
    assert "1 of 1 figures differ" in out and "make figures" in out


@pytest.fixture
def tree_copy(clean_tree, tmp_path):
    """A private copy of the clean tree, to spoil one file of it."""
    import shutil

    return Path(shutil.copytree(clean_tree, tmp_path / "figures"))


@pytest.mark.render
@pytest.mark.parametrize("name, other", [("fig2a.svg", "fig2a-step3.svg"), ("fig2a-step3.svg", "fig2a.svg")])
def test_check_exits_1_when_only_a_still_changed(tree_copy, name, other):
    """Values untouched, one committed still (the last frame, or the step still) replaced by the other
    picture: the values are clean, the still's regions are listed, exit 1."""
    (tree_copy / name).write_bytes((tree_copy / other).read_bytes())
    result = run_check(tree_copy, FIGURE)
    assert result.exit_code == 1, result.output
    out = result.output
    found = re.search(rf"^{FIGURE}\s+0 value and (\d+) still differences", out, re.M)
    assert found and int(found.group(1)) > 0, out
    assert re.search(rf"{FIGURE}\s+│\s+still\s+│\s+x \d+–\d+, y \d+–\d+ px", out), out
    assert "px changed, up to" in out and "1 of 1 figures differ" in out
    assert not re.search(rf"{FIGURE}\s+│\s+(?!still)\w+\s+│", out), out  # no value rows
    assert run_check(tree_copy, FIGURE, "--no-still").exit_code == 0  # the values alone are as committed


@pytest.mark.render
def test_check_exits_1_when_a_step_still_is_missing(tree_copy):
    (tree_copy / "fig2a-step3.svg").unlink()
    result = run_check(tree_copy, FIGURE)
    assert result.exit_code == 1 and "fig2a-step3.svg is missing" in result.output, result.output


def test_a_row_swap_in_the_weights_is_caught(tmp_path, monkeypatch):
    """fig1b's W is 784×784 (a digest, not kept whole): two rows swapped is a change."""
    values = FIGURES["fig1b"].values()
    write_snapshot(values, tmp_path / "fig1b.values.json")
    assert check_figure("fig1b", tmp_path, still=False).clean

    def swap(v):
        w = v["W"].copy()
        w[[10, 700]] = w[[700, 10]]
        return dict(v, W=w)

    figure = FIGURES["fig1b"]
    monkeypatch.setitem(FIGURES, "fig1b", dataclasses.replace(figure, compute=lambda i: swap(figure.compute(i))))
    result = check_figure("fig1b", tmp_path, still=False)
    assert [(m.key, m.where.split()[0]) for m in result.values] == [("W", "projection")]


def test_a_swap_of_two_feature_channels_is_caught(tmp_path, monkeypatch):
    values = FIGURES["fig5a"].values()
    write_snapshot(values, tmp_path / "fig5a.values.json")
    figure = FIGURES["fig5a"]

    def swap(v):
        f = v["features"].copy()
        f[[3, 4]] = f[[4, 3]]
        return dict(v, features=f)

    monkeypatch.setitem(FIGURES, "fig5a", dataclasses.replace(figure, compute=lambda i: swap(figure.compute(i))))
    assert [m.key for m in check_figure("fig5a", tmp_path, still=False).values] == ["features"]


def test_a_dtype_change_is_caught_and_last_bit_noise_is_not(tmp_path, monkeypatch):
    figure = FIGURES[FIGURE]
    write_snapshot(figure.values(), tmp_path / f"{FIGURE}.values.json")
    patch_values(monkeypatch, lambda v: dict(v, y=v["y"] * (1 + 1e-15), x=v["x"] * (1 + 1e-15)))
    assert check_figure(FIGURE, tmp_path, still=False).clean
    patch_values(monkeypatch, lambda v: dict(v, shown=v["shown"].astype(np.int32)))
    (m,) = check_figure(FIGURE, tmp_path, still=False).values
    assert (m.key, m.where, m.committed, m.now) == ("shown", "dtype", "int64", "int32")


def test_a_figure_that_fails_is_reported_not_raised(tmp_path, monkeypatch):
    def broken(values):
        raise RuntimeError("no such array")

    patch_values(monkeypatch, broken)
    result = CliRunner().invoke(cli, ["check", FIGURE, "--no-still", "--figures-dir", str(tmp_path)])
    assert result.exit_code == 1 and "RuntimeError: no such array" in result.output


def test_check_without_snapshots_reports_them_missing(tmp_path):
    result = CliRunner().invoke(cli, ["check", FIGURE, "--no-still", "--figures-dir", str(tmp_path)])
    assert result.exit_code == 1 and "is missing" in result.output


def test_check_rejects_unknown_figures_in_one_line():
    result = CliRunner().invoke(cli, ["check", "fig99"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "fig99" in result.output and "fig2a" in result.output


# ---- the picture rule -----------------------------------------------------------------------------


def blank() -> np.ndarray:
    return np.zeros((HEIGHT, WIDTH, 4), np.uint8)


def test_a_region_counts_only_above_its_size_and_level():
    before = blank()
    after = blank()
    after[100:105, 200:205] = 255  # 25 px: a region
    after[300:304, 300:305] = 255  # 20 px: not more than MIN_REGION
    after[500:510, 500:510] = LEVEL  # 100 px changed by only LEVEL: not changed
    after[700:900:3, 700:900:3] = 255  # isolated pixels (anti-aliasing specks)
    after[50 + np.arange(30), 1000 + np.arange(30)] = 255  # a 30-px diagonal hairline: 8-connected
    regions = picture_differences(before, after, "figX")
    assert [(r.x0, r.y0, r.x1, r.y1, r.pixels) for r in regions] == [(1000, 50, 1030, 80, 30), (200, 100, 205, 105, 25)]
    assert all(r.max_level == 255 for r in regions) and MIN_REGION == 20


def test_two_different_stills_differ_and_the_same_one_does_not():
    """fig2a's last frame against its step-3 still: the sweep's map and the result are not drawn at step
    3, so large regions differ; each still against itself: nothing."""
    last, step3 = FIGURES_DIR / f"{FIGURE}.svg", FIGURES_DIR / f"{FIGURE}-step3.svg"
    found = still_differences(last, step3, FIGURE)
    regions = [r for r in found if not r.note]
    assert [r.note for r in found if r.note] == [next(r.note for r in found if r.note)]  # and the alt text differs
    assert next(r.note for r in found if r.note).startswith("alt text now: ")
    assert regions and sum(r.pixels for r in regions) > 10_000, regions
    assert all(r.figure == FIGURE and r.pixels > MIN_REGION and r.max_level > LEVEL for r in regions)
    for scheme in {r.scheme for r in regions}:  # each colour scheme's regions, largest first
        mine = [r for r in regions if r.scheme == scheme]
        assert mine == sorted(mine, key=lambda r: -r.pixels)
    assert still_differences(last, last) == [] and still_differences(step3, step3) == []


def absolute_points(d: str) -> np.ndarray:
    """(K,2) every point of a path's data (relative commands resolved), via svgelements."""
    import svgelements as se

    points = []
    for segment in se.Path(d):
        for name in ("start", "control1", "control2", "end"):
            point = getattr(segment, name, None)
            if point is not None:
                points.append((point.x, point.y))
    return np.array(points, float)


def text_paths(svg: str) -> list[re.Match]:
    """Paths drawn in pixel coordinates that contain curves and span less than 200×60 px: labels."""
    found = []
    for match in re.finditer(r'<path class="[^"]*" d="([^"]*)"/>', svg):
        if "c" in match.group(1):
            points = absolute_points(match.group(1))
            if len(points) >= 2 and np.ptp(points[:, 0]) < 200 and np.ptp(points[:, 1]) < 60:
                found.append(match)
    return found


def jittered(svg: str, amplitude_px: float, seed: int = 0, digits: int | None = None) -> str:
    """Every path point moved at random by up to ``amplitude_px`` (coordinates in manim units, under a
    transform of 135 px per unit, by as much in pixels), then written as absolute commands with ``digits``
    decimals of a pixel (default: 6 significant digits)."""
    import svgelements as se

    rng = np.random.default_rng(seed)

    def number(x: float, scale: float) -> str:
        x = x + rng.uniform(-amplitude_px, amplitude_px) / scale
        return f"{x:.6g}" if digits is None else f"{round(x * scale, digits) / scale:.6g}"

    def path(m: re.Match) -> str:
        scale = 135.0 if "matrix(135" in m.group(0) else 1.0

        def pt(p) -> str:
            return f"{number(p.x, scale)} {number(p.y, scale)}"

        parts = []
        for seg in se.Path(m.group(2)):
            if isinstance(seg, se.Move):
                parts.append(f"M {pt(seg.end)}")
            elif isinstance(seg, se.Line):
                parts.append(f"L {pt(seg.end)}")
            elif isinstance(seg, se.CubicBezier):
                parts.append(f"C {pt(seg.control1)} {pt(seg.control2)} {pt(seg.end)}")
            elif isinstance(seg, se.Close):
                parts.append("Z")
        return m.group(1) + " ".join(parts) + m.group(3)

    return re.sub(r'(<path [^>]*?\sd=")([^"]*)("[^>]*>)', path, svg)


def test_float_formatting_and_subpixel_noise_are_not_changes(figure_id, tmp_path):
    """Another cairo writing other digits moves coordinates by ~0.005 px: every coordinate rounded to
    one decimal fewer, or moved at random by up to 0.1 px, draws the same picture."""
    svg = FIGURES_DIR / f"{figure_id}.svg"
    text = svg.read_text()
    fewer_digits = tmp_path / "fewer_digits.svg"
    fewer_digits.write_text(jittered(text, 0.0, digits=1))
    noisy = tmp_path / "noisy.svg"
    noisy.write_text(jittered(text, 0.1))
    assert still_differences(svg, fewer_digits) == []
    assert still_differences(svg, noisy) == []


def test_a_label_moved_by_a_third_of_a_unit_is_caught(tmp_path):
    svg = FIGURES_DIR / f"{FIGURE}.svg"
    text = svg.read_text()
    label = text_paths(text)[-1]
    moved = tmp_path / "moved.svg"
    moved.write_text(
        text[: label.start()] + label.group(0).replace("/>", ' transform="translate(45 0)"/>') + text[label.end() :]
    )
    regions = still_differences(svg, moved, FIGURE)
    x0, y0 = absolute_points(label.group(1)).min(axis=0)
    assert regions and any(r.x0 <= x0 + 45 + 5 and r.y0 <= y0 + 5 for r in regions), regions
    assert "px changed, up to" in str(regions[0]) and "scene x" in str(regions[0])


def test_a_missing_committed_still_is_a_difference(tmp_path):
    (difference,) = still_differences(tmp_path / "absent.svg", FIGURES_DIR / f"{FIGURE}.svg", FIGURE)
    assert "is missing" in str(difference)


def test_the_table_lists_regions_and_sums_up_the_rest():
    from rich.console import Console

    from onebyone.check import FigureCheck, table

    after = blank()
    after[10:20, 10:20] = 255
    (whole,) = picture_differences(blank(), after, FIGURE)
    many = blank()
    for k in range(MAX_ROWS + 5):  # more regions than the table lists one by one
        many[100 + 40 * k : 110 + 40 * k, 100:110] = 255
    regions = picture_differences(blank(), many, "figY")
    console = Console(record=True, width=160)
    console.print(table([FigureCheck(FIGURE, [], [whole], 0.0, 0.0), FigureCheck("figY", [], regions, 0.0, 0.0)]))
    text = console.export_text()
    assert "x 10–20, y 10–20 px" in text and "100 px changed, up to 255 of 255" in text
    assert text.count("figY") == MAX_ROWS + 1 and "… 5 more regions, 500 px" in text


def test_regions_are_placed_in_pixels_of_1080p_and_in_scene_units():
    """Stills are compared as 1920×1080 pictures; a region's box is told in manim's units too: 135 px a
    unit, the origin at the centre, y up."""
    picture = rasterize(FIGURES_DIR / f"{FIGURE}.svg", Path(tempfile.mkdtemp()) / "p.png")
    assert picture.shape == (1080, 1920, 4) and (WIDTH, HEIGHT) == (1920, 1080)
    box = StillDifference(FIGURE, 960, 540, 960 + 135, 540 + 270, 10, 255)
    assert box.units() == pytest.approx((0.0, 1.0, -2.0, 0.0))
    corner = StillDifference(FIGURE, 0, 0, 1920, 1080, 10, 255)
    assert corner.units() == pytest.approx((-1920 / 270, 1920 / 270, -4.0, 4.0))
    assert box.row()[2] == "x 960–1095, y 540–810 px (scene x +0.00…+1.00, y -2.00…+0.00)"
