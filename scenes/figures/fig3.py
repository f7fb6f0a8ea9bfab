"""fig3: a fully connected layer is a convolution with 784 filters, each one 28×28 kernel (a neuron's weight row
reshaped). The kernel covers the digit exactly: one position, one 1×1 output per filter; the 784 channels of
size 1×1, laid out row by row, are the dense layer's 28×28 output (checked equal).

Layout: the filters K_n (left: the first and the last); the digit x, where a kernel lands; each drawn filter's
1×1 output y_n; all 784 channels as a strip (right), which folds row by row into the output map.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, Transform, VGroup

from compute.init import fc_layer
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import (
    CellGrid,
    ColorBar,
    EqualityCheck,
    Label,
    Math,
    Num,
    ShapeLabel,
    bind,
    ellipsis,
    note,
    pixel_grid,
    signed_grid,
    titled,
)
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.fc import Fold, Subscripted, math_row, play_in_turn
from scenes.pipeline.base import FigureScene

FILTER_X = -4.72  # centre of the filter column
KERNEL_CELL = 0.055
DIGIT_X = -2.3  # the digit is level with the last filter: both kernels land without crossing its title
CHANNEL_X = -0.4  # the drawn 1×1 outputs
STRIP_X = 2.62  # all 784 channels, clear of the widest output label (y₇₈₄ = −0.000)
MAP_X, MAP_Y = 4.05, 0.4


def bindings(v) -> Bindings:
    """What fig3 draws, by meaning: filter n is neuron n's weight row reshaped to the digit's shape; its only
    output is neuron n's, W[n]·x + b[n]; the map is those 784 outputs laid out row by row."""
    x = v["x"]
    W, bias = fc_layer(x.size, x.size)
    dense = W @ x.ravel() + bias
    kh, kw = x.shape  # each kernel is as large as the image
    b = Bindings(v)
    b.number("filter-index", lambda n: n + 1).number("output", lambda n: dense[n])
    b.grid("input", lambda: x).grid("filter", lambda n: W[n].reshape(kh, kw))
    b.grid("channel", lambda n: [[dense[n]]]).grid("channels", lambda: dense[:, None])
    b.grid("output", lambda: dense.reshape(-1, x.shape[1]))
    b.shape("input", lambda: x.shape).shape("filters", lambda: (W.shape[0], kh, kw))
    b.shape("channel", lambda: (x.shape[0] - kh + 1, x.shape[1] - kw + 1))
    b.shape("channels", lambda: (W.shape[0], x.shape[0] - kh + 1, x.shape[1] - kw + 1))
    b.shape("output", lambda: (W.shape[0] // x.shape[1], x.shape[1]))
    b.equal("max_abs_diff", v["y"], dense)
    b.mark_on("window", "input", lambda n: (0, 0, kh, kw))
    first, last = int(v["shown_filters"][0]), int(v["shown_filters"][-1])
    worked = {"filters": [], "one-position": [], "one-output": [first], "every-filter": [first, last]}
    b.present("channel", worked).present("output", worked)  # each output appears when its filter has worked
    return b


class Fig3(FigureScene):
    figure_id = "fig3"

    def construct(self):
        v, t = self.values, self.theme
        n_filters, kh, kw = v["K"].shape
        h, w = v["x"].shape
        shown = [int(n) for n in v["shown_filters"]]
        limit = float(v["glorot_limit"])  # every weight lies in U(−a, a): one colour scale for all filters
        y_limit = float(np.max(np.abs(v["y"])))

        kernels = [
            signed_grid(v["K"][n], t, KERNEL_CELL, limit=limit, role=("filter", n), stroke_width=0) for n in shown
        ]
        column = VGroup(*kernels[:-1], ellipsis(t), kernels[-1]).arrange(DOWN, buff=0.3)
        column.move_to([FILTER_X, 0.55, 0])
        x_grid = pixel_grid(v["x"], t, 0.095, role="input").move_to([DIGIT_X, kernels[-1].get_center()[1], 0])
        x_title = VGroup(Math("x", t), ShapeLabel(v, "x", t, role="input")).arrange(RIGHT, buff=0.22)
        x_title.next_to(x_grid, DOWN, buff=0.15)  # below: kernels arrive from the left and from above
        names = VGroup(
            *(
                Subscripted("K", v, "shown_filters_i", m, t, ("filter-index", n)).next_to(k, LEFT, buff=0.15)
                for m, (n, k) in enumerate(zip(shown, kernels))
            )
        )
        filters_title = titled(column, Label("filters", t, SMALL_SIZE, t.muted), ShapeLabel(v, "K", t, role="filters"))

        squares = [
            CellGrid(
                np.array([[v["y"][n]]]),
                t.signed_scale(limit=y_limit),
                0.42,
                stroke_color=t.muted,
                stroke_width=2,
                role=("channel", n),
            ).move_to([CHANNEL_X, k.get_center()[1], 0])
            for n, k in zip(shown, kernels)
        ]
        results = [
            math_row(
                Subscripted("y", v, "shown_filters_i", m, t, ("filter-index", n)),
                Math("=", t),
                Num(v, "y", n, t, 3, LABEL_SIZE, t.accent, role=("output", n)),
            ).next_to(square, RIGHT, buff=0.2)
            for m, (n, square) in enumerate(zip(shown, squares))
        ]
        dots = ellipsis(t).move_to([CHANNEL_X, column[len(kernels) - 1].get_center()[1], 0])
        outputs_title = VGroup(
            Label("outputs", t, SMALL_SIZE, t.muted), ShapeLabel(v, "y_conv", t, dims=2, role="channel")
        ).arrange(RIGHT, buff=0.22)
        outputs_title.move_to([CHANNEL_X + 0.5, filters_title.get_center()[1], 0])

        strip = CellGrid(
            v["y_conv"].reshape(-1, 1),
            t.signed_scale(limit=y_limit),
            0.3,
            stroke_width=0,
            role="channels",
            cell_height=(kernels[0].get_top()[1] - kernels[-1].get_bottom()[1]) / n_filters,
        ).move_to([STRIP_X, column.get_center()[1], 0])
        strip.align_to(kernels[0], UP)
        strip_title = VGroup(
            Label("channels", t, SMALL_SIZE, t.muted), ShapeLabel(v, "y_conv", t, role="channels")
        ).arrange(RIGHT, buff=0.22)
        strip_title.move_to([STRIP_X + 0.35, filters_title.get_center()[1], 0])

        y_grid = signed_grid(v["y_map"], t, 0.085, limit=y_limit, role="output").move_to([MAP_X, MAP_Y, 0])
        y_title = titled(y_grid, Math("y", t), ShapeLabel(v, "y_map", t, role="output"))
        legend = ColorBar(v, "y", t, y_grid, height=y_grid.height * 0.9).next_to(y_grid, RIGHT, buff=0.12)
        check = VGroup(Label("convolution vs dense W x + b:", t, SMALL_SIZE, t.muted), EqualityCheck(v, t))
        check.arrange(DOWN, buff=0.15).next_to(y_grid, DOWN, buff=0.45)
        check.shift(RIGHT * (MAP_X + 0.3 - check.get_center()[0]))

        formula = Math("y_n = sum_(u,v) K_(n,u v) x_(u v) + b_n", t).move_to([1.6, -3.0, 0])
        no_room = note("no room to slide", t).next_to(x_title, DOWN, buff=0.15)

        self.add(x_grid, x_title)  # the poster: title and input from the first frame
        with self.step(
            "filters",
            f"As a convolution the layer has {n_filters} filters, each a {kh}×{kw} kernel: one neuron's weights.",
        ):
            self.play(FadeIn(column), FadeIn(names), FadeIn(filters_title), run_time=1.5)

        window = bind(x_grid.window(0, 0, kh, kw, t.accent, stroke_width=4), ("window", shown[0]))
        with self.step(
            "one-position",
            f"The first filter's {kh}×{kw} kernel lands on the {h}×{w} digit and covers it: there is no room to slide.",
        ):
            landed, land = self.land(kernels[0], x_grid, 1.5)
            nudged = landed_on(landed, x_grid).shift(3 * x_grid.cell_size * RIGHT)
            play_in_turn(
                self,
                land,
                (0.6, FadeIn(window)),
                (0.7, Transform(landed, nudged), FadeIn(no_room)),
                (0.7, Transform(landed, landed_on(landed, x_grid))),
            )
        with self.step(
            "one-output",
            "At its one position it sums weights times pixels plus its bias: a 1×1 output, the first neuron's.",
        ):
            shrink, show = self.collapse(landed, squares[0], results[0])
            play_in_turn(self, (*shrink, FadeIn(outputs_title), FadeIn(formula)), show)
            self.remove(landed)
        with self.step(
            "every-filter", "Every filter does the same with its own kernel, down to the last: one output each."
        ):
            bind(window, ("window", shown[-1]))
            landed, land = self.land(kernels[-1], x_grid, 1.2)
            shrink, show = self.collapse(landed, squares[-1], results[-1])
            play_in_turn(self, land, shrink, (*show, FadeIn(dots)))
            self.remove(landed)
        with self.step("channels", f"So the convolution gives {n_filters} channels, each of size 1×1."):
            self.play(FadeIn(strip), FadeIn(strip_title), run_time=1.2)
        with self.step(
            "row-by-row", f"Laid out row by row, the {n_filters} channels form a {h}×{w} map: the dense layer's output."
        ):
            self.play(Fold(strip, y_grid, lag=0.7), FadeOut(strip_title), FadeIn(y_title), run_time=3.0)
            self.remove(strip)
            self.add(y_grid)
        with self.step("equal", "Computed as a convolution and as the dense layer W x + b, the outputs are equal."):
            self.play(FadeIn(check), FadeIn(legend), run_time=1.2)

    def land(self, kernel: CellGrid, x_grid: CellGrid, run_time: float) -> tuple[CellGrid, tuple]:
        """A copy of ``kernel`` (added now) and the part that flies it onto the digit, grown and see-through."""
        copy = kernel.copy()
        self.add(copy)
        return copy, (run_time, Transform(copy, landed_on(copy, x_grid)))

    def collapse(self, landed: CellGrid, square: CellGrid, result: VGroup, run_time: float = 1.2) -> tuple:
        """The parts that shrink the landed kernel into its one output, the 1×1 square, and show its value."""
        target = landed.copy().replace(square).set_fill(opacity=1.0)
        return (run_time, Transform(landed, target)), (0.6, FadeIn(square), FadeIn(result))


def landed_on(kernel: CellGrid, x_grid: CellGrid) -> CellGrid:
    """A copy of ``kernel`` lying on the digit: as large as it, and see-through."""
    return kernel.copy().replace(x_grid).set_fill(opacity=0.6)


__all__ = ["Fig3", "bindings"]
