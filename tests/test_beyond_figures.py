"""fig7a, fig7b, fig8, fig9 (beyond the article): the scenes' values (compute/values/beyond_extra.py over the
nets' compute/values/beyond.py), every '=' they draw to 1e-9 in float64, the published counts as drawn, the
permutation invariance to 1e-12, and what the built scenes draw against the value functions."""

from __future__ import annotations

import numpy as np
import pytest

from compute.data import load_digit, load_photo
from compute.nn.weights import load_trained
from compute.values import FigureInputs, beyond, beyond_extra
from scenes.mobjects.text import Num, parse_number
from scenes.registry import get
from tests.helpers import built_scene, problems_with

BEYOND = ("fig7a", "fig7b", "fig8", "fig9")
DIGITS = [
    FigureInputs(),
    FigureInputs(digit=7, index=12),
    FigureInputs(digit=0, index=5),
    FigureInputs(digit=9, index=1),
]


def _relu(a):
    return np.maximum(a, 0.0)


def _windows(plane, k):
    return np.lib.stride_tricks.sliding_window_view(plane, (k, k))


def _drawn(scene, name: str) -> list[Num]:
    """Every Num the built scene ever drew with role (name, …)."""
    return [m for m in scene.ever_added.values() if isinstance(m, Num) and m.role and m.role[0] == name]


def _one(scene, name: str) -> float:
    nums = _drawn(scene, name)
    assert len({n.shown for n in nums}) == 1, f"{name}: drawn {[n.shown for n in nums]}"
    return parse_number(nums[0].shown)


# ---- the registry and the nets' values -----------------------------------------------------------


def test_the_four_figures_come_after_fig6b_in_the_registry():
    from scenes.registry import FIGURES

    ids = list(FIGURES)
    assert ids[ids.index("fig6b") + 1 :] == list(BEYOND)
    for figure_id in BEYOND:
        assert get(figure_id).title.startswith("Beyond the article:")
        assert get(figure_id).caption.startswith("Beyond the article:")


@pytest.mark.parametrize("figure_id", BEYOND)
def test_the_scenes_values_are_the_nets_value_functions_plus_what_is_drawn(figure_id):
    """beyond_extra only adds keys: every array of compute/values/beyond.py reaches the scene unchanged."""
    inputs = FigureInputs().validate()
    base = getattr(beyond, figure_id)(inputs)
    extended = get(figure_id).values()
    assert set(base) < set(extended)
    for key, array in base.items():
        assert np.array_equal(np.asarray(extended[key]), np.asarray(array)), key


# ---- fig7a ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("inputs", DIGITS)
def test_fig7a_one_layer_per_point_equals_a_1x1_convolution_over_the_points(inputs):
    v = beyond_extra.fig7a(inputs.validate())
    points, W1, b1 = v["points"], v["W1"], v["b1"]
    assert points.shape == (128, 2) and np.all(np.abs(points) <= 1.0)
    per_point = np.array([[W1[c] @ p + b1[c] for c in range(len(b1))] for p in points])  # a loop, point by point
    conv = np.einsum("ocuw,cnu->on", v["W1_kernel"], points.T[:, :, None]) + b1[:, None]  # (2,N,1) image, 1×1 kernels
    assert np.max(np.abs(per_point - v["h_dense"])) <= 1e-9
    assert np.max(np.abs(conv - v["h_conv"])) <= 1e-9
    assert np.max(np.abs(v["h_conv"] - v["h_dense"].T)) <= 1e-9
    assert np.array_equal(v["h_dense_t"], v["h_dense"].T)
    assert np.array_equal(v["abs_diff"], np.abs(v["h_conv"] - v["h_dense"].T)) and v["abs_diff"].max() <= 1e-9
    shown = list(v["shown"])
    assert len(set(shown)) == len(shown) == beyond_extra.WORKED_POINTS
    assert int(v["channel"]) == int(np.argmax(per_point.std(axis=0)))
    assert tuple(v["at"]) == (int(v["channel"]), shown[0])


