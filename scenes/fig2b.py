"""fig2b: fig2a's 3×3 kernel as one fully connected unit with 9 inputs, slid over the digit.

The unit sees the 9 pixels under the window (row by row) through 9 connections whose weights are the
kernel's; its outputs, computed by sliding_dense, form the same map as conv2d's (EqualityCheck).
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, FadeIn, FadeOut, VGroup

from scenes.base import FigureScene
from scenes.components import (
    ColorBar,
    Connection,
    EqualityCheck,
    Label,
    Math,
    Neuron,
    Num,
    NumberGrid,
    PixelGrid,
    frame_of,
    shape_label,
    titled,
    weight_tag,
)
from scenes.fc_parts import SlotColumn, value_node
from scenes.sliding_parts import sweep_rows, window_center
from scenes.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE


class Fig2b(FigureScene):
    figure_id = "fig2b"

    def construct(self):
        v, t = self.values, self.theme
        padding = int(v["padding"])
        kh, kw = v["k"].shape
        k_color = t.signed_scale(v["k"])

        side = v["x"].shape[0] + 2 * padding  # the padded input keeps one size on screen
        x_grid = PixelGrid.pixels(v["x"], t, cell_size=0.13 * 28 / side).move_to([-5.15, -0.45, 0])
        zero_border = x_grid.padding_frame(padding, t)
        x_title = titled(VGroup(x_grid, zero_border), t, Math("x", t), shape_label(v["x"], t))

        slots = SlotColumn([self.inputs(0)[m] for m in range(kh * kw)], t, spacing=0.56).move_to([-2.35, -0.45, 0])
        inputs_title = titled(slots, t, Label("inputs", t, SMALL_SIZE, t.muted), shape_label(v["w9"], t))
        inputs_note = Label("the window, row by row", t, SMALL_SIZE, t.muted).next_to(slots, DOWN, buff=0.15)
        neuron = Neuron(t, radius=0.42, label=Math("Σ", t)).move_to([0.6, -0.45, 0])
        links = VGroup(
            *(
                Connection(
                    slot[0].get_right(),
                    neuron.port(LEFT),
                    t,
                    at=0.36,
                    stroke_width=1.5,
                    tag=weight_tag(
                        Num(v, "w9", m, t, decimals=2, font_size=NUMBER_SIZE - 6),
                        t,
                        fill=k_color(v["w9"][m]),
                    ),
                )
                for m, slot in enumerate(slots.slots)
            )
        )
        kernel = NumberGrid(v, "k", t, cell_size=0.56, font_size=NUMBER_SIZE - 4, fill=k_color)
        kernel_title = VGroup(Math("k", t), Label("= the unit's weights", t, SMALL_SIZE, t.muted)).arrange(RIGHT, 0.15)
        kernel_box = VGroup(kernel_title, kernel).arrange(DOWN, buff=0.12).move_to([1.3, 1.75, 0])
        bias = VGroup(Math("b =", t), Num(v, "b", (), t)).arrange(RIGHT, buff=0.12).next_to(neuron, DOWN, 0.2)
        arrow = neuron.output_arrow(0.6, t.text)

        cell = 0.088 * 26 / max(v["y"].shape)
        maps = VGroup()
        for key in ("y", "y_fc"):
            grid = PixelGrid.signed(v[key], t, cell_size=cell)
            maps.add(VGroup(grid, frame_of(grid, t)))
        maps.arrange(DOWN, buff=0.6).move_to([4.75, -0.55, 0])
        names = (
            VGroup(Label("convolution", t, SMALL_SIZE, t.muted), Math("x ⋆ k + b", t)).arrange(RIGHT, 0.15),
            Label("sliding unit", t, SMALL_SIZE, t.muted),
        )
        titles = VGroup(*(titled(m, t, name, shape_label(v["y"], t), buff=0.08) for m, name in zip(maps, names)))
        (y_grid, y_frame), (fc_grid, fc_frame) = maps
        legend = ColorBar(v, "y", t, t.signed_scale(v["y"]), height=2.2)
        legend.next_to(maps, RIGHT, buff=0.12)
        check = (
            VGroup(
                Label("convolution vs sliding unit:", t, SMALL_SIZE, t.muted),
                EqualityCheck(v, t, font_size=LABEL_SIZE - 2),
            )
            .arrange(RIGHT, buff=0.25)
            .move_to([1.3, -3.55, 0])
        )

        self.play(FadeIn(self.header()), FadeIn(x_grid), FadeIn(zero_border), FadeIn(x_title), FadeIn(kernel_box))
        self.play(
            FadeIn(neuron),
            FadeIn(links),
            FadeIn(inputs_title),
            FadeIn(bias),
            FadeIn(arrow),
            FadeIn(y_frame),
            FadeIn(fc_frame),
            FadeIn(titles),
            run_time=1.0,
        )

        i0, j0 = v["shown"][0]
        window = x_grid.window(*v["origin"][i0, j0], kh, kw, t.accent)
        targets = VGroup(*(g.window(i0, j0, 1, 1, t.accent, stroke_width=3) for g in (y_grid, fc_grid)))
        self.play(FadeIn(window), FadeIn(targets), FadeIn(inputs_note), run_time=0.6)
        shown_now = VGroup()
        for p, (i, j) in enumerate(v["shown"]):
            nodes = self.inputs(p)
            for node, slot in zip(nodes, slots.slots):
                node.move_to(slot)
            out = VGroup(Math("y =", t), Num(v, "y_fc", (i, j), t, font_size=LABEL_SIZE + 4, color=t.accent))
            out.arrange(RIGHT, buff=0.12).next_to(arrow, RIGHT, 0.12)
            self.play(
                window.animate.move_to(window_center(x_grid, v, i, j)),
                FadeOut(shown_now),
                *(m.animate.move_to(g.block_center(i, j)) for m, g in zip(targets, (y_grid, fc_grid))),
                run_time=0.6,
            )
            self.play(FadeIn(nodes, lag_ratio=0.05), run_time=0.6)
            self.play(FadeIn(out), FadeIn(y_grid.cell(i, j)), FadeIn(fc_grid.cell(i, j)), run_time=0.6)
            shown_now = VGroup(nodes, out)
            self.wait(0.3)

        self.play(FadeOut(targets), run_time=0.3)
        sweep_rows(self, window, x_grid, v, [y_grid, fc_grid], run_time=0.22)
        i, j = v["shown"][-1]
        self.play(
            window.animate.move_to(window_center(x_grid, v, i, j)),
            FadeIn(legend),
            FadeIn(check),
            *(FadeIn(g.window(i, j, 1, 1, t.accent, stroke_width=3)) for g in (y_grid, fc_grid)),
        )
        self.wait(1.5)

    def inputs(self, p: int) -> VGroup:
        """The 9 input nodes for shown position p: the window's pixels, row by row."""
        _, kh, kw = self.values["patch"].shape
        return VGroup(
            *(value_node(self.values, "patch", (p, u, w), self.theme, size=0.44) for u in range(kh) for w in range(kw))
        )
