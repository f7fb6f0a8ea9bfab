"""fig1b: a fully connected layer, 784 neurons over 784 pixels; four neurons and two inputs are drawn.

W (784,784) is Glorot uniform from default_rng(FC_SEED) and b ~ U(−0.1, 0.1) (compute.init.fc_layer);
the scene states this in a small label, with the numbers read from the values.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, FadeIn, VGroup

from scenes.base import FigureScene
from scenes.components import (
    ColorBar,
    Connection,
    Label,
    Math,
    Neuron,
    Num,
    PixelGrid,
    frame_of,
    shape_label,
    titled,
    weight_tag,
)
from scenes.fc_parts import InputColumn, SlotColumn, init_note, reveal_rows, subscripted
from scenes.theme import NUMBER_SIZE, SMALL_SIZE


class Fig1b(FigureScene):
    figure_id = "fig1b"

    def construct(self):
        v, t = self.values, self.theme
        colors = (t.accent, t.accent2)

        x_grid = PixelGrid.pixels(v["x"], t, cell_size=0.1).move_to([-5.5, -0.3, 0])
        x_title = titled(x_grid, t, Math("x", t), shape_label(v["x"], t))
        pixels = VGroup(*(x_grid.window(*rc, 1, 1, c, stroke_width=2.5) for rc, c in zip(v["shown_inputs_rc"], colors)))
        inputs = InputColumn(v, t, "shown_inputs", colors, spacing=0.72).move_to([-2.85, -0.3, 0])
        inputs_title = titled(inputs.column, t, Label("inputs", t, SMALL_SIZE, t.muted), shape_label(v["x"].ravel(), t))

        n_shown = len(v["shown_neurons"])
        cells = [Neuron(t, radius=0.3, label=Math("Σ", t)) for _ in range(n_shown)]
        neurons = SlotColumn(cells[:-1] + [None, cells[-1]], t, spacing=1.0).move_to([0.45, -0.3, 0])
        neurons_title = titled(neurons, t, Label("neurons", t, SMALL_SIZE, t.muted), shape_label(v["b"], t))
        outputs = [
            VGroup(
                subscripted("y", v, "shown_neurons_i", m, t),
                Math("=", t),
                Num(v, "y", v["shown_neurons"][m], t, decimals=3, color=t.accent),
            )
            .arrange(RIGHT, buff=0.1)
            .next_to(cells[m], RIGHT, buff=0.2)
            for m in range(n_shown)
        ]

        y_grid = PixelGrid.signed(v["y_map"], t, cell_size=0.1).move_to([4.35, -0.3, 0])
        y_frame = frame_of(y_grid, t)
        y_title = titled(y_frame, t, Math("y = W x + b", t), shape_label(v["y_map"], t))
        y_note = Label("all outputs, row by row", t, SMALL_SIZE, t.muted).next_to(y_frame, DOWN, buff=0.15)
        marks = [y_grid.window(*rc, 1, 1, t.text, stroke_width=2.5) for rc in v["shown_neurons_rc"]]
        legend = ColorBar(v, "y", t, t.signed_scale(v["y"]), height=y_grid.height * 0.8, decimals=2).next_to(
            y_frame, RIGHT, buff=0.12
        )
        init = init_note(v, t).to_edge(DOWN, buff=0.3)

        self.play(FadeIn(self.header()), FadeIn(x_grid), FadeIn(x_title), FadeIn(pixels))
        self.play(
            FadeIn(inputs),
            FadeIn(inputs_title),
            FadeIn(neurons),
            FadeIn(neurons_title),
            FadeIn(y_frame),
            FadeIn(y_title),
            FadeIn(init),
            run_time=1.0,
        )
        for m, (n, cell) in enumerate(zip(v["shown_neurons"], cells)):
            links = VGroup()
            for k, (i, color) in enumerate(zip(v["shown_inputs"], colors)):
                weight = Num(v, "W", (n, i), t, decimals=3, font_size=NUMBER_SIZE - 5)
                links.add(
                    Connection(
                        inputs.port(k + 1),
                        cell.port(LEFT),
                        t,
                        weight_tag(weight, t, stroke=color),
                        at=0.74,
                        color=color,
                        stroke_width=2.5,
                    )
                )
            self.play(FadeIn(links), run_time=0.6)
            self.play(
                FadeIn(outputs[m]), FadeIn(y_grid.cell(*v["shown_neurons_rc"][m])), FadeIn(marks[m]), run_time=0.6
            )
        shown = {tuple(rc) for rc in v["shown_neurons_rc"].tolist()}
        reveal_rows(self, y_grid, shown, 2.0)
        self.bring_to_front(*marks)
        self.play(FadeIn(legend), FadeIn(y_note), run_time=0.6)
        self.wait(1.5)
