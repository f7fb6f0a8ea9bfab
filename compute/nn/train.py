"""One training loop for every model in ``MODELS``: minibatch Adam, cosine-decayed, seeded, deterministic.

    model, history = train_model("pointnet", epochs=None, seed=None, on_epoch=print)

Both networks learn from the same fixed split of the 10,000 shipped digits (``split_indices``:
8,000 train, 2,000 held out). Single process, BLAS pinned to one thread (``single_threaded_blas``),
arithmetic in the model's training dtype (float32 by default; the returned parameters are float64):
the same seed on the same machine gives the same weights bit for bit. Random streams, all from
``seed``: the initialisation ``default_rng(seed)``, the minibatch order ``default_rng([seed, 1])``,
augmentation (PointNet: a fresh point sample each epoch, plus jitter) ``default_rng([seed, 2])``.
Progress goes through plain callbacks, so a CLI can draw it (never imports rich).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from compute.data import load_mnist
from compute.nn.models import HISTORY_KEYS, Model, model_class
from compute.nn.optim import Adam, cosine_lr

SPLIT_SEED = 1998  # fixes which digits are held out; independent of the training seed
N_TRAIN = 8000
N_HELDOUT = 2000

OnBatch = Callable[[int, int, int, float], None]  # (epoch, batch, n_batches, batch loss)
OnEpoch = Callable[[int, dict], None]  # (epoch, record with "epoch" and HISTORY_KEYS)


def split_indices(
    seed: int = SPLIT_SEED, n_train: int = N_TRAIN, n_heldout: int = N_HELDOUT
) -> tuple[np.ndarray, np.ndarray]:
    """The fixed train / held-out split of the shipped digits.

    A permutation of ``range(n_train + n_heldout)`` from ``numpy.random.default_rng(seed)``:
    its first ``n_train`` positions train, the remaining ``n_heldout`` are held out.
    Returns (train_idx (n_train,), heldout_idx (n_heldout,)), both int64 and sorted.
    """
    perm = np.random.default_rng(seed).permutation(n_train + n_heldout)
    return np.sort(perm[:n_train]), np.sort(perm[n_train:])


@contextmanager
def single_threaded_blas():
    """Run the body with BLAS on one thread (threadpoolctl), then restore its thread count.

    The matrices here are small: one thread is as fast uncontended and far faster when other
    processes share the cores, and the result cannot depend on the machine's core count.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def heldout_data(model: Model | str = "nin") -> tuple[np.ndarray, np.ndarray]:
    """The 2,000 held-out digits as ``model``'s input (a Model, or a name for its default config):
    NiN images (2000,1,28,28), PointNet the fixed point sample (2000,2,P); labels (2000,) int64."""
    if isinstance(model, str):
        model = model_class(model).create()
    images, labels = load_mnist()
    _, idx = split_indices(SPLIT_SEED)
    return model.inputs(images[idx]), labels[idx]


def held_out_correct(model: Model) -> int:
    """How many of the held-out digits ``model`` classifies correctly (its public forward, float64)."""
    x, y = heldout_data(model)
    with single_threaded_blas():
        return int((model.predict(x) == y).sum())


def held_out_accuracy(model: Model) -> float:
    """Fraction of the held-out split classified correctly: held_out_correct / 2000."""
    return held_out_correct(model) / N_HELDOUT


def train_model(
    name: str,
    epochs: int | None = None,
    seed: int | None = None,
    on_epoch: OnEpoch | None = None,
    on_batch: OnBatch | None = None,
    *,
    batch_size: int | None = None,
    lr: float | None = None,
    max_batches: int | None = None,
    evaluate: bool = True,
    dtype=None,
    **config,
) -> tuple[Model, dict[str, np.ndarray]]:
    """Train a fresh ``name`` model (a key of ``MODELS``; ValueError naming them otherwise) on the
    8,000 training digits and return (model, history).

    None means the model's default (``MODELS[name].TRAINING``: epochs, seed, batch_size, lr, dtype);
    ``config`` overrides its architecture (NiN: channels, kernels; PointNet: n_points, mlp, head).
    ``max_batches`` stops each epoch early (for tests); ``evaluate=False`` skips the held-out
    evaluation (its history entries are then NaN). history maps HISTORY_KEYS to (epochs,) float64:
    mean train loss and running train accuracy over the epoch's minibatches, held-out accuracy after
    the epoch (training dtype, training forward), wall seconds of the epoch. The returned model has
    float64 parameters and its ``meta`` and ``history`` filled in, ready for ``compute.nn.weights.save``;
    its final held-out accuracy is recomputed in float64 by its public forward.
    """
    cls = model_class(name)
    t = cls.TRAINING
    settings = {
        "epochs": t["epochs"] if epochs is None else int(epochs),
        "seed": t["seed"] if seed is None else int(seed),
        "batch_size": t["batch_size"] if batch_size is None else int(batch_size),
        "lr": t["lr"] if lr is None else float(lr),
        "dtype": np.dtype(t["dtype"] if dtype is None else dtype),
    }
    with single_threaded_blas():
        return _train(cls, config, settings, on_epoch, on_batch, max_batches, evaluate)


