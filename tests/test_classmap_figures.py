"""fig5a–c: the trained net's 1×1 head as ten class maps, a sliding FC layer, and summed scores."""

from __future__ import annotations

import numpy as np
import pytest

from compute.data import load_digit
from compute.nn.weights import load_trained
from compute.values import FigureInputs
from compute.values.classmaps import N_CHANNELS_SHOWN, N_PIXELS_SHOWN, fig5a, fig5b, fig5c

CASES = [(3, 0), (0, 5), (7, 12), (9, 3)]
EXACT = dict(rtol=0, atol=1e-9)


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"digit{c[0]}-{c[1]}")
def case(request):
    inputs = FigureInputs(digit=request.param[0], index=request.param[1]).validate()
    return inputs, fig5a(inputs), fig5b(inputs), fig5c(inputs)


def test_fig5a_shapes_and_types(case):
    inputs, a, _, _ = case
    net = load_trained("nin")
    c = net.channels[-1]
    assert a["x"].shape == (28, 28)
    assert a["features"].shape == (c, 14, 14)
    assert a["k"].shape == (10, c) and a["b"].shape == (10,)
    assert a["y"].shape == (10, 14, 14)
    for key in ("x", "features", "k", "b", "y"):
        assert a[key].dtype == np.float64, key
    assert a["label"].shape == () and a["label"].dtype == np.int64 and int(a["label"]) == inputs.digit
    np.testing.assert_array_equal(a["classes"], np.arange(10))
    assert a["classes"].dtype == np.int64
    assert a["channels"].shape == (N_CHANNELS_SHOWN,) and a["channels"].dtype == np.int64
    assert np.all(np.diff(a["channels"]) > 0) and 0 <= a["channels"].min() and a["channels"].max() < c


def test_fig5a_is_the_trained_network(case):
    inputs, a, _, _ = case
    net = load_trained("nin")
    x = load_digit(inputs.digit, inputs.index)
    np.testing.assert_array_equal(a["x"], x)
    np.testing.assert_array_equal(a["k"], net.params["head_w"])
    np.testing.assert_array_equal(a["b"], net.params["head_b"])
    np.testing.assert_allclose(a["features"], net.features(x), **EXACT)
    # the class maps average to the network's own output, computed by its im2col training forward
    np.testing.assert_allclose(a["y"].mean(axis=(1, 2)), net.fast_logits(x[None, None])[0], **EXACT)
    assert np.all(a["features"] >= 0)  # after ReLU


def test_fig5a_class_maps_are_per_pixel_weighted_sums(case):
    """y[f,i,j] = Σ_c k[f,c] · features[c,i,j] + b[f], pixel by pixel with explicit loops."""
    _, a, _, _ = case
    features, k, b, y = a["features"], a["k"], a["b"], a["y"]
    _, h, w = features.shape
    explicit = np.empty_like(y)
    for i in range(h):
        for j in range(w):
            explicit[:, i, j] = k @ features[:, i, j] + b
    np.testing.assert_allclose(y, explicit, **EXACT)


def test_fig5a_shown_channels_add_most_to_the_true_class(case):
    _, a, _, _ = case
    contribution = a["k"][int(a["label"])] * a["features"].sum(axis=(1, 2))
    others = np.setdiff1d(np.arange(len(contribution)), a["channels"])
    assert contribution[a["channels"]].min() >= contribution[others].max()


def test_fig5a_worked_pixel_and_its_dot_product(case):
    """The spelled-out pixel is where the true class map peaks; its shown products are weight × feature,
    and all C of them plus the bias are that class map's pixel."""
    _, a, _, _ = case
    f, (i, j) = int(a["label"]), a["pixel"]
    assert a["pixel"].shape == (2,) and a["pixel"].dtype == np.int64
    assert a["y"][f, i, j] == a["y"][f].max()
    c = a["channels"]
    assert a["products"].shape == c.shape and a["products"].dtype == np.float64
    np.testing.assert_allclose(a["products"], [a["k"][f, ch] * a["features"][ch, i, j] for ch in c], **EXACT)
    every = sum(a["k"][f, ch] * a["features"][ch, i, j] for ch in range(a["features"].shape[0]))
    np.testing.assert_allclose(every + a["b"][f], a["y"][f, i, j], **EXACT)
    assert int(a["channels_hidden"]) == a["features"].shape[0] - len(c) and a["channels_hidden"].dtype == np.int64


