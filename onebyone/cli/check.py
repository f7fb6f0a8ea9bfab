"""``render.py check``: are figures/ what the code computes and draws today?"""

from __future__ import annotations

import sys

import click

from onebyone.cli.errors import noted_command
from onebyone.cli.options import chosen_figures, figures_argument, folder_option


@noted_command("check")
@figures_argument()
@folder_option("--figures-dir", "figures", "Where the committed stills and value snapshots are.", exists=True)
@click.option("--still/--no-still", default=True, show_default=True, help="Also compare the stills (slower).")
def command(figures, figures_dir, still):
    """Recompute FIGURES (default: all) and compare with the committed stills and values; print a table
    of what changed and exit 1 if anything did (docs/regression.md)."""
    from onebyone.check import check

    sys.exit(check([f.id for f in chosen_figures(figures)], figures_dir, still, echo=click.echo))