def test_fig7a_draws_the_cloud_where_the_points_are():
    """The dots sit at the points (x, y), y up, on one scale: drawn position = centre + s·(x, y)."""
    from scenes.parts.beyond import Cloud

    scene = built_scene("fig7a")
    v = scene.values
    clouds = [m for top in scene.mobjects for m in top.get_family() if isinstance(m, Cloud)]
    assert clouds, "no Cloud drawn"
    cloud = clouds[0]
    centres = np.array([d.get_center()[:2] for d in cloud.dots])
    origin = cloud.frame.get_center()[:2]
    scale = (centres - origin) / np.where(v["points"] == 0, np.nan, v["points"])
    s = np.nanmedian(scale)
    assert s > 0
    assert np.allclose(centres, origin + s * v["points"], atol=1e-9)


def test_fig7a_the_worked_outputs_are_the_weights_times_the_drawn_coordinates():
    scene = built_scene("fig7a")
    v = scene.values
    c = int(v["channel"])
    weights = {n.role[1]: parse_number(n.shown) for n in _drawn(scene, "weight")}
    bias = _one(scene, "bias")
    assert weights == {0: round(v["W1"][c, 0], 3), 1: round(v["W1"][c, 1], 3)}
    for h in _drawn(scene, "h"):
        p = h.role[1]
        coords = {n.role[2]: parse_number(n.shown) for n in _drawn(scene, "coord") if n.role[1] == p}
        by_hand = weights[0] * coords[0] + weights[1] * coords[1] + bias
        assert abs(parse_number(h.shown) - by_hand) <= 0.015  # drawn "≈": rounding of the drawn operands only
        assert abs(h.value - v["h_conv"][c, v["shown"][p]]) <= 1e-12  # and it is the convolution's output


# ---- fig7b ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("inputs", DIGITS)
def test_fig7b_shuffling_the_points_changes_neither_the_global_feature_nor_the_scores(inputs):
    v = beyond_extra.fig7b(inputs.validate())
    net = load_trained("pointnet")
    perm = v["perm"]
    assert np.array_equal(np.sort(perm), np.arange(len(perm))) and not np.array_equal(perm, np.arange(len(perm)))
    # the features, written out layer by layer here, and their columns after the shuffle
    a = v["points"].T
    for layer in net.mlp_layers:
        a = _relu(net.params[f"{layer}_w"] @ a + net.params[f"{layer}_b"][:, None])
    assert np.max(np.abs(a - v["features"])) <= 1e-9
    assert np.max(np.abs(v["features_permuted"] - v["features"][:, perm])) <= 1e-12
    assert np.max(np.abs(v["global_feature"] - v["global_feature_permuted"])) <= 1e-12
    assert np.max(np.abs(v["scores"] - v["scores_permuted"])) <= 1e-12
    assert np.max(np.abs(v["global_feature"] - a.max(axis=1))) <= 1e-9
    assert np.array_equal(v["global_grid"].ravel(), v["global_feature"])
    assert np.array_equal(v["global_abs_diff"].ravel(), np.abs(v["global_feature"] - v["global_feature_permuted"]))
    winners = v["winners"]
    assert len({int(v["argmax_point"][c]) for c in winners}) == len(winners) == beyond_extra.WINNERS
    for ch in winners:
        assert v["features"][ch, v["argmax_point"][ch]] == v["global_feature"][ch]
    assert tuple(v["at"]) == divmod(int(winners[0]), beyond_extra.GLOBAL_ROW)
    assert int(v["predicted"]) == int(np.argmax(v["scores"])) == int(np.argmax(v["scores_permuted"]))


