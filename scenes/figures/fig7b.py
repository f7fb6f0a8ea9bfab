"""fig7b (beyond the article): the whole PointNet, trained here, and why the order of the points does not
matter. The shared MLP (1×1 convolutions) gives every point its features; a max over the points gives one
global feature per channel (each channel's max comes from one winning point); a small fully connected head
gives ten scores. Shuffled, the points' columns trade places, but the max over each row — and so the global
feature and the scores — come out the same (EqualityView, EqualityCheck).

Layout: the digit and its cloud (left); the per-point features (24 channels drawn, a row 24 px tall, one
column per point) and the global feature beside them, a cell per row (middle); the scores before and after
the shuffle and the verdicts (top right), the winners' table under them, later |g − g'| and its badge
(bottom right); all 128 channels of g in rows of 16 from step "max", g' beside it at the end (bottom).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Transform, VGroup

from compute.nn.weights import load_trained
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import EqualityCheck, Label, Math, Num, ShapeLabel, bind, frame_of, note, row
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.grid import CellGrid, FadeCells
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.beyond import columns_moved, digit_and_cloud
from scenes.parts.classmap import Appear
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

LEFT_EDGE = -6.4
F_LEFT, F_TOP, F_WIDTH = -3.8, 2.6, 4.8  # the per-point features: 128 columns of 5 px
ROW = 0.18  # a channel's row in the features and in g: 24 px at 1080p
G_X, G_WIDTH = (1.85, 2.35), 0.4  # centres of the global feature's column, before and after the shuffle (54 px)
CLASS_X, SCORE_X = 2.8, (3.9, 5.0)  # class labels; right edges of the two score columns
SCORE_TOP, SCORE_PITCH = 2.65, 0.3
VERDICT_X = 5.25  # left edge of the verdicts, right of the scores
WIN_X, WIN_TOP, WIN_PITCH = (3.3, 4.45, 5.6), -0.9, 0.36  # the winners' table: its columns' centres, heading
G_CELL = 0.1407  # a cell of the compared global features (8×16): 19 px, the maps 152 px tall
G_BAND_Y = -3.0  # the compared global features' centre line, at the bottom
G_MARK = 0.19  # the element marked in both: 26 px around its cell
DIFF_AT = np.array([2.8, -1.15, 0.0])  # top-left corner of |g − g'|
FEATURE_DECIMALS = 2  # a global feature's value, in the winners' table and the compared maps
STEPS = StepNames("cloud", "features", "max", "winners", "scores", "shuffle", "unchanged")


def _forward(v, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(features (C,N), scores (10,)) of the trained PointNet on points (N,2), written out layer by layer."""
    p = load_trained("pointnet").params
    a = points.T
    for layer in ("mlp1", "mlp2", "mlp3"):
        a = np.maximum(p[f"{layer}_w"] @ a + p[f"{layer}_b"][:, None], 0.0)
    g = a.max(axis=1)
    hidden = np.maximum(p["fc1_w"] @ g + p["fc1_b"], 0.0)
    return a, p["fc2_w"] @ hidden + p["fc2_b"]