def _train(cls, config, s, on_epoch, on_batch, max_batches, evaluate):
    epochs, seed, batch_size, lr, dtype = s["epochs"], s["seed"], s["batch_size"], s["lr"], s["dtype"]
    images, labels = load_mnist()
    train_idx, held_idx = split_indices(SPLIT_SEED)
    train_images, y_train = images[train_idx], labels[train_idx]
    model = cls.create(config, seed=seed)
    model.params = {k: p.astype(dtype) for k, p in model.params.items()}
    x_held, y_held = heldout_data(model)
    order_rng = np.random.default_rng([seed, 1])
    augment_rng = np.random.default_rng([seed, 2])

    n_batches = int(np.ceil(len(train_idx) / batch_size))
    if max_batches is not None:
        n_batches = min(n_batches, max_batches)
    total_steps = epochs * n_batches
    adam = Adam(model.params)
    history = {k: np.full(epochs, np.nan) for k in HISTORY_KEYS}
    step = 0
    start = time.perf_counter()
    for epoch in range(epochs):
        t0 = time.perf_counter()
        x_train = model.inputs(train_images, augment_rng).astype(dtype)
        perm = order_rng.permutation(len(train_idx))
        loss_sum, correct, seen = 0.0, 0, 0
        for b in range(n_batches):
            idx = perm[b * batch_size : (b + 1) * batch_size]
            loss, grads, logits = model.loss_and_grads(x_train[idx], y_train[idx])
            adam.step(model.params, grads, cosine_lr(step, total_steps, lr))
            step += 1
            loss_sum += loss * len(idx)
            correct += int((logits.argmax(axis=1) == y_train[idx]).sum())
            seen += len(idx)
            if on_batch is not None:
                on_batch(epoch, b, n_batches, loss)
        history["train_loss"][epoch] = loss_sum / seen
        history["train_acc"][epoch] = correct / seen
        if evaluate:  # in the training precision, through the quicker training forward
            history["heldout_acc"][epoch] = np.mean(model.fast_logits(x_held).argmax(axis=1) == y_held)
        history["seconds"][epoch] = time.perf_counter() - t0
        if on_epoch is not None:
            on_epoch(epoch, {"epoch": epoch, **{k: float(history[k][epoch]) for k in HISTORY_KEYS}})

    model.params = {k: p.astype(np.float64) for k, p in model.params.items()}
    correct_final = int((model.predict(heldout_data(model)[0]) == y_held).sum()) if evaluate else -1
    model.history = history
    extra = {k: v for k, v in cls.TRAINING.items() if k not in ("epochs", "seed", "batch_size", "lr", "dtype")}
    model.meta = {
        "seed": seed,
        "split_seed": SPLIT_SEED,
        "n_train": N_TRAIN,
        "n_heldout": N_HELDOUT,
        "heldout_idx": held_idx,
        "epochs": epochs,
        "batch_size": batch_size,
        "learning_rate": lr,
        "heldout_accuracy": correct_final / N_HELDOUT if evaluate else float("nan"),
        "heldout_correct": correct_final,
        "train_seconds": time.perf_counter() - start,
        "train_dtype": dtype.name,
        **extra,
    }
    return model, history


def main(argv=None) -> None:
    """``python -m compute.nn.train pointnet --out media/pointnet.npz``: train one model, print each
    epoch, save its weights (the committed ones are compute/assets/<name>'s WEIGHTS_FILE)."""
    import argparse

    from compute.nn.models import MODELS
    from compute.nn.weights import save

    parser = argparse.ArgumentParser(prog="python -m compute.nn.train", description=main.__doc__)
    parser.add_argument("model", choices=list(MODELS))
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--out", required=True, help="the .npz to write")
    args = parser.parse_args(argv)

    def on_epoch(epoch: int, r: dict) -> None:
        print(
            f"epoch {epoch + 1:3d}  loss {r['train_loss']:.4f}  train {100 * r['train_acc']:.2f}%  "
            f"held-out {100 * r['heldout_acc']:.2f}%  {r['seconds']:.1f} s",
            flush=True,
        )

    start = time.perf_counter()
    model, history = train_model(args.model, args.epochs, args.seed, on_epoch)
    wall = time.perf_counter() - start
    path = save(model, args.out, history)
    print(
        f"{args.model}: held-out {model.meta['heldout_correct']}/{N_HELDOUT} = {100 * model.heldout_accuracy:.2f}%, "
        f"{wall:.1f} s wall ({model.meta['train_seconds']:.1f} s training); wrote {path}"
    )


if __name__ == "__main__":
    main()
