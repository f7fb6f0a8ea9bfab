"""fig3: a fully connected layer is a convolution with 784 filters, each one 28×28 kernel (a neuron's weight row
reshaped). The kernel covers the digit exactly: one position, where its 784 weights multiply the 784 pixels under
them (the map K₁ ⊙ x) and their sum plus the bias is one 1×1 output — fig1a's neuron. The 784 outputs, laid out
row by row, are computed again by the dense layer W x + b with as many multiply-adds, and the two maps are equal:
their difference map is blank.

Layout, first the multiplication: the filters K₁ … K₇₈₄ (a narrow column, left), the digit x where a kernel lands
and the product map K ⊙ x beside it (each 510 px at 1080p), one product written out under them, and each drawn
filter's output (a narrow column, right). Then the comparison: the convolution's 28×28 map A, the dense layer's
map B beside it, each with its multiply-add count, and |A − B|.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, FadeOut, Square, Transform, VGroup

from compute.conv import conv2d
from compute.init import fc_layer
from scenes.checks.arithmetic import mismatch, value_of
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import bind, ellipsis, note, safe_area, titled
from scenes.mobjects.grid import CellGrid, pixel_grid, signed_grid
from scenes.mobjects.text import FigureRef, Label, Math, Num, ShapeLabel, Size
from scenes.mobjects.theme import NUMBER_SIZE, SMALL_SIZE
from scenes.parts.fc import (
    OUTPUT_DECIMALS,
    PIXEL_DECIMALS,
    PRODUCT_DECIMALS,
    SUM_DECIMALS,
    WEIGHT_DECIMALS,
    Subscripted,
    against_dense_layer,
    hand_result,
    math_row,
    play_in_turn,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

FILTER_X = -6.0  # centre of the filter column, at the frame's left edge: the maps take the room
FILTERS_TOP = 3.1  # the column's title, at the top left (above the digit's top, left of its name)
KERNEL_CELL = 0.035  # a filter in its column: 132 px, texture only
MAP_CELL = 0.135  # the digit and the product map: 18.2 px a cell, 510 px across at 1080p
MAPS_TOP = 2.45  # top edge of the digit and the product map (their names above it)
DIGIT_LEFT = -5.33  # left edge of the digit, just right of the filter column
MAPS_GAP = 0.22  # between the digit and the product map
RESULT_X = 2.68  # left edge of the outputs' column, right of the product map, under the formula (top right)
RESULT_Y = (1.8, -1.0)  # y of the first and of the last filter's output
FORMULA_Y = 2.75
FORMULA_RIGHT = 6.45  # the formula's right edge, inside the safe area
WORKED_TOP = -1.5  # the worked product, under the digit and the product map, centred between them
FOCUS_RING = 0.2  # the picked pixel's outline on the digit and on the product map: 27 px around its 18 px cell
OUT_OF_COLUMN = 1.5  # the first kernel leaves its column sideways before it grows onto the digit
WORKED_SIZE = NUMBER_SIZE + 8  # the worked weight × pixel = product, the step's point: large
WORKED_MATH = 48  # its × and =, in step with its numbers
SWATCH = 0.6  # the worked weight, pixel and product, magnified: 81 px at 1080p, no wider than the pixel's "1.00"
STEPS = StepNames("filters", "one-position", "products", "one-output", "every-filter", "outputs", "dense", "equal")


def bindings(v) -> Bindings:
    """What fig3 draws, by meaning: filter n is neuron n's weight row reshaped to the digit's shape; at its one
    position its products are weight × pixel under it, and its only output is their sum plus b[n] — neuron n's
    output W[n]·x + b[n]. Map A is conv2d's 784 outputs row by row, map B the dense layer's, |A − B| their
    difference; each way does (outputs) × (weights per output) multiply-adds."""
    x = v["x"]
    W, bias = fc_layer(x.size, x.size)
    flat = x.ravel()
    dense = W @ flat + bias
    kh, kw = x.shape  # each kernel is as large as the image
    K4 = W.reshape(W.shape[0], 1, kh, kw)
    conv = conv2d(x[None], K4, bias).reshape(-1)  # 784 channels of 1×1
    out_h, out_w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    picked = int(v["picked"])
    b = Bindings(v)
    b.number("filter-index", lambda n: n + 1).number("output", lambda n: conv[n]).number("dense", lambda n: dense[n])
    b.number("product-sum", lambda n: W[n] @ flat).number("bias", lambda n: bias[n])  # Σ K_n ⊙ x, and b_n
    b.number("pixel-index", lambda: picked + 1).number("pixel", lambda: flat[picked])
    b.number("weight", lambda n: W[n, picked]).number("product", lambda n: W[n, picked] * flat[picked])
    b.number("madds-conv", lambda: W.shape[0] * out_h * out_w * kh * kw)  # outputs × weights per output
    b.number("madds-dense", lambda: W.shape[0] * W.shape[1])  # neurons × inputs
    b.grid("input", lambda: x).grid("filter", lambda n: W[n].reshape(kh, kw))
    b.grid("products", lambda n: W[n].reshape(kh, kw) * x)
    b.grid("channel", lambda n: [[conv[n]]])
    b.grid("output", lambda: conv.reshape(-1, x.shape[1])).grid("dense-output", lambda: dense.reshape(-1, x.shape[1]))
    b.grid("difference", lambda: np.abs(conv - dense).reshape(-1, x.shape[1]))
    b.number("max-diff", lambda: np.abs(conv - dense).max())
    b.shape("input", lambda: x.shape).shape("filters", lambda: (W.shape[0], kh, kw))
    b.shape("output-shape", lambda n: (out_h, out_w))  # "1×1" over filter n's output
    b.shape("output", lambda: (W.shape[0] // x.shape[1], x.shape[1]))
    b.shape("dense-output", lambda: (W.shape[0] // x.shape[1], x.shape[1]))
    b.size("filters", W.shape[0]).size("kernel-weights", kh * kw)
    b.size("neurons", W.shape[0]).size("inputs", W.shape[1])
    b.equal("max_abs_diff", conv, dense)
    b.mark_on("window", "input", lambda n: (0, 0, kh, kw))
    b.product_of("product", "weight", "pixel", b_index=lambda n: ())  # by hand
    b.approx_only_if_needed("product")  # "≈" only where the drawn weight times the drawn pixel is not exact
    b.relations.append(output_is_sum_plus_bias)  # y_n = Σ K_n ⊙ x + b_n, as a reader adds the two drawn terms
    b.grid("weight-cell", lambda n: [[W[n, picked]]]).grid("pixel-cell", lambda: [[flat[picked]]])
    b.grid("product-cell", lambda n: [[W[n, picked] * flat[picked]]])
    b.relations.append(swatch_over_its_number)
    b.relations.append(ellipsis_midway)
    for role in ("weight-cell", "pixel-cell", "product-cell", "channel"):  # the focus, big enough to see
        b.at_least(role, 24)  # the house's floor
    for role in ("weight-cell", "pixel-cell", "product-cell"):  # and the sizes they are drawn at: 81 px, 57 px
        b.at_least(role, 80)
    b.at_least("channel", 56)
    b.at_least("input", 500)  # the digit: 673 px as the poster, 510 px (18.2 px a cell) beside its product map
    b.at_least("products", 500)  # the map K_n ⊙ x the captions talk about, as large as the digit: 510 px
    b.at_least("picked", 24).at_least("picked-cell", 24)  # the worked pixel's outline on both: 27 px
    b.mark_on("picked", "input", lambda: (picked // x.shape[1], picked % x.shape[1], 1, 1))
    b.mark_on("picked-cell", "products", lambda: (picked // x.shape[1], picked % x.shape[1], 1, 1))
    b.grid("marked-a", lambda n: [[conv[n]]]).grid("marked-b", lambda n: [[dense[n]]])
    b.at_least("marked-a", 24).at_least("marked-b", 24)  # the compared element, magnified
    first, last = int(v["shown_filters"][0]), int(v["shown_filters"][-1])
    # the element marked in A and B is the output worked first, y_first, whatever index the marks carry
    b.mark_on("mark-a", "output", lambda n: (first // x.shape[1], first % x.shape[1], 1, 1))
    b.mark_on("mark-b", "dense-output", lambda n: (first // x.shape[1], first % x.shape[1], 1, 1))
    b.grid_titled("products", "filter-index")  # K_n ⊙ x over filter n's products: no title left over the next map
    b.number_under("madds-conv", "output").number_under("madds-dense", "dense-output")  # each count under its map
    s = STEPS
    worked = {s.filters: [], s.one_position: [], s.products: [], s.one_output: [first], s.every_filter: [first, last]}
    b.present("channel", worked).present("product-sum", worked)
    b.present(
        "output-shape", {s.one_output: [first], s.every_filter: [first]}
    )  # "1×1" over the first output  # each output appears when its filter has worked
    products_drawn = {s.filters: [], s.one_position: [], s.products: [first], s.one_output: [first]}
    b.present("products", products_drawn | {s.every_filter: [last]})  # K_n ⊙ x of the filter just worked, alone
    order = [divmod(first, x.shape[1]), divmod(last, x.shape[1])]
    b.reveals("output", order, {s.outputs: None, s.dense: None, s.equal: None})
    return b


SWATCH_OF = {"weight-cell": "weight", "pixel-cell": "pixel", "product-cell": "product"}


def swatch_over_its_number(step: str, items) -> list[str]:
    """Each magnified cell (weight, pixel, product) sits right over the number it colours: no wider than that
    number, within its left and right edges, less than half a swatch above it, so it reads as that number's cell
    and no other's."""
    problems = []
    numbers = [i for i in items if i.kind == "number" and i.role and i.role[0] in SWATCH_OF.values()]
    for cell in [i for i in items if i.kind == "grid" and i.role and i.role[0] in SWATCH_OF]:
        x0, y0, x1, y1 = cell.bbox
        under = [
            n
            for n in numbers
            if n.role[0] == SWATCH_OF[cell.role[0]] and n.role[1:] == cell.role[1:] and n.bbox[3] <= y0 + 1e-6
        ]
        if not under:
            problems.append(f"step {step}: {cell.role} has no {SWATCH_OF[cell.role[0]]} under it")
            continue
        n = min(under, key=lambda n: y0 - n.bbox[3])
        inside = n.bbox[0] - 1e-6 <= x0 and x1 <= n.bbox[2] + 1e-6
        if not inside or y0 - n.bbox[3] > (y1 - y0) / 2:
            problems.append(f"step {step}: {cell.role} is not right over its number {n.text!r}")
    return problems


