"""fig2b: fig2a's 3×3 kernel as one fully connected unit with 9 inputs, slid over the digit.

The unit's 9 inputs are the 9 pixels under the window, row by row; its 9 connections carry the
kernel's 9 weights. Its outputs, slid over every position (``sliding_dense``), form the same map as
the convolution's (``conv2d``): the last step is an EqualityView (both maps, one element marked and
valued in both, |A − B|, the badge). Numbers follow the precision rule of scenes/parts/sliding.py.

Layout: the digit x (left); the unit's input column, its 9 weighted connections, the unit and its
output (middle), the kernel k above them; the unit's map with its colour bar (right). Where k or the unit's output
would leave the map's cells under MIN_MAP_CELL (a kernel with decimals, "−0.123" cells; Laplace's wide outputs),
k stands over the weights' column instead, its title at its left, the digit, inputs and unit a little lower, the
unit closer to the weights, and the map takes the frame's height. The comparison then takes the whole frame.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    FadeIn,
    FadeOut,
    LaggedStart,
    Line,
    Rectangle,
    ReplacementTransform,
    Succession,
    VGroup,
)

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import (
    STAGE_TOP,
    CellGrid,
    ColorBar,
    Connection,
    NumberGrid,
    bind,
    note,
    row,
    signed_grid,
    stage_area,
    titled,
    weight_tag,
)
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.text import Label, Math, Num, ShapeLabel
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.sliding import (
    PIXEL_DECIMALS,
    SUM_DECIMALS,
    Sweep,
    compare_step,
    drawn,
    drop_into,
    hand_num,
    kernel_setting,
    padded_digit,
    pixel_under,
    summing_unit,
    unit_equality_view,
    unit_map_title,
    window_center,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames
from scenes.settings import KERNEL_TITLES

MID_Y = 0.1  # centre line of the input column and the unit
GRID_SIDE = 2.7  # the (padded) digit is drawn this wide, whatever the padding
SLOT_W, SLOT_H = 0.72, 0.52  # one input slot
SLOTS_X = -2.95  # centre of the input column
UNIT_X = -0.25
KERNEL_LEFT, KERNEL_Y = -0.65, 2.15  # the kernel k above the unit, clear of the top link
KERNEL_ZOOM, KERNEL_CARD, KERNEL_CARD_X = 2.0, 4.6, 3.2  # the first step's kernel and settings: enlarged, right
POSTER_SHIFT = 0.8  # ... and the big digit beside them, this far left of them
MAP_RIGHT, MAP_Y = 6.45, 0.3  # right edge and centre line of the unit's map; its colour bar under its right corner
MAP_SIDE = 4.7  # the map takes the room right of k and the unit's output, up to this: a 26×26 map's cell 24.4 px
# a bigger output (padding at stride 1: 28×28, 30×30) keeps its cell this big while the unit works (24.1 px at
# 1080p): the map then takes the frame's height, and the digit, the inputs and the unit move left to make room
MIN_MAP_CELL = 0.1785
BIG_GRID_SIDE, BIG_SHIFT, BIG_TOP = 2.0, 0.75, 2.65  # the digit's width, the shift left, the map's top
BIG_BOTTOM = -2.75  # ... and its lowest bottom (a kernel of 3 decimals is wider: the map is then narrower)
LEGEND_FLOOR = -3.6  # the colour bar under a big map reaches down to here
# where k above the unit (a kernel with decimals, box or learned: "−0.123" cells) or the unit's output (Laplace's)
# would leave the map's cells under MIN_MAP_CELL ("tight"): the digit, the inputs and the unit move down by
# TIGHT_DROP, k goes over the weights' column, its left edge TIGHT_KERNEL_GAP right of the input slots, its top at
# TIGHT_KERNEL_TOP, its title at its left, and the map takes the frame's height
TIGHT_DROP, TIGHT_KERNEL_GAP, TIGHT_KERNEL_TOP = 0.9, 0.3, 3.05
TIGHT_LINKS = 0.8  # ... and the unit as close as this to the weights (room for a wide output, Laplace's)
COMPARE_SIDE, COMPARE_DIFF_SIDE, COMPARE_Y = 4.7, 2.1, -0.3  # the comparison: ≥ 24 px a cell at 1080p
# a bigger output (28×28, 30×30) keeps MIN_MAP_CELL in both maps: they then take nearly the frame's width, and the
# difference map |A − B| becomes a narrow column at their right (EqualityView's "column" layout), as narrow as
# COMPARE_COLUMN_GAP and the safe area leave it; the view then sits in the middle of the stage, its badge closer
COMPARE_COLUMN_GAP, COMPARE_COLUMN_CHECK = 0.25, 0.2
STEPS = StepNames("kernel", "unit", "inputs-1", "output-1", "sweep", "compare", numbered=("position",))


def bindings(v) -> Bindings:
    """What fig2b draws, by meaning."""
    k = v["k"]
    kh, kw = k.shape
    b = Bindings(v)
    b.number("padding", lambda: v["padding"]).number("stride", lambda: v["stride"]).number("bias", lambda: v["b"])
    b.number("kernel", lambda u, w: k[u, w])
    b.number("weight", lambda m: k.flat[m])  # connection m carries kernel cell divmod(m, kw), row by row
    b.number("pixel", lambda p, m, _: pixel_under(v, p, *divmod(m, kw)))  # input m: the pixel under that cell
    b.number("output", lambda p: v["y"][tuple(v["shown"][p])])
    b.grid("input", lambda: v["x"]).grid("kernel", lambda: k)
    b.grid("pixel", lambda p: [[pixel_under(v, p, *divmod(m, kw))] for m in range(kh * kw)])
    b.grid("unit_map", lambda: v["y_fc"]).grid("conv_map", lambda: v["y"])
    b.grid("abs_diff", lambda: np.abs(v["y_fc"] - v["y"]))  # the difference map, from the two maps
    conv_at = lambda p: v["y"][tuple(v["shown"][p])]  # noqa: E731 — the convolution's output there
    b.number("unit-value", conv_at).number("conv-value", conv_at)  # the same element, the same number
    b.number("max_diff", lambda: np.max(np.abs(v["y_fc"] - v["y"])))
    b.shape("input", lambda: v["x"].shape).shape("kernel", lambda: k.shape).shape("inputs", lambda: (kh * kw,))
    b.shape("unit_map", lambda: v["y"].shape).shape("conv_map", lambda: v["y"].shape)
    b.equal("max_abs_diff", v["y_fc"], v["y"])
    b.weighted_sum_of("output", "weight", "pixel", plus="bias")  # Σ w·x + b, by hand from the drawn texts
    b.at_least("window", 24).at_least("target", 24).at_least("conv-target", 24)
    b.at_least("conv_map", 24, per_cell=True)  # the comparison's maps, every cell, even a padded 30×30 (column layout)
    b.mark_on("window", "input", lambda p: (*v["origin"][tuple(v["shown"][p])], kh, kw))
    b.mark_on("target", "unit_map", lambda p: (*v["shown"][p], 1, 1))
    b.mark_on("conv-target", "conv_map", lambda p: (*v["shown"][p], 1, 1))
    b.same_position("window", "target", "conv-target", "pixel", "output", "unit-value", "conv-value")
    n = len(v["shown"])
    b.reveals(
        "unit_map",
        v["shown"],
        {STEPS.kernel: 0, STEPS.unit: 0, STEPS.inputs_1: 0, STEPS.output_1: 1}
        | {STEPS.position(p + 1): p + 1 for p in range(1, n)}
        | {STEPS.sweep: None, STEPS.compare: None},
    )
    return b


class Fig2b(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        kind, k_decimals, b_decimals = kernel_setting(v, self.inputs)  # the precision rule: parts/sliding.py
        kh, kw = v["k"].shape
        n = kh * kw
        k_color = t.signed_scale(v["k"])
        column_view = {"patch": v["patch"].reshape(len(v["shown"]), n, 1)}  # each window, row by row

        kernel = NumberGrid(
            v,
            "k",
            t,
            role="kernel",
            cell_size=0.55 if k_decimals == 0 else 1.05,
            decimals=k_decimals,
            fill=k_color,
            font_size=SMALL_SIZE,
            cell_height=0.55 if k_decimals == 0 else 0.5,
        )
        kernel_title = titled(kernel, Math("k", t), Label(KERNEL_TITLES[kind], t, SMALL_SIZE, t.muted))
        kernel_block = VGroup(kernel_title, kernel)
        outs = [self.unit_output(p, k_decimals, b_decimals) for p in range(len(v["shown"]))]
        widest = max(out.width for out in outs)
        tags = [
            weight_tag(Num(v, "w9", m, t, k_decimals, SMALL_SIZE, role=("weight", m)), t, fill=k_color(v["w9"][m]))
            for m in range(n)
        ]
        tag_w = max(tag.width for tag in tags)
        # the unit, built at (UNIT_X, 0), moves to its place once the layout is chosen
        unit, bias, arrow = summing_unit(v, t, 0.42, [UNIT_X, 0, 0], arrow=0.45, bias_shift=0.4)
        reach = arrow.get_right()[0] - UNIT_X + 0.12 + widest  # from the unit's centre to its output's right edge

        def unit_x(shift: float, tight: bool) -> float:
            """The unit's centre: UNIT_X, or (tight) as close to the weights as TIGHT_LINKS lets it."""
            weights_right = SLOTS_X - shift + SLOT_W / 2 + 0.14 + tag_w
            return min(UNIT_X - shift, weights_right + TIGHT_LINKS + unit.width / 2) if tight else UNIT_X - shift

        def map_cell(big: bool, shift: float, tight: bool) -> float:
            """The unit map's cell: the map takes the room right of k (unless k is over the weights) and of the
            unit's output, up to the frame's height (big) or MAP_SIDE."""
            above = -np.inf if tight else KERNEL_LEFT - shift + kernel_block.width
            left = max(above, unit_x(shift, tight) + reach) + 0.3
            return min(MAP_RIGHT - left, BIG_TOP - BIG_BOTTOM if big else MAP_SIDE) / max(v["y"].shape)

        big = MIN_MAP_CELL * max(v["y"].shape) > MAP_SIDE + 1e-9  # the map takes the frame's height (MIN_MAP_CELL)
        shift = BIG_SHIFT if big else 0.0
        cell = map_cell(big, shift, tight=False)
        tight = cell < MIN_MAP_CELL - 1e-9 and map_cell(True, BIG_SHIFT, tight=True) > cell + 1e-9
        if tight:  # k over the weights, all at its left lower: the map takes the frame's height
            big, shift, cell = True, BIG_SHIFT, map_cell(True, BIG_SHIFT, tight=True)
        drop = TIGHT_DROP if tight else 0.0
        mid_y = MID_Y - drop
        side = BIG_GRID_SIDE if big else GRID_SIDE
        x_y = BIG_TOP - side / 2 - drop if big else MID_Y  # a small digit sits high, clear of travelling pixels
        x_grid, border, x_title = padded_digit(v, t, side, (-6.45 + side / 2, x_y))

        slots = (
            VGroup(*(Rectangle(width=SLOT_W, height=SLOT_H, stroke_color=t.muted, stroke_width=1.5) for _ in range(n)))
            .arrange(DOWN, buff=0)
            .move_to([SLOTS_X - shift, mid_y, 0])
        )
        slots_title = titled(slots, Label("inputs", t, SMALL_SIZE, t.muted), ShapeLabel(v, "w9", t, role="inputs"))
        slots_note = note("the window, row by row", t).next_to(slots, DOWN, buff=0.15)

        # each input's weight stands beside it; its connection runs from the weight to the unit
        VGroup(unit, bias, arrow).shift([unit_x(shift, tight) - UNIT_X, mid_y, 0])
        tag_x = slots.get_right()[0] + 0.14 + tag_w / 2
        for tag, slot in zip(tags, slots):
            tag.move_to([tag_x, slot.get_y(), 0])
            tag[1].set_z_index(1)  # above its box, which fades in after the weight's copy is on its way
        stubs = [
            Line(slot.get_right(), tag.get_left(), color=t.muted, stroke_width=1.5) for slot, tag in zip(slots, tags)
        ]
        links = [
            Connection(tag.get_right(), unit.port(tag.get_right() - unit.get_center()), t, stroke_width=1.5)
            for tag in tags
        ]
        inputs_part = VGroup(slots, slots_title, slots_note, *stubs, *(tag[0] for tag in tags))  # all but the weights
        unit_part = VGroup(*links, unit, bias, arrow)

        if tight:  # over the weights' column, its title at its left
            kernel.move_to([slots.get_right()[0] + TIGHT_KERNEL_GAP + kernel.width / 2, 0, 0])
            kernel.shift((TIGHT_KERNEL_TOP - kernel.get_top()[1]) * UP)
            kernel_title.next_to(kernel, LEFT, buff=0.25).align_to(kernel, UP)
        else:
            kernel_block.move_to([KERNEL_LEFT - shift + kernel_block.width / 2, KERNEL_Y, 0])
        settings = VGroup(
            row(Label("padding", t, SMALL_SIZE, t.muted), Num(v, "padding", (), t, 0, SMALL_SIZE, role="padding")),
            row(Label("stride", t, SMALL_SIZE, t.muted), Num(v, "stride", (), t, 0, SMALL_SIZE, role="stride")),
        ).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        settings.next_to(bias, DOWN, buff=0.3).align_to(bias, LEFT)  # off the path of pixels leaving the window

        limit = float(np.max(np.abs(v["y"])))  # one colour scale for both maps
        fc_grid = signed_grid(v["y_fc"], t, cell, limit, role="unit_map", visible=False)
        fc_grid.move_to([MAP_RIGHT - fc_grid.width / 2, BIG_TOP - fc_grid.height / 2 if big else MAP_Y, 0])
        fc_frame = Rectangle(width=fc_grid.width, height=fc_grid.height, stroke_color=t.muted, stroke_width=1.5)
        fc_frame.move_to(fc_grid)
        fc_title = unit_map_title(v, t, fc_frame)
        bar_height = fc_frame.get_bottom()[1] - 0.2 - LEGEND_FLOOR if big else 1.3
        legend = ColorBar(v, "y_fc", t, fc_grid, height=bar_height).next_to(fc_frame, DOWN, buff=0.2)
        legend.align_to(fc_frame, RIGHT)

        # the poster: the digit big in the middle; then the kernel with its settings, big, at the digit's right,
        # until the unit needs the room
        poster = self.centre_stage(VGroup(x_grid, border, x_title))
        kernel_card = VGroup(kernel_block, settings).save_state()
        kernel_title.next_to(kernel, UP, buff=0.15)  # over k on the card, wherever it goes later
        settings.next_to(kernel_block, DOWN, buff=0.35).align_to(kernel_block, LEFT)
        zoom = min(KERNEL_ZOOM, KERNEL_CARD / kernel_card.width, KERNEL_CARD / kernel_card.height)
        kernel_card.scale(zoom).move_to([KERNEL_CARD_X, MID_Y, 0])
        self.add(x_grid, border, x_title)
        with self.step(
            STEPS.kernel,
            f"The {kh}×{kw} kernel k ({KERNEL_TITLES[kind]}) of a convolution over the digit x, "
            "with its padding and stride.",
        ):
            # the kernel's numbers on their own: they step back while their copies leave (below)
            self.play(poster.animate.align_to(kernel_card.get_left() + POSTER_SHIFT * LEFT, RIGHT), run_time=1.0)
            self.play(FadeIn(kernel_title), FadeIn(kernel.grid), FadeIn(kernel.numbers), FadeIn(settings), run_time=1.2)
        with self.step(
            STEPS.unit,
            f"Read row by row, its {n} weights become the weights of one fully connected unit with {n} inputs.",
        ):
            self.play(self.to_place(poster), self.to_place(kernel_card), run_time=1.2)
            self.remove(poster, kernel_card)  # their parts, each on its own again: the groups were the way back
            self.add(x_grid, border, x_title, kernel_title, kernel.grid, kernel.numbers, settings)
            self.add(fc_grid)  # every cell hidden until computed
            flights = [ReplacementTransform(kernel.number(*divmod(m, kw)).copy(), tag[1]) for m, tag in enumerate(tags)]
            self.play(
                Succession(
                    FadeIn(inputs_part, run_time=1.0),
                    # copies of the weights leave the kernel, whose own numbers step back while the copies cross them
                    AnimationGroup(
                        LaggedStart(*flights, lag_ratio=0.12), kernel.numbers.animate.set_opacity(0.3), run_time=2.5
                    ),
                    AnimationGroup(
                        FadeIn(unit_part),
                        FadeIn(fc_frame),
                        FadeIn(fc_title),
                        kernel.numbers.animate.set_opacity(1.0),
                        run_time=1.2,
                    ),
                )
            )

        worked = VGroup()
        window = target = None
        for p, (i, j) in enumerate(v["shown"]):
            inputs = NumberGrid(
                column_view,
                "patch",
                t,
                ("pixel", p),
                (p,),
                SLOT_W,
                fill=t.pixel_scale(),
                font_size=SMALL_SIZE,
                cell_height=SLOT_H,
            ).move_to(slots)
            out = outs[p].next_to(arrow, RIGHT, buff=0.12)
            at = window_center(x_grid, v, i, j)
            # the window's pixels as a grid of their own over the window: its cells travel, row by row, into the slots
            lifted = CellGrid(v["patch"][p], t.pixel_scale(), x_grid.cell_size, stroke_color=t.grid_stroke).move_to(at)
            travel = [
                ReplacementTransform(lifted, inputs.grid, run_time=1.6),
                FadeIn(inputs.numbers, run_time=0.6),
            ]
            captions = (
                (
                    f"At one position, the window's {n} pixels, row by row, are the unit's {n} inputs.",
                    "The unit weighs each input, adds them and b: the output pixel at this position.",
                ),
                ("One stride on: new inputs, the same weights, and the next output pixel.",) * 2,
            )[min(p, 1)]
            with self.step(STEPS.inputs_1 if p == 0 else STEPS.position(p + 1), captions[0]):
                if window is None:
                    window = bind(x_grid.window(*v["origin"][i, j], kh, kw, t.accent), ("window", p))
                    target = bind(fc_grid.window(i, j, 1, 1, t.accent, stroke_width=3), ("target", p))
                    self.play(Succession(AnimationGroup(FadeIn(window), FadeIn(target), run_time=0.8), *travel))
                else:
                    bind(window, ("window", p)), bind(target, ("target", p))
                    move = AnimationGroup(
                        window.animate.move_to(at),
                        target.animate.move_to(fc_grid.block_center(i, j)),
                        FadeOut(worked),
                        run_time=1.0,
                    )
                    self.play_with_drop([move, *travel, FadeIn(out, run_time=1.0)], out, fc_grid, i, j)
                    self.remove(worked)  # the faded inputs and output leave the scene
            if p == 0:
                with self.step(STEPS.output_1, captions[1]):
                    self.play_with_drop([FadeIn(out, run_time=1.0)], out, fc_grid, i, j)
            worked = VGroup(inputs, out)

        last = len(v["shown"]) - 1
        h, w = v["y"].shape
        with self.step(STEPS.sweep, f"Slid over every position, row by row, the unit fills all {h}×{w} outputs."):
            bind(window, None)  # between worked positions now
            self.play(
                Succession(
                    AnimationGroup(FadeOut(target), worked.animate.set_opacity(0.25), FadeIn(legend), run_time=0.6),
                    Sweep(window, x_grid, v, [fc_grid], run_time=6.0),
                )
            )
        with self.step(
            STEPS.compare, "The convolution x ⋆ k + b gives the same map: it is this unit, slid over the image."
        ):
            view = self.equality_view(last, fc_grid)
            self.play(compare_step(self, view, fc_grid, keep=[]))

    def equality_view(self, p: int, fc_grid) -> EqualityView:
        """The unit's map beside the convolution's, element shown[p] marked and valued in both, |A − B|; maps of a
        padded input (28×28, 30×30) as big as the unit's map was (MIN_MAP_CELL), |A − B| a column at their right."""
        v, t = self.values, self.theme
        names = (Label("sliding unit", t, SMALL_SIZE, t.muted), Math("x star k + b", t))
        side = MIN_MAP_CELL * max(v["y"].shape)
        if side <= COMPARE_SIDE:
            view = unit_equality_view(v, t, p, names, fc_grid, COMPARE_SIDE, COMPARE_DIFF_SIDE)
            return view.move_to([0, COMPARE_Y, 0])
        left, bottom, right, _ = stage_area()
        gap = COMPARE_COLUMN_GAP
        diff_side = min(COMPARE_DIFF_SIDE, right - left - 2 * side - 2 * gap - 0.37)  # A, "=", B, |A − B|
        view = unit_equality_view(
            v, t, p, names, fc_grid, side, diff_side, gap=gap, layout="column", check_buff=COMPARE_COLUMN_CHECK
        )
        return view.move_to([(left + right) / 2, (bottom + STAGE_TOP) / 2, 0])

    def unit_output(self, p: int, k_decimals: int, b_decimals: int) -> Num:
        """The unit's output at worked position p, Σ w·x + b: drawn after "≈" when the reader's sum of the drawn
        weights times the drawn inputs, plus the drawn bias, rounds otherwise (the precision rule)."""
        v, t = self.values, self.theme
        by_hand = sum(
            (drawn(w, k_decimals) * drawn(x, PIXEL_DECIMALS) for w, x in zip(v["w9"], v["patch"][p].flat)), Decimal(0)
        ) + drawn(v["b"], b_decimals)
        at = tuple(v["shown"][p])
        return hand_num(v, "y_fc", at, t, SUM_DECIMALS, by_hand, font_size=LABEL_SIZE + 4, role=("output", p))

    def play_with_drop(self, before: list, out, grid, i: int, j: int) -> None:
        """Play ``before`` one after another, then a copy of the output ``out`` drops into pixel (i,j)
        of ``grid``, which appears: one play."""
        drop, settle_cell = drop_into(out, grid, i, j, run_time=1.2)
        self.play(Succession(*before, drop))
        settle_cell(self)


__all__ = ["Fig2b", "bindings"]
