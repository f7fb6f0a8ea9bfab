"""``render.py ledger``: everything on screen at the end of each step of a figure (docs/ledger.md)."""

from __future__ import annotations

import click

from onebyone.cli import options as opt
from onebyone.cli.errors import noted_command


@noted_command("ledger")
@opt.figure_argument
@click.option("--step", help="Only this step (a number from 1, or a name); default: every step.")
@click.option("--json", "as_json", is_flag=True, help="JSON (docs/ledger.md) instead of a table.")
@opt.theme_option
@opt.input_options
def command(figure, step, as_json, theme, **chosen):
    """List everything on screen at the end of each step of FIGURE: texts as drawn, roles, values, boxes."""
    from onebyone import ledger

    (entry,), inputs = opt.selected([figure], chosen)
    entries = ledger.ledger(entry.id, inputs, step=step, theme=theme)
    click.echo(ledger.as_json(entries) if as_json else ledger.as_table(entries))
