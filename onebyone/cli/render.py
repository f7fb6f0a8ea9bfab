"""``render.py render``: a video with captions, or a still, of each FIGURE."""

from __future__ import annotations

from pathlib import Path

import click

from compute.errors import InputError
from onebyone.api import ComputedFigure
from onebyone.cli import options as opt
from onebyone.cli.errors import noted_command
from scenes import settings


@noted_command("render")
@opt.figures_argument(required=True)
@click.option("--format", "fmt", type=click.Choice(settings.FORMATS), default="mp4", show_default=True)
@opt.quality_option()
@opt.fps_option()
@opt.pace_option
@click.option("--step", help="For svg/png: the still at the end of this step (a number from 1, or a name).")
@opt.theme_option
@click.option("--transparent", is_flag=True, help="No background (mov/webm/png/svg).")
@opt.folder_option("--out", "media", "Where the files go.")
@opt.input_options
def command(figures, fmt, quality, fps, pace, step, theme, transparent, out, **chosen):
    """Render FIGURES as a video with captions (.srt, .vtt) or a still (svg: vector, png: raster)."""
    if transparent and fmt not in settings.ALPHA_FORMATS:
        raise InputError("transparent", f"{fmt} has no alpha channel; use --format {', '.join(settings.ALPHA_FORMATS)}")
    if step is not None and fmt not in settings.STILL_FORMATS:
        raise InputError("step", f"--step chooses a still; use --format {' or '.join(settings.STILL_FORMATS)}")
    entries, inputs = opt.selected(figures, chosen)
    drawn = [ComputedFigure(figure, inputs) for figure in entries]  # every input checked before anything is written
    steps = [fig.step_number(step) if step is not None else None for fig in drawn]
    for fig, number in zip(drawn, steps):
        click.echo(str(write(fig, fmt, number, out, quality, fps, pace, theme, transparent)))


def write(fig: ComputedFigure, fmt, step, out: Path, quality, fps, pace, theme, transparent) -> Path:
    """One figure's still (at the end of ``step``) or video in ``out``, named after it and its theme."""
    name = fig.id if theme == settings.DEFAULT_THEME else f"{fig.id}-{theme}"
    if fmt == "svg":  # vector: the frame size only sets the aspect and units
        return fig.svg(out / f"{name}{_suffix(step)}.svg", step, theme=theme, transparent=transparent)
    if fmt == "png":
        return fig.png(out / f"{name}{_suffix(step)}.png", step, theme=theme, transparent=transparent, quality=quality)
    return fig.video(out / f"{name}.{fmt}", quality, fmt, pace, fps, theme=theme, transparent=transparent).path


def _suffix(step: int | None) -> str:
    return f"-step{step}" if step is not None else ""