def bindings(v) -> Bindings:
    """What fig7b draws, by meaning."""
    points, perm = v["points"], v["perm"]
    features, scores = _forward(v, points)
    shuffled, scores_shuffled = _forward(v, points[perm])
    g, g_shuffled = features.max(axis=1), shuffled.max(axis=1)
    winners = [int(c) for c in v["winners"]]
    row_len = v["global_grid"].shape[1]
    label = int(v["label"])
    drawn = v["features_shown"].shape[0]  # the maps draw the first `drawn` channels; their shapes are the whole
    b = Bindings(v)
    b.grid("input", lambda: v["x"]).shape("input", lambda: v["x"].shape)
    b.shape("points", lambda: points.shape)
    b.grid("features", lambda: features[:drawn]).shape("features", lambda: features.shape)
    b.grid("features_shuffled", lambda: shuffled[:drawn])
    b.grid("global", lambda: g[:drawn]).grid("global_shuffled", lambda: g_shuffled[:drawn])
    b.number("not-shown", lambda: features.shape[0] - drawn)
    b.shape("global", lambda: g.shape)
    b.grid("g_grid", lambda: g.reshape(-1, row_len)).grid("g_grid_shuffled", lambda: g_shuffled.reshape(-1, row_len))
    b.grid("g_diff", lambda: np.abs(g - g_shuffled).reshape(-1, row_len))
    b.shape("g_grid", lambda: (g.size // row_len, row_len)).shape(
        "g_grid_shuffled", lambda: (g.size // row_len, row_len)
    )
    at = tuple(int(a) for a in v["at"])
    b.number("value-g", lambda: g.reshape(-1, row_len)[at]).number(
        "value-gs", lambda: g_shuffled.reshape(-1, row_len)[at]
    )
    b.number("max_diff", lambda: np.abs(g - g_shuffled).max())
    b.mark_on("mark-g", "g_grid", lambda: (*at, 1, 1)).mark_on("mark-gs", "g_grid_shuffled", lambda: (*at, 1, 1))
    b.mark_on("winner", "features", lambda s: (winners[s], int(np.argmax(features[winners[s]])), 1, 1))
    b.mark_on("winner-g", "global", lambda s: (winners[s], 0, 1, 1))
    b.number("winner-channel", lambda s: winners[s]).number("winner-value", lambda s: g[winners[s]])
    b.number("winner-point", lambda s: int(np.argmax(features[winners[s]])))
    b.number("class", lambda f: f)
    b.number("score", lambda f: scores[f]).number("score-shuffled", lambda f: scores_shuffled[f])
    b.number("predicted", lambda: int(np.argmax(scores))).number(
        "predicted-shuffled", lambda: int(np.argmax(scores_shuffled))
    )
    b.argmax("predicted", "score").argmax("predicted-shuffled", "score-shuffled")
    b.number("label", lambda: label)
    b.number("seed", lambda: int(v["seed"]))
    b.equal("feature_diff", g, g_shuffled).equal("scores_diff", scores, scores_shuffled)
    b.verdict_on("feature_diff", "g_diff")  # the badge beside |g − g'| judges g = g', not the scores
    # seen from the back of a room: the marks ≥ 24 px, g's cells ≥ 24 px (a row of the features each), the maps
    # ≥ 150 px
    b.at_least("winner", 24).at_least("winner-g", 24).at_least("mark-g", 24).at_least("mark-gs", 24)
    b.at_least("global", 24, per_cell=True).at_least("global_shuffled", 24, per_cell=True)
    for role in ("features", "features_shuffled", "g_grid", "g_grid_shuffled"):
        b.at_least(role, 150)
    # a global feature and a score with 2 decimals: written here, not through the scene's FEATURE_DECIMALS, so
    # that the drawing and this declaration are two statements that must agree
    for role in ("winner-value", "value-g", "value-gs", "score", "score-shuffled"):
        b.decimals(role, 2)
    return b


class Fig7b(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        c, n = v["features"].shape
        drawn = v["features_shown"].shape[0]  # the first channels; the rest stand behind "⋮"
        label = int(v["label"])
        digit, cloud_group = digit_and_cloud(v, t, cell=0.052, side=2.3, left=LEFT_EDGE, top=3.0)
        cloud = cloud_group.cloud

        scale = t.pixel_scale(float(max(v["features"].max(), v["features_permuted"].max())))
        feats = CellGrid(
            v["features_shown"], scale, F_WIDTH / n, stroke_width=0, role="features", visible=False, cell_height=ROW
        )
        feats.move_to([F_LEFT + feats.width / 2, F_TOP - feats.height / 2, 0])
        f_title = row(
            Label("features per point", t, SMALL_SIZE, t.muted),
            ShapeLabel(v, "features", t, role="features", font_size=SMALL_SIZE),
        )
        f_title.next_to(feats, UP, buff=0.15)
        f_frame = frame_of(feats, t)
        more = row(
            Label("⋮", t, SMALL_SIZE, t.muted),
            Num(v, "channels_not_shown", (), t, 0, SMALL_SIZE, t.muted, role="not-shown"),
            Label("more channels", t, SMALL_SIZE, t.muted),
            buff=0.1,
        )
        more.next_to(feats, DOWN, buff=0.12).align_to(feats, LEFT)  # the rows go on
        axis_note = note("a column per point", t).next_to(more, DOWN, buff=0.12).align_to(feats, LEFT)

        def column(key, x, role):
            return CellGrid(v[key], scale, G_WIDTH, stroke_width=0, role=role, visible=False, cell_height=ROW).move_to(
                [x, feats.get_center()[1], 0]
            )

        g_col = column("global_feature_shown", G_X[0], "global")
        g_title = Math("g", t).next_to(g_col, UP, buff=0.15)
        g_shape = ShapeLabel(v, "global_feature", t, role="global", font_size=SMALL_SIZE).next_to(
            g_col, DOWN, buff=0.15
        )
        max_note = note("max", t).move_to([(feats.get_right()[0] + g_col.get_left()[0]) / 2, feats.get_center()[1], 0])

        winners = [int(w) for w in v["winners"]]
        win_marks, win_g, rings, win_rows = [], [], [], []
        for s, ch in enumerate(winners):
            k = int(v["argmax_point"][ch])
            box = feats.window(ch, k, 1, 1, t.focus, stroke_width=3)
            win_marks.append(bind(box.stretch_to_fit_width(ROW).stretch_to_fit_height(ROW), ("winner", s)))
            win_g.append(bind(g_col.window(ch, 0, 1, 1, t.focus, stroke_width=3), ("winner-g", s)))
            rings.append(cloud.ring(k, t.focus))
            win_rows.append(
                VGroup(
                    Num(v, "winners", s, t, 0, SMALL_SIZE, role=("winner-channel", s)),
                    Num(v, "global_feature", ch, t, FEATURE_DECIMALS, SMALL_SIZE, t.focus, role=("winner-value", s)),
                    Num(v, "argmax_point", ch, t, 0, SMALL_SIZE, role=("winner-point", s)),
                )
            )
        # the winners' table, right of g (where |g − g'| comes later): a column each, its heading over it
        heads = [note(word, t) for word in ("channel", "max", "at point")]
        for x, head in zip(WIN_X, heads):
            head.move_to([x, WIN_TOP, 0])
        for s, r in enumerate(win_rows):
            for x, num in zip(WIN_X, r):
                num.move_to([x, WIN_TOP - (s + 1) * WIN_PITCH, 0])
        win_heads = VGroup(*heads)
        win_table = VGroup(win_heads, *win_rows)

        # scores, before and after; the verdicts beside them
        ys = [SCORE_TOP - f * SCORE_PITCH for f in range(10)]
        classes = VGroup(
            *(
                Num(v, "classes", f, t, 0, SMALL_SIZE, t.muted, role=("class", f)).move_to([CLASS_X, ys[f], 0])
                for f in range(10)
            )
        )
        scores = VGroup(
            *(
                Num(v, "scores", f, t, 2, SMALL_SIZE, role=("score", f))
                .move_to([0, ys[f], 0])
                .align_to([SCORE_X[0], 0, 0], RIGHT)
                for f in range(10)
            )
        )
        scores_s = VGroup(
            *(
                Num(v, "scores_permuted", f, t, 2, SMALL_SIZE, role=("score-shuffled", f))
                .move_to([0, ys[f], 0])
                .align_to([SCORE_X[1], 0, 0], RIGHT)
                for f in range(10)
            )
        )
        s_title = Label("scores", t, SMALL_SIZE, t.muted).move_to([SCORE_X[0] - 0.4, ys[0] + 0.4, 0])
        ss_title = Label("shuffled", t, SMALL_SIZE, t.muted).move_to([SCORE_X[1] - 0.4, ys[0] + 0.4, 0])
        predicted = int(v["predicted"])
        pred_box = frame_of(
            VGroup(classes[predicted], scores[predicted]), None, t.prediction, buff=0.06, stroke_width=2.5
        )

        def verdict_of(*lines):  # a word over a big class number: the column beside the scores is narrow
            return VGroup(*lines).arrange(DOWN, buff=0.1, aligned_edge=LEFT)

        verdict = VGroup(
            verdict_of(
                Label("prediction", t, SMALL_SIZE),
                Num(v, "predicted", (), t, 0, LABEL_SIZE, t.prediction, role="predicted"),
            )
        )
        if label >= 0:
            verdict.add(
                verdict_of(
                    Label("true class", t, SMALL_SIZE), Num(v, "label", (), t, 0, LABEL_SIZE, t.truth, role="label")
                )
            )
        verdict.arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        verdict.move_to([VERDICT_X + verdict.width / 2, ys[0] + 0.2 - verdict.height / 2, 0])
        verdict_s = verdict_of(
            note("shuffled,", t),
            Label("prediction", t, SMALL_SIZE),
            Num(v, "predicted", (), t, 0, LABEL_SIZE, t.prediction, role="predicted-shuffled"),
        )
        verdict_s.next_to(verdict, DOWN, buff=0.3).align_to(verdict, LEFT)
        scores_check = EqualityCheck(v, t, "scores_diff", SMALL_SIZE)
        scores_check.move_to([0, ys[9] - 0.42, 0]).align_to([CLASS_X - 0.05, 0, 0], LEFT)

        # the shuffle: every column moves to its new place, then the network's own output on the shuffled points
        inverse = np.argsort(v["perm"])
        moving = columns_moved(feats, v["features_shown"], np.arange(n))  # the features, every cell shown
        target = moving.copy()
        cols = np.tile(inverse, drawn).astype(np.float64)
        target.rects = np.stack([cols / n, moving.rects[:, 1], (cols + 1) / n, moving.rects[:, 3]], axis=1)
        target.regular = False
        shuffled = columns_moved(feats, v["features_permuted_shown"], v["perm"], role="features_shuffled")
        g_col_s = column("global_feature_permuted_shown", G_X[1], "global_shuffled")
        gs_title = Math("g'", t).next_to(g_col_s, UP, buff=0.15)
        seed = row(
            Label("points shuffled, seed", t, SMALL_SIZE, t.muted),
            Num(v, "seed", (), t, 0, SMALL_SIZE, t.muted, role="seed"),
        )
        seed.move_to(axis_note).align_to(feats, LEFT)

        # all 128 channels of g (from step "max") and g' in rows of 16, along the bottom; |g − g'| right of g
        view = EqualityView(
            v,
            t,
            a="global_grid",
            b="global_grid_permuted",
            diff="global_abs_diff",
            at=v["at"],
            names=(Math("g", t), Math("g'", t)),
            diff_name="|g − g'|",
            grid_roles=("g_grid", "g_grid_shuffled", "g_diff"),
            shape_roles=("g_grid", "g_grid_shuffled"),
            mark_roles=(("mark-g",), ("mark-gs",)),
            value_roles=(("value-g",), ("value-gs",)),
            max_role=("max_diff",),
            key="feature_diff",
            color_of=scale,
            side=G_CELL * v["global_grid"].shape[1],
            diff_side=2.0,
            decimals=FEATURE_DECIMALS,
        )
        x = LEFT_EDGE
        for title, grid, mark, value in (
            (view.title_a, view.grid_a, view.mark_a, view.value_a),
            (view.title_b, view.grid_b, view.mark_b, view.value_b),
        ):
            title.arrange(DOWN, buff=0.1).move_to([x + title.width / 2, G_BAND_Y, 0])  # its name left of it
            grid.move_to([title.get_right()[0] + 0.15 + grid.width / 2, G_BAND_Y, 0])
            mark.move_to(grid.cell_center(*view.at)).stretch_to_fit_width(G_MARK).stretch_to_fit_height(G_MARK)
            value.next_to(grid, RIGHT, buff=0.15)  # its value right of it
            if value is view.value_a:
                view.equals.next_to(value, RIGHT, buff=0.25)
                x = view.equals.get_right()[0] + 0.25
        view.panel_diff.shift(DIFF_AT - view.grid_diff.get_corner(UP + LEFT))
        view.max_row.next_to(view.grid_diff, RIGHT, buff=0.3).align_to(view.grid_diff, UP)
        view.diff_note.next_to(view.grid_diff, DOWN, buff=0.15).align_to(view.grid_diff, LEFT)
        for line in view.diff_note.submobjects if len(view.diff_note.submobjects) > 1 else []:
            line.align_to(view.grid_diff, LEFT)
        view.check.move_to([0, G_BAND_Y - 0.2, 0]).align_to([SCORE_X[1] + 1.45, 0, 0], RIGHT)

        poster = self.centre_stage(VGroup(digit, cloud_group), fill=0.95)
        self.add(digit)  # the poster: the digit
        with self.step(STEPS.cloud, f"The digit as a cloud of {n} points, the input of a PointNet trained here."):
            self.play(Appear(cloud_group, lag=0.5), run_time=1.6)
        with self.step(STEPS.features, f"The shared MLP gives every point {c} features: one column per point."):
            self.play(self.to_place(poster), run_time=1.0)
            self.add(feats)
            self.play(Appear(VGroup(f_title, f_frame, axis_note, more)), FadeCells(feats, None, lag=0.8), run_time=2.2)
        with self.step(STEPS.max, f"A max over the points, channel by channel: one global feature of {c} numbers."):
            self.add(g_col)
            self.play(Appear(VGroup(g_title, g_shape, max_note)), FadeCells(g_col, None, lag=0.8), run_time=1.8)
            self.play(Appear(VGroup(view.title_a, view.grid_a)), run_time=1.0)  # all of g, in rows of 16
        with self.step(
            STEPS.winners, "Each channel's max comes from one point: three winners, in the features and on the digit."
        ):
            for s in range(len(winners)):
                heading = [Appear(win_heads)] if s == 0 else []
                self.play(*heading, Appear(VGroup(win_marks[s], win_g[s], rings[s], win_rows[s])), run_time=0.9)
        with self.step(
            STEPS.scores,
            "A small fully connected head turns the global feature into ten scores; the largest is the prediction.",
        ):
            self.play(Appear(VGroup(classes, s_title)), Appear(scores, lag=0.5), run_time=1.6)
            self.play(Appear(VGroup(pred_box, verdict)), run_time=1.0)
        with self.step(STEPS.shuffle, "Shuffle the points: their columns trade places, the cloud is the same set."):
            self.play(
                Appear(VGroup(*win_marks, *win_g, *rings, win_table), out=True),
                Appear(axis_note, out=True),
                run_time=0.6,
            )
            self.remove(feats)
            self.add(moving)
            self.play(Transform(moving, target), Appear(seed), run_time=2.5)
            self.remove(moving)
            self.add(shuffled)
        with self.step(
            STEPS.unchanged,
            "The max over each row does not care about order: the global feature and the scores are unchanged.",
        ):
            self.add(g_col_s)
            self.play(Appear(gs_title), FadeCells(g_col_s, None, lag=0.8), run_time=1.5)
            self.play(Appear(ss_title), Appear(scores_s, lag=0.5), Appear(verdict_s), run_time=1.5)
            self.play(Appear(VGroup(view.title_b, view.grid_b, view.equals)), Appear(scores_check), run_time=0.8)
            self.play(Appear(VGroup(view.mark_a, view.mark_b, view.value_a, view.value_b)), run_time=0.8)
            self.play(Appear(VGroup(view.panel_diff, view.check)), run_time=0.8)


__all__ = ["Fig7b", "bindings"]
