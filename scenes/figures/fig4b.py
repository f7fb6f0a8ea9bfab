"""fig4b: fig4a's 1×1 convolution as one fully connected unit with three inputs (a pixel's r, g, b),
slid over every pixel: its outputs form the same map as the convolution (an EqualityView: both maps,
one pixel marked and valued in both, |A − B| and the badge). Numbers follow the precision rule of
scenes/parts/sliding.py.

Layout: the photo x and its R, G, B planes (left); one input slot beside each plane, three
connections carrying the weights, the unit and its output (middle); the unit's map above the
convolution's map, with the colour bar and the equality (right).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, AnimationGroup, FadeIn, FadeOut, Rectangle, Succession, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import ColorBar, Connection, Label, Num, bind, frame_of, weight_tag
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.rgb import (
    PixelFocus,
    RGBInput,
    bind_rgb_input,
    channel_colors,
    output_colours,
    output_grid,
    pixel_cells,
    pixel_of,
    top_to_bottom,
)
from scenes.parts.sliding import (
    PIXEL_DECIMALS,
    SUM_DECIMALS,
    compare_step,
    drawn,
    drop_into,
    hand_num,
    summing_unit,
    unit_equality_view,
    unit_map_title,
    weight_decimals,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

TOP = 2.75  # top edge of the photo and of the R plane
PLANE_CELL = 0.24  # the planes in depth, as in fig4a
SLOT_X = 0.8  # centre of the input slots
UNIT = np.array([2.55, 0.0, 0.0])  # where the unit sits (its y follows the G plane)
MAPS_X, MAPS_Y = 4.15, 1.45  # centre of the unit's output map: 0.2 a cell, 27 px at 1080p
COMPARE_SIDE, COMPARE_DIFF_SIDE, COMPARE_X, COMPARE_Y = 3.5, 2.0, 1.2, -0.1  # the comparison, right of the photo
MARKS = ("reads-R", "reads-G", "reads-B")  # where the unit reads its three inputs, on each plane
PIXEL_CAPTIONS = (  # the first worked pixel, and every next one
    "One pixel's R, G and B values are the unit's three inputs; its output is that pixel of the output map.",
    "The same unit one pixel on: new inputs, the same three weights, the next output pixel.",
)
STEPS = StepNames("channels", "unit", "sweep", "compare", numbered=("pixel",))


def bindings(v) -> Bindings:
    """What fig4b draws, by meaning."""
    x, k, bias = v["x"], v["k"], float(v["b"])
    _, h, w = x.shape
    b = Bindings(v)
    b.number("weight", lambda c: k[c])  # the unit's weights are the filter's
    b.number("bias", lambda: bias)
    b.number("input", lambda p, c: pixel_of(v, p, c))
    b.number("output", lambda p: sum(pixel_of(v, p, c) * k[c] for c in range(len(k))) + bias)
    bind_rgb_input(b, v, MARKS, "unit_map")  # the photo, its planes, the worked pixel in each: 24 px at 1080p
    b.grid("input", lambda p, c: [[pixel_of(v, p, c)]])
    b.grid("unit_map", lambda: np.einsum("c,chw->hw", k, x) + bias)  # the unit's output at every pixel
    b.grid("conv_map", lambda: v["y"])
    b.grid("abs_diff", lambda: np.abs(np.einsum("c,chw->hw", k, x) + bias - v["y"]))  # unit − convolution
    conv_at = lambda p: v["y"][tuple(v["shown"][p])]  # noqa: E731 — the convolution's output there
    b.number("unit-value", conv_at).number("conv-value", conv_at)  # the same element, the same number
    b.number("max_diff", lambda: np.max(np.abs(v["y_fc"] - v["y"])))
    b.shape("unit_map", lambda: (h, w)).shape("conv_map", lambda: v["y"].shape)
    b.equal("max_abs_diff", v["y_fc"], v["y"])
    b.weighted_sum_of("output", "weight", "input", plus="bias")  # Σ w·x + b, by hand from the drawn texts
    b.mark_on("conv-target", "conv_map", lambda p: (*v["shown"][p], 1, 1)).at_least("conv-target", 24)
    b.same_position("spot", *MARKS, "target", "conv-target", "input", "output", "unit-value", "conv-value")
    b.relations.append(output_colours(v, "y", "unit_map", "conv_map"))  # the default weights: the photo in grey
    b.relations.append(top_to_bottom("input"))  # the input slots beside their planes: R, G, B down
    n = len(v["shown"])
    b.reveals(
        "unit_map",
        v["shown"],
        {STEPS.channels: 0, STEPS.unit: 0, **{STEPS.pixel(p + 1): p + 1 for p in range(n)}}
        | {STEPS.sweep: None, STEPS.compare: None},
    )
    return b


class Fig4b(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        h, w = v["y"].shape
        rgb = RGBInput(v, t, photo_cell=0.18, plane_cell=PLANE_CELL, left=-6.45, top=TOP, gap=0.55, plane_gap=-0.35)
        slot_w, slot_h = 0.86, 0.6
        slot_at = [np.array([SLOT_X, plane.get_y(), 0]) for plane in rgb.planes]
        slots = VGroup(
            *(
                Rectangle(width=slot_w, height=slot_h, stroke_color=color, stroke_width=2).move_to(at)
                for color, at in zip(channel_colors(t), slot_at)
            )
        )
        slots_title = Label("inputs", t, SMALL_SIZE, t.muted).next_to(slots[0], UP, buff=0.15)

        unit_at = UNIT + rgb.planes[1].get_y() * UP
        unit, bias, arrow = summing_unit(v, t, 0.45, unit_at, arrow=0.6, bias_shift=0.45)
        decimals = weight_decimals(v["k"])
        links = VGroup(
            *(
                Connection(
                    slot.get_right(),
                    unit.port(slot.get_right() - unit.get_center()),
                    t,
                    tag=weight_tag(Num(v, "w3", c, t, decimals, SMALL_SIZE, role=("weight", c)), t, stroke=color),
                    at=0.45,
                )
                for c, (slot, color) in enumerate(zip(slots, channel_colors(t)))
            )
        )
        b_decimals = weight_decimals(v["b"])  # the precision rule: scenes/parts/sliding.py
        unit_note = Label("one fully connected unit", t, SMALL_SIZE, t.muted)
        unit_note.next_to(bias, DOWN, buff=0.25).align_to(bias, LEFT)  # under the unit, clear of the links
        middle = VGroup(slots, slots_title, links, unit, bias, unit_note, arrow)

        fc_grid = output_grid(v, "y_fc", t, 0.2, "unit_map").move_to([MAPS_X, MAPS_Y, 0])
        fc_frame = frame_of(fc_grid, t)
        fc_title = unit_map_title(v, t, fc_frame)
        legend = ColorBar(v, "y_fc", t, fc_grid, height=fc_grid.height * 0.9).next_to(fc_frame, RIGHT, buff=0.15)

        poster = self.centre_stage(rgb, fill=0.95)  # the photo and the planes it splits into: the stage's height
        self.add(rgb.photo, rgb.title)  # the poster: title and photo from the first frame
        with self.step(STEPS.channels, "A colour image is three planes of numbers: its red, green and blue channels."):
            self.play(Succession(AnimationGroup(*rgb.split(), run_time=1.6), FadeIn(rgb.names, run_time=0.6)))
        with self.step(STEPS.unit, "One fully connected unit: three inputs, three weights, a bias and one output."):
            self.play(self.to_place(poster), run_time=1.0)
            self.remove(poster)  # its parts on their own again: the comparison keeps the photo, not the planes
            self.add(rgb.photo, rgb.title, *rgb.planes, rgb.names)
            self.add(fc_grid)  # every cell hidden until computed
            self.play(FadeIn(middle), FadeIn(fc_frame), FadeIn(fc_title), run_time=1.5)

        worked = VGroup()
        focus = None
        for p, (i, j) in enumerate(v["shown"]):
            inputs = [
                cell.move_to(at) for cell, at in zip(pixel_cells(v, t, i, j, ("input", p), slot_w, slot_h), slot_at)
            ]
            by_hand = sum(
                (drawn(v["w3"][c], decimals) * drawn(v["x"][c, i, j], PIXEL_DECIMALS) for c in range(3)), Decimal(0)
            ) + drawn(v["b"], b_decimals)
            out = hand_num(v, "y_fc", (i, j), t, SUM_DECIMALS, by_hand, font_size=LABEL_SIZE + 4, role=("output", p))
            out.next_to(arrow, RIGHT, buff=0.12)
            travel = [
                rgb.travel(i, j, inputs),  # into the input slots
                FadeIn(VGroup(*(cell.num for cell in inputs)), run_time=0.6),
                FadeIn(out, run_time=1.0),
            ]
            drop, settle_cell = drop_into(out, fc_grid, i, j, run_time=1.2)
            with self.step(STEPS.pixel(p + 1), PIXEL_CAPTIONS[min(p, 1)]):
                if focus is None:
                    focus = PixelFocus(rgb, fc_grid, MARKS, i, j, t.focus).bind(p)  # its rod: the 1×1 window
                    outlines = (*focus.marks, focus.rod, focus.spot, focus.target)
                    arrive = AnimationGroup(*(FadeIn(m) for m in outlines), run_time=0.8)
                else:
                    arrive = AnimationGroup(*focus.bind(p).moves(i, j), FadeOut(worked), run_time=1.0)
                self.play(Succession(arrive, *travel, drop))
                self.remove(worked)  # the faded inputs and output leave the scene
                settle_cell(self)
            worked = VGroup(*inputs, out)

        last = len(v["shown"]) - 1
        with self.step(STEPS.sweep, f"Slid over every pixel, row by row, the unit fills all {h}×{w} outputs."):
            focus.bind(None)  # between worked pixels now
            self.play(FadeOut(focus.target), worked.animate.set_opacity(0.25), FadeIn(legend), run_time=0.6)
            self.play(focus.sweep([fc_grid], run_time=5.0))
        with self.step(
            STEPS.compare,
            "The 1×1 convolution of the same photo gives the same map: it is this unit, slid over every pixel.",
        ):
            i, j = v["shown"][last]
            spot = bind(focus.spot, ("spot", last))
            spot.move_to(rgb.photo.block_center(i, j))  # the photo keeps its marked pixel
            names = ("sliding unit", "convolution")
            view = unit_equality_view(v, t, last, names, fc_grid, COMPARE_SIDE, COMPARE_DIFF_SIDE)
            view.move_to([COMPARE_X, COMPARE_Y, 0])
            self.play(compare_step(self, view, fc_grid, keep=[rgb.photo, rgb.title, spot]))


__all__ = ["Fig4b", "bindings"]