def test_fig7b_the_shuffle_on_screen_moves_every_column_to_its_place():
    """The animated grid ends with column j of the features where the shuffled features have it."""
    from scenes.mobjects.grid import CellGrid

    scene = built_scene("fig7b")
    v = scene.values
    shuffled = [m for m in scene.ever_added.values() if isinstance(m, CellGrid) and m.role == ("features_shuffled",)]
    assert shuffled and np.array_equal(shuffled[0].array, v["features_permuted"][: beyond_extra.SHOWN_CHANNELS])
    perm, n = v["perm"], v["features"].shape[1]
    # where the animation sends column j: the column j' with perm[j'] = j
    inverse = np.argsort(perm)
    assert np.array_equal(v["features_permuted"][:, inverse], v["features"])
    assert np.array_equal(perm[inverse], np.arange(n))


def test_fig7b_draws_equal_scores_and_one_prediction():
    scene = built_scene("fig7b")
    before = {n.role[1]: n.shown for n in _drawn(scene, "score")}
    after = {n.role[1]: n.shown for n in _drawn(scene, "score-shuffled")}
    assert before == after and len(before) == 10
    assert _one(scene, "predicted") == _one(scene, "predicted-shuffled") == int(scene.values["predicted"])


def test_fig7b_the_winners_marks_on_the_cloud_stay_apart():
    """Each winning point's outline on the cloud is its own: no two overlap at the step that draws them (and the
    points themselves are WINNERS_APART apart, for every input)."""
    from scenes.parts.beyond import Cloud

    for inputs in DIGITS:
        v = beyond_extra.fig7b(inputs.validate())
        won = v["points"][v["argmax_point"][v["winners"]]]
        assert all(np.linalg.norm(won[a] - won[b]) > beyond_extra.WINNERS_APART for a in range(3) for b in range(a))
    scene = built_scene("fig7b")
    cloud = next(m for top in scene.mobjects for m in top.get_family() if isinstance(m, Cloud))
    left, bottom = cloud.frame.get_corner(np.array([-1, -1, 0]))[:2]
    right, top = cloud.frame.get_corner(np.array([1, 1, 0]))[:2]
    dot = cloud.dots[0].width
    rings = [
        i.bbox
        for i in scene.frames["winners"]
        if i.kind == "shape"
        and i.bbox[2] - i.bbox[0] > 2 * dot
        and left < i.center[0] < right
        and bottom < i.center[1] < top
        and i.bbox[2] - i.bbox[0] < cloud.side / 2  # not the panel's own frame
    ]
    assert len(rings) == beyond_extra.WINNERS, rings
    for a in range(len(rings)):
        for b in range(a):
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = rings[a], rings[b]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (rings[a], rings[b])


# ---- fig8 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("inputs", DIGITS)
def test_fig8_the_bottleneck_on_real_features(inputs):
    v = beyond_extra.fig8(inputs.validate())
    x = load_trained("nin").features(load_digit(inputs.digit, inputs.index))
    assert np.array_equal(v["x"], x) and x.shape == (64, 14, 14)
    reduce = _relu(np.einsum("rc,chw->rhw", v["k_reduce"], x))
    assert np.max(np.abs(reduce - v["y_reduce"])) <= 1e-9
    assert np.max(np.abs(v["y_reduce"] - v["y_reduce_fc"])) <= 1e-9
    expand = np.einsum("cr,rhw->chw", v["k_expand"], v["y_mid"])
    assert np.max(np.abs(expand - v["y_bottleneck"])) <= 1e-9
    assert v["y_bottleneck"].shape == v["y_direct"].shape == x.shape


