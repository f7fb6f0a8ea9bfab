"""Retraining a network from the command line: the training run with a progress display, its weights and
its curves written, and the held-out accuracy reported. ``render.py train`` is a thin layer over ``retrain``."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def progress_callbacks(progress: Progress, epochs: int):
    """(on_epoch, on_batch) for ``compute.train.train`` that drive ``progress`` and print a line per epoch."""
    task = progress.add_task("epoch 1", total=None, loss=float("nan"))

    def on_batch(epoch, batch, n_batches, loss):
        progress.update(
            task, description=f"epoch {epoch + 1}/{epochs}", completed=batch + 1, total=n_batches, loss=loss
        )

    def on_epoch(epoch, record):
        progress.console.print(
            f"epoch {epoch + 1:2d}/{epochs}  loss {record['train_loss']:.4f}  "
            f"train {100 * record['train_acc']:.2f}%  held-out {100 * record['heldout_acc']:.2f}%  "
            f"{record['seconds']:.1f} s"
        )

    return on_epoch, on_batch


def retrain(epochs: int | None, seed: int | None, out: Path, figure: Path, echo: Callable[[str], None] = print):
    """Train fig5's network afresh (``epochs``/``seed`` None: the committed run's), write its weights to ``out``
    and its curves to ``figure``, and say its held-out accuracy beside the committed weights'."""
    from compute import train as training
    from compute.network import load_trained
    from onebyone.training_plot import plot_training

    epochs = epochs or training.EPOCHS
    seed = training.SEED if seed is None else seed
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]:.4f}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns) as progress:
        on_epoch, on_batch = progress_callbacks(progress, epochs)
        network, history = training.train(epochs=epochs, seed=seed, on_epoch=on_epoch, on_batch=on_batch)
    training.save(network, history, out)
    plot_training(history, network, figure)
    committed = load_trained().heldout_accuracy
    echo(
        f"held-out accuracy {100 * network.heldout_accuracy:.2f}% (committed weights: {100 * committed:.2f}%), "
        f"{float(history['seconds'].sum()):.0f} s; wrote {out} and {figure}"
    )
