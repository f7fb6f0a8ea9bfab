"""The NumPy network: exact gradients, reproducible training, and the committed weights."""

from __future__ import annotations

import numpy as np
import pytest

from compute.conv import conv2d
from compute.nn.layers import col2im, conv2d_backward, im2col, maxpool2x2, maxpool2x2_backward
from compute.nn.models import MODELS, NiN
from compute.nn.optim import ADAM_EPS, BETAS, LR_FLOOR, Adam, cosine_lr
from compute.nn.train import (
    N_HELDOUT,
    N_TRAIN,
    held_out_accuracy,
    held_out_correct,
    heldout_data,
    split_indices,
    train_model,
)
from compute.nn.weights import load_trained, weights_path


@pytest.mark.parametrize(
    ("channels", "kernels", "shape"),
    [((2, 3), (3, 3), (2, 1, 8, 8)), ((2, 3, 2), (3, 5, 3), (2, 1, 8, 8)), ((2, 2, 3), None, (1, 1, 28, 28))],
)
def test_backward_matches_central_differences(channels, kernels, shape):
    rng = np.random.default_rng(7)
    net = NiN.initialise(channels, kernels, seed=3)
    for k in net.params:  # non-zero biases, so every path carries gradient
        net.params[k] = net.params[k] + rng.normal(0.0, 0.1, net.params[k].shape)
    x = rng.random(shape)
    y = rng.integers(0, 10, shape[0])
    loss, grads, logits = net.loss_and_grads(x, y)
    assert np.isfinite(loss) and loss > 0
    assert np.allclose(logits, net.logits(x), rtol=1e-12, atol=1e-14)  # im2col forward == conv2d forward
    assert set(grads) == set(net.params) == set(net.param_keys)
    for key in net.param_keys:
        fd = net.numeric_grads(key, x, y)
        assert grads[key].shape == net.params[key].shape
        assert np.linalg.norm(fd) > 1e-8, key  # the check is not vacuous
        rel = np.linalg.norm(grads[key] - fd) / (np.linalg.norm(grads[key]) + np.linalg.norm(fd))
        assert rel < 1e-5, (key, rel)


def test_im2col_col2im_are_adjoint_and_pool_picks_maxima():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 2, 6, 6))  # C,N,H,W
    c = rng.normal(size=(3 * 25, 2 * 36))
    # <im2col(x), c> == <x, col2im(c)>: col2im is exactly the transpose used for ∂L/∂x
    assert np.isclose(np.sum(im2col(x, 5, 2) * c), np.sum(x * col2im(c, x.shape, 5, 2)))
    y, arg = maxpool2x2(x)
    assert np.array_equal(y, x.reshape(3, 2, 3, 2, 3, 2).max(axis=(3, 5)))
    assert arg.min() >= 0 and arg.max() <= 3
    assert np.array_equal(maxpool2x2_backward(np.ones_like(y), arg).sum(axis=(2, 3)), np.full((3, 2), 9.0))


def test_conv2d_backward_against_conv2d():
    # L = <dy, conv2d(x, w)> is linear in w and in x, so L = <dw, w> = <dx, x> exactly
    rng = np.random.default_rng(1)
    x, w, dy = rng.normal(size=(2, 3, 7, 7)), rng.normal(size=(4, 3, 5, 5)), rng.normal(size=(2, 4, 7, 7))
    dx, dw, db = conv2d_backward(x, w, dy, padding=2)
    loss = np.sum(dy * conv2d(x, w, padding=2))
    assert np.isclose(np.sum(dw * w), loss) and np.isclose(np.sum(dx * x), loss)
    assert np.allclose(db, dy.sum(axis=(0, 2, 3)))
    e = np.zeros_like(w)
    e[1, 2, 0, 4] = 1.0  # one weight's derivative, against conv2d directly
    assert np.isclose(dw[1, 2, 0, 4], np.sum(dy * conv2d(x, e, padding=2)))


def test_split_is_fixed_disjoint_and_complete():
    train_idx, held_idx = split_indices()
    assert len(train_idx) == N_TRAIN == 8000 and len(held_idx) == N_HELDOUT == 2000
    assert np.array_equal(np.union1d(train_idx, held_idx), np.arange(10000))
    again = split_indices()
    assert np.array_equal(again[0], train_idx) and np.array_equal(again[1], held_idx)
    assert not np.array_equal(split_indices(1)[1], held_idx)


