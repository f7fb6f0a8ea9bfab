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
@click.option(
    "--theme",
    type=click.Choice(settings.THEME_NAMES),
    default=None,
    help=f"Force one theme. Default: an svg follows the reader's colour scheme; others are {settings.DEFAULT_THEME}.",
)
@click.option(
    "--scale", type=float, default=1.0, show_default=True, help="png: the frame size times this (0 < x <= 8)."
)
@click.option("--transparent", is_flag=True, help="No background (mov/webm/png/svg).")
@opt.folder_option("--out", "media", "Where the files go.")
@opt.input_options
def command(figures, fmt, quality, fps, pace, step, theme, scale, transparent, out, **chosen):
    """Render FIGURES as a video with captions (.srt, .vtt) or a still (svg: vector, png: raster)."""
    if scale != 1.0 and fmt != "png":
        raise InputError("scale", f"--scale sizes a png, not {fmt}; use --format png")
    if transparent and fmt not in settings.ALPHA_FORMATS:
        raise InputError("transparent", f"{fmt} has no alpha channel; use --format {', '.join(settings.ALPHA_FORMATS)}")
    if step is not None and fmt not in settings.STILL_FORMATS:
        raise InputError("step", f"--step chooses a still; use --format {' or '.join(settings.STILL_FORMATS)}")
    entries, inputs = opt.selected(figures, chosen)
    drawn = [ComputedFigure(figure, inputs) for figure in entries]  # every input checked before anything is written
    steps = [fig.step_number(step) if step is not None else None for fig in drawn]
    for fig, number in zip(drawn, steps):
        click.echo(str(write(fig, fmt, number, out, quality, fps, pace, theme, transparent, scale)))


def write(fig: ComputedFigure, fmt, step, out: Path, quality, fps, pace, theme, transparent, scale) -> Path:
    """One figure's still (at the end of ``step``) or video in ``out``, named after it and any forced theme."""
    name = fig.id if theme in (None, settings.DEFAULT_THEME) else f"{fig.id}-{theme}"
    if fmt == "svg":  # vector, following the page's colour scheme unless a theme is forced
        return fig.svg(out / f"{name}{_suffix(step)}.svg", step, theme=theme, transparent=transparent)
    theme = theme or settings.DEFAULT_THEME
    if fmt == "png":
        target = out / f"{name}{_suffix(step)}.png"
        return fig.png(target, step, theme=theme, transparent=transparent, quality=quality, scale=scale)
    return fig.video(out / f"{name}.{fmt}", quality, fmt, pace, fps, theme=theme, transparent=transparent).path


def _suffix(step: int | None) -> str:
    return f"-step{step}" if step is not None else ""
