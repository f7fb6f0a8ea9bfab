"""``render.py train``: retrain the network of fig5a–c (never needed to render)."""

from __future__ import annotations

import click

from compute.errors import InputError
from onebyone.cli.errors import noted_command
from onebyone.cli.options import file_option


@noted_command("train")
@click.option("--epochs", type=click.IntRange(1, 200), default=None, help="Epochs (default: the committed run's).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Training seed (default: the committed one).")
@file_option(
    "--out",
    default="media/network.npz",
    help="Weights file; compute/assets/network.npz replaces the committed weights.",
)
@file_option(
    "--figure", default="media/training.svg", help="Loss/accuracy curves and first-layer kernels (.svg or .png)."
)
def command(epochs, seed, out, figure):
    """Retrain fig5's network on the shipped digits, printing loss and accuracy per epoch.

    Rendering never trains: figures read the committed weights (compute/assets/network.npz).
    """
    if out.suffix != ".npz":
        raise InputError("out", f"{out.name!r} must end in .npz")
    if figure.suffix not in (".svg", ".png"):
        raise InputError("figure", f"{figure.name!r} must end in .svg or .png")
    from onebyone.training import retrain

    retrain(epochs, seed, out, figure, echo=click.echo)
