"""``render.py storyboard``: every step's still as a numbered, captioned panel, for a post without video."""

from __future__ import annotations

import click

from compute.errors import InputError
from onebyone.cli import options as opt
from onebyone.cli.errors import noted_command
from scenes import settings


@noted_command("storyboard")
@opt.figures_argument()
@opt.folder_option("--out", "figures", "Where OUT/<id>.storyboard.svg (or .png) goes.")
@click.option("--format", "fmt", type=click.Choice(settings.STILL_FORMATS), default="svg", show_default=True)
@click.option(
    "--theme",
    type=click.Choice(settings.THEME_NAMES),
    default="light",
    show_default=True,
    help="png only: its theme (an svg follows the reader's colour scheme).",
)
@click.option("--scale", type=float, default=1.0, show_default=True, help="png only: its size times this (1: 1920 px).")
def command(figures, out, fmt, theme, scale):
    """One picture per FIGURE (default: every figure) with every step's still as a numbered panel and its
    caption under it: OUT/<id>.storyboard.svg (or .png), for a post that cannot embed a video."""
    from onebyone.api import MAX_SCALE
    from onebyone.storyboard import write_storyboard

    if fmt == "svg" and scale != 1.0:
        raise InputError("scale", "--scale sizes a png; an svg is vector")
    if not 0 < scale <= MAX_SCALE:
        raise InputError("scale", f"scale must be more than 0 and at most {MAX_SCALE:g}, got {scale!r}")
    out.mkdir(parents=True, exist_ok=True)  # a folder that cannot be made is the user's: exit 2 before any work
    for figure in opt.chosen_figures(figures):
        try:
            written = write_storyboard(figure, figure.values(), out, fmt, theme, scale)
        except ValueError as error:  # a PNG too large for --scale
            raise InputError("scale", str(error)) from None
        click.echo(str(written))
