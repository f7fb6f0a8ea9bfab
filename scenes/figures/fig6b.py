"""fig6b: 784 filters of 784 1×1 kernels over the digit reshaped to 784×1×1 give 784 output channels —
laid back out as a 28×28 map they are fig1b's fully connected layer, y = W x + b.

Layout, first the convolution: the digit x (top left) and its channel column v; three of the 784 filters
(1, 2, …, 784) with their outputs under them; the output column y; filter 1's dot product written out as a
table (right), as in fig6a. Then the reshape back: the first 28 output channels stand magnified, labelled, and
lie down as the map's first row, the other rows follow; and the comparison: the 1×1 convolution's map A beside
the dense layer's map B, each with its multiply-add count, the same element marked in both, and |A − B|.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, LaggedStart, Line, Restore, VGroup

from compute.conv import conv1x1, fc_as_1x1_kernels
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import bind, ellipsis, frame_of
from scenes.mobjects.grid import FadeCells, RevealCells, pixel_grid, signed_grid
from scenes.mobjects.text import FigureRef, Label, Math, Num, ShapeLabel, Size
from scenes.mobjects.theme import NUMBER_SIZE, SMALL_SIZE
from scenes.parts.channel import (
    MoveCells,
    bracket,
    cells_piece,
    column_into_rows,
    in_turn,
    pixel_column,
    rows_into_column,
    signed_column,
    together,
)
from scenes.parts.fc import (
    OUTPUT_DECIMALS,
    PIXEL_DECIMALS,
    PRODUCT_DECIMALS,
    WEIGHT_DECIMALS,
    Subscripted,
    against_dense_layer,
    by_hand,
    math_row,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

TOP = 2.35  # top edge of the digit and of every channel column
COLUMN_HEIGHT = 5.05  # 784 channels, all drawn
X_CELL = 0.085  # the digit's cell size
V_X = -3.45  # x of the input channels v
FILTER_X = (-2.25, -1.25, 0.45)  # x of the drawn filters; the ellipsis sits before the last
Y_X = 1.5  # x of the output channels y
LABEL_Y = -2.98  # y of the labels under the columns (outputs, shapes)
TABLE_X = dict(c=2.3, v=3.1, k=4.25, product=5.95)  # filter 1's dot product, column by column
TABLE_HEAD_Y, ROW_HEIGHT = 2.2, 0.52
TABLE_SIZE = NUMBER_SIZE + 2  # the table's numbers: the products and the sum the caption talks about
ZOOM_X, ZOOM_PITCH, ZOOM_WIDTH = 2.35, 0.19, 0.45  # the first output row stood up: 26 px a cell at 1080p
LABEL_STAGGER = 0.5  # its channel numbers alternate between two columns, so neighbours never touch
WEIGHTS_ENLARGED, WEIGHTS_AT = 1.6, (3.7, -0.8, 0)  # K = W, enlarged in the free right half as the filters appear
STEPS = StepNames("reshape", "filters", "first-filter", "more-filters", "all-outputs", "to-map", "dense", "equal")


def bindings(v) -> Bindings:
    """What fig6b draws, by meaning: filter f is fig1b's weight row W[f] (its 784 1×1 kernels), its output
    is fig1b's neuron f, W[f]·x + b[f]; filter 1's products are its kernel times the channel's pixel; map A is
    the 1×1 convolution's 784 outputs row by row, map B the dense layer's, |A − B| their difference."""
    x, W, bias = v["x"], v["K"], v["b"]
    h, w = x.shape
    flat = x.reshape(-1)
    shown = [int(f) for f in v["shown"]]
    dense = W @ flat + bias  # fig1b's layer
    conv = conv1x1(flat[:, None, None], fc_as_1x1_kernels(W), bias)[:, 0, 0]  # the convolution, again
    channels = [int(c) for c in v["channels"]]
    zoom_row = int(v["zoom_row"])
    b = Bindings(v)
    b.number("filter_number", lambda p: shown[p] + 1)
    b.number("output", lambda p: dense[shown[p]])
    b.number("t-channel", lambda p: channels[p] + 1).number("pixel", lambda p: flat[channels[p]])
    b.number("weight", lambda p: W[0, channels[p]]).number("product", lambda p: W[0, channels[p]] * flat[channels[p]])
    b.decimals("pixel", PIXEL_DECIMALS).decimals("product", PRODUCT_DECIMALS)  # one precision per kind (parts/fc.py)
    b.number("bias", lambda: bias[0]).number("first-output", lambda: conv[0])
    b.number("zoom-channel", lambda j: zoom_row * w + j + 1)
    b.number("map-output", lambda n: conv[n]).number("dense-output", lambda n: dense[n])
    b.number("madds-conv", lambda: W.shape[0] * W.shape[1] * 1 * 1)  # outputs × (channels × 1×1 kernel)
    b.number("madds-dense", lambda: W.shape[0] * W.shape[1])  # neurons × inputs
    b.grid("input", lambda: x).grid("channels", lambda: flat)
    b.grid("filter", lambda p: W[shown[p]])
    b.grid("outputs", lambda: conv).grid("zoom", lambda: conv[zoom_row * w : zoom_row * w + w])
    b.grid("output_map", lambda: conv.reshape(h, w)).grid("dense_map", lambda: dense.reshape(h, w))
    b.grid("difference", lambda: np.abs(conv - dense).reshape(h, w))
    b.number("max-diff", lambda: np.abs(conv - dense).max())
    b.shape("input", lambda: x.shape).shape("channels", lambda: (x.size, 1, 1))
    b.shape("filters", lambda: (W.shape[0], x.size, 1, 1))
    b.shape("outputs", lambda: (W.shape[0], 1, 1))
    b.shape("output_map", lambda: (h, w)).shape("dense_map", lambda: (h, w))
    b.size("filters", W.shape[0]).size("kernels", W.shape[1]).size("neurons", W.shape[0]).size("inputs", x.size)
    b.equal("max_abs_diff", conv, dense)
    b.product_of("product", "pixel", "weight")  # k_c v_c, as a reader recomputes it from the drawn v_c, k_c
    b.mark_on("target", "outputs", lambda p: (shown[p], 0, 1, 1))
    b.mark_on("window_v", "channels", lambda: (channels[0], 0, len(channels), 1))
    b.mark_on("window_k", "filter", lambda: (channels[0], 0, len(channels), 1))
    b.mark_on("zoom_segment", "outputs", lambda: (zoom_row * w, 0, w, 1))
    b.grid("marked-a", lambda n: [[conv[n]]]).grid("marked-b", lambda n: [[dense[n]]])
    b.number_under("madds-conv", "output_map").number_under("madds-dense", "dense_map")  # each count under its map
    b.at_least("marked-a", 24).at_least("marked-b", 24)  # the compared element, magnified
    b.mark_on("mark-a", "output_map", lambda n: (n // w, n % w, 1, 1))
    b.mark_on("mark-b", "dense_map", lambda n: (n // w, n % w, 1, 1))
    b.at_least("zoom", 24, per_cell=True)  # the first output row stood up magnified: 28 labelled cells, 26 px each
    b.at_least("input", 300)  # the digit: 738 px as the poster, 321 px once the filters need the room
    b.reveals("output_map", [], {STEPS.to_map: None, STEPS.dense: None, STEPS.equal: None})
    # y's cells appear as their filters are worked: the shown filters one by one, then all the others
    worked_first = [(f, 0) for f in shown] + [(f, 0) for f in range(W.shape[0]) if f not in shown]
    s = STEPS
    b.reveals(
        "outputs",
        worked_first,
        {s.reshape: 0, s.filters: 0, s.first_filter: 1, s.more_filters: len(shown), s.all_outputs: None},
    )
    return b


class Fig6b(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        h, w = v["x"].shape
        n_filters = v["K"].shape[0]
        shown = [int(f) for f in v["shown"]]
        channels = [int(c) for c in v["channels"]]
        middle_y = TOP - COLUMN_HEIGHT / 2

        x_grid = pixel_grid(v["x"], t, X_CELL, role="input")
        x_grid.move_to([0, 0, 0]).align_to([-6.46, TOP, 0], LEFT + UP)
        x_title = VGroup(Math("x", t), ShapeLabel(v, "x", t, role="input")).arrange(RIGHT, buff=0.22)
        x_title.next_to(x_grid, UP, buff=0.15)

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
        lit = [frame_of(f, t, color=t.focus, stroke_width=3) for f in filters]  # a filter at work
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
        weights.next_to(x_grid, DOWN, buff=0.45).align_to(x_grid, LEFT).save_state()
        weights.scale(WEIGHTS_ENLARGED).move_to(WEIGHTS_AT)  # what the filters are, large while they appear
        outputs = [
            Num(v, "y", f, t, OUTPUT_DECIMALS, SMALL_SIZE, role=("output", p)).move_to([fx, LABEL_Y, 0])
            for p, (f, fx) in enumerate(zip(shown, FILTER_X))
        ]

        # ---- the output column ---------------------------------------------------------------------
        y_limit = float(np.max(np.abs(v["y"])))
        y_col = signed_column(v["y"], t, COLUMN_HEIGHT, limit=y_limit, role="outputs", visible=False)
        y_col.move_to([Y_X, middle_y, 0])
        y_frame = frame_of(y_col, t)
        y_title = Math("y", t).next_to(y_frame, UP, buff=0.15).align_to(v_title, DOWN)
        y_shape = ShapeLabel(v, "y", t, role="outputs", font_size=SMALL_SIZE, shape=(n_filters, 1, 1))
        y_shape.next_to(y_frame, DOWN, buff=0.15)
        targets = [
            bind(bracket(y_col, f, 1, t.focus, pad=0.05, stroke_width=2), ("target", p)) for p, f in enumerate(shown)
        ]

        # ---- filter 1's dot product, as in fig6a ----------------------------------------------------
        def at(mob, column: str, y: float):
            return mob.move_to([TABLE_X[column], y, 0])

        row_y = [TABLE_HEAD_Y - 0.8 - ROW_HEIGHT * p for p in range(len(channels))]
        dots_y = (row_y[0] + 0.42, row_y[-1] - 0.42)
        head = VGroup(
            at(Math("c", t), "c", TABLE_HEAD_Y),
            at(Math("v_c", t), "v", TABLE_HEAD_Y),
            at(Math("k_c", t), "k", TABLE_HEAD_Y),
            at(Math("k_c v_c", t), "product", TABLE_HEAD_Y),
        )
        for part in head[1:]:
            part.align_to(head[2], DOWN)
        table_name = VGroup(
            Label("filter", t, SMALL_SIZE, t.muted),
            Num(v, "shown_i", 0, t, 0, SMALL_SIZE, t.muted, role=("filter_number", 0)),
        ).arrange(RIGHT, buff=0.12)
        table_name.next_to(head, UP, buff=0.2).align_to(head, LEFT)
        gaps = VGroup(*(at(ellipsis(t), col, y) for y in dots_y for col in ("c", "v", "k", "product")))
        rows = []
        for p, c in enumerate(channels):
            y = row_y[p]
            pixel = at(Num(v, "v", (c, 0, 0), t, PIXEL_DECIMALS, TABLE_SIZE, role=("pixel", p)), "v", y)
            weight = at(Num(v, "K", (0, c), t, WEIGHT_DECIMALS, TABLE_SIZE, role=("weight", p)), "k", y)
            product = Num(v, "products", c, t, PRODUCT_DECIMALS, TABLE_SIZE, role=("product", p))
            if not by_hand(product, "×", pixel, weight):  # honest: the drawn operands give it one off
                product = Num(v, "products", c, t, PRODUCT_DECIMALS, TABLE_SIZE, role=("product", p), approx=True)
            rows.append(
                VGroup(
                    at(Num(v, "channels_i", p, t, 0, TABLE_SIZE, t.muted, role=("t-channel", p)), "c", y),
                    pixel,
                    weight,
                    at(product, "product", y).align_to([TABLE_X["product"] + 0.47, 0, 0], RIGHT),  # "≈" grows left
                )
            )
        bias_y = dots_y[1] - 0.42
        bias = VGroup(
            at(Math("+ b", t), "k", bias_y),
            at(Num(v, "b0", (), t, WEIGHT_DECIMALS, TABLE_SIZE, role=("bias",)), "product", bias_y),
        )
        total = math_row(
            Subscripted("y", v, "shown_i", 0, t, ("filter_number", 0)),
            Math("= sum_(c=1)^{n} k_c v_c + b =", t, n=Size(v, "v", 0, "kernels")),
            Num(v, "y", 0, t, OUTPUT_DECIMALS, NUMBER_SIZE + 4, t.focus, role=("first-output",)),
        )
        total.next_to(bias, DOWN, buff=0.3).align_to([TABLE_X["product"] + 0.45, 0, 0], RIGHT)
        table = VGroup(table_name, head, gaps, *rows, bias, total)
        window_v = bind(bracket(v_col, channels[0], len(channels), t.focus), "window_v")
        window_k = bind(bracket(filters[0], channels[0], len(channels), t.focus), "window_k")
        table_left = TABLE_X["c"] - 0.35
        zoom_lines = VGroup(
            *(
                Line(corner, [table_left, y, 0], color=t.focus, stroke_width=1.5)
                for corner, y in (
                    (window_k.get_corner(UP + RIGHT), dots_y[0] - 0.2),
                    (window_k.get_corner(DOWN + RIGHT), dots_y[1] + 0.2),
                )
            )
        )

        # ---- the reshape back, magnified: the first output row stood up --------------------------------
        zoom_row = int(v["zoom_row"])
        zoom = signed_grid(
            v["y"][zoom_row * w : zoom_row * w + w][:, None],
            t,
            ZOOM_WIDTH,
            limit=y_limit,
            role="zoom",
            cell_height=ZOOM_PITCH,
        )
        zoom.move_to([ZOOM_X, TOP - zoom.height / 2, 0])
        zoom_labels = VGroup(
            *(
                Num(v, "zoom_channels_i", j, t, 0, SMALL_SIZE, t.muted, role=("zoom-channel", j)).next_to(
                    zoom.cell_center(j, 0), RIGHT, buff=ZOOM_WIDTH / 2 + 0.12 + LABEL_STAGGER * (j % 2)
                )
                for j in range(w)  # every other label set further right: digits 26 px tall on a 26 px pitch
            )
        )
        zoom_head = Math("c", t).next_to(zoom_labels, UP, buff=0.1).align_to(zoom_labels, LEFT)
        zoom_rest = ellipsis(t).next_to(zoom, DOWN, buff=0.05)
        segment = bind(bracket(y_col, zoom_row * w, w, t.focus, pad=0.05, stroke_width=2), "zoom_segment")
        zoom_lines_y = VGroup(  # from the row's channels in y to their magnified copy
            *(
                Line(
                    [segment.get_right()[0], y_col.block_center(zoom_row * w + end, 0)[1], 0],
                    [zoom.get_left()[0] - 0.04, zoom.get_top()[1] if end == 0 else zoom.get_bottom()[1], 0],
                    color=t.focus,
                    stroke_width=1.5,
                )
                for end in (0, w)
            )
        )
        zoom_parts = VGroup(zoom_labels, zoom_head, zoom_rest, segment, zoom_lines_y)

        # ---- the comparison --------------------------------------------------------------------------
        compare = against_dense_layer(  # the colour bar comes with B: the magnified row stands beside A until then
            v,
            t,
            "A = K star v + b",
            ("output_map", "dense_map"),
            0,
            ("map-output", "dense-output"),
            per_output=Size(v, "v", 0, "kernels"),
            limit=y_limit,
        )

        # ---- the steps -----------------------------------------------------------------------------
        poster = self.centre_stage(x_grid)  # the digit large in the middle while it is reshaped
        poster_title = x_title.copy().next_to(x_grid, UP, buff=0.15)  # its own: moving, it would cross v's name
        self.add(x_grid, poster_title)
        with self.step(
            STEPS.reshape,
            f"As in fig6a, the {h}×{w} digit x is read row by row into v: {h * w} channels of one pixel, {h * w}×1×1.",
        ):
            self.add(v_col)
            move, piece = rows_into_column(x_grid, v_col, range(h), lag=0.75, run_time=4.5)
            self.play(in_turn(together(0.8, FadeIn(v_frame), FadeIn(v_title), FadeIn(v_shape)), move))
            self.remove(piece)
            v_col.show()

        with self.step(
            STEPS.filters,
            f"{n_filters} filters, each {h * w}×1×1: filter f holds the weights of fig1b's neuron f, row f of W.",
        ):
            self.play(self.to_place(poster), FadeOut(poster_title), FadeIn(x_title), run_time=1.0)
            self.play(
                LaggedStart(*(FadeIn(VGroup(f, fr, nb)) for f, fr, nb in zip(filters, frames, numbers)), lag_ratio=0.3),
                FadeIn(gap),
                FadeIn(k_title),
                FadeIn(weights),
                run_time=1.4,
            )

        with self.step(
            STEPS.first_filter,
            f"Filter 1 is fig6a's filter: each channel v_c times its 1×1 kernel k_c, the {h * w} products plus "
            "the bias b give output channel 1.",
        ):
            self.add(y_col)
            self.play(
                in_turn(
                    together(0.8, Restore(weights)),  # K = W goes under the digit: the table takes the right half
                    together(0.8, FadeIn(y_frame), FadeIn(y_title), FadeIn(y_shape), FadeIn(lit[0])),
                    together(
                        1.0,
                        FadeIn(window_v),
                        FadeIn(window_k),
                        FadeIn(zoom_lines),
                        FadeIn(head),
                        FadeIn(gaps),
                        FadeIn(table_name),
                    ),
                    together(1.6, LaggedStart(*map(FadeIn, rows), lag_ratio=0.3)),
                    together(0.8, FadeIn(bias), FadeIn(total)),
                    together(1.0, FadeIn(outputs[0]), FadeCells(y_col, [(shown[0], 0)]), FadeIn(targets[0])),
                )
            )

        with self.step(
            STEPS.more_filters,
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
            STEPS.all_outputs,
            f"All {n_filters} filters together give y: {n_filters} output channels of one pixel, {n_filters}×1×1.",
        ):
            self.play(
                RevealCells(y_col, [(c, 0) for c in range(n_filters)], skip=[(f, 0) for f in shown]), run_time=3.0
            )

        first_part = [
            x_grid,
            x_title,
            v_col,
            v_frame,
            v_title,
            v_shape,
            *filters,
            *frames,
            *lit,
            *numbers,
            gap,
            k_title,
            weights,
            *outputs,
            *targets,
            table,
            window_v,
            window_k,
            zoom_lines,
        ]
        with self.step(
            STEPS.to_map,
            f"Laid back out row by row, the {n_filters} output channels form a {h}×{w} map A: "
            f"channels 1 to {w} stand up, then lie down as its first row.",
        ):
            self.add(compare.a)  # every cell hidden until its row arrives
            first_row = cells_piece(y_col, np.arange(zoom_row * w, zoom_row * w + w))
            self.add(first_row)
            self.play(
                in_turn(
                    together(0.8, *map(FadeOut, first_part), *compare.show_a()),
                    MoveCells(first_row, zoom.absolute_rects(), np.arange(w), lag=0.5, run_time=1.8),
                )
            )
            self.remove(first_row)
            self.add(zoom)
            self.play(FadeIn(zoom_parts), run_time=0.8)
            lie = cells_piece(zoom, np.arange(w))
            self.add(lie)
            others = [i for i in range(h) if i != zoom_row]
            move, piece = column_into_rows(y_col, compare.a, others, lag=0.75, run_time=3.5)
            self.play(
                in_turn(
                    MoveCells(
                        lie, compare.a.absolute_rects()[zoom_row * w : zoom_row * w + w], np.zeros(w), run_time=1.4
                    ),
                    move,
                )
            )
            self.remove(lie, piece)
            compare.a.show()
            compare.marks_on_top(self)

        with self.step(
            STEPS.dense,
            f"Computed as fig1b's dense layer W x + b, map B, with as many multiply-adds: {n_filters} · {h * w}.",
        ):
            self.play(
                in_turn(
                    together(0.8, *map(FadeOut, (zoom, zoom_parts, y_col, y_frame, y_title, y_shape))),
                    together(1.5, *compare.show_b()),
                )
            )
            self.remove(zoom, zoom_parts, y_col)
            compare.marks_on_top(self)

        with self.step(
            STEPS.equal,
            f"The same element reads the same in both and |A − B| is zero everywhere: that layer is {n_filters} "
            "filters of 1×1 kernels.",
        ):
            self.play(*compare.show_difference(), run_time=1.5)


__all__ = ["Fig6b", "bindings"]
