"""``render.py train [MODEL]``: retrain one of the networks the figures use (never needed to render)."""

from __future__ import annotations

from pathlib import Path

import click

from compute.errors import InputError
from compute.nn.models import MODELS
from onebyone.cli import options as opt
from onebyone.cli.errors import noted_command


@noted_command("train")
@click.argument("model", default="nin", metavar="[MODEL]")
@click.option("--epochs", type=click.IntRange(1, 200), default=None, help="Epochs (default: the committed run's).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Training seed (default: the committed one).")
@opt.file_option(
    "--out",
    default=None,
    help="Weights file (default: media/ and the committed file's name, which in compute/assets/ replaces it).",
)
@opt.file_option(
    "--figure", default=None, help="Loss/accuracy curves (.svg or .png; default: media/MODEL-training.svg)."
)
def command(model, epochs, seed, out, figure):
    """Retrain MODEL on the shipped digits' 8,000 training images, printing loss and accuracy per epoch:
    nin (fig5a–c's network-in-network, the default) or pointnet (fig7a–b).

    Rendering never trains: figures read the committed weights (compute/assets/network.npz, pointnet.npz).
    """
    if model not in MODELS:
        raise click.BadParameter(f"unknown model {model!r}; the models are {', '.join(MODELS)}", param_hint="'MODEL'")
    out = out or Path("media") / MODELS[model].WEIGHTS_FILE
    figure = figure or Path("media") / f"{model}-training.svg"
    if out.suffix != ".npz":
        raise InputError("out", f"{out.name!r} must end in .npz")
    if figure.suffix not in (".svg", ".png"):
        raise InputError("figure", f"{figure.name!r} must end in .svg or .png")
    from onebyone.training import retrain

    retrain(model, epochs, seed, out, figure, echo=click.echo)