@pytest.mark.parametrize(
    "name, config, epochs",
    [
        ("nin", {"channels": (4, 8, 8), "kernels": (3, 5, 3)}, 1),
        ("pointnet", {"n_points": 16, "mlp": (4, 4, 8), "head": (4,)}, 2),  # 2 epochs: a fresh point sample each
    ],
)
def test_training_is_deterministic_for_a_seed(name, config, epochs):
    """Either model: the same seed gives the same weights and history bit for bit, another seed others; and
    the weights did move from their initialisation."""
    kw = dict(epochs=epochs, max_batches=3, evaluate=False, **config)
    a, hist_a = train_model(name, seed=5, **kw)
    b, hist_b = train_model(name, seed=5, **kw)
    c, _ = train_model(name, seed=6, **kw)
    for k in a.params:
        assert np.array_equal(a.params[k], b.params[k]), k
        assert not np.array_equal(a.params[k], c.params[k]), k
    assert np.array_equal(hist_a["train_loss"], hist_b["train_loss"])
    fresh = MODELS[name].create(config, seed=5)
    assert not any(np.array_equal(a.params[k], fresh.params[k]) for k in a.params)  # it did train
    own = {k: v for k, v in MODELS[name].TRAINING.items() if k not in ("epochs", "seed", "batch_size", "lr", "dtype")}
    assert a.meta["seed"] == 5 and a.meta["epochs"] == epochs and all(a.meta[k] == v for k, v in own.items())


def test_committed_weights_reach_97_percent_on_the_held_out_digits():
    net = load_trained("nin")
    assert weights_path("nin").stat().st_size < 1_000_000
    assert all(p.dtype == np.float64 for p in net.params.values())
    c1, c_last = net.channels[0], net.channels[-1]
    assert net.params["conv1_w"].shape == (c1, 1, 3, 3)
    assert net.params["head_w"].shape == (10, c_last) and net.params["head_b"].shape == (10,)
    assert np.array_equal(net.meta["heldout_idx"], split_indices(net.meta["split_seed"])[1])
    correct = held_out_correct(net)
    assert correct == net.meta["heldout_correct"]
    acc = held_out_accuracy(net)
    assert acc == net.heldout_accuracy == correct / 2000
    assert acc >= 0.97
    assert len(net.history["heldout_acc"]) == net.epochs == len(net.history["train_loss"])
    assert abs(net.history["heldout_acc"][-1] - acc) <= 2 / 2000  # measured in float32 while training
    assert net.history["train_loss"][-1] < net.history["train_loss"][0]


def test_class_maps_sum_to_logits_and_the_true_class_wins():
    net = load_trained("nin")
    x, y = heldout_data("nin")
    x, y = x[:40], y[:40]
    right = 0
    for img, label in zip(x, y):
        feat = net.features(img[0])
        assert feat.shape == (net.channels[-1], 14, 14) and feat.min() >= 0  # after ReLU
        maps = net.class_maps(img[0])
        assert maps.shape == (10, 14, 14)
        for i, j in [(0, 0), (7, 7), (13, 2)]:  # the head, one pixel at a time: a dot product per class
            pixel = [np.dot(net.params["head_w"][f], feat[:, i, j]) + net.params["head_b"][f] for f in range(10)]
            assert np.allclose(maps[:, i, j], pixel, rtol=0, atol=1e-12)
        sums = maps.sum(axis=(1, 2))
        logits = net.fast_logits(img[None])[0]  # the training forward: im2col, not conv2d/conv1x1
        assert np.allclose(sums, logits * 14 * 14, rtol=0, atol=1e-9)
        if net.predict(img[0]) == label:
            right += 1
            assert sums.argmax() == label
    assert right >= 37  # most of them, so the check above ran
    batch = net.class_maps(x)
    assert batch.shape == (40, 10, 14, 14)
    assert np.allclose(batch.mean(axis=(2, 3)), net.fast_logits(x), rtol=0, atol=1e-12)


# SHA-256 (first 24 hex digits) of every array of network.npz as committed before the weights format
# had a model key (the file trained in 98 s, 97.35 %): re-saving it must not change a single bit.
OLD_FORMAT_DIGESTS = {
    "conv1_w": "ec0b06de6f73b8e66e454ab0",
    "conv1_b": "5574e98eb2a5fd9785d08bbc",
    "conv2_w": "ce4f55b65b01af3bf695aa5b",
    "conv2_b": "da578b437e9344fea00690dd",
    "conv3_w": "200f02ebec5bfe87ad96cc77",
    "conv3_b": "b79983416d0dd7f61195de21",
    "conv4_w": "5fcabd4219c2a7125206af8f",
    "conv4_b": "d92e746290f1296d605091ba",
    "conv5_w": "167d6b6a4cd93225d380f49f",
    "conv5_b": "d4d776c49f216bb715cfee39",
    "head_w": "e8e2e1d66563ef6a6798b371",
    "head_b": "11d56fa64b947165dc7fdd1e",
    "history_train_loss": "de2db247da15c9bad77e26e1",
    "history_train_acc": "fa8f74acf6d276540e10205f",
    "history_heldout_acc": "bfaa007b8dd0549b39c2f4e1",
    "history_seconds": "d198b0f0b0c7f9908c285b86",
    "seed": "5fd1b79ebdef9619a57916a3",
    "split_seed": "a4f7528991b5a94e904fdb94",
    "n_train": "3e1f6dbf626619317d04b24a",
    "n_heldout": "f3df896830df06dd8776fdee",
    "heldout_idx": "5b5fb301bbbeb10c7c334f1d",
    "epochs": "220dde27afee4d537cac96d8",
    "batch_size": "9d4ac218fb54041e3a70a8e1",
    "learning_rate": "edd8f050606f91c1ff861229",
    "heldout_accuracy": "45ebfe49462c49e7a042ed5a",
    "heldout_correct": "c372ed929866ba13a966ada1",
    "train_seconds": "e9471a09ed38c446a6959a06",
    "train_dtype": "cdaa6a0b1974375e58b2f04c",
}


