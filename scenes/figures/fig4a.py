"""fig4a: a 1×1 convolution: one filter of three 1×1 kernels over an RGB photo; at every pixel the
three weights multiply its r, g, b and the sum is one output pixel.

Layout: the photo x (left) and its R, G, B planes beside it; the filter k drawn as a 3×1×1 block
(three 1×1 kernels stacked, one per channel) and the output y with its colour bar on top; the worked
arithmetic of one pixel (its r, g, b ⊙ k = products, their sum) below.
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
    Polygon,
    Rectangle,
    ReplacementTransform,
    Succession,
    VGroup,
)

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import ColorBar, Label, Math, Num, ShapeLabel, frame_of, row, titled
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.rgb import (
    PixelFocus,
    RGBInput,
    ValueCell,
    bind_rgb_input,
    channel_colors,
    column,
    level_with,
    output_colours,
    output_grid,
    pixel_cells,
    pixel_of,
    top_to_bottom,
)
from scenes.parts.sliding import (
    PIXEL_DECIMALS,
    SUM_DECIMALS,
    by_hand,
    drawn,
    drop_into,
    hand_num,
    product_decimals,
    weight_decimals,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

TOP = 2.75  # top edge of the photo and of the R plane
WORK_X, WORK_Y = 3.3, -2.35  # centre of the worked arithmetic
BLOCK_X, MAP_X = 1.4, 4.08  # the filter k; the output map y (its title ends with its colour bar, clear of k's)
MAP_CELL = 0.22  # y's cells: 29.7 px at 1080p
PLANE_CELL = 0.24  # the planes' cells, seen in depth: 0.24 wide, 0.18 tall (parts/rgb.PLANE_SQUASH): 24 px
MARKS = ("kernel-R", "kernel-G", "kernel-B")  # the filter's three 1×1 kernels, on their planes
PIXEL_CAPTIONS = (  # the first worked pixel, and every next one
    "The filter passes through one pixel of the three planes; its R, G and B values come out and meet the weights.",
    "One pixel on, the same three weights meet its R, G and B values: new products, a new output.",
)
STEPS = StepNames("channels", "filter", "sum-1", "sweep", "result", numbered=("pixel",))


def bindings(v) -> Bindings:
    """What fig4a draws, by meaning."""
    x, k = v["x"], v["k"]
    channels, h, w = x.shape
    b = Bindings(v)
    b.number("weight", lambda c: k[c]).number("bias", lambda: v["b"])
    b.number("pixel", lambda p, c: pixel_of(v, p, c))
    b.number("product", lambda p, c: pixel_of(v, p, c) * k[c])
    b.number("result", lambda p: v["y"][tuple(v["shown"][p])])
    bind_rgb_input(b, v, MARKS, "output")  # the photo, its planes, the worked pixel in each: 24 px at 1080p
    b.grid("output", lambda: v["y"])
    b.grid("weight", lambda c: [[k[c]]])
    b.grid("pixel", lambda p, c: [[pixel_of(v, p, c)]])
    b.grid("product", lambda p, c: [[pixel_of(v, p, c) * k[c]]])
    b.shape("output", lambda: (h, w))
    b.shape("filter", lambda: (channels, 1, 1))  # one 1×1 kernel per channel of x
    b.product_of("product", "pixel", "weight", b_index=lambda p, c: (c,))  # each product, by hand
    b.sum_of("result", "product", plus="bias")  # the sum, by hand from the drawn products
    b.same_position("spot", *MARKS, "target", "pixel", "product", "result")
    b.relations.append(output_colours(v, "y", "output"))  # the default weights: the photo in grey
    for column_of in ("weight", "pixel", "product"):  # the filter block and the worked columns: R, G, B down
        b.relations.append(top_to_bottom(column_of, touching=True))
    b.relations.append(level_with("product", "pixel"))  # each product on its pixel's row
    n = len(v["shown"])
    b.reveals(
        "output",
        v["shown"],
        {STEPS.channels: 0, STEPS.filter: 0, STEPS.pixel(1): 0, STEPS.sum_1: 1}
        | {STEPS.pixel(p + 1): p + 1 for p in range(1, n)}
        | {STEPS.sweep: None, STEPS.result: None},
    )
    return b


def filter_block(v, t, cell: float, decimals: int) -> tuple[VGroup, list[ValueCell]]:
    """The filter as a 3×1×1 block: three 1×1 kernels (one weight each, outlined in their channel's
    colour) stacked in a column, with a top and a side face for depth."""
    cells = [
        ValueCell(
            v,
            "k",
            c,
            t,
            ("weight", c),
            None,
            cell,
            decimals=decimals,
            stroke_color=channel_colors(t)[c],
            stroke_width=4,
        )
        for c in range(len(v["k"]))
    ]
    front = column(cells)
    depth = np.array([0.28, 0.22, 0.0])
    tl, tr = front.get_corner(UP + LEFT), front.get_corner(UP + RIGHT)
    br = front.get_corner(DOWN + RIGHT)
    style = dict(stroke_color=t.muted, stroke_width=1.5, fill_color=t.muted, fill_opacity=0.18)
    top = Polygon(tl, tr, tr + depth, tl + depth, **style)
    side = Polygon(tr, br, br + depth, tr + depth, **style)
    return VGroup(top, side, front), cells


def kernel_piece(kernel: ValueCell, channel: int, theme) -> Rectangle:
    """One 1×1 kernel of the block as a piece that can travel: its outline in its channel's colour."""
    return Rectangle(
        width=kernel.grid.width,
        height=kernel.grid.height,
        stroke_color=channel_colors(theme)[channel],
        stroke_width=4,
        fill_color=theme.background,
        fill_opacity=1.0,
    ).move_to(kernel.grid)


