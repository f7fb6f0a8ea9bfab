"""Training the Network-in-Network classifier (fig5a–c): the names ``render.py train`` and the
benchmarks use, over the shared loop in ``compute.nn.train`` (``train_model("nin", …)``).
"""

from __future__ import annotations

from pathlib import Path

from compute.nn.models import NiN
from compute.nn.train import (  # noqa: F401 (re-exported)
    OnBatch,
    OnEpoch,
    held_out_accuracy,
    held_out_correct,
    single_threaded_blas,
    train_model,
)
from compute.nn.train import heldout_data as _heldout_data
from compute.nn.weights import save as _save
from compute.nn.weights import weights_path

SEED = NiN.TRAINING["seed"]
EPOCHS = NiN.TRAINING["epochs"]
WEIGHTS_PATH = weights_path("nin")


def heldout_data():
    """The 2,000 held-out digits: images (2000,1,28,28) float64 and labels (2000,) int64."""
    return _heldout_data("nin")


def train(epochs: int = EPOCHS, seed: int = SEED, on_epoch=None, on_batch=None, **options):
    """``train_model("nin", epochs, seed, on_epoch, on_batch, **options)``: (network, history)."""
    return train_model("nin", epochs, seed, on_epoch, on_batch, **options)


def save(network, history=None, path: str | Path = WEIGHTS_PATH) -> Path:
    """``compute.nn.weights.save(network, path, history)`` (this argument order kept for render.py)."""
    return _save(network, path, history)