def test_fig5b_sliding_dense_equals_the_1x1_convolution(case):
    _, a, b5, _ = case
    assert b5["y_fc"].shape == (10, 14, 14) and b5["y_fc"].dtype == np.float64
    np.testing.assert_allclose(b5["y_fc"], a["y"], **EXACT)
    np.testing.assert_allclose(b5["y_fc"], b5["y"], **EXACT)
    assert b5["max_abs_diff"].shape == () and float(b5["max_abs_diff"]) <= 1e-9
    assert float(b5["max_abs_diff"]) == float(np.max(np.abs(b5["y_fc"] - b5["y"])))


def test_fig5b_shown_pixels_and_their_inputs(case):
    _, _, b5, _ = case
    shown = b5["shown"]
    assert shown.shape == (N_PIXELS_SHOWN, 2) and shown.dtype == np.int64
    assert np.all((0 <= shown) & (shown < 14))
    assert len(set(shown[:, 0])) == 1 and np.all(np.diff(shown[:, 1]) == 1)  # consecutive on one row
    peak = np.unravel_index(np.argmax(b5["y"][int(b5["label"])]), (14, 14))
    assert peak in map(tuple, shown)
    assert b5["pixel_features"].shape == (N_PIXELS_SHOWN, b5["features"].shape[0])
    for p, (i, j) in enumerate(shown):
        np.testing.assert_array_equal(b5["pixel_features"][p], b5["features"][:, i, j])
        np.testing.assert_allclose(b5["k"] @ b5["pixel_features"][p] + b5["b"], b5["y_fc"][:, i, j], **EXACT)


def test_fig5c_summed_maps_equal_fc_on_summed_features(case):
    inputs, a, _, c5 = case
    np.testing.assert_allclose(c5["y"], a["y"], **EXACT)
    hw = 14 * 14
    assert int(c5["hw"]) == hw and c5["hw"].dtype == np.int64
    for key in ("scores", "scores_dense", "logits"):
        assert c5[key].shape == (10,) and c5[key].dtype == np.float64, key
    assert c5["feature_sums"].shape == (a["features"].shape[0],)
    np.testing.assert_allclose(c5["scores"], c5["y"].sum(axis=(1, 2)), **EXACT)
    np.testing.assert_allclose(c5["scores"], c5["scores_dense"], **EXACT)
    assert float(c5["max_abs_diff"]) <= 1e-9 and float(c5["logits_diff"]) <= 1e-9


def test_fig5c_scores_are_the_networks_logits_times_hw(case):
    inputs, _, _, c5 = case
    net = load_trained("nin")
    x = load_digit(inputs.digit, inputs.index)
    np.testing.assert_allclose(c5["scores"], net.fast_logits(x[None, None])[0] * 14 * 14, **EXACT)
    np.testing.assert_allclose(c5["logits"], net.logits(x), **EXACT)  # im2col path == conv2d/conv1x1 path
    assert c5["predicted"].shape == () and c5["predicted"].dtype == np.int64
    assert int(c5["predicted"]) == net.predict(x) == int(np.argmax(c5["scores"]))
    assert int(c5["label"]) == inputs.digit


def test_default_digit_is_classified_correctly():
    c5 = fig5c(FigureInputs())
    assert int(c5["predicted"]) == int(c5["label"])


@pytest.mark.parametrize("figure_id", ["fig5a", "fig5b", "fig5c"])
def test_a_user_image_draws_and_checks_with_its_declared_steps(figure_id):
    """A user's own image (no true class) builds with no problem; every step it runs is declared, and fig5a
    ends on its "predicted-class" step (USER_STEPS) instead of "true-class"."""
    import importlib
    from pathlib import Path

    from scenes.checks.verdict import scene_problems
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    inputs = FigureInputs(image=str(Path(__file__).parents[1] / "examples" / "drawn" / "seven.jpg"))
    figure = get(figure_id)
    values = figure.values(inputs)
    assert int(values["label"]) == -1
    scene = build_scene(figure, values, probe=True, inputs=inputs)
    assert scene_problems(scene, figure, values) == []
    module = importlib.import_module(f"scenes.figures.{figure_id}")
    steps = getattr(module, "USER_STEPS", module.STEPS)
    run = [s.name for s in scene.steps]
    assert [name for name in run if not steps.declares(name)] == [], run
    assert [name for name in steps.names if name not in run] == [], run
    if figure_id == "fig5a":
        assert run[-1] == "predicted-class" and "true-class" not in run