def test_fig8_the_published_counts():
    """ResNet-50's 256-d block: 69,632 weights against 589,824 for one 3×3 convolution 256 → 256 (He et al.)."""
    v = get("fig8").values()
    assert int(v["params_resnet_block"]) == 69632 == 256 * 64 + 64 * 64 * 9 + 64 * 256
    assert int(v["params_resnet_direct"]) == 589824 == 256 * 256 * 9
    assert list(v["resnet_weights"]) == [589824, 16384, 36864, 16384]
    assert int(v["params_direct"]) == 64 * 64 * 9 and int(v["params_bottleneck"]) == 64 * 16 + 16 * 16 * 9 + 16 * 64
    assert int(v["macs_direct"]) == 64 * 64 * 9 * 14 * 14
    assert int(v["macs_bottleneck"]) == (64 * 16 + 16 * 16 * 9 + 16 * 64) * 14 * 14
    assert list(v["stage_weights"]) == [36864, 1024, 2304, 1024] and sum(v["stage_weights"][1:]) == 4352
    assert list(v["stage_macs"]) == [w * 196 for w in v["stage_weights"]]
    assert v["params_ratio"] == v["macs_ratio"] == v["resnet_ratio"] == 4352 / 36864 == 69632 / 589824


def test_fig8_draws_the_published_counts():
    scene = built_scene("fig8")
    assert _one(scene, "resnet-total") == 69632
    assert _one(scene, "resnet-direct") == 589824
    assert _one(scene, "total") == 4352 and _one(scene, "direct-weights") == 36864
    assert _one(scene, "macs-total") == 852992 and _one(scene, "direct-macs") == 7225344
    assert _one(scene, "resnet-ratio") == _one(scene, "ratio") == round(69632 / 589824, 3)
    assert _one(scene, "seed") == beyond.BOTTLENECK_SEED


# ---- fig9 ----------------------------------------------------------------------------------------


def test_fig9_depthwise_then_pointwise_equals_one_convolution():
    v = get("fig9").values()
    x, D, P = v["x"], v["D"], v["P"]
    assert np.array_equal(x, load_photo(beyond.PHOTO_SIZE))
    c, k = D.shape[0], D.shape[-1]
    depthwise = np.stack([np.einsum("ijuw,uw->ij", _windows(x[ch], k), D[ch]) for ch in range(c)])
    assert np.max(np.abs(depthwise - v["y_depthwise"])) <= 1e-9
    separable = np.einsum("fc,cij->fij", P, depthwise)
    kernels = np.einsum("fc,cuw->fcuw", P, D)  # K[f, c] = P[f, c] · D[c]
    full = np.einsum("cijuw,fcuw->fij", np.stack([_windows(x[ch], k) for ch in range(c)]), kernels)
    assert np.max(np.abs(separable - v["y"])) <= 1e-9
    assert np.max(np.abs(full - v["y_full"])) <= 1e-9
    assert np.max(np.abs(v["y"] - v["y_full"])) <= 1e-9
    assert np.max(np.abs(kernels - v["K"])) <= 1e-15
    fi = int(v["filter"])
    assert np.array_equal(v["y_f"], v["y"][fi]) and np.array_equal(v["y_full_f"], v["y_full"][fi])
    assert np.array_equal(v["abs_diff"], np.abs(v["y"][fi] - v["y_full"][fi])) and v["abs_diff"].max() <= 1e-9


def test_fig9_the_counts_and_mobilenets_ratio():
    v = get("fig9").values()
    c, k, f = v["D"].shape[0], v["D"].shape[-1], v["P"].shape[0]
    ho, wo = v["y"].shape[1:]
    assert int(v["params_separable"]) == c * k * k + f * c == int(v["params_depthwise"]) + int(v["params_pointwise"])
    assert int(v["params_full"]) == f * c * k * k
    assert int(v["macs_separable"]) == (c * k * k + f * c) * ho * wo
    assert int(v["macs_full"]) == f * c * k * k * ho * wo
    assert abs(float(v["cost_ratio"]) - (1 / f + 1 / k**2)) <= 1e-12  # MobileNet (Howard et al. 2017): 1/N + 1/D_K²
    assert abs(float(v["cost_ratio_formula"]) - (1 / f + 1 / 9)) <= 1e-12


