"""Retraining a network from the command line: the training run with a progress display, its weights and
its curves written, and the held-out accuracy reported. ``render.py train`` is a thin layer over ``retrain``."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

COLUMNS = (
    TextColumn("{task.description}"),
    BarColumn(),
    MofNCompleteColumn(),
    TextColumn("loss {task.fields[loss]:.4f}"),
    TimeElapsedColumn(),
)


def progress_callbacks(progress: Progress, epochs: int):
    """(on_epoch, on_batch) for ``compute.nn.train.train_model`` that drive ``progress`` and print a line
    per epoch."""
    task = progress.add_task("epoch 1", total=None, loss=float("nan"))

    def on_batch(epoch, batch, n_batches, loss):
        description = f"epoch {epoch + 1}/{epochs}"
        progress.update(task, description=description, completed=batch + 1, total=n_batches, loss=loss)

    def on_epoch(epoch, record):
        progress.console.print(
            f"epoch {epoch + 1:2d}/{epochs}  loss {record['train_loss']:.4f}  "
            f"train {100 * record['train_acc']:.2f}%  held-out {100 * record['heldout_acc']:.2f}%  "
            f"{record['seconds']:.1f} s"
        )

    return on_epoch, on_batch


def retrain(
    model: str, epochs: int | None, seed: int | None, out: Path, figure: Path, echo: Callable[[str], None] = print
):
    """Train ``model`` (a name in ``compute.nn.models.MODELS``) afresh — ``epochs``/``seed`` None: the
    committed run's — write its weights to ``out`` and its curves to ``figure``, and say its held-out
    accuracy beside the committed weights'."""
    from compute.nn.models import model_class
    from compute.nn.train import train_model
    from compute.nn.weights import load_trained, save
    from onebyone.training_plot import plot_training

    epochs = epochs or model_class(model).TRAINING["epochs"]
    with Progress(*COLUMNS) as progress:
        on_epoch, on_batch = progress_callbacks(progress, epochs)
        network, history = train_model(model, epochs, seed, on_epoch=on_epoch, on_batch=on_batch)
    save(network, out, history)
    plot_training(history, network, figure)
    committed = load_trained(model).heldout_accuracy
    echo(
        f"held-out accuracy {100 * network.heldout_accuracy:.2f}% (committed weights: {100 * committed:.2f}%), "
        f"{float(history['seconds'].sum()):.0f} s; wrote {out} and {figure}"
    )
