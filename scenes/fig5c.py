"""fig5c: summing each class map gives one score per class, the same as a fully connected layer on
the spatially summed features (the article's footnote 3); the largest is the prediction."""

from __future__ import annotations

from manim import DOWN, RIGHT, Create, FadeIn, VGroup

from scenes.base import FigureScene
from scenes.classmap_parts import ClassMaps, FeatureColumn, feature_color
from scenes.components import EqualityCheck, Label, Math, Num, PixelGrid, frame_of, shape_label
from scenes.theme import LABEL_SIZE, SMALL_SIZE

ROWS = {"scores": 0.75, "scores_dense": 0.15, "logits": -0.45}  # y of each table row


class Fig5c(FigureScene):
    figure_id = "fig5c"

    def construct(self):
        v, t = self.values, self.theme
        size = SMALL_SIZE + 2

        features = FeatureColumn(v, t, cell=0.066, digit_cell=0.03).move_to([-6.35, -0.55, 0])
        maps = ClassMaps(v, t, "y", cols=10, cell=0.058, buff=(0.17, 0.1)).move_to([2.05, 1.75, 0])
        table_left = maps.get_left()[0] - 0.25

        def row(key, y, decimals=1, color=None):
            return VGroup(
                *(
                    Num(v, key, (f,), t, decimals=decimals, font_size=size - 4, color=color).move_to(
                        [grid.get_x(), y, 0]
                    )
                    for f, grid in enumerate(maps.maps)
                )
            )

        def row_label(expression, y):
            return Math(expression, t, font_size=size).move_to([0, y, 0]).align_to([table_left, 0, 0], RIGHT)

        scores, dense, logits = (row(key, y, decimals=3 if key == "logits" else 1) for key, y in ROWS.items())
        labels = [
            row_label("sum_(i, j) y_f (i, j)", ROWS["scores"]),
            row_label("k_f dot.c (sum_(i, j) x(i, j)) + H W b_f", ROWS["scores_dense"]),
            row_label('"logits" = 1 / (H W) sum_(i, j) y_f (i, j)', ROWS["logits"]),
        ]
        sums = PixelGrid(v["feature_sums"][None], feature_color(v, t, "feature_sums"), 0.1, stroke_color=t.grid_stroke)
        sums_part = VGroup(Math("sum_(i, j) x_c (i, j)", t, font_size=size), sums, shape_label(v["feature_sums"], t))
        sums_part.arrange(RIGHT, buff=0.25).move_to([1.6, -1.25, 0])
        checks = (
            VGroup(
                *(
                    VGroup(Label(text, t, font_size=SMALL_SIZE), EqualityCheck(v, t, key, font_size=size)).arrange(
                        RIGHT, buff=0.25
                    )
                    for text, key in (
                        ("Σ of each class map = fully connected layer on the summed features:", "max_abs_diff"),
                        ("Σ ÷ H·W = the network's own output (global average pooling):", "logits_diff"),
                    )
                )
            )
            .arrange(DOWN, buff=0.2, aligned_edge=RIGHT)
            .move_to([0.95, -2.3, 0])
        )
        verdict = (
            VGroup(
                Label("predicted", t),
                Num(v, "predicted", (), t, decimals=0, font_size=LABEL_SIZE + 8, color=t.accent2),
                Label("true class", t),
                Num(v, "label", (), t, decimals=0, font_size=LABEL_SIZE + 8, color=t.accent),
            )
            .arrange(RIGHT, buff=0.25)
            .move_to([1.2, -3.35, 0])
        )

        self.play(
            FadeIn(self.header()), FadeIn(features), FadeIn(maps), FadeIn(maps.outline(int(v["label"]), t.accent))
        )
        self.play(FadeIn(labels[0]), FadeIn(scores, lag_ratio=0.15), run_time=1.5)
        self.play(FadeIn(sums_part), run_time=0.8)
        self.play(FadeIn(labels[1]), FadeIn(dense, lag_ratio=0.15), run_time=1.5)
        self.play(FadeIn(checks[0]), run_time=0.8)
        self.play(FadeIn(labels[2]), FadeIn(logits, lag_ratio=0.15), run_time=1.2)
        self.play(FadeIn(checks[1]), run_time=0.8)
        winner = VGroup(scores[int(v["predicted"])], logits[int(v["predicted"])])
        self.play(Create(frame_of(winner, t, t.accent2, buff=0.1, stroke_width=3)), FadeIn(verdict), run_time=1.0)
        self.wait(1.5)