def ellipsis_midway(step: str, items) -> list[str]:
    """The ⋮ between the first and the last filter's output (role "elided") sits in the middle of the gap between
    them: as far from what is drawn above it in its column (the first output's line) as from the last output's
    square below it (to 0.05 units), while that square is there."""
    problems = []
    for dots in [i for i in items if i.role == ("elided",)]:
        x0, y0, x1, y1 = dots.bbox
        column = [i for i in items if i is not dots and i.bbox[0] < x1 and i.bbox[2] > x0]
        above = [i.bbox[1] - y1 for i in column if i.bbox[1] >= y1 - 1e-6]
        below = [
            y0 - i.bbox[3]
            for i in column
            if i.bbox[3] <= y0 + 1e-6 and i.kind == "grid" and i.role and i.role[0] == "channel"
        ]
        if not below:
            continue
        if not above or abs(min(above) - min(below)) > 0.05:
            problems.append(f"step {step}: the ⋮ between the outputs is not midway between them")
    return problems


def output_is_sum_plus_bias(step: str, items) -> list[str]:
    """Each drawn output y_n next to a drawn Σ K_n ⊙ x and b_n is their sum, rounded to its digits (strict:
    scenes.checks.arithmetic; one off only when drawn with ≈)."""
    numbers = {}
    for i in items:
        if i.kind == "number" and i.role and i.role[0] in ("output", "product-sum", "bias") and len(i.role) == 2:
            numbers.setdefault(i.role, i.text)
    problems = []
    for (name, n), text in numbers.items():
        terms = [numbers.get(("product-sum", n)), numbers.get(("bias", n))]
        if name != "output" or None in terms:
            continue
        problem = mismatch(text, sum(value_of(term) for term in terms), "the drawn Σ K ⊙ x + b sum to")
        if problem:
            problems.append(f"step {step}: output[{n}] {problem}")
    return problems


