"""``render.py all``: what `make figures` runs — every figure's still, values, video and step videos."""

from __future__ import annotations

import os
import sys

import click

from onebyone.cli.errors import noted_command
from onebyone.cli.options import (
    chosen_figures,
    figures_argument,
    figures_dir_option,
    fps_option,
    media_option,
    pace_option,
    quality_option,
)
from scenes import settings


@noted_command("all")
@figures_argument()
@figures_dir_option
@media_option
@quality_option(settings.LECTURE_QUALITY, "these are the lecture videos `make figures` publishes")
@fps_option(settings.LECTURE_FPS)
@pace_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Figures rendered at once, each in a process of its own.",
)
@click.option("--force", is_flag=True, help="Render every figure, even those whose inputs have not changed.")
@click.option("--video/--no-video", default=True, show_default=True)
def command(figures, figures_dir, media, quality, fps, pace, jobs, force, video):
    """Every figure (or FIGUREs): SVG still and value snapshot into figures/; video, captions, step videos
    and poster into media/. Figures whose inputs have not changed since the last run are skipped."""
    from onebyone.batch import run_with_progress
    from onebyone.batch_options import Options

    for folder in (figures_dir, media):  # a folder that cannot be made is the user's: exit 2 before any work
        folder.mkdir(parents=True, exist_ok=True)
    options = Options(figures_dir, media, quality, fps, pace, video, force, jobs)
    outcomes = run_with_progress([f.id for f in chosen_figures(figures)], options)
    failed = [o for o in outcomes if o.status == "failed"]
    rendered = sum(o.status == "rendered" for o in outcomes)
    where = f"stills and values in {figures_dir}/" + (f", videos in {media}/" if video else "")
    click.echo(f"{rendered} rendered, {len(outcomes) - rendered - len(failed)} up to date: {where}")
    if failed:
        logs = ", ".join(f"{o.figure} ({o.log})" if o.log else o.figure for o in failed)
        click.echo(f"error: {len(failed)} figure(s) failed, see {logs}; the others are in place", err=True)
        sys.exit(1)
