"""``render.py handout``: a printable PDF of the figures' storyboards and captions."""

from __future__ import annotations

import click

from compute.errors import InputError
from onebyone.cli import options as opt
from onebyone.cli.errors import noted_command


@noted_command("handout")
@opt.figures_argument()
@click.option("--to", "fmt", type=click.Choice(("pdf",)), default="pdf", show_default=True)
@click.option("--paper", type=click.Choice(("a4", "letter")), default="a4", show_default=True)
@opt.file_option("--out", default="media/handout.pdf", help="The PDF to write.")
def command(figures, fmt, paper, out):
    """A printable handout of FIGURES (default: every figure): a title page, then per figure its storyboard,
    six numbered steps to a page with their captions. Vector PDF, light theme, fonts embedded."""
    from onebyone.handout import write_handout

    if out.suffix.lower() != f".{fmt}":
        raise InputError("out", f"{out.name!r} must end in .{fmt}")
    click.echo(str(write_handout(opt.chosen_figures(figures), out, paper)))
