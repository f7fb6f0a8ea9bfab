"""fig4a: one filter of three 1×1 kernels: every pixel's r, g, b weighted and summed into one map."""

from __future__ import annotations

from manim import DL, DOWN, DR, RIGHT, UP, Arrow, FadeIn, Line, VGroup

from scenes.base import FigureScene
from scenes.channel_parts import (
    CHANNEL_COLORS,
    RGBInput,
    move_markers,
    output_map,
    pixel_markers,
)
from scenes.components import Label, Math, Neuron, Num, frame_of, shape_label, titled
from scenes.theme import NUMBER_SIZE, SMALL_SIZE

HEADINGS = ("x_R", "x_G", "x_B", "w_R x_R", "w_G x_G", "w_B x_B", "b", "y")
COLUMNS = (0.0, 0.72, 1.44, 2.4, 3.35, 4.3, 5.15, 5.95)  # x of each heading's column


def arithmetic_table(v, t, row_height: float = 0.42) -> tuple[VGroup, list[VGroup]]:
    """Headings and one row per shown pixel: its r, g, b, the three products, the bias and the sum."""

    def place(mob, row, col):
        return mob.move_to([COLUMNS[col], -row * row_height, 0])

    head = VGroup(*(place(Math(h, t, font_size=NUMBER_SIZE + 4), 0, c) for c, h in enumerate(HEADINGS)))
    rows = []
    for p, (i, j) in enumerate(v["shown"]):
        row = 1 + p
        cells = [Num(v, "x", (c, i, j), t, font_size=NUMBER_SIZE - 2, color=CHANNEL_COLORS[c]) for c in range(3)]
        cells += [Num(v, "products", (p, c), t, decimals=3, font_size=NUMBER_SIZE - 2) for c in range(3)]
        cells += [
            Num(v, "b", (), t, font_size=NUMBER_SIZE - 2),
            Num(v, "y", (i, j), t, decimals=3, font_size=NUMBER_SIZE - 2, color=t.accent),
        ]
        rows.append(VGroup(*(place(m, row, c) for c, m in enumerate(cells))))
    rule = Line(head.get_corner(DL), head.get_corner(DR), color=t.muted, stroke_width=1).shift(0.12 * DOWN)
    return VGroup(head, rule), rows


class Fig4a(FigureScene):
    figure_id = "fig4a"

    def construct(self):
        v, t = self.values, self.theme
        rgb = RGBInput.on_left(v["x"], t)

        weights = VGroup(
            *(
                VGroup(Math("times", t), Num(v, "k", c, t, decimals=3, color=CHANNEL_COLORS[c]))
                .arrange(RIGHT, buff=0.1)
                .next_to(plane, RIGHT, buff=0.15)
                for c, plane in enumerate(rgb.planes)
            )
        )
        node = Neuron(t, radius=0.38, label=Math("Σ", t)).move_to([0.45, rgb.planes[1].get_y(), 0])
        wires = VGroup(
            *(
                Line(w.get_right(), node.port(w.get_right() - node.get_center()), color=t.muted, stroke_width=2)
                for w in weights
            )
        )
        bias = VGroup(Math("+ b =", t, font_size=SMALL_SIZE + 8), Num(v, "b", (), t, font_size=SMALL_SIZE + 2))
        bias.arrange(RIGHT, buff=0.1).next_to(node, DOWN, buff=0.15).shift(0.5 * RIGHT)

        y_grid = output_map(v, "y", t, cell_size=0.2).move_to([3.75, 1.05, 0])
        y_title = titled(y_grid, t, Math("y", t), shape_label(v["y"], t))
        into_y = Arrow(node.port(RIGHT), y_grid.get_left(), buff=0.1, color=t.muted, stroke_width=3)
        summed = Label("channels summed: one output map", t, SMALL_SIZE, t.muted).next_to(y_grid, DOWN, 0.15)

        head, rows = arithmetic_table(v, t)
        formula = Math("y = w_R x_R + w_G x_G + w_B x_B + b", t)
        table = VGroup(formula, head, *rows)
        formula.next_to(head, UP, buff=0.2)
        table.move_to([3.5, -2.5, 0])

        rgb.introduce(self, self.header())
        self.play(FadeIn(weights), FadeIn(wires), FadeIn(node), FadeIn(bias))
        self.play(FadeIn(into_y), FadeIn(frame_of(y_grid, t)), FadeIn(y_title), FadeIn(formula), FadeIn(head))

        i0, j0 = v["shown"][0]
        grids = rgb.grids + [y_grid]
        markers = pixel_markers(grids, i0, j0, t.accent)
        self.play(FadeIn(markers))
        for p, (i, j) in enumerate(v["shown"]):
            self.play(*move_markers(markers, grids, i, j), run_time=0.5)
            self.play(FadeIn(rows[p], lag_ratio=0.15), run_time=1.0)
            self.play(FadeIn(y_grid.cell(i, j)), run_time=0.4)
            self.wait(0.3)

        self.play(FadeIn(VGroup(*y_grid.rows_except(v["shown"])), lag_ratio=0.08), run_time=2.0)
        self.play(FadeIn(summed))
        self.wait(1.5)
