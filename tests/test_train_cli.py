"""`render.py train` as a user runs it: one epoch, the seed honoured, the reported held-out accuracy what
the written weights really score on the held-out digits — evaluated here by a forward pass of its own
(NumPy sliding windows, not the project's conv2d or Network), from the weights file alone."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from compute.data import load_mnist
from helpers import ROOT

pytestmark = pytest.mark.render  # trains: a few seconds per run


def conv_same(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x (N,C,H,W), w (F,C,k,k), zero padding k//2, stride 1: (N,F,H,W)."""
    k = w.shape[-1]
    padded = np.pad(x, ((0, 0), (0, 0), (k // 2, k // 2), (k // 2, k // 2)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (k, k), axis=(2, 3))  # N,C,H,W,k,k
    return np.einsum("nchwuv,fcuv->nfhw", windows, w, optimize=True) + b[None, :, None, None]


def predictions(weights: dict, images: np.ndarray) -> np.ndarray:
    """conv1 → ReLU → 2×2 max pool → conv2 … convL (each → ReLU) → 1×1 head → global average → argmax."""
    layers = sorted((k[:-2] for k in weights if re.fullmatch(r"conv\d+_w", k)), key=lambda n: int(n[4:]))
    out = []
    for start in range(0, len(images), 250):
        a = images[start : start + 250, None].astype(np.float64)
        for depth, layer in enumerate(layers):
            a = np.maximum(conv_same(a, weights[f"{layer}_w"], weights[f"{layer}_b"]), 0.0)
            if depth == 0:
                n, c, h, w = a.shape
                a = a.reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))
        head = weights["head_w"]  # (10, C): a 1×1 convolution stored as a matrix
        maps = conv_same(a, head.reshape(*head.shape[:2], 1, 1), weights["head_b"])
        out.append(maps.mean(axis=(2, 3)).argmax(axis=1))
    return np.concatenate(out)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """Three one-epoch runs at once: --seed 0 twice, --seed 1 once. {name: (stdout, weights)}."""
    folder = tmp_path_factory.mktemp("train")
    runs = {}
    for name, seed in (("a", 0), ("b", 0), ("c", 1)):
        args = ["train", "--epochs", "1", "--seed", str(seed), "--out", folder / f"{name}.npz"]
        args += ["--figure", folder / f"{name}.svg"]
        command = [sys.executable, "render.py", *map(str, args)]
        runs[name] = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = {}
    for name, run in runs.items():
        stdout, stderr = run.communicate(timeout=900)
        assert run.returncode == 0, stderr
        with np.load(folder / f"{name}.npz", allow_pickle=False) as data:  # compute/nn/weights.py's format
            done[name] = (stdout, {k: data[k] for k in data.files})
            assert str(data["model"]) == "nin"
        assert (folder / f"{name}.svg").read_text().lstrip().startswith("<?xml")
    return done


def params(weights: dict) -> dict:
    """The layers' arrays, by name (stored as param_<name>)."""
    return {k[6:]: v for k, v in weights.items() if re.fullmatch(r"param_(conv\d+|head)_[wb]", k)}


def meta(weights: dict, key: str):
    """What the run recorded (stored as meta_<key>)."""
    return weights[f"meta_{key}"]


def test_the_seed_is_honoured(trained):
    (_, a), (_, b), (_, c) = trained["a"], trained["b"], trained["c"]
    assert int(meta(a, "seed")) == int(meta(b, "seed")) == 0 and int(meta(c, "seed")) == 1
    assert int(meta(a, "epochs")) == 1
    assert set(params(a)) == set(params(b)) and len(params(a)) >= 4
    for key, value in params(a).items():
        assert np.array_equal(value, params(b)[key]), key  # the same seed: the same weights, bit for bit
    assert not all(np.array_equal(value, params(c)[key]) for key, value in params(a).items())


def test_reported_held_out_accuracy_is_what_the_weights_score(trained):
    images, labels = load_mnist()
    for name, (stdout, weights) in trained.items():
        held_out = np.asarray(meta(weights, "heldout_idx"), np.int64)
        assert len(held_out) == 2000 and len(np.unique(held_out)) == 2000
        right = int((predictions(params(weights), images[held_out]) == labels[held_out]).sum())
        reported = re.search(r"^held-out accuracy (\d+\.\d\d)% \(committed weights: 97\.35%\)", stdout, re.M)
        assert reported, stdout
        assert reported.group(1) == f"{100 * right / 2000:.2f}", (name, reported.group(1), right)
        assert int(meta(weights, "heldout_correct")) == right
        assert float(meta(weights, "heldout_accuracy")) == right / 2000
        epoch_line = re.search(r"^epoch  1/1  loss ([\d.]+)  train ([\d.]+)%  held-out (\d+\.\d\d)%", stdout, re.M)
        assert epoch_line, stdout
        loss, train_acc = float(weights["history_train_loss"][0]), float(weights["history_train_acc"][0])
        assert epoch_line.group(1) == f"{loss:.4f}" and epoch_line.group(2) == f"{100 * train_acc:.2f}"
        assert 0.0 < loss < np.log(10)  # the mean cross-entropy over the epoch: below chance's from the start
        assert 0.1 < train_acc < right / 2000 + 0.05  # a running accuracy, over the epoch as it learned
        assert 0.5 < right / 2000 < 1.0  # one epoch already learns (a broken update would stay near 10 %)