def test_fig9_draws_the_worked_product_and_the_ratio():
    scene = built_scene("fig9")
    v = scene.values
    p, d, kk = _one(scene, "P-worked"), _one(scene, "D-worked"), _one(scene, "K-worked")
    assert abs(p * d - kk) <= 0.015  # "≈": the drawn operands are rounded to 3 decimals, K to 2
    fi, (c, u, w) = int(v["filter"]), (int(a) for a in v["worked"])
    assert abs(v["K"][fi, c, u, w] - v["P"][fi, c] * v["D"][c, u, w]) <= 1e-15
    assert _one(scene, "ratio") == _one(scene, "formula") == round(1 / 8 + 1 / 9, 3)
    assert _one(scene, "w-separable") == 51 and _one(scene, "w-full") == 216


# ---- the checks catch a wrong number in these figures ----------------------------------------------


def _problems(figure_id: str, tamper) -> list[str]:
    from scenes.checks.bindings import check
    from scenes.pipeline.output import build_scene

    figure = get(figure_id)
    values = {k: np.array(a, copy=True) for k, a in figure.values().items()}
    tamper(values)
    scene = build_scene(figure, values)
    return check(scene, figure.module().bindings(values))


def test_a_miscounted_stage_is_caught():
    def tamper(v):
        v["stage_weights"][2] += 1  # the middle 3×3's weights one off

    problems = _problems("fig8", tamper)
    assert any("weights" in p for p in problems), problems


def test_a_resnet_total_drawn_from_the_wrong_sum_is_caught():
    def tamper(v):
        v["params_resnet_block"] = np.asarray(int(v["params_resnet_direct"]))

    problems = _problems("fig8", tamper)
    assert any("resnet-total" in p for p in problems), problems


def test_scores_after_the_shuffle_drawn_from_another_class_are_caught():
    def tamper(v):
        v["scores_permuted"] = np.roll(v["scores_permuted"], 1)

    problems = _problems("fig7b", tamper)
    assert any("score-shuffled" in p for p in problems), problems


def test_a_worked_output_from_the_wrong_channel_is_caught():
    def tamper(v):
        v["h_dense"] = np.roll(v["h_dense"], 1, axis=1)

    problems = _problems("fig7a", tamper)
    assert any("h [" in p or "('h'" in p or "h[" in p for p in problems), problems


def test_a_folded_kernel_not_the_product_is_caught():
    def tamper(v):
        v["K_f"] = v["K_f"] * 1.1

    problems = _problems("fig9", tamper)
    assert any("K-worked" in p or "('K'" in p for p in problems), problems


# ---- counts with separators, sizes on screen, shared pieces ---------------------------------------


def test_fig8_and_fig9_draw_their_counts_with_thousands_separators():
    """Every count of five digits or more reads '69,632', not '69632'; the arithmetic checks read them back."""
    texts = {}
    for figure_id in ("fig8", "fig9"):
        for num in built_scene(figure_id).ever_added.values():
            if isinstance(num, Num) and num.decimals == 0 and abs(num.value) >= 10_000:
                texts[(figure_id, num.role)] = num.shown
    assert texts[("fig8", ("resnet-total",))] == "69,632"
    assert texts[("fig8", ("resnet-direct",))] == "589,824"
    assert texts[("fig8", ("direct-macs",))] == "7,225,344"
    assert texts[("fig9", ("m-full",))] == "21,600"
    assert all("," in shown for shown in texts.values()), texts


def test_a_count_drawn_one_off_with_its_separator_is_caught():
    def tamper(v):
        v["params_resnet_block"] = np.asarray(69633)

    problems = _problems("fig8", tamper)
    assert any("resnet-total" in p and "69,633" in p for p in problems), problems