def test_resaved_weights_hold_the_old_arrays_bit_for_bit():
    import hashlib

    with np.load(weights_path("nin"), allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    assert str(arrays["model"]) == "nin"
    assert tuple(arrays["config_channels"]) == (8, 16, 32, 32, 64)
    assert tuple(arrays["config_kernels"]) == (3, 5, 3, 3, 1)
    net = load_trained("nin")
    for old, digest in OLD_FORMAT_DIGESTS.items():
        new = f"param_{old}" if old in net.params else old if old.startswith("history_") else f"meta_{old}"
        assert hashlib.sha256(arrays[new].tobytes()).hexdigest()[:24] == digest, old
    # recomputed from these weights by test_committed_weights_reach_97_percent_on_the_held_out_digits
    assert net.meta["heldout_correct"] == 1947 and net.heldout_accuracy == 0.9735


# ----------------------------------------------------------------------------- the optimiser


def test_the_learning_rate_decays_by_a_cosine_from_lr_to_its_floor():
    """lr at the first step, lr·floor at the last, half-way between them at the middle step, never rising."""
    total, lr = 11, 0.5
    rates = np.array([cosine_lr(step, total, lr) for step in range(total)])
    assert rates[0] == pytest.approx(lr) and rates[-1] == pytest.approx(lr * LR_FLOOR)
    assert rates[5] == pytest.approx(lr * (1 + LR_FLOOR) / 2)
    assert rates[2] == pytest.approx(lr * (LR_FLOOR + (1 - LR_FLOOR) * (1 + np.cos(np.pi / 5)) / 2))
    assert np.all(np.diff(rates) < 0)
    assert cosine_lr(0, 1, lr) == pytest.approx(lr)  # a one-step run trains at lr


def test_adam_follows_the_textbook_update_in_float64():
    """Kingma & Ba's Algorithm 1 (bias-corrected moments m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), p ← p − lr·m̂/(√v̂+ε))
    over five steps of varied gradients, each parameter's move to 1e-9 relative, with ε read as ε/√(1−β₂ᵗ) (the
    update folds the correction into its step size, the paper's §2 form); its first step moves each parameter
    by lr against its gradient's sign."""
    rng = np.random.default_rng(0)
    b1, b2 = BETAS
    p0 = rng.normal(size=(3, 4))
    params, adam = {"w": p0.copy()}, Adam({"w": p0})
    want, m, v = p0.copy(), np.zeros_like(p0), np.zeros_like(p0)
    for t in range(1, 6):
        g, lr = rng.normal(size=p0.shape) * t, 0.01 * t
        adam.step(params, {"w": g}, lr)
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g**2
        eps = ADAM_EPS / np.sqrt(1 - b2**t)  # the ε of an update with the correction in its step size
        want = want - lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        np.testing.assert_allclose(params["w"] - p0, want - p0, rtol=1e-9)  # the moves, not p
        if t == 1:
            np.testing.assert_allclose(params["w"] - p0, -lr * np.sign(g), rtol=1e-4)


def test_training_steps_the_schedule_once_per_batch_from_its_start_to_its_end(monkeypatch):
    """Two epochs of three batches are six Adam steps: at lr, down the cosine, at lr·floor for the last."""
    rates = []
    step = Adam.step
    monkeypatch.setattr(Adam, "step", lambda self, params, grads, lr: rates.append(lr) or step(self, params, grads, lr))
    train_model("nin", epochs=2, max_batches=3, evaluate=False, lr=0.01, channels=(2, 2), kernels=(3, 1))
    assert rates == pytest.approx([cosine_lr(s, 6, 0.01) for s in range(6)])
    assert rates[0] == pytest.approx(0.01) and rates[-1] == pytest.approx(0.01 * LR_FLOOR)