class Fig3(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        n_filters, kh, kw = v["K"].shape
        h, w = v["x"].shape
        shown = [int(n) for n in v["shown_filters"]]
        pr, pc = (int(a) for a in v["picked_rc"])
        limit = float(v["glorot_limit"])  # every weight lies in U(−a, a): one colour scale for all filters
        y_limit = float(np.max(np.abs(v["y"])))
        p_limit = float(np.max(np.abs(v["kernel_products"])))

        # ---- the filters and the digit ------------------------------------------------------------------
        kernels = [
            signed_grid(v["K"][n], t, KERNEL_CELL, limit=limit, role=("filter", n), stroke_width=0) for n in shown
        ]
        filters_title = VGroup(Label("filters", t, SMALL_SIZE, t.muted), ShapeLabel(v, "K", t, role="filters"))
        filters_title.arrange(DOWN, buff=0.1)  # top left, over the column and the digit's corner, under no name
        filters_title.move_to([safe_area()[0] + filters_title.width / 2, FILTERS_TOP - filters_title.height / 2, 0])
        column = VGroup(kernels[0], ellipsis(t), kernels[-1]).arrange(DOWN, buff=0.2)
        column.move_to([FILTER_X, 0, 0]).align_to([0, filters_title.get_bottom()[1] - 0.55, 0], UP)
        names = VGroup(  # the first's name above it, the last's below: neither is crossed as its kernel flies
            *(
                Subscripted("K", v, "shown_filters_i", m, t, ("filter-index", n), font_size=36).next_to(
                    k, UP if m == 0 else DOWN, buff=0.1
                )
                for m, (n, k) in enumerate(zip(shown, kernels))
            )
        )
        x_grid = pixel_grid(v["x"], t, MAP_CELL, role="input")
        x_grid.move_to([DIGIT_LEFT + x_grid.width / 2, MAPS_TOP - x_grid.height / 2, 0])
        x_title = titled(x_grid, Math("x", t), ShapeLabel(v, "x", t, role="input"))

        # ---- the multiplication at the one position ---------------------------------------------------
        product_maps = [
            signed_grid(v["kernel_products"][m], t, MAP_CELL, limit=p_limit, role=("products", n))
            .next_to(x_grid, RIGHT, buff=MAPS_GAP)
            .align_to(x_grid, UP)
            for m, n in enumerate(shown)
        ]
        product_titles = [
            titled(
                product_maps[m],
                math_row(Subscripted("K", v, "shown_filters_i", m, t, ("filter-index", n)), Math("dot.o x", t)),
            )
            for m, n in enumerate(shown)
        ]
        picked_x = bind(ring(x_grid, pr, pc, t.focus), "picked")
        picked_p = bind(ring(product_maps[0], pr, pc, t.focus), "picked-cell")
        at_pixel = VGroup(
            Label("at pixel", t, SMALL_SIZE, t.muted),
            Num(v, "picked_i", (), t, 0, SMALL_SIZE, t.muted, role=("pixel-index",)),
        ).arrange(RIGHT, buff=0.12)
        worked = []
        for m, n in enumerate(shown):
            weight = Num(v, "picked_weights", m, t, WEIGHT_DECIMALS, WORKED_SIZE, role=("weight", n))
            pixel = Num(v, "picked_pixel", (), t, PIXEL_DECIMALS, WORKED_SIZE, role=("pixel",))
            product = hand_result(
                lambda approx, m=m, n=n: Num(
                    v,
                    "picked_products",
                    m,
                    t,
                    PRODUCT_DECIMALS,
                    WORKED_SIZE,
                    t.focus,
                    role=("product", n),
                    approx=approx,
                ),
                t,
                "×",
                weight,
                pixel,
            )
            product = [Math("=", t, WORKED_MATH) if isinstance(p, Math) else p for p in product]  # as large
            line = math_row(weight, Math("times", t, WORKED_MATH), pixel, *product, buff=0.2)
            swatches = VGroup(  # each number's cell, magnified over it: the weight, the pixel, their product
                *(
                    CellGrid(np.array([[value]]), scale, SWATCH, stroke_color=t.muted, stroke_width=2, role=role)
                    .next_to(number, UP, buff=0.12)
                    .set_y(line.get_top()[1] + 0.12 + SWATCH / 2)
                    for value, scale, role, number in (
                        (v["picked_weights"][m], t.signed_scale(limit=limit), ("weight-cell", n), weight),
                        (v["picked_pixel"], t.pixel_scale(), "pixel-cell", pixel),
                        (v["picked_products"][m], t.signed_scale(limit=p_limit), ("product-cell", n), product[-1]),
                    )
                )
            )
            block = VGroup(swatches, line)
            worked.append(VGroup(at_pixel.copy(), block).arrange(DOWN, buff=0.12))
            middle = (x_grid.get_left()[0] + product_maps[0].get_right()[0]) / 2
            worked[-1].move_to([middle, 0, 0]).align_to([0, WORKED_TOP, 0], UP)
        for part in worked[1:]:
            part[0].become(worked[0][0])  # the same words, not a second "at pixel" moving in

        # ---- each drawn filter's 1×1 output -------------------------------------------------------------
        squares, results = [], []
        for m, (n, y) in enumerate(zip(shown, RESULT_Y)):
            square = CellGrid(
                np.array([[v["y"][n]]]),
                t.signed_scale(limit=y_limit),
                0.42,
                stroke_color=t.muted,
                stroke_width=2,
                role=("channel", n),
            ).move_to([RESULT_X + 0.21, y, 0])
            total = Num(v, "product_sums", m, t, SUM_DECIMALS, NUMBER_SIZE, role=("product-sum", n))
            bias = Num(v, "shown_b", m, t, WEIGHT_DECIMALS, NUMBER_SIZE, role=("bias", n))
            out = hand_result(
                lambda approx, n=n: Num(
                    v, "y", n, t, OUTPUT_DECIMALS, NUMBER_SIZE + 4, role=("output", n), approx=approx
                ),
                t,
                "+",
                total,
                bias,
            )
            name = Subscripted("y", v, "shown_filters_i", m, t, ("filter-index", n))
            line = math_row(name, Math("=", t), total, Math("+", t), bias)  # two lines: the column is narrow
            result = math_row(*out)
            words = math_row(
                Math("sum", t, font_size=36),
                Subscripted("K", v, "shown_filters_i", m, t, ("filter-index", n), font_size=36),
                Math("dot.o x + b", t, font_size=36),
                buff=0.08,
            )
            words.next_to(square, RIGHT, buff=0.25)
            line.next_to(VGroup(square, words), DOWN, buff=0.2).align_to(square, LEFT)
            result.next_to(line, DOWN, buff=0.12).align_to(line[1], LEFT)  # its = under the first one
            squares.append(square)
            results.append(VGroup(words, VGroup(line, result)))
        one_by_one = ShapeLabel(v, "y_conv", t, dims=2, role=("output-shape", shown[0]), font_size=SMALL_SIZE)
        one_by_one.next_to(squares[0], UP, buff=0.1)  # each output is 1×1
        results[0].add(one_by_one)
        fig1a_ref = FigureRef("as in fig1a", "fig1a", t, SMALL_SIZE, t.muted)  # y₁ is fig1a's neuron's y
        result_1 = results[0][1][1]
        fig1a_ref.next_to(result_1, RIGHT, buff=0.3).align_to(result_1[-1], DOWN)  # on y₁'s line, clear of the ⋮
        y_1 = results[0][1][0][0]  # the name y₁, over the ⋮ in the squares' column
        dots = bind(ellipsis(t), "elided").move_to(
            [RESULT_X + 0.21, (y_1.get_bottom()[1] + squares[1].get_top()[1]) / 2, 0]
        )
        formula = Math("y_n = sum_(u,v) K_(n,u v) x_(u v) + b_n", t)  # what each filter computes: top right
        formula.move_to([FORMULA_RIGHT - formula.width / 2, FORMULA_Y, 0])  # clear of the digit's poster

        # ---- the comparison -----------------------------------------------------------------------------
        compare = against_dense_layer(  # the colour bar comes with B: the worked outputs stay beside A until then
            v,
            t,
            "A = K star x + b",
            ("output", "dense-output"),
            shown[0],
            ("output", "dense"),
            per_output=Size(v, "x", None, "kernel-weights"),
            limit=y_limit,
        )

        # ---- the steps ----------------------------------------------------------------------------------
        poster = self.centre_stage(VGroup(x_grid, x_title))  # the digit large in the middle until the maps need room
        home = poster.saved_state[0]  # the digit where the maps need it
        no_room = note("no room to slide", t).next_to(x_grid, DOWN, buff=0.2)
        self.add(x_grid, x_title)  # the poster: title and input from the first frame
        with self.step(
            STEPS.filters,
            f"As a convolution the layer has {n_filters} filters, each a {kh}×{kw} kernel: one neuron's weights.",
        ):
            self.play(FadeIn(column), FadeIn(names), FadeIn(filters_title), FadeIn(formula), run_time=1.5)

        window = bind(x_grid.window(0, 0, kh, kw, t.focus, stroke_width=4), ("window", shown[0]))
        with self.step(
            STEPS.one_position,
            f"The first filter's {kh}×{kw} kernel lands on the {h}×{w} digit and covers it: there is no room to slide.",
        ):
            landed = kernels[0].copy()  # out of its column first: growing there it would cover the ⋮
            self.add(landed)
            land = (
                (0.5, landed.animate.shift(OUT_OF_COLUMN * RIGHT)),
                (1.2, Transform(landed, landed_on(landed, x_grid))),
            )
            nudged = landed_on(landed, x_grid).shift(3 * x_grid.cell_size * RIGHT)  # the digit still large
            play_in_turn(
                self,
                *land,
                (0.6, FadeIn(window)),
                (0.7, Transform(landed, nudged), FadeIn(no_room)),
                (0.7, Transform(landed, landed_on(landed, x_grid))),
            )
        with self.step(
            STEPS.products,
            f"There each of its {kh * kw} weights multiplies the pixel under it: the map of products K₁ ⊙ x.",
        ):
            riders = VGroup(landed, window)  # on the digit: they shrink back with it
            self.play(
                self.to_place(poster),
                Transform(riders, along_home(riders, x_grid, home)),
                FadeOut(no_room),
                run_time=1.0,
            )
            play_in_turn(
                self,
                (1.5, Transform(landed, opaque(product_maps[0])), FadeIn(product_titles[0])),
                (1.2, FadeIn(picked_x), FadeIn(picked_p), FadeIn(worked[0])),
            )
            self.remove(landed)
            self.add(product_maps[0])
            self.bring_to_front(picked_p)
        with self.step(
            STEPS.one_output,
            f"The {kh * kw} products summed, plus the bias, give one 1×1 output y₁: fig1a's neuron, the same number.",
        ):
            flying = product_maps[0].copy()
            flying.role = None
            self.add(flying)
            play_in_turn(
                self,
                (1.4, Transform(flying, opaque(flying).replace(squares[0], stretch=True))),
                (0.8, FadeIn(squares[0]), FadeIn(results[0]), FadeIn(fig1a_ref)),
            )
            self.remove(flying)
        with self.step(
            STEPS.every_filter, "Every filter does the same with its own kernel, down to the last: one output each."
        ):
            bind(window, ("window", shown[-1]))
            landed, land = self.land(kernels[-1], x_grid)
            picked_last = bind(ring(product_maps[1], pr, pc, t.focus), "picked-cell")
            flying = product_maps[1].copy()
            flying.role = None
            play_in_turn(
                self,
                *land,
                (
                    1.2,
                    Transform(landed, opaque(product_maps[1])),
                    FadeOut(product_maps[0]),
                    FadeOut(picked_p),
                    FadeOut(worked[0][1]),
                    FadeOut(product_titles[0]),
                    FadeIn(product_titles[1]),
                ),
                (0.6, FadeIn(picked_last), FadeIn(worked[1][1])),
            )
            self.remove(landed)
            self.add(product_maps[1], picked_last, flying)
            play_in_turn(
                self,
                (1.2, Transform(flying, opaque(flying).replace(squares[1], stretch=True))),
                (0.6, FadeIn(squares[1]), FadeIn(results[1]), FadeIn(dots)),
            )
            self.remove(flying)

        first_part = [
            column,
            names,
            filters_title,
            x_grid,
            x_title,
            window,
            product_maps[1],
            product_titles[1],
            picked_x,
            picked_last,
            worked[0][0],
            worked[1][1],
            formula,
        ]
        worked_outputs = [results[0], results[1], fig1a_ref, dots]  # kept beside A until B takes their place
        with self.step(
            STEPS.outputs,
            f"All {n_filters} filters' 1×1 outputs y₁ … y₇₈₄, laid out row by row, fill a {h}×{w} map: "
            f"{n_filters} · {kh * kw} multiply-adds.",
        ):
            cells = [divmod(n, w) for n in shown]
            flights = [
                Transform(sq, opaque(sq).replace(compare.a.cell_square(*c), stretch=True))
                for sq, c in zip(squares, cells)
            ]
            self.add(compare.a)  # every cell hidden until its output arrives
            play_in_turn(
                self,
                (0.8, *map(FadeOut, first_part)),
                (1.2, *flights, *compare.show_a()),
            )
            self.remove(*squares)
            compare.a.show(cells)
            play_in_turn(self, (2.5, *compare.fill_a(skip=cells)))
            compare.marks_on_top(self)
        with self.step(
            STEPS.dense,
            f"The dense layer W x + b computes the same {n_filters} outputs with as many multiply-adds: "
            f"{n_filters} · {kh * kw}.",
        ):
            play_in_turn(self, (0.6, *map(FadeOut, worked_outputs)), (1.5, *compare.show_b()))
            compare.marks_on_top(self)
        with self.step(
            STEPS.equal,
            "The same element reads the same in both, and their difference |A − B| is the colour of zero everywhere: "
            "the maps are equal.",
        ):
            self.play(*compare.show_difference(), run_time=1.5)

    def land(self, kernel: CellGrid, x_grid: CellGrid) -> tuple[CellGrid, tuple]:
        """A copy of ``kernel`` (added now) and the parts that fly it onto the digit, grown and see-through: out of
        its column sideways first, so that growing it crosses no name in the column."""
        copy = kernel.copy()  # it shows the same weights, so it keeps the kernel's role
        self.add(copy)
        return copy, ((0.5, copy.animate.shift(OUT_OF_COLUMN * RIGHT)), (1.2, Transform(copy, landed_on(copy, x_grid))))


def ring(grid: CellGrid, i: int, j: int, color: str) -> Square:
    """The outline of cell (i, j) of ``grid``, drawn FOCUS_RING wide around it: seen from the back of a room."""
    return Square(FOCUS_RING, color=color, stroke_width=4).move_to(grid.block_center(i, j))


def along_home(mob, big: CellGrid, home: CellGrid):
    """A copy of ``mob`` moved as the enlarged grid ``big`` goes back to ``home`` (scaled and shifted alike)."""
    k = home.width / big.width
    return mob.copy().shift(-big.get_center()).scale(k, about_point=np.zeros(3)).shift(home.get_center())


def landed_on(kernel: CellGrid, x_grid: CellGrid) -> CellGrid:
    """A copy of ``kernel`` lying on the digit: as large as it, and see-through."""
    return kernel.copy().replace(x_grid).set_fill(opacity=0.6)


def opaque(grid):
    """A copy of ``grid`` (a target to transform into), fully opaque, with no role of its own."""
    copy = grid.copy().set_fill(opacity=1.0)
    copy.role = None
    return copy


__all__ = ["Fig3", "bindings"]
