"""The NumPy PointNet: point clouds of the digits, exact gradients, determinism, the committed weights,
and the weights format refusing what it cannot trust (both models)."""

from __future__ import annotations

import shutil
import zipfile

import numpy as np
import pytest

from compute.data import load_digit
from compute.nn.layers import max_over_points, max_over_points_backward
from compute.nn.models import MODELS, NiN, PointNet, model_class
from compute.nn.points import digit_points, pixel_coordinates, point_clouds
from compute.nn.train import held_out_correct, split_indices, train_model
from compute.nn.weights import WeightsError, load, load_trained, save, weights_path

TINY = {"n_points": 16, "mlp": (4, 4, 8), "head": (4,)}


# ----------------------------------------------------------------------------- points


def test_a_digit_becomes_points_on_its_ink_with_y_up():
    image = np.zeros((28, 28))
    image[0, 27] = 1.0  # top right: one ink pixel, so all 128 points sit there (drawn with replacement)
    points = digit_points(image)
    assert points.shape == (2, 128)
    assert np.array_equal(points, np.tile([[1.0], [1.0]], 128))
    image[27, 0] = 1.0  # bottom left
    assert set(map(tuple, digit_points(image).T)) == {(1.0, 1.0), (-1.0, -1.0)}
    assert np.array_equal(pixel_coordinates()[:, 28 * 5 + 2], [2 * 2 / 27 - 1, 1 - 2 * 5 / 27])


def test_sampling_follows_intensity_and_avoids_repeats_when_it_can():
    digit = load_digit()
    n_ink = int((digit > 0).sum())
    assert n_ink >= 128  # the default 3 has enough ink: no pixel twice
    points = digit_points(digit)
    assert len({tuple(p) for p in points.T}) == 128
    coords = pixel_coordinates()
    on_ink = {tuple(c) for c in coords[:, digit.ravel() > 0].T}
    assert {tuple(p) for p in points.T} <= on_ink
    # with replacement, a pixel 4× as bright is drawn about 4× as often
    image = np.zeros((28, 28))
    image[10, 10], image[20, 20] = 1.0, 0.25
    clouds = point_clouds(np.repeat(image[None], 200, axis=0), rng=np.random.default_rng(0))
    bright = np.mean(clouds[:, 1] == 1 - 2 * 10 / 27)
    assert 0.77 < bright < 0.83  # 0.8 expected; 25,600 draws


def test_the_evaluation_sample_depends_on_the_digit_alone():
    images = np.stack([load_digit(d, 0) for d in range(4)])
    batch = point_clouds(images)
    for i, image in enumerate(images):
        assert np.array_equal(batch[i], digit_points(image))
    assert np.array_equal(point_clouds(images[::-1])[::-1], batch)
    fresh = point_clouds(images, rng=np.random.default_rng(1), jitter=0.02)
    assert not np.array_equal(fresh, batch) and np.abs(fresh).max() <= 1.02
    with pytest.raises(ValueError, match="no ink"):
        point_clouds(np.zeros((1, 28, 28)))


# ----------------------------------------------------------------------------- gradients


def test_max_over_points_sends_the_gradient_to_the_winner():
    x = np.array([[[0.0, 3.0, 1.0], [5.0, 2.0, 5.0]]])  # C=1, B=2, P=3
    y, arg = max_over_points(x)
    assert np.array_equal(y, [[3.0, 5.0]]) and np.array_equal(arg, [[1, 0]])  # the first on ties
    dx = max_over_points_backward(np.array([[2.0, -1.0]]), arg, 3)
    assert np.array_equal(dx, [[[0.0, 2.0, 0.0], [-1.0, 0.0, 0.0]]])


@pytest.mark.parametrize(
    "config", [{"n_points": 6, "mlp": (3, 4, 5), "head": (4,)}, {"n_points": 5, "mlp": (4,), "head": ()}]
)
def test_backward_matches_central_differences(config):
    rng = np.random.default_rng(3)
    model = PointNet.create(config, seed=1)
    for k in model.params:  # non-zero biases, so every path carries gradient
        model.params[k] = model.params[k] + rng.normal(0.0, 0.1, model.params[k].shape)
    x = rng.uniform(-1, 1, (3, 2, config["n_points"]))
    y = rng.integers(0, 10, 3)
    loss, grads, logits = model.loss_and_grads(x, y)
    assert np.isfinite(loss) and loss > 0
    assert np.allclose(logits, model.logits(x), rtol=0, atol=1e-14)
    assert list(grads) == list(model.params)
    for key in model.params:
        assert model.params[key].dtype == np.float64
        fd = model.numeric_grads(key, x, y)
        assert np.linalg.norm(fd) > 1e-8, key  # the check is not vacuous
        rel = np.linalg.norm(grads[key] - fd) / (np.linalg.norm(grads[key]) + np.linalg.norm(fd))
        assert rel < 1e-6, (key, rel)


def test_the_order_of_the_points_does_not_matter():
    net = load_trained("pointnet")
    rng = np.random.default_rng(5)
    for digit in (0, 4, 8):
        points = digit_points(load_digit(digit, 1))
        perm = rng.permutation(points.shape[1])
        g, arg = net.global_feature(points)
        g_perm, arg_perm = net.global_feature(points[:, perm])
        assert np.max(np.abs(g - g_perm)) <= 1e-12
        assert np.max(np.abs(net.logits(points) - net.logits(points[:, perm]))) <= 1e-12
        # where a channel's max is positive, its winner is the same point (or one at the same place: a pixel
        # may be drawn twice); a channel that is 0 at every point (after the ReLU) has every point tied
        live = g > 0
        assert live.sum() > 64
        assert np.array_equal(points[:, arg[live]], points[:, perm][:, arg_perm[live]])


