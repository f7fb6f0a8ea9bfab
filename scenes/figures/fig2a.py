"""fig2a: a 3×3 kernel slides over a 28×28 digit; at each stop its 9 weights multiply the 9 pixels under
it and their sum is one output pixel.

Layout: the digit x (left), the kernel k (middle) and the output y with its colour bar (right) on top;
the worked arithmetic of one position (the window's pixels ⊙ k = products, their sum) below, with the
convolution's settings (padding, stride, bias) at its right. A bigger output (padding at stride 1) takes the frame's
height at the right, its worked sum and colour bar under it, so that its target cell stays 24 px at 1080p.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from manim import DOWN, LEFT, RIGHT, FadeIn, FadeOut, ReplacementTransform, Transform, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import (
    CellGrid,
    ColorBar,
    FadeCells,
    Label,
    Math,
    Num,
    NumberGrid,
    ShapeLabel,
    bind,
    frame_of,
    row,
    signed_grid,
    titled,
)
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.sliding import (
    PIXEL_DECIMALS,
    SUM_DECIMALS,
    Sweep,
    approx_cells,
    by_hand,
    drawn,
    hand_num,
    kernel_setting,
    padded_digit,
    pixel_under,
    product_decimals,
    window_center,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames
from scenes.settings import KERNEL_NOTES, KERNEL_TITLES

TOP_Y = 0.9  # centre line of the top band (x, k)
WORK_LEFT, WORK_Y = -6.3, -2.5  # left end and centre line of the worked arithmetic
WORK_CELL = 0.74  # a cell of the worked window and of its products: the row clears y above and the frame edge
GRID_SIDE = 3.4  # x is drawn this wide, whatever its size
OUT_SIDE = 4.75  # y is drawn this wide: a 26×26 output's target cell is 24.7 px at 1080p
OUT_AT = (4.075, 0.255)  # centre of y: right of k, above the worked sum; its colour bar under its right corner
# a bigger output (padding at stride 1: 28×28, 30×30) keeps its target cell this big (24.1 px at 1080p): y then takes
# the frame's height at its right edge, the worked sum and the colour bar go under it, and the worked cells shrink
MIN_OUT_CELL = 0.1785
BIG_RIGHT, BIG_TOP = 6.5, 2.65  # y's right edge and top when it is that big (its title over it, under the header)
BIG_WORK_CELL = 0.68
LEGEND_FLOOR = -3.6  # the colour bar under a big y reaches down to here
STEPS = StepNames("kernel", "sweep", "result", numbered=("position", "sum"))


def bindings(v) -> Bindings:
    """What fig2a draws, by meaning."""
    kh, kw = v["k"].shape
    b = Bindings(v)
    b.number("padding", lambda: v["padding"]).number("stride", lambda: v["stride"]).number("bias", lambda: v["b"])
    b.number("kernel", lambda u, w: v["k"][u, w])
    b.number("pixel", lambda p, u, w: pixel_under(v, p, u, w))
    b.number("product", lambda p, u, w: pixel_under(v, p, u, w) * v["k"][u, w])
    b.number("result", lambda p: v["y"][tuple(v["shown"][p])])
    b.grid("input", lambda: v["x"]).grid("output", lambda: v["y"]).grid("kernel", lambda: v["k"])
    b.grid("kernel-on-window", lambda p: v["k"])  # the kernel's weights lying on the window: the same 3×3
    b.grid("pixel", lambda p: [[pixel_under(v, p, u, w) for w in range(kw)] for u in range(kh)])
    b.grid("product", lambda p: [[pixel_under(v, p, u, w) * v["k"][u, w] for w in range(kw)] for u in range(kh)])
    b.shape("input", lambda: v["x"].shape).shape("output", lambda: v["y"].shape).shape("kernel", lambda: v["k"].shape)
    b.product_of("product", "pixel", "kernel", b_index=lambda p, u, w: (u, w))  # each product, by hand
    b.sum_of("result", "product", plus="bias")  # the sum, by hand from the drawn products
    b.approx_only_if_needed("product", "result")  # "≈" only where the reader's arithmetic does not give it exactly
    b.at_least("window", 24).at_least("kernel-on-window", 24).at_least("target", 24)
    b.mark_on("kernel-on-window", "input", lambda p: (*v["origin"][tuple(v["shown"][p])], kh, kw))
    b.mark_on("window", "input", lambda p: (*v["origin"][tuple(v["shown"][p])], kh, kw))
    b.mark_on("target", "output", lambda p: (*v["shown"][p], 1, 1))
    b.same_position("window", "target", "pixel", "product", "result", "kernel-on-window")
    shown = {STEPS.kernel: 0, STEPS.sweep: None, STEPS.result: None}  # how many worked outputs each step shows
    for p in range(len(v["shown"])):
        shown |= {STEPS.position(p + 1): p, STEPS.sum(p + 1): p + 1}  # position p's output appears at its sum
    return b.reveals("output", v["shown"], shown)


def focus_mark(grid, i: int, j: int, t):
    """The target outline on output cell (i,j): the focus colour over a background-coloured halo, so that it
    reads on any cell colour (a light cell of the signed scale as well as a dark one)."""
    return grid.window(i, j, 1, 1, t.focus, stroke_width=3).set_stroke(t.background, 7, background=True)


class Fig2a(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        kind, k_decimals, b_decimals = kernel_setting(v, self.inputs)  # the precision rule: parts/sliding.py
        kh, kw = v["k"].shape
        integer_kernel = bool(np.all(v["k"] == np.round(v["k"])))
        p_decimals = product_decimals(v["k"])

        x_grid, border, x_title = padded_digit(v, t, GRID_SIDE, (-4.55, TOP_Y), say_padding=True)
        out_cell = max(OUT_SIDE / max(v["y"].shape), MIN_OUT_CELL)
        big = out_cell * max(v["y"].shape) > OUT_SIDE + 1e-9  # y takes the frame's height (see MIN_OUT_CELL)
        y_grid = signed_grid(v["y"], t, out_cell, role="output", visible=False)
        if big:
            y_grid.move_to([BIG_RIGHT - y_grid.width / 2, BIG_TOP - y_grid.height / 2, 0])
        else:
            y_grid.move_to([*OUT_AT, 0])
        y_frame = frame_of(y_grid, t)
        y_title = titled(y_frame, Math("y = x star k + b", t), ShapeLabel(v, "y", t, role="output"))
        bar_height = y_frame.get_bottom()[1] - 0.2 - LEGEND_FLOOR if big else 1.3
        legend = ColorBar(v, "y", t, y_grid, height=bar_height).next_to(y_frame, DOWN, buff=0.2)
        legend.align_to(y_frame, RIGHT)
        work_cell = BIG_WORK_CELL if big else WORK_CELL

        kernel = NumberGrid(
            v,
            "k",
            t,
            role="kernel",
            cell_size=0.62 if integer_kernel else 1.05,
            decimals=k_decimals,
            fill=t.signed_scale(v["k"]),
            font_size=SMALL_SIZE if not integer_kernel else LABEL_SIZE - 2,
            cell_height=0.62 if integer_kernel else 0.66,
        )
        kernel_title = titled(
            kernel,
            Math("k", t),
            Label(KERNEL_TITLES[kind], t, SMALL_SIZE, t.muted),
            ShapeLabel(v, "k", t, role="kernel"),
        )
        settings = VGroup(
            row(Label("padding", t, SMALL_SIZE, t.muted), Num(v, "padding", (), t, 0, SMALL_SIZE, role="padding")),
            row(Label("stride", t, SMALL_SIZE, t.muted), Num(v, "stride", (), t, 0, SMALL_SIZE, role="stride")),
            row(Label("bias b", t, SMALL_SIZE, t.muted), Num(v, "b", (), t, b_decimals, SMALL_SIZE, role="bias")),
        ).arrange(RIGHT, buff=0.35)
        settings[2].next_to(settings[0], DOWN, buff=0.14, aligned_edge=LEFT)  # the bias under padding and stride
        middle = VGroup(kernel_title, kernel).move_to([-0.55, TOP_Y + 0.1, 0])
        settings.next_to(middle, DOWN, buff=0.3)  # the kernel's settings, under it

        self.add(x_grid, border, x_title)  # the poster: title and input from the first frame
        with self.step(
            STEPS.kernel,
            f"A {kh}×{kw} kernel k ({KERNEL_TITLES[kind]}) will slide over the digit x, one position at a time.",
        ):
            self.add(y_grid)  # every cell hidden until computed
            self.play(FadeIn(middle), FadeIn(settings), FadeIn(y_frame), FadeIn(y_title), run_time=1.2)

        worked = VGroup()
        window = target = overlay = None
        k_color = t.signed_scale(v["k"])
        # a product's cells widen only when some product at some position is drawn after "≈"
        exact_product = [
            (lambda u, w, p=p: drawn(v["patch"][p][u, w], PIXEL_DECIMALS) * drawn(v["k"][u, w], k_decimals))
            for p in range(len(v["shown"]))
        ]
        some_approx = any(
            not by_hand(v["products"][p][u, w], p_decimals, exact_product[p](u, w))
            for p in range(len(v["shown"]))
            for u in range(kh)
            for w in range(kw)
        )
        product_cell = 1.2 if some_approx else 0.86  # room for "≈ −1.12"
        for p, (i, j) in enumerate(v["shown"]):
            patch = NumberGrid(
                v, "patch", t, ("pixel", p), (p,), work_cell, PIXEL_DECIMALS, fill=t.pixel_scale(), font_size=SMALL_SIZE
            )
            products = NumberGrid(
                v,
                "products",
                t,
                ("product", p),
                (p,),
                product_cell,
                p_decimals,
                font_size=SMALL_SIZE,
                cell_height=work_cell,
            )
            approx_cells(products, v, "products", (p,), t, p_decimals, SMALL_SIZE, exact_product[p])
            times = Math("dot.o thick k", t)
            sum_exact = sum(
                (drawn(v["products"][p][u, w], p_decimals) for u in range(kh) for w in range(kw)), Decimal(0)
            ) + drawn(v["b"], b_decimals)
            total = hand_num(v, "y", (i, j), t, SUM_DECIMALS, sum_exact, font_size=LABEL_SIZE + 4, role=("result", p))
            result = row(Math("sum + b" if total.approx else "sum + b =", t), total)
            equals = Math("=", t)
            arithmetic = row(patch, times, equals, products, result, buff=0.25)
            arithmetic.move_to([WORK_LEFT + arithmetic.width / 2, WORK_Y, 0])
            if big:  # the sum on the worked cells' bottom line, under y's left corner
                result.align_to(arithmetic, DOWN).align_to(products, RIGHT).shift(RIGHT * (result.width + 0.3))
            at = window_center(x_grid, v, i, j)
            caption = (
                f"The kernel's {kh}×{kw} weights lie on the window; the {kh}×{kw} pixels under it come out and "
                f"meet them: {kh}×{kw} products."
                if p == 0
                else "One stride on, the same weights meet new pixels: new products, a new sum."
            )
            with self.step(STEPS.position(p + 1), caption):
                if window is None:
                    window = bind(x_grid.window(*v["origin"][i, j], kh, kw, t.focus), ("window", p))
                    target = bind(focus_mark(y_grid, i, j, t), ("target", p))
                    overlay = CellGrid(v["k"], k_color, x_grid.cell_size, stroke_color=t.grid_stroke, stroke_width=0.5)
                    overlay.set_fill(opacity=0.6).move_to(at)
                    bind(overlay, ("kernel-on-window", p))
                    self.play(FadeIn(window), FadeIn(target), run_time=0.8)
                    # the kernel's weights leave k and lie, translucent, on the window
                    self.play(Transform(kernel.grid.copy(), overlay, remover=True), run_time=1.4)
                    self.add(overlay, window)
                else:
                    bind(window, ("window", p)), bind(target, ("target", p)), bind(overlay, ("kernel-on-window", p))
                    self.play(
                        window.animate.move_to(at),
                        overlay.animate.move_to(at),
                        target.animate.move_to(y_grid.block_center(i, j)),
                        FadeOut(worked),
                        run_time=1.0,
                    )
                pieces = self.window_pieces(x_grid, i, j)
                landed = [patch.grid.cell_square(u, w) for u, w in pieces]
                self.play(*(ReplacementTransform(a, b) for a, b in zip(pieces.values(), landed)), run_time=1.5)
                self.remove(*landed)
                self.add(patch.grid)
                # a copy of the weights on the window follows the pixels down and lies on them, then moves on
                # as the products' cells, which take their numbers
                flying = overlay.copy()
                on_patch = CellGrid(v["k"], k_color, patch.grid.cell_size, stroke_width=0).set_fill(opacity=0.6)
                on_patch.move_to(patch.grid)
                self.play(Transform(flying, on_patch), run_time=1.0)
                self.play(Transform(flying, products.grid, remover=True), run_time=1.0)
                self.add(products.grid)
                self.play(FadeIn(patch.numbers), FadeIn(times), FadeIn(equals), FadeIn(products.numbers), run_time=1.0)
            with self.step(
                STEPS.sum(p + 1), "Their sum plus the bias b is one output pixel, under the target outline."
            ):
                self.play(FadeIn(result), run_time=1.0)
                drop = total.copy()
                self.play(
                    drop.animate.move_to(y_grid.cell_center(i, j)).scale(0.3).set_opacity(0),
                    FadeCells(y_grid, [(i, j)]),
                    run_time=1.2,
                )
                self.remove(drop)
            worked = arithmetic

        last = len(v["shown"]) - 1
        with self.step(
            STEPS.sweep,
            f"The window visits every position, row by row, and fills all {y_grid.shape[0]}×{y_grid.shape[1]} outputs.",
        ):
            bind(window, None)  # it is between worked positions now
            self.play(FadeOut(target), FadeOut(overlay), worked.animate.set_opacity(0.25), run_time=0.6)
            self.play(Sweep(window, x_grid, v, [y_grid]), run_time=6.0)
        with self.step(STEPS.result, KERNEL_NOTES[kind]):
            i, j = v["shown"][last]
            bind(window, ("window", last)), bind(overlay, ("kernel-on-window", last))
            target = bind(focus_mark(y_grid, i, j, t), ("target", last))
            overlay.move_to(window_center(x_grid, v, i, j))
            self.play(
                window.animate.move_to(window_center(x_grid, v, i, j)),
                FadeIn(overlay),
                worked.animate.set_opacity(1.0),
                FadeIn(target),
                FadeIn(legend),
                run_time=1.2,
            )

    def window_pieces(self, x_grid, i: int, j: int) -> dict:
        """The window's cells as separate squares (zero-border cells in the zero colour), added to the
        scene: pieces that can travel out of the window."""
        v = self.values
        kh, kw = v["k"].shape
        r0, c0 = v["origin"][i, j]
        h, w = x_grid.shape
        pieces = {}
        for u in range(kh):
            for w_ in range(kw):
                r, c = r0 + u, c0 + w_
                if 0 <= r < h and 0 <= c < w:
                    piece = x_grid.cell_square(r, c)
                else:
                    piece = x_grid.cell_square(0, 0).set_fill(self.theme.pixel_color(0.0), 1.0)
                    piece.move_to(x_grid.block_center(r, c))
                pieces[(u, w_)] = piece
        self.add(*pieces.values())
        return pieces


__all__ = ["Fig2a", "bindings"]
