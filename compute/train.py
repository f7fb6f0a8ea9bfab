"""Training the Network-in-Network classifier on the shipped digits: minibatch Adam, fixed seed.

Single process, BLAS pinned to one thread, float32 arithmetic (twice as fast as float64 here;
the saved weights are float64): the same seed on the same machine gives the same weights bit for
bit. Progress is reported through plain callbacks so a CLI can draw it (never imports rich).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from compute.data import load_mnist
from compute.export import atomic_write
from compute.network import (
    HISTORY_KEYS,
    N_HELDOUT,
    N_TRAIN,
    SPLIT_SEED,
    WEIGHTS_PATH,
    Network,
    split_indices,
)

SEED = 11  # initialisation and minibatch order
EPOCHS = 12
CHANNELS = (8, 16, 32, 32, 64)  # conv1 … conv5 output channels; conv5's 64 feed the 1×1 head
KERNELS = (3, 5, 3, 3, 1)
BATCH_SIZE = 32
LEARNING_RATE = 3e-3  # Adam's step size at the start; cosine-decayed to LR_FLOOR × it at the end
LR_FLOOR = 0.02
DTYPE = np.float32  # training arithmetic; the saved weights are float64 (rounded from float32)
BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8

OnBatch = Callable[[int, int, int, float], None]  # (epoch, batch, n_batches, batch loss)
OnEpoch = Callable[[int, dict], None]  # (epoch, record with "epoch" and HISTORY_KEYS)


@contextmanager
def single_threaded_blas():
    """Run the body with BLAS on one thread (threadpoolctl), then restore its thread count.

    The matrices here are small: one thread is as fast uncontended and far faster when other
    processes share the cores, and the result cannot depend on the machine's core count.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def heldout_data() -> tuple[np.ndarray, np.ndarray]:
    """The 2,000 held-out digits: images (2000,1,28,28) float64 and labels (2000,) int64."""
    images, labels = load_mnist()
    _, idx = split_indices(SPLIT_SEED)
    return images[idx][:, None], labels[idx]


def held_out_correct(network: Network) -> int:
    """How many of the held-out digits ``network`` classifies correctly."""
    x, y = heldout_data()
    return int((network.predict(x) == y).sum())


def held_out_accuracy(network: Network) -> float:
    """Fraction of the held-out split classified correctly: held_out_correct / 2000."""
    return held_out_correct(network) / N_HELDOUT


def learning_rate(step: int, total: int, lr: float = LEARNING_RATE) -> float:
    """Cosine decay from ``lr`` at step 0 to ``lr · LR_FLOOR`` at the last step."""
    t = step / max(total - 1, 1)
    return lr * (LR_FLOOR + (1.0 - LR_FLOOR) * 0.5 * (1.0 + np.cos(np.pi * t)))


def train(
    epochs: int = EPOCHS,
    seed: int = SEED,
    on_epoch: OnEpoch | None = None,
    on_batch: OnBatch | None = None,
    *,
    channels: tuple[int, ...] = CHANNELS,
    kernels: tuple[int, ...] | None = KERNELS,
    batch_size: int = BATCH_SIZE,
    lr: float = LEARNING_RATE,
    max_batches: int | None = None,
    evaluate: bool = True,
    dtype=DTYPE,
) -> tuple[Network, dict[str, np.ndarray]]:
    """Train a fresh network on the 8,000 training digits with Adam and return (network, history).

    ``seed`` fixes the initialisation (``default_rng(seed)``) and the minibatch order (``default_rng([seed, 1])``);
    the split is fixed separately (SPLIT_SEED). ``max_batches`` stops each epoch early (for tests);
    ``evaluate=False`` skips the held-out evaluation (its history entries are then NaN).
    history maps HISTORY_KEYS to (epochs,) float64 arrays: mean train loss and running train
    accuracy over the epoch's minibatches, held-out accuracy after the epoch, wall seconds of the epoch.
    ``dtype`` is the arithmetic precision of training; the returned parameters are float64 either way.
    The returned network's ``meta`` and ``history`` are filled in, ready for ``save``.
    BLAS runs single-threaded throughout (``single_threaded_blas``).
    """
    with single_threaded_blas():
        return _train(epochs, seed, on_epoch, on_batch, channels, kernels, batch_size, lr, max_batches, evaluate, dtype)


