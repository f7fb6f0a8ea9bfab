"""fig4b: fig4a as one fully connected unit with three inputs, slid over the pixels: the same map."""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, FadeIn, FadeOut, Square, VGroup

from scenes.base import FigureScene
from scenes.channel_parts import (
    CHANNEL_COLORS,
    RGBInput,
    move_markers,
    output_map,
    pixel_markers,
)
from scenes.components import (
    Connection,
    EqualityCheck,
    Label,
    Math,
    Neuron,
    Num,
    fit_inside,
    frame_of,
    shape_label,
    titled,
)
from scenes.theme import LABEL_SIZE, SMALL_SIZE


def beside(mob, line, below: bool = False, gap: float = 0.28, at: float = 0.45):
    """Place ``mob`` next to a point of ``line``, off to its upper (or lower) side, clear of the stroke."""
    direction = line.get_unit_vector()
    normal = np.array([-direction[1], direction[0], 0.0])
    normal = -normal if (normal[1] > 0) == below else normal
    return mob.move_to(line.point_from_proportion(at) + gap * normal)


class Fig4b(FigureScene):
    figure_id = "fig4b"

    def construct(self):
        v, t = self.values, self.theme
        rgb = RGBInput.on_left(v["x"], t)

        boxes = VGroup(
            *(
                Square(0.7, color=color, stroke_width=2).move_to([-1.0, plane.get_y(), 0])
                for color, plane in zip(CHANNEL_COLORS, rgb.planes)
            )
        )
        unit = Neuron(t, radius=0.4, label=Math("Σ", t)).move_to([1.35, boxes[1].get_y(), 0])
        links = VGroup(
            *(Connection(box.get_right(), unit.port(box.get_center() - unit.get_center()), t) for box in boxes)
        )
        weights = VGroup(
            *(
                beside(Num(v, "w3", c, t, decimals=3, color=CHANNEL_COLORS[c]), link.line, below=c == len(boxes) - 1)
                for c, link in enumerate(links)
            )
        )
        bias = VGroup(Math("+ b =", t, font_size=SMALL_SIZE + 8), Num(v, "b", (), t, font_size=SMALL_SIZE + 2))
        bias.arrange(RIGHT, buff=0.1).next_to(unit, DOWN, buff=0.2).shift(0.55 * RIGHT)
        out_arrow = unit.output_arrow(1.0, t.muted)
        fc_title = Label("one fully connected unit", t, SMALL_SIZE, t.muted).next_to(unit, UP, buff=1.25)

        y_fc = output_map(v, "y_fc", t, cell_size=0.15).move_to([4.95, 1.05, 0])
        y_conv = output_map(v, "y", t, cell_size=0.15).move_to([4.95, -1.85, 0])
        fc_label = titled(
            y_fc, t, Math("y_(F C)", t), Label("sliding FC", t, SMALL_SIZE, t.muted), shape_label(v["y_fc"], t)
        )
        conv_label = titled(
            y_conv, t, Math("y", t), Label("convolution", t, SMALL_SIZE, t.muted), shape_label(v["y"], t)
        )
        check = EqualityCheck(v, t, font_size=SMALL_SIZE + 2).next_to(y_conv, DOWN, buff=0.25)

        def pixel_numbers(i, j):
            ins = VGroup(
                *(fit_inside(Num(v, "x", (c, i, j), t, color=CHANNEL_COLORS[c]), box) for c, box in enumerate(boxes))
            )
            out = Num(v, "y_fc", (i, j), t, decimals=3, font_size=LABEL_SIZE, color=t.accent)
            return ins, out.next_to(out_arrow, RIGHT, buff=0.1)

        rgb.introduce(self, self.header())
        self.play(
            FadeIn(boxes),
            FadeIn(links),
            FadeIn(weights),
            FadeIn(unit),
            FadeIn(bias),
            FadeIn(out_arrow),
            FadeIn(fc_title),
        )
        self.play(FadeIn(fc_label), FadeIn(frame_of(y_fc, t)))

        i0, j0 = v["shown"][0]
        grids = rgb.grids + [y_fc]
        markers = pixel_markers(grids, i0, j0, t.accent)
        ins, out = pixel_numbers(i0, j0)
        self.play(FadeIn(markers), FadeIn(ins))
        self.play(FadeIn(out), FadeIn(y_fc.cell(i0, j0)))
        for i, j in v["shown"][1:]:
            new_ins, new_out = pixel_numbers(i, j)
            self.play(
                *move_markers(markers, grids, i, j),
                FadeOut(ins, shift=0.3 * UP),
                FadeOut(out),
                FadeIn(new_ins, shift=0.3 * UP),
                run_time=0.6,
            )
            self.play(FadeIn(new_out), FadeIn(y_fc.cell(i, j)), run_time=0.6)
            ins, out = new_ins, new_out
            self.wait(0.4)

        self.play(FadeIn(VGroup(*y_fc.rows_except(v["shown"])), lag_ratio=0.08), run_time=2.0)
        self.play(FadeIn(y_conv), FadeIn(conv_label))
        self.play(FadeIn(check))
        self.wait(1.5)
