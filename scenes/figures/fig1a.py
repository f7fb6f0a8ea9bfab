"""fig1a: one fully connected neuron, y = Σ_{i=1}^{784} w_i x_i + b, over the 784 pixels of a digit.

Layout: the digit x (left); its inputs as a column (first, two on the stroke, last, ⋮ between); the neuron
Σ with the two drawn connections carrying their weights; the formula and the two products (top right);
the sum written out (bottom). w and b are neuron 0 of fig1b's layer.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, FadeIn, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import Connection, Neuron, bind, titled, weight_tag
from scenes.mobjects.grid import pixel_grid
from scenes.mobjects.text import FigureRef, Label, Math, Num, ShapeLabel, Size
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.fc import (
    OUTPUT_DECIMALS,
    PRODUCT_DECIMALS,
    WEIGHT_DECIMALS,
    InputColumn,
    Subscripted,
    box_of,
    clear_spot,
    digit_poster,
    hand_result,
    math_row,
    pixels_into_inputs,
    play_in_turn,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

MID_Y = -0.1  # centre line of the inputs and the neuron
DIGIT_Y = 0.4  # the digit's top is level with the first input: pixels travel right, under its title
NEURON_X = 2.25
COLUMN_ZOOM, COLUMN_GAP = 1.1, 0.5  # the inputs while they come out of the big digit: enlarged, right of it
STEPS = StepNames("inputs", "neuron", "weights", "products", "sum")
SUBSCRIPTED = {"input-index": "x", "weight-index": "w"}  # the letter each kind of index follows: x₁₅₅, w₁₅₅


def bindings(v) -> Bindings:
    """What fig1a draws, by meaning: input i is pixel i of the row-major digit, product i = w_i·x_i."""
    x, w = v["x"].ravel(), v["w"]
    width = v["x"].shape[1]
    b = Bindings(v)
    b.number("pixel", lambda i: x[i]).number("input-index", lambda i: i + 1).number("weight-index", lambda i: i + 1)
    b.number("weight", lambda i: w[i]).number("product", lambda i: w[i] * x[i]).number("bias", lambda: v["b"])
    b.number("output", lambda: w @ x + v["b"])
    b.grid("input", lambda: v["x"]).grid("pixel", lambda i: [[x[i]]])
    b.shape("input", lambda: v["x"].shape).shape("inputs", lambda: (x.size,))
    b.size("inputs", x.size)
    b.mark_on("picked", "input", lambda i: (i // width, i % width, 1, 1))
    b.at_least("pixel", 24)  # the inputs the picked pixels become: their values are read there
    b.product_of("product", "weight", "pixel")  # w_i x_i, as a reader recomputes it from the drawn w_i and x_i
    b.approx_only_if_needed("product")  # "≈ w_i x_i" only where the drawn w_i times the drawn x_i is not exact
    b.subscripts(SUBSCRIPTED)  # x_i is input i, w_i its weight: an index under the other letter is caught
    return b


class Fig1a(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        colors = (t.focus, t.accent2)
        n = v["w"].shape[0]
        h, w = v["x"].shape
        shown = [int(i) for i in v["shown"]]

        x_grid = pixel_grid(v["x"], t, 0.11, role="input").move_to([-4.95, DIGIT_Y, 0])
        x_title = titled(x_grid, Math("x", t), ShapeLabel(v, "x", t, role="input"))
        picked = [
            bind(x_grid.window(*v["shown_rc"][k], 1, 1, c, stroke_width=3), ("picked", i))
            for k, (i, c) in enumerate(zip(shown, colors))
        ]

        inputs = InputColumn(v, t, colors).move_to([-2.4, MID_Y, 0])
        inputs_title = titled(
            inputs.column, Label("inputs", t, SMALL_SIZE, t.muted), ShapeLabel(v, "w", t, role="inputs")
        )

        neuron = Neuron(t, radius=0.42, label=Math("Σ", t)).move_to([NEURON_X, MID_Y, 0])
        faint = VGroup(
            *(Connection(inputs.port(k), neuron.port(LEFT), t, stroke_width=1.5) for k in (0, len(inputs.nodes) - 1))
        )
        formula = Math("y = sum_(i=1)^{n} w_i x_i + b", t, n=Size(v, "w", 0, "inputs")).move_to([4.55, 2.45, 0])

        connections, products = VGroup(), VGroup()
        honest = []  # whether each product is drawn with "≈" (its drawn w and x do not give it exactly)
        ends = [inputs.port(k + 1) for k in range(len(shown))]
        others = [(c.start, c.end) for c in faint]
        for k, (i, color) in enumerate(zip(shown, colors)):
            weight_num = Num(v, "w", i, t, WEIGHT_DECIMALS, SMALL_SIZE, role=("weight", i))
            weight = VGroup(
                Subscripted("w", v, "shown_i", k, t, ("weight-index", i), font_size=36), weight_num
            ).arrange(DOWN, buff=0.1)
            tag = weight_tag(weight, t, stroke=color)
            lines = others + [(e, neuron.port(LEFT)) for e in ends if e is not ends[k]]
            boxes = [box_of(c.tag) for c in connections] + [box_of(node) for node in inputs.nodes]
            at = clear_spot(ends[k], neuron.port(LEFT), tag, lines, boxes)
            connections.add(Connection(ends[k], neuron.port(LEFT), t, tag, at=at, color=color, stroke_width=3))
            product = hand_result(  # "= product", or "≈ product" if the drawn w and x do not give it exactly
                lambda approx, k=k, i=i, color=color: Num(
                    v, "products", k, t, PRODUCT_DECIMALS, LABEL_SIZE, color, role=("product", i), approx=approx
                ),
                t,
                "×",
                weight_num,
                inputs.nodes[k + 1].number,
            )
            honest.append(len(product) == 1)
            products.add(
                math_row(
                    Subscripted("w", v, "shown_i", k, t, ("weight-index", i), color=color),
                    Subscripted("x", v, "shown_i", k, t, ("input-index", i), color=color),
                    *product,
                    buff=0.1,
                )
            )
        products.arrange(DOWN, buff=0.3, aligned_edge=LEFT).move_to([4.55, 1.15, 0])

        bias = math_row(Math("b =", t), Num(v, "b", (), t, WEIGHT_DECIMALS, LABEL_SIZE, role=("bias",)))
        bias.next_to(neuron, DOWN, buff=0.3)
        origin = FigureRef("w, b: the first neuron of fig1b's layer", "fig1b", t, SMALL_SIZE, t.muted)
        origin.next_to(bias, DOWN, buff=0.35).shift(RIGHT * (4.0 - origin.get_center()[0]))
        arrow = neuron.output_arrow(0.7, t.text, tip_ratio=0.2)
        output = math_row(Math("y =", t), Num(v, "y", (), t, OUTPUT_DECIMALS, LABEL_SIZE + 6, role=("output",)))
        output.next_to(arrow, RIGHT, buff=0.15)
        drawn = [  # the two drawn products, each as the products column gave it
            Num(v, "products", k, t, PRODUCT_DECIMALS, LABEL_SIZE, colors[k], role=("product", i), approx=honest[k])
            for k, i in enumerate(shown)
        ]
        total = math_row(
            Math("y =", t),
            drawn[0],
            Math("+", t),
            drawn[1],
            Math("+ dots.h +", t),
            Num(v, "b", (), t, WEIGHT_DECIMALS, LABEL_SIZE, role=("bias",)),
            Math("=", t),  # the other products are not drawn: no reader can redo this sum, nor is it asked
            Num(v, "y", (), t, OUTPUT_DECIMALS, LABEL_SIZE + 6, role=("output",)),
        ).move_to([1.9, -3.1, 0])
        elided = Label("the other products", t, SMALL_SIZE, t.muted).next_to(total[4], DOWN, buff=0.12)

        # the poster: the digit big in the middle; the inputs then come out of it, big, at its right; both go to
        # their places (left) when the neuron needs the room
        poster, column = digit_poster(self, x_grid, x_title, picked, inputs, inputs_title, COLUMN_ZOOM, COLUMN_GAP)
        self.add(x_grid, x_title)
        with self.step(STEPS.inputs, f"The neuron reads the digit's {h}×{w} pixels as {n} inputs, row by row."):
            pixels_into_inputs(self, x_grid, v, picked, inputs, inputs_title)
        with self.step(
            STEPS.neuron, f"Every input is connected to one neuron Σ; of its {n} connections only some are drawn (⋮)."
        ):
            self.play(self.to_place(poster), self.to_place(column), run_time=1.2)
            self.remove(poster, column).add(*poster, *column)  # each part on its own again: the groups were a way
            self.play(FadeIn(neuron), FadeIn(faint), FadeIn(formula), run_time=1.2)
        with self.step(STEPS.weights, "Each connection has its own weight wᵢ, here random, as in an untrained layer."):
            self.play(FadeIn(connections, lag_ratio=0.5), FadeIn(origin), run_time=1.5)
        with self.step(STEPS.products, "The neuron multiplies every input by its weight: the products wᵢxᵢ."):
            self.play(FadeIn(products, lag_ratio=0.5), run_time=1.5)
        with self.step(STEPS.sum, f"It adds all {n} products and its bias b: its one output y."):
            play_in_turn(
                self,
                (0.8, FadeIn(bias)),
                (1.8, FadeIn(total, lag_ratio=0.15), FadeIn(elided)),
                (1.0, FadeIn(arrow), FadeIn(output)),
            )


__all__ = ["Fig1a", "bindings"]
