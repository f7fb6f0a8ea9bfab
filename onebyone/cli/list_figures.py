"""``render.py list``: every figure, or one figure's steps."""

from __future__ import annotations

import click

from onebyone.cli.errors import noted_command
from onebyone.cli.options import FIGURE_IDS
from scenes.registry import FIGURES


@noted_command("list")
@click.option("--steps", "steps_of", type=FIGURE_IDS, metavar="FIGURE", help="Print FIGURE's steps and their captions.")
def command(steps_of):
    """Every figure: id, title and caption (or one figure's steps, with --steps)."""
    if steps_of is None:
        for figure in FIGURES.values():
            click.echo(f"{figure.id:6}  {figure.title}\n        {figure.caption}")
        return
    from onebyone.api import figure

    for k, step in enumerate(figure(steps_of).steps, start=1):
        click.echo(f"{k:2d}  {step.name:14} {step.start:5.1f}–{step.end:5.1f} s  {step.caption}")
