"""fig6a: the 28×28 digit reshaped to 784×1×1 — 784 channels of one pixel — and one filter of 784 1×1
kernels over it: the sum of the 784 products plus the bias is fig1a's fully connected neuron.

Layout: the digit x (top left) with the reshape order under it; the channel column v and the filter k
(middle left); a table of a few channels around the largest product (right, top); the convolution's
sum and fig1a's dense neuron with the equality (right, bottom).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, LaggedStart, Line, VGroup

from compute.conv import conv1x1
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import bind, ellipsis, frame_of, row, titled
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.grid import pixel_grid, signed_grid
from scenes.mobjects.text import FigureRef, Label, Math, Num, ShapeLabel, Size
from scenes.mobjects.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE
from scenes.parts.channel import (
    MoveCells,
    bracket,
    cells_piece,
    in_turn,
    pixel_column,
    rows_into_column,
    signed_column,
    together,
)
from scenes.parts.fc import OUTPUT_DECIMALS, PIXEL_DECIMALS, PRODUCT_DECIMALS, WEIGHT_DECIMALS, by_hand, math_row
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

TOP = 2.55  # top edge of the digit and of the channel columns
COLUMN_HEIGHT = 5.3  # the 784 channels, all drawn
X_CELL = 0.115  # the digit's cell size
V_X, K_X = -2.8, -1.3  # x of the channel column v and of the filter k
TABLE_LEFT = -0.15  # x of the table's first column (c)
# x of the table's columns, from TABLE_LEFT: c, i, j, v strip, v_c, k strip, k_c, k_c v_c
TABLE_COLUMNS = dict(c=0.0, i=0.72, j=1.3, v_strip=1.9, v=2.5, k_strip=3.2, k=4.05, product=5.7)
TABLE_HEAD_Y = 2.75  # y of the table's headings
ROW_HEIGHT = 0.6  # of a table row: 81 px
STRIP_WIDTH = 0.45  # of the table's swatches of v_c and k_c: 61 px
RIGHT_EDGE = 6.45  # the results' right edge, inside the safe area
RESULT_Y = (-1.97, -3.08)  # y of: the convolution's sum (under the table's + b), the dense neuron
ZOOM_X, ZOOM_TOP = 1.4, 2.75  # the magnified row: centre x and top
ZOOM_WIDTH, ZOOM_PITCH = 0.45, 0.2  # each of its cells, 27 px tall at 1080p
LABEL_STAGGER = 1.45  # its (c, j) labels alternate between two columns of pairs: 27 px digits on a 27 px pitch
STEPS = StepNames("channels", "one-row", "all-rows", "filter", "products", "sum", "neuron")


def pixel_of_channel(values, c: int) -> float:
    """The digit's pixel that channel c (1-based) holds: row-major, (i, j) = divmod(c − 1, W)."""
    i, j = divmod(int(c) - 1, values["x"].shape[1])
    return float(values["x"][i, j])


