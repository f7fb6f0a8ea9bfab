"""The committed stills and their values in figures/ are what compute computes today.

A change to compute that alters a figure fails here until the figures are regenerated
(`make figures`), so the stills in the README never drift from the numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

from compute.export import snapshot_mismatches, summarize
from conftest import assert_same_picture, built_scene, default_values, rasterize_svg, read_rgb

FIGURES_DIR = Path(__file__).resolve().parents[1] / "figures"


def test_committed_values_match_compute(figure_id):
    path = FIGURES_DIR / f"{figure_id}.values.json"
    assert path.exists(), f"{path.name} missing: run `make figures`"
    problems = snapshot_mismatches(json.loads(path.read_text()), default_values(figure_id))
    assert not problems, f"{figure_id}: " + "; ".join(problems) + " (run `make figures`)"


def test_committed_still_exists_and_is_vector(figure_id):
    svg = (FIGURES_DIR / f"{figure_id}.svg").read_text()
    assert svg.startswith("<?xml") and "<path" in svg and "<image" not in svg


def test_committed_still_is_what_the_scene_draws_today(figure_id, tmp_path):
    """Graphical regression: the committed SVG, drawn by librsvg, against the scene's last frame
    drawn now by cairo. A change of layout, colour or text fails until `make figures`."""
    from scenes.vector import write_png

    now = read_rgb(write_png(built_scene(figure_id), tmp_path / "now.png", 480, 270))
    committed = rasterize_svg(FIGURES_DIR / f"{figure_id}.svg", tmp_path / "committed.png")
    assert_same_picture(now, committed, f"{figure_id}: figures/{figure_id}.svg is stale, run `make figures`")


def test_snapshot_comparison_catches_a_change(figure_id):
    values = default_values(figure_id)
    committed = {key: summarize(a) for key, a in values.items()}
    assert snapshot_mismatches(committed, values) == []
    key = max(values, key=lambda k: values[k].size)  # perturb the largest array by one part in 1e6
    changed = dict(values, **{key: values[key] * (1 + 1e-6) + 1e-6})
    assert snapshot_mismatches(committed, changed), f"a change to {key} went unnoticed"


def test_readme_shows_every_still(figure_id):
    readme = (FIGURES_DIR.parent / "README.md").read_text()
    assert f"](figures/{figure_id}.svg)" in readme