class Fig4a(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        h, w = v["y"].shape
        rgb = RGBInput(v, t, photo_cell=0.18, plane_cell=PLANE_CELL, left=-6.45, top=TOP, gap=0.55, plane_gap=-0.35)

        decimals = weight_decimals(v["k"])  # the precision rule: scenes/parts/sliding.py
        b_decimals = weight_decimals(v["b"])
        p_decimals = product_decimals(v["k"])
        block, kernels = filter_block(v, t, 0.86, decimals)
        block.move_to([BLOCK_X, 1.2, 0])
        block_title = titled(block, Math("k", t), ShapeLabel(v, "k", t, role="filter", shape=(len(v["k"]), 1, 1)))
        block_note = Label("one kernel per channel", t, SMALL_SIZE, t.muted).next_to(block, DOWN, buff=0.18)
        bias = row(Label("bias b", t, SMALL_SIZE, t.muted), Num(v, "b", (), t, b_decimals, SMALL_SIZE, role="bias"))
        bias.next_to(block_note, DOWN, buff=0.12)
        middle = VGroup(block, block_title, block_note, bias)

        y_grid = output_grid(v, "y", t, MAP_CELL, "output").move_to([MAP_X, 0.95, 0])
        y_frame = frame_of(y_grid, t)
        y_title = titled(y_frame, Math("y = scripts(sum)_c k_c x_c + b", t), ShapeLabel(v, "y", t, role="output"))
        legend = ColorBar(v, "y", t, y_grid, height=y_grid.height * 0.9).next_to(y_frame, RIGHT, buff=0.15)
        y_title.align_to(legend, RIGHT)

        poster = self.centre_stage(rgb, fill=0.95)  # the photo and the planes it splits into: the stage's height
        self.add(rgb.photo, rgb.title)  # the poster: title and photo from the first frame
        with self.step(STEPS.channels, "A colour image is three planes of numbers: its red, green and blue channels."):
            self.play(Succession(AnimationGroup(*rgb.split(), run_time=1.6), FadeIn(rgb.names, run_time=0.6)))
        with self.step(
            STEPS.filter,
            "One filter of a 1×1 convolution: three 1×1 kernels stacked in depth, one weight per channel.",
        ):
            self.play(self.to_place(poster), run_time=1.0)
            self.add(y_grid)  # every cell hidden until computed
            self.play(FadeIn(middle), FadeIn(y_frame), FadeIn(y_title), run_time=1.2)

        worked = VGroup()
        focus = None
        for p, (i, j) in enumerate(v["shown"]):
            pixels = pixel_cells(v, t, i, j, ("pixel", p), 0.86, 0.56)
            exact = [drawn(v["x"][c, i, j], PIXEL_DECIMALS) * drawn(v["k"][c], decimals) for c in range(3)]
            products = [
                ValueCell(
                    v,
                    "products",
                    (p, c),
                    t,
                    ("product", p, c),
                    None,
                    1.12,
                    0.56,
                    decimals=p_decimals,
                    approx=not by_hand(v["products"][p, c], p_decimals, exact[c]),
                )
                for c in range(3)
            ]
            sum_exact = sum((drawn(v["products"][p, c], p_decimals) for c in range(3)), Decimal(0))
            total = hand_num(
                v,
                "y",
                (i, j),
                t,
                SUM_DECIMALS,
                sum_exact + drawn(v["b"], b_decimals),
                font_size=LABEL_SIZE + 4,
                role=("result", p),
            )
            result = row(Math("sum + b" if total.approx else "sum + b =", t), total)
            arithmetic = row(column(pixels), Math("dot.o thick k thick =", t), column(products), result, buff=0.3)
            arithmetic.move_to([WORK_X, WORK_Y, 0])
            travel = [
                rgb.travel(i, j, pixels),  # into the worked column
                AnimationGroup(
                    FadeIn(VGroup(*(cell.num for cell in pixels))),
                    FadeIn(arithmetic[1]),
                    FadeIn(arithmetic[2]),
                    run_time=1.2,
                ),
            ]
            drop, settle_cell = drop_into(result[1], y_grid, i, j, run_time=1.2)
            land = [FadeIn(result, run_time=1.0), drop]
            with self.step(STEPS.pixel(p + 1), PIXEL_CAPTIONS[min(p, 1)]):
                if focus is None:
                    focus = PixelFocus(rgb, y_grid, MARKS, i, j, t.focus).bind(p)  # its rod: the 1×1×3 filter
                    # copies of the three kernels shrink onto the same pixel of their three planes
                    arrive = AnimationGroup(
                        *(
                            ReplacementTransform(kernel_piece(k, c, t), m)
                            for c, (k, m) in enumerate(zip(kernels, focus.marks))
                        ),
                        FadeIn(focus.spot),
                        FadeIn(focus.rod),
                        FadeIn(focus.target),
                        run_time=1.5,
                    )
                    self.play(Succession(arrive, *travel))
                else:
                    move = AnimationGroup(*focus.bind(p).moves(i, j), FadeOut(worked), run_time=1.0)
                    self.play(Succession(move, *travel, *land))
                    self.remove(worked)  # the faded pixel's numbers leave the scene
                    settle_cell(self)
            if p == 0:
                with self.step(STEPS.sum_1, "Their sum plus the bias b is one output pixel, under the target outline."):
                    self.play(Succession(*land))
                    settle_cell(self)
            worked = arithmetic

        last = len(v["shown"]) - 1
        finish = "the photo in grey" if bool(v["y_is_grey"]) else "a signed map"
        with self.step(
            STEPS.sweep, f"The filter visits every pixel, row by row, and fills all {h}×{w} outputs: {finish}."
        ):
            focus.bind(None)  # between worked pixels now
            self.play(FadeOut(focus.target), worked.animate.set_opacity(0.25), run_time=0.6)
            self.play(focus.sweep([y_grid], run_time=5.0))
        with self.step(
            STEPS.result, "Channels summed: one output map the size of the image, from just three weights and a bias."
        ):
            i, j = v["shown"][last]
            focus.target = focus.new_target(i, j)
            self.play(
                *focus.bind(last).moves(i, j, target=False),
                worked.animate.set_opacity(1.0),
                FadeIn(focus.target),
                FadeIn(legend),
                run_time=1.2,
            )


__all__ = ["Fig4a", "bindings"]