@pytest.mark.parametrize(
    "figure_id, role, px",
    [
        ("fig7a", "enlarged-dense-mark", 24),
        ("fig7a", "enlarged-conv-mark", 24),
        ("fig7b", "mark-g", 24),
        ("fig7b", "mark-gs", 24),
        ("fig7b", "g_grid", 150),
        ("fig7a", "dense_map", 150),
        ("fig7a", "conv_map", 150),
        ("fig7b", "features_shuffled", 150),
        ("fig9", "sep-mark", 24),
        ("fig9", "separable_map", 150),
    ],
)
def test_the_compared_element_is_big_enough_at_the_last_step(figure_id, role, px):
    """At 1080p, as the ledger measures it at the last step's end: the element an equality marks in both maps
    is ≥ 24 px, the compared maps ≥ 150 px (issue #17: seen from the back of a room)."""
    from onebyone.ledger import ledger

    items = ledger(figure_id)[-1]["items"]
    boxes = [i["bbox"] for i in items if i["role"] and i["role"][0] == role and i["kind"] != "text"]
    assert boxes, f"{figure_id}: nothing drawn with role {role}"
    for x0, y0, x1, y1 in boxes:
        assert min(x1 - x0, y1 - y0) >= px, (figure_id, role, (x0, y0, x1, y1))


def test_fig7a_enlarges_the_same_element_in_both_maps_with_the_same_value():
    scene = built_scene("fig7a")
    assert len({n.shown for n in _drawn(scene, "value-dense") + _drawn(scene, "value-conv")}) == 1
    assert len(_drawn(scene, "value-dense")) == len(_drawn(scene, "value-conv")) == 2  # under the map, enlarged


def test_columns_moved_keeps_each_cells_colour_with_its_column():
    from scenes.mobjects.grid import CellGrid
    from scenes.mobjects.theme import THEMES
    from scenes.parts.beyond import columns_moved

    theme = THEMES["dark"]
    rng = np.random.default_rng(0)
    array = rng.random((4, 7))
    order = rng.permutation(7)
    scale = theme.pixel_scale(1.0)
    grid = CellGrid(array, scale, 0.1, visible=False)
    moved = columns_moved(grid, array[:, order], order, role="moved")
    fresh = CellGrid(array[:, order], scale, 0.1)
    assert np.array_equal(moved.rgba, fresh.rgba) and np.all(moved.alpha == 1.0) and moved.role == ("moved",)
    with pytest.raises(ValueError):
        columns_moved(grid, array, order)


@pytest.mark.parametrize(
    "module, old, new, figure_id, says",
    [
        pytest.param(
            "scenes.figures.fig7b",
            'Num(v, "global_feature", ch, t, FEATURE_DECIMALS, SMALL_SIZE, t.focus, role=("winner-value", s))',
            'Num(v, "global_feature", ch, t, FEATURE_DECIMALS + 1, SMALL_SIZE, t.focus, role=("winner-value", s))',
            "fig7b",
            "winner-value drawn as",
            id="fig7b's winners' values with one more decimal than the compared maps'",
        ),
        pytest.param(
            "scenes.figures.fig7b",
            "FEATURE_DECIMALS = 2",
            "FEATURE_DECIMALS = 3",
            "fig7b",
            "value-g drawn as",
            id="fig7b's global features all drawn with one more decimal (the scene's constant changed)",
        ),
        pytest.param(
            "scenes.parts.beyond",
            "half = ENLARGED // 2",
            "half = ENLARGED // 3",
            "fig7a",
            "grid ('enlarged-dense',) cell",
            id="fig7a's enlarged block not centred on the compared element",
        ),
        pytest.param(
            "scenes.figures.fig7b",
            "G_X, G_WIDTH = (1.85, 2.35), 0.4",
            "G_X, G_WIDTH = (1.85, 2.35), 0.1",
            "fig7b",
            "a cell of grid ('global',) is",
            id="fig7b's global feature drawn as a thin strip again",
        ),
        pytest.param(
            "scenes.figures.fig7a",
            "MAP_CELL = 0.07",
            "MAP_CELL = 0.03",
            "fig7a",
            "a cell of grid ('dense_map',) is",
            id="fig7a's maps drawn with 4 px cells again",
        ),
        pytest.param(
            "scenes.figures.fig8",
            'x_stack = stack("x", "features", front, False)',
            'x_stack = stack("x", "features", front, True)',
            "fig8",
            "drawn in sign colours",
            id="fig8's ReLU features drawn in the sign colours",
        ),
        pytest.param(
            "scenes.figures.fig9",
            'd_title = VGroup(Math("D", t), ShapeLabel(v, "D", t, role="D", font_size=SMALL_SIZE))',
            'd_title = VGroup(Math("K_f", t), ShapeLabel(v, "D", t, role="D", font_size=SMALL_SIZE))',
            "fig9",
            "is titled 'K_f', not 'D'",
            id="fig9's depthwise kernels titled K_f",
        ),
    ],
)
def test_a_planted_bug_in_a_figure_beyond_the_article_is_caught(module, old, new, figure_id, says):
    """Bugs a mutation run found uncaught, planted one at a time: the figure's own checks must report each."""
    problems = problems_with(figure_id, module, old, new)
    assert any(says in p for p in problems), problems