def bindings(v) -> Bindings:
    """What fig6a draws, by meaning: channel c holds the digit's pixel divmod(c − 1, 28) (1-based c),
    the filter's kernel c is fig1a's weight W[0, c], and y is fig1a's neuron Σ W[0]·x + b."""
    x, k, b0 = v["x"], v["k"], float(v["b"])
    h, w = x.shape
    channel = [int(c) for c in v["shown_i"]]  # the shown channels, 1-based as drawn
    b = Bindings(v)
    b.number("channel", lambda p: channel[p])
    b.number("row", lambda p: (channel[p] - 1) // w + 1).number("col", lambda p: (channel[p] - 1) % w + 1)
    b.number("pixel", lambda p: pixel_of_channel(v, channel[p]))
    b.number("kernel", lambda p: k[channel[p] - 1])
    b.number("product", lambda p: k[channel[p] - 1] * pixel_of_channel(v, channel[p]))
    b.decimals("pixel", PIXEL_DECIMALS).decimals("kernel", WEIGHT_DECIMALS)  # one precision per kind (parts/fc.py)
    b.number("bias", lambda: b0)
    b.number("result", lambda: float(k @ x.ravel() + b0))
    b.number("neuron", lambda: float(k @ x.ravel() + b0))
    b.grid("input", lambda: x)
    b.grid("channels", lambda: x.reshape(-1))
    b.grid("kernels", lambda: k)
    b.grid("window_pixels", lambda: [pixel_of_channel(v, c) for c in channel])
    b.grid("window_kernels", lambda: [k[c - 1] for c in channel])
    row_i = (channel[0] - 1) // w  # the image row the shown channels came from, stood up magnified
    b.grid("row_zoom", lambda: x[row_i]).number("row_channel", lambda j: row_i * w + j + 1)
    b.grid("row_kernels", lambda: k[row_i * w : row_i * w + w])  # the same channels' weights, magnified
    b.number("row_col", lambda j: j + 1).number("row_row", lambda: row_i + 1)
    # v's cells appear as the rows arrive: none at first, then the zoomed row, then every row
    row_first = [(row_i * w + j, 0) for j in range(w)]
    later = [(c, 0) for c in range(h * w) if c // w != row_i]
    b.reveals("channels", row_first + later, {STEPS.channels: 0, STEPS.one_row: w, STEPS.all_rows: None})
    b.shape("input", lambda: x.shape)
    b.shape("channels", lambda: (x.size, 1, 1))
    b.shape("kernels", lambda: (k.size, 1, 1))
    b.size("width", w).size("channels", x.size)
    b.equal("max_abs_diff", v["y"], float(k @ x.ravel() + b0))
    conv = float(conv1x1(x.reshape(-1, 1, 1), k[None], np.array([b0]))[0, 0, 0])  # the filter, computed again
    dense = float(k @ x.ravel() + b0)  # fig1a's neuron
    b.grid("conv_cell", lambda: [[conv]]).grid("neuron_cell", lambda: [[dense]])
    b.grid("difference", lambda: [[abs(conv - dense)]]).number("max-diff", lambda: abs(conv - dense))
    for role in ("window_pixels", "window_kernels", "conv_cell", "neuron_cell"):  # the focus, magnified
        b.at_least(role, 24)
    for role in ("row_zoom", "row_kernels"):  # 28 channels stood up and labelled: each cell readable
        b.at_least(role, 24, per_cell=True)
    b.at_least("window_pixels", 60, per_cell=True).at_least("window_kernels", 60, per_cell=True)  # the table's swatches
    b.at_least("input", 400)  # the digit: large as the poster, 15 px a cell after
    first = channel[0] - 1
    b.product_of("product", "pixel", "kernel")  # k_c v_c, as a reader recomputes it from the drawn v_c and k_c
    b.mark_on("row_outline", "input", lambda: (first // w, 0, 1, w))
    b.mark_on("segment_outline", "channels", lambda: (first - first % w, 0, w, 1))
    b.mark_on("k_segment_outline", "kernels", lambda: (first - first % w, 0, w, 1))
    b.mark_on("pixels", "input", lambda: (first // w, first % w, 1, len(channel)))
    b.mark_on("window_v", "channels", lambda: (first, 0, len(channel), 1))
    b.mark_on("window_k", "kernels", lambda: (first, 0, len(channel), 1))
    return b


class ChannelTable:
    """The worked channels as a table: headings c, i, j, v_c, k_c, k_c v_c; one row per shown channel
    (its number, the pixel (i, j) it came from, the pixel v_c beside a swatch, its kernel weight k_c
    beside a swatch, their product); ⋮ above and below for the channels left out; then + b.

    ``head``, ``gaps`` (the ⋮), ``strip_v`` and ``strip_k`` (the swatches, one grid each), ``rows``
    (a VGroup per channel) and ``bias`` are the parts; ``dots_top``/``dots_bottom`` the y of the ⋮ rows.
    """

    def __init__(self, v, t, k_limit: float):
        def at(mob, column: str, y: float):
            return mob.move_to([TABLE_LEFT + TABLE_COLUMNS[column], y, 0])

        n = len(v["shown"])
        row_y = [TABLE_HEAD_Y - 0.75 - ROW_HEIGHT * p for p in range(n)]
        self.dots_top, self.dots_bottom = row_y[0] + 0.42, row_y[-1] - 0.42
        self.head = VGroup(
            at(Math("c", t), "c", TABLE_HEAD_Y),
            at(Math("i", t), "i", TABLE_HEAD_Y),
            at(Math("j", t), "j", TABLE_HEAD_Y),
            at(Math("v_c", t), "v", TABLE_HEAD_Y),
            at(Math("k_c", t), "k", TABLE_HEAD_Y),
            at(Math("k_c v_c", t), "product", TABLE_HEAD_Y),
        )
        self.head[3].align_to(self.head[4], DOWN), self.head[5].align_to(self.head[4], DOWN)
        self.gaps = VGroup(
            *(at(ellipsis(t), col, y) for y in (self.dots_top, self.dots_bottom) for col in ("c", "v", "k", "product"))
        )
        pixels = np.array([[v["v"][c, 0, 0]] for c in v["shown"]])
        weights = np.array([[v["k"][c]] for c in v["shown"]])
        middle = (row_y[0] + row_y[-1]) / 2
        self.strip_v = at(
            pixel_grid(pixels, t, STRIP_WIDTH, role="window_pixels", cell_height=ROW_HEIGHT), "v_strip", middle
        )
        self.strip_k = at(
            signed_grid(weights, t, STRIP_WIDTH, limit=k_limit, role="window_kernels", cell_height=ROW_HEIGHT),
            "k_strip",
            middle,
        )
        self.rows = []
        for p, c in enumerate(v["shown"]):
            y = row_y[p]
            self.rows.append(
                VGroup(
                    at(Num(v, "shown_i", p, t, 0, NUMBER_SIZE, t.muted, role=("channel", p)), "c", y),
                    at(Num(v, "shown_rc_i", (p, 0), t, 0, NUMBER_SIZE, t.muted, role=("row", p)), "i", y),
                    at(Num(v, "shown_rc_i", (p, 1), t, 0, NUMBER_SIZE, t.muted, role=("col", p)), "j", y),
                    at(Num(v, "v", (c, 0, 0), t, PIXEL_DECIMALS, NUMBER_SIZE, role=("pixel", p)), "v", y),
                    at(Num(v, "k", c, t, WEIGHT_DECIMALS, NUMBER_SIZE, role=("kernel", p)), "k", y),
                    at(Num(v, "contributions", c, t, PRODUCT_DECIMALS, NUMBER_SIZE, role=("product", p)), "product", y),
                )
            )
            pixel, weight, product = self.rows[-1][3], self.rows[-1][4], self.rows[-1][5]
            if not by_hand(product, "×", pixel, weight):  # the drawn operands' rounding moves the last digit
                honest = Num(v, "contributions", c, t, PRODUCT_DECIMALS, NUMBER_SIZE, role=("product", p), approx=True)
                self.rows[-1].remove(product)
                self.rows[-1].add(honest.move_to(product).align_to(product, RIGHT))
        bias_y = self.dots_bottom - 0.4
        self.bias = VGroup(
            at(Math("+ b", t), "k", bias_y),
            at(Num(v, "b", (), t, WEIGHT_DECIMALS, NUMBER_SIZE, role="bias"), "product", bias_y),
        )


class Fig6a(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        h, w = v["x"].shape
        n = len(v["shown"])
        first = int(v["shown"][0])
        focus = int(v["shown_rc"][0][0])  # the image row the shown channels came from

        x_grid = pixel_grid(v["x"], t, X_CELL, role="input")
        x_grid.move_to([0, 0, 0]).align_to([-6.46, TOP, 0], LEFT + UP)
        x_title = titled(x_grid, Math("x", t), ShapeLabel(v, "x", t, role="input"))
        order = VGroup(
            Math("v_c = x_(i j)", t),
            Math("c = {w} (i - 1) + j", t, w=Size(v, "x", 1, "width")),
        ).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        order.align_to([-6.4, -3.62, 0], LEFT + DOWN)

        v_col = pixel_column(v["v"], t, COLUMN_HEIGHT, role="channels", visible=False)
        v_col.move_to([V_X, TOP - COLUMN_HEIGHT / 2, 0])
        v_frame = frame_of(v_col, t)
        v_title = Math("v", t).next_to(v_frame, UP, buff=0.15)
        v_shape = ShapeLabel(v, "v", t, role="channels", font_size=SMALL_SIZE).next_to(v_frame, DOWN, buff=0.15)

        k_limit = float(np.max(np.abs(v["k"])))
        k_col = signed_column(v["k"], t, COLUMN_HEIGHT, limit=k_limit, role="kernels")
        k_col.move_to([K_X, TOP - COLUMN_HEIGHT / 2, 0])
        k_frame = frame_of(k_col, t)
        k_title = Math("k", t).next_to(k_frame, UP, buff=0.15).align_to(v_title, DOWN)
        k_shape = ShapeLabel(v, "k", t, role="kernels", font_size=SMALL_SIZE, shape=(v["k"].size, 1, 1))
        k_shape.next_to(k_frame, DOWN, buff=0.15)

        table = ChannelTable(v, t, k_limit)

        window_v = bind(bracket(v_col, first, n, t.accent), "window_v")
        window_k = bind(bracket(k_col, first, n, t.accent), "window_k")
        pixels = bind(x_grid.window(focus, first % w, 1, n, t.accent, stroke_width=3), "pixels")
        table_left = TABLE_LEFT + TABLE_COLUMNS["c"] - 0.4
        zoom = VGroup(
            Line(
                window_k.get_corner(UP + RIGHT), [table_left, table.dots_top - 0.2, 0], color=t.accent, stroke_width=1.5
            ),
            Line(
                window_k.get_corner(DOWN + RIGHT),
                [table_left, table.dots_bottom + 0.2, 0],
                color=t.accent,
                stroke_width=1.5,
            ),
        )

        # ---- the results --------------------------------------------------------------------------
        n_size = Size(v, "v", 0, "channels")
        conv = row(
            Math("y = sum_(c=1)^{n} k_c v_c + b", t, n=n_size),
            Math("=", t),
            Num(v, "y", (), t, OUTPUT_DECIMALS, LABEL_SIZE, t.focus, role="result"),
        )
        dense = row(
            Math("y = sum_(i=1)^{n} w_i x_i + b", t, n=n_size),
            Math("=", t),
            Num(v, "y_fc", (), t, OUTPUT_DECIMALS, LABEL_SIZE, t.focus, role="neuron"),
        )
        dense.align_to([RIGHT_EDGE, 0, 0], RIGHT).set_y(RESULT_Y[1])
        conv.align_to(dense, LEFT).set_y(RESULT_Y[0])
        conv_name = Label("convolution", t, SMALL_SIZE, t.muted)
        dense_name = FigureRef("fig1a's neuron", "fig1a", t, SMALL_SIZE, t.muted)
        conv_name.next_to(conv, LEFT, buff=0.35)
        dense_name.next_to(dense, LEFT, buff=0.35)
        y_limit = float(max(abs(v["y"]), abs(v["y_fc"])))
        same = EqualityView(  # the two results side by side, |A − B| and the badge, where the table was
            v,
            t,
            "y_cell",
            "y_fc_cell",
            "abs_diff_cell",
            (0, 0),
            names=("convolution", FigureRef("fig1a's neuron", "fig1a", t, SMALL_SIZE, t.muted)),
            grid_roles=("conv_cell", "neuron_cell", "difference"),
            value_roles=(("result",), ("neuron",)),
            max_role=("max-diff",),
            color_of=t.signed_scale(limit=y_limit),
            side=0.7,
            decimals=OUTPUT_DECIMALS,
            gap=1.5,
        )
        same.move_to([TABLE_LEFT + 3.1, 1.55, 0])

        # ---- one row, stood up and magnified: 28 labelled channels -------------------------------------
        row_zoom = pixel_grid(v["row_pixels"][:, None], t, ZOOM_WIDTH, role="row_zoom", cell_height=ZOOM_PITCH)
        row_zoom.move_to([ZOOM_X, ZOOM_TOP - row_zoom.height / 2, 0])
        zoom_labels = VGroup(
            *(
                Num(v, "row_channels_i", j, t, 0, SMALL_SIZE, t.muted, role=("row_channel", j)).next_to(
                    row_zoom.cell_center(j, 0), RIGHT, buff=ZOOM_WIDTH / 2 + 0.12 + LABEL_STAGGER * (j % 2)
                )
                for j in range(w)  # every other row's (c, j) set further right: neighbours never touch
            )
        )
        zoom_cols = VGroup(
            *(
                Num(v, "row_cols_i", j, t, 0, SMALL_SIZE, t.muted, role=("row_col", j))
                .move_to(zoom_labels[j])
                .shift(RIGHT * 0.75)
                for j in range(w)
            )
        )
        top = VGroup(zoom_labels[:2], zoom_cols[:2]).get_top()[1]
        zoom_head = VGroup(  # c and j over both columns of pairs
            *(
                Math(name, t).next_to([labels[k].get_center()[0], top, 0], UP, buff=0.12)
                for k in (0, 1)
                for name, labels in (("c", zoom_labels), ("j", zoom_cols))
            ),
            math_row(Math("i =", t), Num(v, "row_i", (), t, 0, NUMBER_SIZE, role=("row_row",))),
        )
        for k in (1, 2, 3):
            zoom_head[k].align_to(zoom_head[0], DOWN)
        zoom_head[4].next_to(zoom_head[3], RIGHT, buff=0.4)
        zoom_labels.add(*zoom_cols)
        zoom_rest = ellipsis(t).next_to(row_zoom, DOWN, buff=0.08)

        def zoom_lines(column):  # from the row's channels in a column to their magnified copy
            return VGroup(
                *(
                    Line(
                        [column.get_right()[0] + 0.06, column.block_center(focus * w + end, 0)[1], 0],
                        [
                            row_zoom.get_left()[0] - 0.06,
                            row_zoom.get_top()[1] if end == 0 else row_zoom.get_bottom()[1],
                            0,
                        ],
                        color=t.focus,
                        stroke_width=1.5,
                    )
                    for end in (0, w)
                )
            )

        v_lines = zoom_lines(v_col)
        zoomed = VGroup(zoom_labels, zoom_head, zoom_rest)
        k_zoom = signed_grid(  # the same channels' weights in k, where their pixels were magnified
            v["row_kernels"][:, None], t, ZOOM_WIDTH, limit=k_limit, role="row_kernels", cell_height=ZOOM_PITCH
        ).move_to(row_zoom)
        k_lines = zoom_lines(k_col)
        k_segment = bind(bracket(k_col, focus * w, w, t.accent, pad=0.05), "k_segment_outline")

        # ---- the steps -----------------------------------------------------------------------------
        poster = self.centre_stage(VGroup(x_grid, x_title), most=1.3)  # the digit large, clear of v, until reshaped
        self.add(x_grid, x_title)
        with self.step(
            STEPS.channels,
            f"The {h}×{w} digit x will become v, a tensor of {h * w} channels holding one pixel each: {h * w}×1×1.",
        ):
            self.add(v_col)  # every channel hidden until its row arrives
            self.play(FadeIn(v_frame), FadeIn(v_title), FadeIn(v_shape), FadeIn(order), run_time=1.2)

        segment_mark = bind(bracket(v_col, focus * w, w, t.accent, pad=0.05), "segment_outline")
        with self.step(
            STEPS.one_row,
            f"One row of x stands up as {w} consecutive channels of v, left to right from the top: "
            f"pixel (i, j) goes to channel c = {w}(i − 1) + j.",
        ):
            self.play(self.to_place(poster), run_time=1.0)
            row_mark = bind(x_grid.window(focus, 0, 1, w, t.accent, stroke_width=3), "row_outline")
            piece = cells_piece(x_grid, np.arange(focus * w, focus * w + w))
            stand = MoveCells(piece, row_zoom.absolute_rects(), np.arange(w), lag=0.5, run_time=2.4)
            self.add(piece)
            self.play(in_turn(together(0.8, FadeIn(row_mark), FadeIn(segment_mark)), stand))
            self.remove(piece)
            self.add(row_zoom)
            self.play(FadeIn(zoomed), FadeIn(v_lines), run_time=0.8)
            down = cells_piece(row_zoom, np.arange(w))
            self.add(down)
            self.play(MoveCells(down, v_col.absolute_rects()[focus * w : focus * w + w], np.zeros(w), run_time=1.6))
            self.remove(down)
            v_col.show([(focus * w + j, 0) for j in range(w)])

        with self.step(
            STEPS.all_rows,
            f"The other rows follow, top to bottom, until all {h * w} pixels stand in one column of channels.",
        ):
            others = [i for i in range(h) if i != focus]
            move, piece = rows_into_column(x_grid, v_col, others, lag=0.75, run_time=6.0)
            self.play(move)  # the magnified row stays: the others stand up the same way
            self.remove(piece)
            v_col.show()

        with self.step(
            STEPS.filter,
            f"One filter of {h * w} kernels of size 1×1, k, holds one weight per channel: "
            "the weights of fig1a's neuron.",
        ):
            self.play(FadeIn(k_col), FadeIn(k_frame), FadeIn(k_title), FadeIn(k_shape), run_time=1.2)
            self.play(  # the magnified channels now show their weights: one per channel
                *map(FadeOut, (row_zoom, v_lines, segment_mark, row_mark)),
                *map(FadeIn, (k_zoom, k_lines, k_segment)),
                run_time=1.2,
            )

        with self.step(
            STEPS.products,
            "Channel by channel, the pixel v_c meets its weight k_c; here the channels "
            "around the largest product k_c v_c.",
        ):
            self.play(
                in_turn(
                    together(0.6, *map(FadeOut, (k_zoom, k_lines, k_segment, zoomed))),
                    together(1.2, *(FadeIn(m) for m in (window_v, window_k, pixels, zoom, table.head, table.gaps))),
                    together(
                        2.0,
                        FadeIn(table.strip_v),
                        FadeIn(table.strip_k),
                        LaggedStart(*map(FadeIn, table.rows), lag_ratio=0.3),
                    ),
                )
            )

        with self.step(
            STEPS.sum,
            f"All {h * w} products plus the bias b add up to one number: the single output y of the filter.",
        ):
            self.play(in_turn(together(0.8, FadeIn(table.bias)), together(1.2, FadeIn(conv_name), FadeIn(conv))))

        with self.step(
            STEPS.neuron,
            "It is fig1a's neuron: the same weights on the same pixels, computed as a dense layer, give the same y.",
        ):
            table_parts = [table.head, table.gaps, table.strip_v, table.strip_k, *table.rows, table.bias]
            self.play(
                in_turn(
                    together(0.8, *map(FadeOut, [*table_parts, zoom, window_v, window_k, pixels])),
                    together(1.2, FadeIn(dense_name), FadeIn(dense)),
                    same.reveal(run_time=2.4),
                )
            )
            self.remove(*table_parts, zoom, window_v, window_k, pixels)


__all__ = ["Fig6a", "bindings"]
