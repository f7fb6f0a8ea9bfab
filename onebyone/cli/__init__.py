"""onebyone's command line: one module per command over the importable functions of ``onebyone``.

``render.py`` only calls ``cli``. Each command module is a thin click layer: it declares its options with the
shared decorators of ``options`` (their defaults from ``scenes.settings``), turns them into a call of
``onebyone``'s functions, and prints the result. Errors become one line (``errors.OneLineErrors``).
"""

from __future__ import annotations

import click

from onebyone.cli import all as all_command
from onebyone.cli import alt, check, gallery, handout, ledger, list_figures, render, slides, storyboard, train, values
from onebyone.cli.errors import OneLineErrors


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """Figures of 'Truly understanding 1x1 convolutions', every number computed."""


for module in (
    list_figures,
    render,
    slides,
    values,
    all_command,
    check,
    gallery,
    train,
    ledger,
    storyboard,
    handout,
    alt,
):
    cli.add_command(module.command)

__all__ = ["cli"]
