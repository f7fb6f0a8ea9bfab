"""fig6b: 784 filters of 784 1×1 kernels over the digit reshaped to 784×1×1 give 784 output channels —
laid back out as a 28×28 map they are fig1b's fully connected layer, y = W x + b.

Layout: the digit x (top left) and its channel column v; four of the 784 filters (1, 2, 3, …, 784)
with their outputs under them; the output column y; the 28×28 output map with its colour bar (right);
the equality with fig1b's dense layer under the map.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, LaggedStart, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import (
    ColorBar,
    EqualityCheck,
    Math,
    Num,
    RevealCells,
    ShapeLabel,
    bind,
    ellipsis,
    frame_of,
    pixel_grid,
    signed_grid,
    titled,
)
from scenes.mobjects.grid import FadeCells
from scenes.mobjects.text import FigureRef
from scenes.mobjects.theme import SMALL_SIZE
from scenes.parts.channel import (
    bracket,
    column_into_rows,
    in_turn,
    pixel_column,
    rows_into_column,
    signed_column,
    together,
)
from scenes.pipeline.base import FigureScene

TOP = 2.35  # top edge of the digit, of every channel column and of the output map
COLUMN_HEIGHT = 5.05  # 784 channels, all drawn
X_CELL = 0.085  # the digit's cell size
MAP_CELL = 0.11  # the output map's cell size
V_X = -3.45  # x of the input channels v
FILTER_X = (-2.25, -1.25, 0.45)  # x of the drawn filters; the ellipsis sits before the last
Y_X = 1.5  # x of the output channels y
RIGHT_EDGE = 6.45  # the colour bar's labels end here, inside the safe area
LABEL_Y = -2.98  # y of the labels under the columns (outputs, shapes)


def bindings(v) -> Bindings:
    """What fig6b draws, by meaning: filter f is fig1b's weight row W[f] (its 784 1×1 kernels), its output
    is fig1b's neuron f, W[f]·x + b[f], and the 784 outputs laid out row-major are fig1b's map."""
    x, W, bias = v["x"], v["K"], v["b"]
    h, w = x.shape
    shown = [int(f) for f in v["shown"]]
    dense = W @ x.reshape(-1) + bias  # fig1b's layer
    b = Bindings(v)
    b.number("filter_number", lambda p: shown[p] + 1)
    b.number("output", lambda p: dense[shown[p]])
    b.grid("input", lambda: x).grid("channels", lambda: x.reshape(-1))
    b.grid("filter", lambda p: W[shown[p]])
    b.grid("outputs", lambda: dense).grid("output_map", lambda: dense.reshape(h, w))
    b.shape("input", lambda: x.shape).shape("channels", lambda: (x.size, 1, 1))
    b.shape("filters", lambda: (W.shape[0], x.size, 1, 1))
    b.shape("outputs", lambda: (W.shape[0], 1, 1)).shape("output_map", lambda: (h, w))
    b.equal("max_abs_diff", v["y"], dense)
    b.mark_on("target", "outputs", lambda p: (shown[p], 0, 1, 1))
    b.mark_on("map_target", "output_map", lambda p: (shown[p] // w, shown[p] % w, 1, 1))
    return b


class Fig6b(FigureScene):
    figure_id = "fig6b"

    def construct(self):
        v, t = self.values, self.theme
        h, w = v["x"].shape
        n_filters = v["K"].shape[0]
        shown = [int(f) for f in v["shown"]]
        middle_y = TOP - COLUMN_HEIGHT / 2

        x_grid = pixel_grid(v["x"], t, X_CELL, role="input")
        x_grid.move_to([0, 0, 0]).align_to([-6.46, TOP, 0], LEFT + UP)
        x_title = titled(x_grid, Math("x", t), ShapeLabel(v, "x", t, role="input"))

        v_col = pixel_column(v["v"], t, COLUMN_HEIGHT, role="channels", visible=False).move_to([V_X, middle_y, 0])
        v_frame = frame_of(v_col, t)
        v_title = Math("v", t).next_to(v_frame, UP, buff=0.15)
        v_shape = ShapeLabel(v, "v", t, role="channels", font_size=SMALL_SIZE).next_to(v_frame, DOWN, buff=0.15)

        # ---- the filters --------------------------------------------------------------------------
        k_limit = float(np.max(np.abs(v["K"])))
        filters = [
            signed_column(v["K"][f], t, COLUMN_HEIGHT, limit=k_limit, role=("filter", p)).move_to([fx, middle_y, 0])
            for p, (f, fx) in enumerate(zip(shown, FILTER_X))
        ]
        frames = [frame_of(f, t) for f in filters]
        lit = [frame_of(f, t, color=t.accent, stroke_width=3) for f in filters]  # a filter at work
        numbers = [
            Num(v, "shown_i", p, t, 0, SMALL_SIZE, t.muted, role=("filter_number", p))
            .next_to(fr, UP, buff=0.15)
            .align_to(v_title, DOWN)
            for p, fr in enumerate(frames)
        ]
        gap = ellipsis(t, "h").move_to([(FILTER_X[-2] + FILTER_X[-1]) / 2, middle_y, 0])
        k_title = VGroup(
            Math("K", t),
            ShapeLabel(v, "K", t, role="filters", font_size=SMALL_SIZE, shape=(n_filters, h * w, 1, 1)),
        ).arrange(RIGHT, buff=0.2)
        k_title.next_to(VGroup(*numbers), UP, buff=0.2)
        weights = VGroup(
            FigureRef("the weights of fig1b:", "fig1b", t, SMALL_SIZE, t.muted),
            Math("K_(f, c) = W_(f, c)", t),
        ).arrange(DOWN, buff=0.25, aligned_edge=LEFT)
        weights.next_to(x_grid, DOWN, buff=0.45).align_to(x_grid, LEFT)
        outputs = [
            Num(v, "y", f, t, 3, SMALL_SIZE, t.accent, role=("output", p)).move_to([fx, LABEL_Y, 0])
            for p, (f, fx) in enumerate(zip(shown, FILTER_X))
        ]

        # ---- the outputs: a column, then a map ----------------------------------------------------
        y_limit = float(np.max(np.abs(v["y"])))
        y_col = signed_column(v["y"], t, COLUMN_HEIGHT, limit=y_limit, role="outputs", visible=False)
        y_col.move_to([Y_X, middle_y, 0])
        y_frame = frame_of(y_col, t)
        y_title = Math("y", t).next_to(y_frame, UP, buff=0.15).align_to(v_title, DOWN)
        y_shape = ShapeLabel(v, "y", t, role="outputs", font_size=SMALL_SIZE, shape=(n_filters, 1, 1))
        y_shape.next_to(y_frame, DOWN, buff=0.15)
        targets = [
            bind(bracket(y_col, f, 1, t.accent, pad=0.05, stroke_width=2), ("target", p)) for p, f in enumerate(shown)
        ]

        y_map = signed_grid(v["y_map"], t, MAP_CELL, limit=y_limit, role="output_map", visible=False)
        y_map.move_to([0, 0, 0]).align_to([0, TOP, 0], UP)
        map_frame = frame_of(y_map, t)
        legend = ColorBar(v, "y_map", t, y_map, height=y_map.height, width=0.25, decimals=3)
        legend.next_to(map_frame, RIGHT, buff=0.12).align_to(map_frame, UP)
        shift = RIGHT_EDGE - legend.get_right()[0]
        for mob in (y_map, map_frame, legend):
            mob.shift(shift * RIGHT)
        map_title = titled(map_frame, Math("y", t), ShapeLabel(v, "y_map", t, role="output_map"))
        map_title.align_to(v_title, DOWN)
        map_targets = [
            bind(y_map.window(f // w, f % w, 1, 1, t.accent, stroke_width=2.5), ("map_target", p))
            for p, f in enumerate(shown)
        ]
        same = VGroup(
            FigureRef("the outputs of fig1b's layer:", "fig1b", t, SMALL_SIZE, t.muted),
            Math("K star v + b = W x + b", t),
            EqualityCheck(v, t, font_size=SMALL_SIZE + 2),
        ).arrange(DOWN, buff=0.25, aligned_edge=RIGHT)
        same.align_to([RIGHT_EDGE, -3.6, 0], RIGHT + DOWN)

        # ---- the steps -----------------------------------------------------------------------------
        self.add(x_grid, x_title)
        with self.step(
            "reshape",
            f"As in fig6a, the {h}×{w} digit x is read row by row into v: {h * w} channels of one pixel, {h * w}×1×1.",
        ):
            self.add(v_col)
            move, piece = rows_into_column(x_grid, v_col, range(h), lag=0.75, run_time=4.5)
            self.play(in_turn(together(0.8, FadeIn(v_frame), FadeIn(v_title), FadeIn(v_shape)), move))
            self.remove(piece)
            v_col.show()

        with self.step(
            "filters",
            f"{n_filters} filters, each {h * w}×1×1: filter f holds the weights of fig1b's neuron f, row f of W.",
        ):
            self.play(
                LaggedStart(*(FadeIn(VGroup(f, fr, nb)) for f, fr, nb in zip(filters, frames, numbers)), lag_ratio=0.3),
                FadeIn(gap),
                FadeIn(k_title),
                FadeIn(weights),
                run_time=1.4,
            )

        with self.step(
            "first-filter",
            f"Filter 1 over v is fig6a's filter: its {h * w} products plus its bias give output channel 1.",
        ):
            self.add(y_col)
            self.play(
                in_turn(
                    together(0.8, FadeIn(y_frame), FadeIn(y_title), FadeIn(y_shape)),
                    together(
                        1.2,
                        FadeIn(lit[0]),
                        FadeIn(outputs[0]),
                        FadeCells(y_col, [(shown[0], 0)]),
                        FadeIn(targets[0]),
                    ),
                )
            )

        with self.step(
            "more-filters",
            "Every filter does the same with its own weights and bias, filling its own output channel.",
        ):
            self.play(
                LaggedStart(
                    *(
                        together(
                            1.0,
                            FadeIn(lit[p]),
                            FadeIn(outputs[p]),
                            FadeCells(y_col, [(shown[p], 0)]),
                            FadeIn(targets[p]),
                        )
                        for p in range(1, len(shown))
                    ),
                    lag_ratio=0.5,
                )
            )

        with self.step(
            "all-outputs",
            f"All {n_filters} filters together give y: {n_filters} output channels of one pixel, {n_filters}×1×1.",
        ):
            self.play(
                RevealCells(y_col, [(c, 0) for c in range(n_filters)], skip=[(f, 0) for f in shown]), run_time=3.0
            )

        with self.step(
            "to-map",
            f"Laid back out row by row, the {n_filters} output channels form a {h}×{w} map, coloured by value: "
            "the outputs of fig1b's layer.",
        ):
            self.add(y_map)  # every cell hidden until its row arrives
            move, piece = column_into_rows(y_col, y_map, range(h), lag=0.75, run_time=5.0)
            self.remove(y_col)  # its cells themselves travel: the piece stands where they were
            self.add(piece)
            self.play(
                in_turn(
                    together(0.8, FadeIn(map_frame), FadeIn(map_title), *map(FadeOut, targets)),
                    move,
                    together(
                        1.0,
                        FadeOut(y_frame),
                        FadeOut(y_title),
                        FadeOut(y_shape),
                        FadeIn(legend),
                        *map(FadeIn, map_targets),
                    ),
                )
            )
            self.remove(piece)
            y_map.show()

        with self.step(
            "same-layer",
            "Computed as fig1b's dense layer W x + b, they are the same numbers: "
            f"that layer is {n_filters} filters of 1×1 kernels.",
        ):
            self.play(FadeIn(same), run_time=1.5)


__all__ = ["Fig6b", "bindings"]
