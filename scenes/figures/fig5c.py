"""fig5c (the article's footnote 3): summing each class map over space gives one score per class, the same
as a fully connected layer on the spatially summed features (plus H·W times the bias); divided by H·W it
is the network's own output (global average pooling), and its largest entry is the prediction.

Layout: the digit and its summed features s (left); a table with one row per class — label, class map,
Σ of the map, the fully connected layer on s, the network's output (middle); the two equalities and the
prediction (right).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, LaggedStart, Triangle, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import (
    EqualityCheck,
    Label,
    Math,
    Num,
    ShapeLabel,
    Size,
    bind,
    ellipsis,
    frame_of,
    row,
)
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE
from scenes.parts.classmap import (
    Appear,
    digit_input,
    encloses,
    feature_color,
    on_row_of,
    recomputed,
)
from scenes.pipeline.base import FigureScene

LEFT_X = -5.45  # centre of the digit and the summed features
ROW_TOP = 2.08  # centre of the first class's row
ROW_PITCH = 0.585  # distance between rows: the last row's outline clear of the frame's edge
THUMB_CELL = 0.038  # a class map's cell in the table
LABEL_X = -3.75  # centre of the class labels
MAP_X = -3.2  # centre of the class maps
COLUMNS = {"score": -1.9, "dense": 0.5, "logit": 2.2}  # centre of each number column
RIGHT_X = 4.8  # centre of the equalities and the prediction
PANEL_LEFT = -6.45  # left edge of the digit and the summed features


def bindings(v) -> Bindings:
    """What fig5c draws, by meaning."""
    from compute.network import load_trained

    net = recomputed(v)
    maps, features = net["maps"], net["features"]
    _, h, w = features.shape
    scores = maps.sum(axis=(1, 2))
    sums = features.sum(axis=(1, 2))
    channels = v["channels"]
    b = Bindings(v)
    b.grid("input", lambda: v["x"]).shape("input", lambda: v["x"].shape)
    b.grid("class_map", lambda f: maps[f])
    b.grid("feature", lambda s: features[channels[s]])
    b.number("class_label", lambda f: f)
    b.number("channel", lambda s: channels[s])
    b.number("channels-hidden", lambda: features.shape[0] - len(channels))
    b.number("feature_sum", lambda s: sums[channels[s]])
    b.shape("feature_sums", lambda: sums.shape)
    b.number("score", lambda f: scores[f])
    b.number("dense", lambda f: net["k"][f] @ sums + h * w * net["b"][f])
    b.number("logit", lambda f: load_trained().logits(v["x"])[f])
    b.number("predicted", lambda: int(np.argmax(scores)))
    b.number("true_label", lambda: v["label"])
    b.size("height", h).size("width", w)
    b.equal("max_abs_diff", scores, v["scores_dense"])
    b.equal("logits_diff", scores / (h * w), v["logits"])
    b.argmax("predicted", "score")
    on_row_of(b, "class_label", "class_map", lambda f: f)
    on_row_of(b, "true-class", "class_map", lambda: int(v["label"]), left=False)
    encloses(b, "winner", lambda: ("class_map", int(np.argmax(scores))), "class_map")
    return b


class Fig5c(FigureScene):
    figure_id = "fig5c"

    def construct(self):
        v, t = self.values, self.theme
        n_classes, n_channels = v["k"].shape
        _, h, w = v["features"].shape
        label = int(v["label"]) if "label" in v and int(v["label"]) >= 0 else None  # unknown for a user's image

        digit = digit_input(v, t, cell=0.042).move_to([LEFT_X, 0, 0]).align_to([0, 3.02, 0], UP)
        sums = self.summed_features().next_to(digit, DOWN, buff=0.45).align_to([PANEL_LEFT, 0, 0], LEFT)

        ys = [ROW_TOP - f * ROW_PITCH for f in range(n_classes)]
        colour = t.signed_scale(v["y"])
        thumbs = [
            CellGrid(v["y"][f], colour, THUMB_CELL, t.grid_stroke, 0, ("class_map", f)).move_to([MAP_X, y, 0])
            for f, y in enumerate(ys)
        ]
        frames = [frame_of(m, t, stroke_width=1) for m in thumbs]
        labels = [
            Num(v, "classes", (f,), t, 0, LABEL_SIZE, role=("class_label", f)).move_to([LABEL_X, y, 0])
            for f, y in enumerate(ys)
        ]
        header_y = ROW_TOP + 0.68
        map_head = Label("class map", t, SMALL_SIZE, t.muted).move_to([MAP_X - 0.2, header_y, 0])
        columns = {
            "score": self.column("score", "scores", 1, ys, Math("inline(sum_(i, j)) y_f", t), t.text, header_y),
            "dense": self.column("dense", "scores_dense", 1, ys, Math("k_f dot.c s + H W b_f", t), t.text, header_y),
            "logit": self.column("logit", "logits", 3, ys, Math("z_f", t), t.text, header_y),
        }

        checks = [
            self.claim(
                Label("each map's sum =", t, SMALL_SIZE), Label("the layer on s:", t, SMALL_SIZE), "max_abs_diff"
            ),
            self.claim(
                Math(
                    "inline(sum_(i, j)) y_f \\/ ({h} dot.c {w}) =",
                    t,
                    h=Size(v, "features", 1, "height"),
                    w=Size(v, "features", 2, "width"),
                ),
                Label("the network's output z:", t, SMALL_SIZE),
                "logits_diff",
            ),
        ]
        VGroup(*checks).arrange(DOWN, buff=0.55).move_to([RIGHT_X, 1.1, 0])

        predicted = int(v["predicted"])
        winner = bind(
            frame_of(
                VGroup(labels[predicted], thumbs[predicted], *(c["numbers"][predicted] for c in columns.values())),
                None,
                t.accent2,
                buff=0.08,
                stroke_width=3,
            ),
            ("winner",),
        )
        verdict = VGroup(
            row(
                Label("prediction", t, LABEL_SIZE),
                Num(v, "predicted", (), t, 0, LABEL_SIZE + 16, t.accent2, role="predicted"),
            ),
        )
        pointer = None
        if label is not None:
            verdict.add(
                row(
                    Label("true class", t, SMALL_SIZE, t.accent),
                    Num(v, "label", (), t, 0, LABEL_SIZE, t.accent, role="true_label"),
                )
            )
            pointer = bind(
                Triangle(color=t.accent, fill_opacity=1.0, stroke_width=0)
                .rotate(np.pi / 2)
                .scale_to_fit_height(0.24)
                .move_to([COLUMNS["logit"] + 0.8, ys[label], 0]),
                ("true-class",),
            )
        verdict.arrange(DOWN, buff=0.3).move_to([RIGHT_X, -2.3, 0])

        self.add(digit)  # the poster: title and input from the first frame
        with self.step(
            "class-maps",
            f"The network's {n_classes} class maps for this digit, one per row.",
        ):
            self.play(*(Appear(m) for m in labels + thumbs + frames), Appear(map_head), run_time=1.5)
        with self.step(
            "sum",
            f"Summing each class map over its {h}×{w} pixels gives one score per class.",
        ):
            self.play(Appear(columns["score"]["head"]), run_time=0.8)
            travellers = [m.copy() for m in thumbs]
            self.add(*travellers)
            # each map shrinks into its row's sum as that sum appears: the starts of both are spread over
            # the first ``lag`` of the play, so traveller f and number f start together
            lag, rows = 0.6, len(travellers) - 1
            shrink = [m.animate.scale(0.3).move_to([COLUMNS["score"], m.get_y(), 0]).set_opacity(0) for m in travellers]
            self.play(
                LaggedStart(*shrink, lag_ratio=lag / rows / (1 - lag)),
                Appear(columns["score"]["numbers"], lag=lag),
                run_time=2.5,
            )
            self.remove(*travellers)
        with self.step(
            "summed-features",
            f"Sum the features instead: each of the {n_channels} feature maps becomes one number, s.",
        ):
            self.play(Appear(sums), run_time=1.5)
        with self.step(
            "dense",
            "A fully connected layer on s, plus H·W times the bias, gives the very same scores.",
        ):
            self.play(Appear(columns["dense"]["head"]), Appear(columns["dense"]["numbers"], lag=0.5), run_time=2.0)
            self.play(Appear(checks[0]), run_time=1.2)
        with self.step(
            "average",
            "Divided by H·W (global average pooling), the scores are the network's own output z.",
        ):
            self.play(Appear(columns["logit"]["head"]), Appear(columns["logit"]["numbers"], lag=0.5), run_time=2.0)
            self.play(Appear(checks[1]), run_time=1.2)
        with self.step(
            "prediction",
            "The largest score is the network's prediction"
            + ("; the arrow marks the true class." if label is not None else "."),
        ):
            self.play(Appear(winner), Appear(verdict), *([Appear(pointer)] if pointer else []), run_time=1.5)

    def column(self, role: str, key: str, decimals: int, ys, head, color, header_y, sub=None) -> dict:
        """One number per class row, ``values[key][f]``, under a header formula (and a note)."""
        v, t = self.values, self.theme
        x = COLUMNS[role]
        numbers = [
            Num(v, key, (f,), t, decimals, NUMBER_SIZE, color, role=(role, f)).move_to([x, y, 0])
            for f, y in enumerate(ys)
        ]
        for num in numbers:  # right-aligned, so the decimal points line up
            num.align_to([x + 0.5, 0, 0], RIGHT)
        head.move_to([x, header_y, 0])
        heads = VGroup(head)
        if sub is not None:
            heads.add(sub.next_to(head, UP, buff=0.08))
        return {"head": heads, "numbers": VGroup(*numbers)}

    def summed_features(self) -> VGroup:
        """'s = Σ x(i, j)  64' over the shown channels' maps, each → its sum, then '⋮ 61 more'."""
        v, t = self.values, self.theme
        color_of = feature_color(v, t)
        head = VGroup(
            Math("s = inline(sum_(i, j)) x(i, j)", t),
            row(
                ShapeLabel(v, "feature_sums", t, role="feature_sums", font_size=SMALL_SIZE),
                Label("channel sums", t, SMALL_SIZE, t.muted),
                buff=0.12,
            ),
        ).arrange(DOWN, buff=0.15)
        rows = []
        for s, c in enumerate(v["channels"]):  # channel | its map | its sum, in columns from PANEL_LEFT
            channel = Num(v, "channels", (s,), t, 0, SMALL_SIZE, t.muted, role=("channel", s))
            grid = CellGrid(v["features"][c], color_of, 0.036, t.grid_stroke, 0, ("feature", s))
            total = Num(v, "feature_sums", (c,), t, 1, NUMBER_SIZE, role=("feature_sum", s))
            y = -0.68 * s
            channel.move_to([0, y, 0]).align_to([PANEL_LEFT + 0.35, 0, 0], RIGHT)
            grid.move_to([PANEL_LEFT + 0.75, y, 0])
            total.next_to(grid, RIGHT, buff=0.15)
            rows.append(VGroup(channel, grid, total))
        more = row(
            ellipsis(t),
            Num(v, "channels_hidden", (), t, 0, SMALL_SIZE, t.muted, role="channels-hidden"),
            Label("more", t, SMALL_SIZE, t.muted),
            buff=0.15,
        )
        more.next_to(rows[-1], DOWN, buff=0.2).align_to([PANEL_LEFT, 0, 0], LEFT)
        head.next_to(rows[0], UP, buff=0.25).align_to([PANEL_LEFT, 0, 0], LEFT)
        return VGroup(head, *rows, more)

    def claim(self, first, second, key: str) -> VGroup:
        """Two lines saying what is equal, then the computed evidence."""
        t = self.theme
        return VGroup(
            VGroup(first, second).arrange(DOWN, buff=0.12), EqualityCheck(self.values, t, key, SMALL_SIZE)
        ).arrange(DOWN, buff=0.2)


__all__ = ["Fig5c", "bindings"]