@pytest.mark.parametrize(
    "module, old, new, says",
    [
        pytest.param(
            "scenes.figures.fig8", "CELL = 0.08 ", "CELL = 0.12 ", "lies on the grid", id="fig8's maps too big to fit"
        ),
        pytest.param(
            "scenes.figures.fig8", "CELL = 0.08 ", "CELL = 0.07 ", "(at least 150 px)", id="fig8's maps under 150 px"
        ),
        pytest.param(
            "scenes.figures.fig9",
            "DW_CELL = 0.115",
            "DW_CELL = 0.1",
            "(at least 150 px)",
            id="fig9's depthwise maps under 150 px",
        ),
    ],
)
def test_fig8_and_fig9_keep_their_maps_big(module, old, new, says):
    """A map the caption names shrunk or grown past its room: the figure's own checks report it (issue #17
    item 7: fig8's feature maps and fig9's depthwise maps at least 150 px at 1080p, and no larger than fits)."""
    problems = problems_with(module.rsplit(".", 1)[1], module, old, new)
    assert any(says in p for p in problems), problems


def test_fig9_shows_the_depthwise_pass_big_in_the_middle_first():
    """The posters (issue #17 item 7): at the end of the depthwise step the planes, their kernels and the depthwise
    maps span the stage's middle, larger than where they sit once P and the folded kernels join them."""
    from scenes.mobjects.components import stage_area

    scene = built_scene("fig9", probe=False)
    frames = scene.frames
    left, bottom, right, top = stage_area()
    maps = lambda step: [i for i in frames[step] if i.kind == "grid" and i.role and i.role[0] == "depthwise"]  # noqa: E731
    poster, later = maps("depthwise"), maps("pointwise")
    assert len(poster) == len(later) == 3
    planes = [i for i in frames["depthwise"] if i.kind == "grid" and i.role and i.role[0].startswith("plane-")]
    assert min(i.bbox[0] for i in planes) < (left + right) / 2 < max(i.bbox[2] for i in poster)
    width = lambda items: min(i.bbox[2] - i.bbox[0] for i in items)  # noqa: E731
    assert width(poster) > 1.1 * width(later)


def test_fig7b_badge_judges_the_features():
    """The badge under |g − g'| built for the scores' equality instead of the features' is caught."""
    problems = problems_with("fig7b", "scenes.figures.fig7b", 'key="feature_diff",', 'key="scores_diff",')
    assert any("g_diff judges ['scores_diff']" in p for p in problems), problems or "the bug went unnoticed"


def test_fig9_map_is_named_filter():
    """A title "params_separable 6" over filter 6's map instead of "filter 6" is caught."""
    old = 'Label("filter", t, SMALL_SIZE, t.muted),'
    problems = problems_with("fig9", "scenes.figures.fig9", old, old.replace('"filter"', '"params_separable"'))
    assert any("follows 'params_separable', not 'filter'" in p for p in problems), problems or "unnoticed"
