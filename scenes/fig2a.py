"""fig2a: a 3×3 kernel slides over a 28×28 digit; each stop's 9 products sum to one output pixel."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, FadeIn, FadeOut, Rectangle, ReplacementTransform, VGroup

from scenes.base import FigureScene
from scenes.components import ColorBar, Label, Math, Num, NumberGrid, PixelGrid, shape_label
from scenes.sliding_parts import sweep_rows, window_center
from scenes.theme import LABEL_SIZE, SMALL_SIZE


class Fig2a(FigureScene):
    figure_id = "fig2a"

    def construct(self):
        v, t = self.values, self.theme
        padding = int(v["padding"])
        kh, kw = v["k"].shape

        side = v["x"].shape[0] + 2 * padding  # the padded input keeps one size on screen
        x_grid = PixelGrid.pixels(v["x"], t, cell_size=0.155 * 28 / side).move_to([-4.85, -0.55, 0])
        zero_border = x_grid.padding_frame(padding, t)
        y_grid = PixelGrid.signed(v["y"], t, cell_size=0.155 * 26 / max(v["y"].shape)).move_to([3.8, -0.55, 0])
        y_frame = Rectangle(width=y_grid.width, height=y_grid.height, stroke_color=t.muted, stroke_width=1)
        y_frame.move_to(y_grid)
        x_title = VGroup(Math("x", t), shape_label(v["x"], t)).arrange(RIGHT, buff=0.2)
        x_title.next_to(VGroup(x_grid, zero_border), UP, 0.12)
        y_title = VGroup(Math("y = x ⋆ k + b", t), shape_label(v["y"], t)).arrange(RIGHT, buff=0.2)
        y_title.next_to(y_frame, UP, 0.12)

        kernel = NumberGrid(v, "k", t, cell_size=0.5, fill=t.signed_scale(v["k"]))
        kernel_title = Math("k", t).next_to(kernel, UP, 0.1)
        settings = VGroup(
            Label("padding", t, SMALL_SIZE, t.muted),
            Num(v, "padding", (), t, decimals=0, font_size=SMALL_SIZE),
            Label("stride", t, SMALL_SIZE, t.muted),
            Num(v, "stride", (), t, decimals=0, font_size=SMALL_SIZE),
            Label("bias", t, SMALL_SIZE, t.muted),
            Num(v, "b", (), t, font_size=SMALL_SIZE),
        ).arrange(RIGHT, buff=0.12, aligned_edge=UP)
        middle_top = VGroup(VGroup(kernel_title, kernel), settings).arrange(DOWN, buff=0.2).move_to([-0.35, 1.75, 0])

        self.play(
            FadeIn(self.header()),
            FadeIn(x_grid),
            FadeIn(zero_border),
            FadeIn(x_title),
            FadeIn(middle_top),
            FadeIn(y_frame),
            FadeIn(y_title),
        )

        i0, j0 = v["shown"][0]
        window = x_grid.window(*v["origin"][i0, j0], kh, kw, t.accent)
        target = y_grid.window(i0, j0, 1, 1, t.accent, stroke_width=3)
        self.play(FadeIn(window), FadeIn(target))

        arithmetic = VGroup()
        for p, (i, j) in enumerate(v["shown"]):
            patch = NumberGrid(v, "patch", t, (p,), cell_size=0.5, fill=lambda a: t.pixel_color(a))
            products = NumberGrid(v, "products", t, (p,), cell_size=0.5, fill=t.signed_scale(v["products"]))
            times = Math("⊙ k =", t).scale(0.9)
            result = VGroup(
                Math("sum_(u,v) x_(u v) k_(u v) + b =", t),
                Num(v, "y", (i, j), t, font_size=LABEL_SIZE + 4, color=t.accent),
            )
            result.arrange(RIGHT, buff=0.15)
            new = VGroup(VGroup(patch, times, products).arrange(RIGHT, buff=0.15), result)
            new.arrange(DOWN, buff=0.3).move_to([-0.35, -1.3, 0])
            self.play(
                window.animate.move_to(window_center(x_grid, v, i, j)),
                target.animate.move_to(y_grid.block_center(i, j)),
                FadeOut(arithmetic),
                run_time=0.6,
            )
            self.play(FadeIn(patch), run_time=0.5)
            self.play(FadeIn(times), FadeIn(products), run_time=0.6)
            self.play(FadeIn(result), run_time=0.5)
            dropping = result[1].copy()  # the sum drops into its output pixel
            self.add(dropping)
            self.play(ReplacementTransform(dropping, y_grid.cell(i, j)), run_time=0.6)
            arithmetic = new
            self.wait(0.3)

        self.play(FadeOut(target), run_time=0.3)
        sweep_rows(self, window, x_grid, v, [y_grid])

        legend = ColorBar(v, "y", t, t.signed_scale(v["y"]), height=y_grid.height * 0.8)
        legend.next_to(y_frame, RIGHT, buff=0.15)
        self.play(
            window.animate.move_to(window_center(x_grid, v, *v["shown"][-1])),
            FadeIn(legend),
            FadeIn(y_grid.window(*v["shown"][-1], 1, 1, t.accent, stroke_width=3)),
        )
        self.wait(1)