def _train(epochs, seed, on_epoch, on_batch, channels, kernels, batch_size, lr, max_batches, evaluate, dtype):
    images, labels = load_mnist()
    train_idx, _ = split_indices(SPLIT_SEED)
    x_train, y_train = images[train_idx][:, None].astype(dtype), labels[train_idx]
    network = Network.initialise(channels, kernels, seed=seed)
    network.params = {k: p.astype(dtype) for k, p in network.params.items()}
    keys = network.param_keys
    x_held, y_held = heldout_data()
    order_rng = np.random.default_rng([seed, 1])

    n_batches = int(np.ceil(len(train_idx) / batch_size))
    if max_batches is not None:
        n_batches = min(n_batches, max_batches)
    total_steps = epochs * n_batches
    m = {k: np.zeros_like(v) for k, v in network.params.items()}
    v = {k: np.zeros_like(p) for k, p in network.params.items()}
    b1, b2 = BETAS
    history = {k: np.full(epochs, np.nan) for k in HISTORY_KEYS}
    step = 0
    start = time.perf_counter()
    for epoch in range(epochs):
        t0 = time.perf_counter()
        perm = order_rng.permutation(len(train_idx))
        loss_sum, correct, seen = 0.0, 0, 0
        for b in range(n_batches):
            idx = perm[b * batch_size : (b + 1) * batch_size]
            loss, grads, logits = network.loss_and_grads(x_train[idx], y_train[idx])
            step += 1
            # Python floats, so the update stays in the training dtype (a NumPy float64 scalar would upcast)
            a = float(learning_rate(step - 1, total_steps, lr) * np.sqrt(1 - b2**step) / (1 - b1**step))
            for k in keys:
                m[k] = b1 * m[k] + (1 - b1) * grads[k]
                v[k] = b2 * v[k] + (1 - b2) * grads[k] ** 2
                network.params[k] = network.params[k] - a * m[k] / (np.sqrt(v[k]) + ADAM_EPS)
            loss_sum += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y_train[idx]).sum())
            seen += len(idx)
            if on_batch is not None:
                on_batch(epoch, b, n_batches, loss)
        history["train_loss"][epoch] = loss_sum / seen
        history["train_acc"][epoch] = correct / seen
        if evaluate:  # in the training precision, through the quicker training forward
            history["heldout_acc"][epoch] = np.mean(network.fast_logits(x_held).argmax(axis=1) == y_held)
        history["seconds"][epoch] = time.perf_counter() - t0
        if on_epoch is not None:
            on_epoch(epoch, {"epoch": epoch, **{k: float(history[k][epoch]) for k in HISTORY_KEYS}})

    network.params = {k: p.astype(np.float64) for k, p in network.params.items()}
    correct_final = held_out_correct(network) if evaluate else -1
    network.history = history
    network.meta = {
        "seed": seed,
        "split_seed": SPLIT_SEED,
        "n_train": N_TRAIN,
        "n_heldout": N_HELDOUT,
        "heldout_idx": split_indices(SPLIT_SEED)[1],
        "epochs": epochs,
        "batch_size": batch_size,
        "learning_rate": lr,
        "heldout_accuracy": correct_final / N_HELDOUT if evaluate else float("nan"),
        "heldout_correct": correct_final,
        "train_seconds": time.perf_counter() - start,
        "train_dtype": np.dtype(dtype).name,
    }
    return network, history


def save(network: Network, history: dict[str, np.ndarray] | None = None, path: str | Path = WEIGHTS_PATH) -> Path:
    """Write weights, history and metadata to ``path`` as a plain (pickle-free) compressed .npz.

    Keys: the parameter names (conv1_w, conv1_b, …, head_w, head_b); ``history_<k>`` for k in
    HISTORY_KEYS; seed, split_seed, n_train, n_heldout, heldout_idx (int16, sorted dataset positions),
    epochs, batch_size, learning_rate, heldout_accuracy, heldout_correct, train_seconds, train_dtype (a string array).
    """
    history = network.history if history is None else history
    meta = network.meta
    arrays = {k: np.asarray(network.params[k], dtype=np.float64) for k in network.param_keys}
    arrays |= {"history_" + k: np.asarray(history[k], dtype=np.float64) for k in HISTORY_KEYS}
    arrays |= {
        "seed": np.int64(meta["seed"]),
        "split_seed": np.int64(meta["split_seed"]),
        "n_train": np.int64(meta["n_train"]),
        "n_heldout": np.int64(meta["n_heldout"]),
        "heldout_idx": np.asarray(meta["heldout_idx"], dtype=np.int16),
        "epochs": np.int64(meta["epochs"]),
        "batch_size": np.int64(meta["batch_size"]),
        "learning_rate": np.float64(meta["learning_rate"]),
        "heldout_accuracy": np.float64(meta["heldout_accuracy"]),
        "heldout_correct": np.int64(meta["heldout_correct"]),
        "train_seconds": np.float64(meta["train_seconds"]),
        "train_dtype": np.array(meta["train_dtype"]),
    }

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:  # np.savez_compressed(path) would append ".npz" to other names
            np.savez_compressed(fh, **arrays)

    return atomic_write(path, write)
