"""fig3: a fully connected layer is a convolution with 784 filters, each one 28×28 kernel over the whole digit.

Filter n is neuron n's weight row reshaped to 28×28; sliding it over a 28×28 input has one position,
so it gives one number: neuron n's output. The map is computed by conv2d and checked against dense.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, FadeIn, ReplacementTransform, VGroup

from scenes.base import FigureScene
from scenes.components import (
    ColorBar,
    EqualityCheck,
    Label,
    Math,
    Num,
    PixelGrid,
    ellipsis,
    frame_of,
    shape_label,
    titled,
)
from scenes.fc_parts import reveal_rows, subscripted
from scenes.theme import LABEL_SIZE, SMALL_SIZE


class Fig3(FigureScene):
    figure_id = "fig3"

    def construct(self):
        v, t = self.values, self.theme
        limit = float(v["glorot_limit"])  # every weight lies in U(−a, a): one colour scale for all filters

        x_grid = PixelGrid.pixels(v["x"], t, cell_size=0.1).move_to([-5.55, -0.3, 0])
        x_title = titled(x_grid, t, Math("x", t), shape_label(v["x"], t))

        filters = [
            PixelGrid.signed(v["K"][n], t, cell_size=0.055, limit=limit, stroke_width=0) for n in v["shown_filters"]
        ]
        column = VGroup(*filters[:-1], ellipsis(t), filters[-1]).arrange(DOWN, buff=0.2).move_to([-1.75, -0.65, 0])
        names = [
            VGroup(subscripted("K", v, "shown_filters_i", m, t), shape_label(v["K"][0], t))
            .arrange(DOWN, buff=0.08)
            .next_to(k, LEFT, buff=0.2)
            for m, k in enumerate(filters)
        ]
        results = [
            VGroup(
                Math("arrow.r", t),
                subscripted("y", v, "shown_filters_i", m, t),
                Math("=", t),
                Num(v, "y", n, t, decimals=3, color=t.accent),
            )
            .arrange(RIGHT, buff=0.1)
            .next_to(k, RIGHT, buff=0.2)
            for m, (n, k) in enumerate(zip(v["shown_filters"], filters))
        ]
        column_title = titled(column, t, Label("filters", t, SMALL_SIZE, t.muted), shape_label(v["b"], t))
        formula = Math("y_n = sum_(u,v) x_(u v) K_(n,u v) + b_n", t, font_size=LABEL_SIZE + 4)
        formula.next_to(x_grid, DOWN, buff=0.45)

        y_grid = PixelGrid.signed(v["y_map"], t, cell_size=0.1).move_to([3.95, 0.15, 0])
        y_frame = frame_of(y_grid, t)
        y_title = titled(y_frame, t, Math("y = x ⋆ K + b", t), shape_label(v["y_map"], t))
        marks = [y_grid.window(*rc, 1, 1, t.text, stroke_width=2.5) for rc in v["shown_filters_rc"]]
        legend = ColorBar(v, "y", t, t.signed_scale(v["y"]), height=y_grid.height * 0.8)
        legend.next_to(y_frame, RIGHT, buff=0.12)
        check = (
            VGroup(
                Label("convolution with these filters  vs  dense W x + b:", t, SMALL_SIZE, t.muted), EqualityCheck(v, t)
            )
            .arrange(DOWN, buff=0.15)
            .next_to(y_frame, DOWN, buff=0.35)
        )

        self.play(FadeIn(self.header()), FadeIn(x_grid), FadeIn(x_title))
        self.play(
            FadeIn(formula),
            FadeIn(column_title),
            FadeIn(column[len(filters) - 1]),
            FadeIn(y_frame),
            FadeIn(y_title),
            run_time=0.8,
        )
        for m, (k, rc) in enumerate(zip(filters, v["shown_filters_rc"])):
            self.play(FadeIn(k), FadeIn(names[m]), run_time=0.6)
            reach = frame_of(x_grid, t).set_stroke(t.accent, 3)
            self.play(ReplacementTransform(reach, frame_of(k, t).set_stroke(t.accent, 3)), run_time=0.8)
            self.play(FadeIn(results[m]), FadeIn(y_grid.cell(*rc)), FadeIn(marks[m]), run_time=0.6)
        shown = {tuple(rc) for rc in v["shown_filters_rc"].tolist()}
        reveal_rows(self, y_grid, shown, 2.0)
        self.bring_to_front(*marks)
        self.play(FadeIn(legend), FadeIn(check), run_time=0.8)
        self.wait(1.5)
