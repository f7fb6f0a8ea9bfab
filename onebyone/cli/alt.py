"""``render.py alt``: each still's alt text as a file, for platforms that take it in a form field."""

from __future__ import annotations

import click

from onebyone.cli import options as opt
from onebyone.cli.errors import noted_command


@noted_command("alt")
@opt.figures_argument()
@opt.folder_option("--out", "figures", "Where OUT/<id>.alt.txt goes.")
def command(figures, out):
    """OUT/<id>.alt.txt for FIGURES (default: every figure): the alt text of each still (its title and
    description, as in the SVG and the gallery)."""
    from onebyone.stills import write_alt

    out.mkdir(parents=True, exist_ok=True)
    for figure in opt.chosen_figures(figures):
        click.echo(str(write_alt(figure, out)))
