"""fig6a: the digit reshaped to 784 channels of one pixel; one filter of 784 1×1 kernels gives fig1a's neuron."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, FadeIn, LaggedStart, Line, Square, VGroup

from scenes.base import FigureScene
from scenes.channel_parts import ChannelColumn, dots, reshape_rows
from scenes.components import EqualityCheck, Label, Math, Num, PixelGrid, fit_inside, shape_label, titled
from scenes.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE

COLUMNS = (0.0, 0.75, 1.75, 2.85)  # x of: channel, v_c, k_c, k_c v_c
HEADINGS = ("c", "v_c", "k_c", "k_c v_c")


def zoom_table(v, t, row_height: float = 0.46) -> tuple[VGroup, list[VGroup]]:
    """Headings, then per shown channel: its index, its pixel (shaded, with value), its weight, the product."""

    def at(mob, row, col):
        return mob.move_to([COLUMNS[col], -row * row_height, 0])

    head = VGroup(*(at(Math(h, t, font_size=NUMBER_SIZE + 4), 0, c) for c, h in enumerate(HEADINGS)))
    rows = [VGroup(at(dots(t), 1, 1), at(dots(t), 1, 2), at(dots(t), 1, 3))]
    for p, c in enumerate(v["shown"]):
        row = 2 + p
        cell = Square(
            0.42, fill_color=t.pixel_color(v["v"][c, 0, 0]), fill_opacity=1, stroke_color=t.muted, stroke_width=1
        )
        pixel = Num(v, "v", (c, 0, 0), t, font_size=NUMBER_SIZE - 4, color=t.ink_on(cell.get_fill_color()))
        rows.append(
            VGroup(
                at(Num(v, "shown_i", p, t, decimals=0, font_size=NUMBER_SIZE - 2, color=t.muted), row, 0),
                at(VGroup(cell, fit_inside(pixel, cell)), row, 1),
                at(Num(v, "k", c, t, decimals=3, font_size=NUMBER_SIZE - 2), row, 2),
                at(Num(v, "contributions", c, t, decimals=3, font_size=NUMBER_SIZE - 2, color=t.accent), row, 3),
            )
        )
    rows.append(VGroup(at(dots(t), len(rows) + 1, 1), at(dots(t), len(rows) + 1, 2), at(dots(t), len(rows) + 1, 3)))
    return head, rows


class Fig6a(FigureScene):
    figure_id = "fig6a"

    def construct(self):
        v, t = self.values, self.theme
        channels, w = v["v"].shape[0], v["x"].shape[1]

        x_grid = PixelGrid.pixels(v["x"], t, cell_size=0.12).move_to([-5.25, -0.3, 0])
        x_title = titled(x_grid, t, Math("x", t), shape_label(v["x"], t))
        order = Math(f"v_c = x_(i j), quad c = {w}(i - 1) + j", t, font_size=SMALL_SIZE + 6).next_to(x_grid, DOWN, 0.3)

        v_col = ChannelColumn.pixels(v["v"], t, height=5.5, width=0.34).move_to([-2.95, -0.6, 0])
        k_col = ChannelColumn.signed(v["k"], t, height=5.5, width=0.34).move_to([-2.35, -0.6, 0])
        v_frame, k_frame = v_col.frame(t), k_col.frame(t)
        v_title = Math("v", t).next_to(v_frame, UP, 0.1)
        k_title = Math("k", t).next_to(k_frame, UP, 0.1).align_to(v_title, DOWN)
        shape = shape_label(v["v"], t).next_to(VGroup(v_frame, k_frame), DOWN, 0.12)

        first, count = int(v["shown"][0]), len(v["shown"])
        bracket = VGroup(v_col.bracket(first, count, t.accent), k_col.bracket(first, count, t.accent))
        head, rows = zoom_table(v, t)
        table = VGroup(head, *rows).move_to([0.35, 0.45, 0])
        zoom_lines = VGroup(
            Line(
                bracket[1].get_corner(UP + RIGHT),
                table.get_corner(UP + LEFT) + 0.15 * LEFT,
                color=t.accent,
                stroke_width=1.5,
            ),
            Line(
                bracket[1].get_corner(DOWN + RIGHT),
                table.get_corner(DOWN + LEFT) + 0.15 * LEFT,
                color=t.accent,
                stroke_width=1.5,
            ),
        )
        filter_note = VGroup(
            Label("kernels = the neuron's weights:", t, SMALL_SIZE, t.muted),
            Math("k_c = w_c", t, font_size=SMALL_SIZE + 6),
        ).arrange(DOWN, buff=0.12)
        filter_note.next_to(table, DOWN, 0.3)

        conv = VGroup(
            Math(f"y = sum_(c=1)^({channels}) k_c v_c + b =", t),
            Num(v, "y", (), t, decimals=4, font_size=LABEL_SIZE + 2, color=t.accent),
        ).arrange(RIGHT, buff=0.15)
        conv_name = Label("convolution: the filter over v", t, SMALL_SIZE, t.muted)
        fc = VGroup(
            Math(f"sum_(i=1)^({channels}) w_i x_i + b =", t),
            Num(v, "y_fc", (), t, decimals=4, font_size=LABEL_SIZE + 2, color=t.accent2),
        ).arrange(RIGHT, buff=0.15)
        fc_name = Label("the fully connected neuron (dense)", t, SMALL_SIZE, t.muted)
        bias = VGroup(Math("b =", t), Num(v, "b", (), t, decimals=4)).arrange(RIGHT, buff=0.12)
        check = EqualityCheck(v, t, font_size=SMALL_SIZE + 4)
        results = VGroup(conv_name, conv, bias, fc_name, fc, check).arrange(DOWN, buff=0.25, aligned_edge=LEFT)
        fc_name.shift(0.25 * DOWN), fc.shift(0.25 * DOWN), check.shift(0.5 * DOWN)
        results.move_to([0, 0.1, 0]).align_to([2.85, 0, 0], LEFT)

        self.play(FadeIn(self.header()), FadeIn(x_grid), FadeIn(x_title))
        self.play(FadeIn(v_frame), FadeIn(v_title), FadeIn(shape), FadeIn(order))
        self.play(LaggedStart(*reshape_rows(x_grid, v_col), lag_ratio=0.12), run_time=3.5)
        self.wait(0.3)
        self.play(FadeIn(k_col), FadeIn(k_frame), FadeIn(k_title), run_time=1.0)
        self.play(FadeIn(bracket), FadeIn(zoom_lines), FadeIn(head), FadeIn(filter_note))
        for row in rows:
            self.play(FadeIn(row), run_time=0.4)
        self.play(FadeIn(conv_name), FadeIn(conv), FadeIn(bias))
        self.play(FadeIn(fc_name), FadeIn(fc))
        self.play(FadeIn(check))
        self.wait(1.5)