# ----------------------------------------------------------------------------- training and weights


# (that training is deterministic for a seed, for both models: test_network.py)


def test_unknown_models_are_named():
    assert set(MODELS) == {"nin", "pointnet"} and model_class("pointnet") is PointNet
    for call in (lambda: model_class("resnet"), lambda: train_model("resnet"), lambda: weights_path("resnet")):
        with pytest.raises(ValueError, match="unknown model 'resnet'; known models: nin, pointnet"):
            call()


def test_committed_pointnet_reaches_92_percent_on_the_held_out_digits():
    net = load_trained("pointnet")
    assert isinstance(net, PointNet) and net.config == PointNet.DEFAULT_CONFIG
    assert net.config["n_points"] == 128 and net.config["mlp"] == (64, 64, 128) and net.config["head"] == (64,)
    assert net.params["mlp1_w"].shape == (64, 2) and net.params["fc2_w"].shape == (10, 64)
    assert weights_path("pointnet").stat().st_size < 500_000
    assert np.array_equal(net.meta["heldout_idx"], split_indices(net.meta["split_seed"])[1])
    correct = held_out_correct(net)  # float64, the fixed point sample
    assert correct == net.meta["heldout_correct"]
    assert correct / 2000 == net.heldout_accuracy >= 0.92
    assert len(net.history["heldout_acc"]) == net.epochs == len(net.history["train_loss"])
    assert abs(net.history["heldout_acc"][-1] - net.heldout_accuracy) <= 3 / 2000  # measured in float32
    assert net.history["train_loss"][-1] < net.history["train_loss"][0]


def test_save_and_load_round_trip(tmp_path):
    model, _ = train_model("pointnet", epochs=1, max_batches=2, evaluate=False, seed=2, **TINY)
    path = save(model, tmp_path / "tiny.npz")
    again = load(path, "pointnet")
    assert again.config == model.config
    for k in model.params:
        assert np.array_equal(again.params[k], model.params[k])
    assert again.meta["seed"] == 2 and again.meta["train_dtype"] == "float32"
    assert np.array_equal(again.meta["heldout_idx"], model.meta["heldout_idx"])
    with np.load(path, allow_pickle=False) as data:
        assert str(data["model"]) == "pointnet"


def _one_line(error: pytest.ExceptionInfo, path) -> str:
    message = str(error.value)
    assert "\n" not in message and message.startswith(str(path)), message
    return message


def test_weights_of_the_wrong_model_are_refused(tmp_path):
    nin, pointnet = weights_path("nin"), weights_path("pointnet")
    with pytest.raises(WeightsError, match="holds a 'nin' network, not 'pointnet'") as error:
        load(nin, "pointnet")
    _one_line(error, nin)
    with pytest.raises(WeightsError, match="holds a 'pointnet' network, not 'nin'"):
        load(pointnet, "nin")
    assert isinstance(load(nin), NiN) and isinstance(load(pointnet), PointNet)  # no expectation: the file says


def _rewrite(src, dst, change):
    with np.load(src, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    change(arrays)
    with open(dst, "wb") as fh:
        np.savez_compressed(fh, **arrays)
    return dst


def test_damaged_truncated_and_foreign_files_are_refused(tmp_path):
    src = weights_path("pointnet")
    data = src.read_bytes()
    cases = {}
    cases["truncated"] = tmp_path / "truncated.npz"
    cases["truncated"].write_bytes(data[: len(data) // 2])
    cases["empty"] = tmp_path / "empty.npz"
    cases["empty"].write_bytes(b"")
    corrupt = tmp_path / "corrupt.npz"  # a byte flipped inside a compressed member: its CRC fails
    shutil.copy(src, corrupt)
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("param_mlp2_w.npy")
    raw = bytearray(data)
    raw[info.header_offset + 30 + len(info.filename) + 40] ^= 0xFF
    corrupt.write_bytes(bytes(raw))
    cases["corrupt"] = corrupt
    for path in cases.values():
        with pytest.raises(WeightsError, match="damaged or truncated") as error:
            load(path, "pointnet")
        _one_line(error, path)

    def drop_model(a):
        del a["model"]

    def old_format(a):
        a.clear()
        a["conv1_w"] = np.zeros((8, 1, 3, 3))

    def bad_shape(a):
        a["param_mlp2_w"] = a["param_mlp2_w"][:, :10]

    def other_config(a):
        a["config_mlp"] = np.array([64, 32, 128])

    def unknown_model(a):
        a["model"] = np.array("resnet")

    def nan(a):
        a["param_fc1_b"] = a["param_fc1_b"] * np.nan

    def no_history(a):
        del a["history_train_loss"]

    expected = {
        drop_model: "no 'model' key",
        old_format: "old format",
        bad_shape: "parameter mlp2_w is float64 \\(64, 10\\), the pointnet config needs float \\(64, 64\\)",
        other_config: "parameter mlp2_w",
        unknown_model: "unknown model 'resnet'; known models: nin, pointnet",
        nan: "non-finite",
        no_history: "lacks train_loss",
    }
    for change, message in expected.items():
        path = _rewrite(src, tmp_path / f"{change.__name__}.npz", change)
        with pytest.raises(WeightsError, match=message) as error:
            load(path, "pointnet")
        _one_line(error, path)
    missing = tmp_path / "missing.npz"
    with pytest.raises(WeightsError, match="no such file") as error:
        load(missing)
    _one_line(error, missing)
    assert issubclass(WeightsError, ValueError)
