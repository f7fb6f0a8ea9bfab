"""fig1a: one fully connected neuron sees all 784 pixels of a digit; two of its connections are drawn."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, FadeIn, VGroup

from scenes.base import FigureScene
from scenes.components import Connection, Label, Math, Neuron, Num, PixelGrid, shape_label, titled, weight_tag
from scenes.fc_parts import InputColumn, init_note, subscripted
from scenes.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE


class Fig1a(FigureScene):
    figure_id = "fig1a"

    def construct(self):
        v, t = self.values, self.theme
        colors = (t.accent, t.accent2)
        n = v["w"].shape[0]

        x_grid = PixelGrid.pixels(v["x"], t, cell_size=0.145).move_to([-4.9, -0.1, 0])
        x_title = titled(x_grid, t, Math("x", t), shape_label(v["x"], t))
        pixels = VGroup(*(x_grid.window(*rc, 1, 1, c, stroke_width=3) for rc, c in zip(v["shown_rc"], colors)))

        inputs = InputColumn(v, t, "shown", colors, spacing=0.72).move_to([-1.35, -0.1, 0])
        inputs_title = titled(inputs.column, t, Label("inputs", t, SMALL_SIZE, t.muted), shape_label(v["w"], t))
        neuron = Neuron(t, radius=0.45, label=Math("Σ", t)).move_to([2.7, -0.1, 0])

        faint = VGroup(*(Connection(inputs.port(k), neuron.port(LEFT), t, stroke_width=1) for k in (0, -1)))
        shown = VGroup()
        for k, color in enumerate(colors):
            w_k = VGroup(
                subscripted("w", v, "shown_i", k, t, font_size=NUMBER_SIZE),
                Math("=", t),
                Num(v, "w", v["shown"][k], t, decimals=3, font_size=NUMBER_SIZE - 2),
            )
            w_k.arrange(RIGHT, buff=0.08)
            shown.add(
                Connection(
                    inputs.port(k + 1),
                    neuron.port(LEFT),
                    t,
                    weight_tag(w_k, t, stroke=color),
                    at=0.42,
                    color=color,
                    stroke_width=3,
                )
            )

        bias = VGroup(Math("b =", t), Num(v, "b", (), t, decimals=3)).arrange(RIGHT, buff=0.12)
        bias.next_to(neuron, DOWN, buff=0.25)
        arrow = neuron.output_arrow(1.1, t.text, tip_ratio=0.2)
        output = VGroup(Math("y =", t), Num(v, "y", (), t, decimals=3, font_size=LABEL_SIZE + 6, color=t.accent))
        output.arrange(RIGHT, buff=0.15).next_to(arrow, RIGHT, buff=0.15)

        formula = Math(f"y = sum_(i=1)^{n} w_i x_i + b", t, font_size=LABEL_SIZE + 8)
        terms = VGroup(
            Math("y =", t),
            self.term("products", 0),
            Math("+", t),
            self.term("products", 1),
            Math("+ dots.h +", t),
            Num(v, "b", (), t, decimals=3),
            Math("=", t),
            Num(v, "y", (), t, decimals=3, color=t.accent),
        ).arrange(RIGHT, buff=0.1)
        note = Label("the two drawn products wᵢxᵢ, the other terms (…), and b", t, SMALL_SIZE, t.muted)
        VGroup(formula, terms, note).arrange(DOWN, buff=0.22).move_to([3.55, 2.0, 0])
        init = init_note(v, t).to_edge(DOWN, buff=0.35)

        self.play(FadeIn(self.header()), FadeIn(x_grid), FadeIn(x_title))
        self.play(FadeIn(pixels), run_time=0.6)
        self.play(
            FadeIn(inputs),
            FadeIn(inputs_title),
            *(p.copy().animate.move_to(node) for p, node in zip(pixels, inputs.shown)),
            run_time=1.2,
        )
        self.play(FadeIn(neuron), FadeIn(faint), FadeIn(formula), run_time=0.8)
        for connection in shown:
            self.play(FadeIn(connection, shift=0.1 * RIGHT), run_time=0.7)
        self.play(FadeIn(bias), FadeIn(init), run_time=0.6)
        self.play(FadeIn(arrow), FadeIn(output), run_time=0.6)
        self.play(FadeIn(terms, lag_ratio=0.1), FadeIn(note), run_time=1.5)
        self.wait(1.5)

    def term(self, key, k):
        """A product in parentheses, '(−0.057)', for the expanded sum."""
        t = self.theme
        return VGroup(Math("(", t), Num(self.values, key, k, t, decimals=3), Math(")", t)).arrange(RIGHT, buff=0.03)
