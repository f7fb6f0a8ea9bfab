"""fig1b: a fully connected layer, y = W x + b: 784 neurons, each connected to all 784 pixels of a digit.

Layout: the digit x (left); its inputs as a column (first, two on the stroke, last); four neurons (the first
three and the last, ⋮ between) with their outputs y_n; the 784 outputs as a 28×28 map, row by row (right),
which takes the outputs' room once it is whole; how W and b were drawn (bottom). One neuron's weights are shown
at a time, each on its own connection. The poster: the digit big in the middle, its inputs coming out at its right.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UL, UP, FadeIn, FadeOut, Line, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import (
    CellGrid,
    ColorBar,
    Connection,
    FadeCells,
    Label,
    Math,
    Neuron,
    Num,
    RevealCells,
    ShapeLabel,
    bind,
    frame_of,
    note,
    pixel_grid,
    safe_area,
    signed_grid,
    titled,
    weight_tag,
)
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.fc import (
    OUTPUT_DECIMALS,
    WEIGHT_DECIMALS,
    InputColumn,
    SlotColumn,
    Subscripted,
    bind_init,
    box_of,
    clear_spot,
    digit_poster,
    init_note,
    math_row,
    pixels_into_inputs,
    play_in_turn,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

MID_Y = -0.25  # centre line of the inputs, the neurons and the map
NEURON_X = 0.6
MAP_X = 4.1  # the map while it fills, right of the neurons' outputs (drawn as fine as the digit)
MAP_SIDE = 4.0  # the whole map, once the outputs have left it the room: at most this wide (540 px at 1080p)
COLUMN_ZOOM, COLUMN_GAP = 1.0, 0.5  # the inputs while they come out of the big digit, right of it
FIRST_NEURON = "The first neuron weighs each input with its own weight (two are written), adds its bias b: one output."
DIGIT_CELL = 0.075  # the digit is drawn this fine: room for the connections and the map
WORKED_CELL = 0.32  # the worked outputs again, magnified beside the map: 43 px a cell at 1080p (a map cell is 10)
SAFE_RIGHT = safe_area()[2]
STEPS = StepNames("inputs", "neurons", "neuron-1", "neuron-2", "last-neuron", "map", "noise")


def bindings(v) -> Bindings:
    """What fig1b draws, by meaning: the weight on edge (neuron n, input i) is W[n, i]; y_n = W[n]·x + b[n];
    the map is all of W x + b laid out row by row."""
    x, W, bias = v["x"].ravel(), v["W"], v["b"]
    h, w = v["x"].shape
    b = Bindings(v)
    b.number("pixel", lambda i: x[i]).number("input-index", lambda i: i + 1)
    b.number("output-index", lambda n: n + 1).number("bias-index", lambda n: n + 1)  # y_n and b_n, 1-based
    b.number("weight", lambda n, i: W[n, i]).number("output", lambda n: W[n] @ x + bias[n])
    b.number("bias", lambda n: bias[n])
    b.grid("input", lambda: v["x"]).grid("pixel", lambda i: [[x[i]]])
    b.grid("output", lambda: (W @ x + bias).reshape(-1, w))
    b.shape("input", lambda: (h, w)).shape("inputs", lambda: (W.shape[1],)).shape("neurons", lambda: (W.shape[0],))
    b.shape("output", lambda: (W.shape[0] // w, w))
    b.mark_on("picked", "input", lambda i: (i // w, i % w, 1, 1))
    b.mark_on("cell", "output", lambda n: (n // w, n % w, 1, 1))
    worked = [divmod(int(n), w) for n in v["shown_neurons"]]  # the output cells, as the neurons compute them
    s = STEPS
    steps = {s.inputs: 0, s.neurons: 0, s.neuron_1: 1, s.neuron_2: 2, s.last_neuron: len(worked), s.map: None}
    b.reveals("output", worked, steps)
    b.grid("worked", lambda m: [[W[v["shown_neurons"][m]] @ x + bias[v["shown_neurons"][m]]]])
    for m in range(len(worked)):  # each magnified output appears with its cell on the map
        b.reveals("worked", [(0, 0)], {s: int(m < k) for s, k in steps.items() if k is not None}, which=(m,))
    b.at_least("worked", 24).at_least("pixel", 24)  # the magnified outputs, and the inputs the pixels become
    b.at_least("output", 280)  # the map while it fills (its worked cells are magnified beside it)
    whole = Bindings(v).at_least("output", 500).relations[0]  # the whole map, once the outputs made room
    b.relations.append(lambda step, items: whole(step, items) if step in (s.map, s.noise) else [])
    b.subscripts(SUBSCRIPTED)  # y_n is an output, b_n a bias, x_i an input
    return bind_init(b, W.shape[1], W.shape[0])


SUBSCRIPTED = {"output-index": "y", "bias-index": "b", "input-index": "x"}  # the letter each kind of index follows


class Fig1b(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        colors = (t.focus, t.accent2)
        h, w = v["x"].shape
        n_out, n_in = v["W"].shape
        inputs_shown = [int(i) for i in v["shown_inputs"]]
        neurons_shown = [int(n) for n in v["shown_neurons"]]

        inputs = InputColumn(v, t, colors, spacing=0.8).move_to([-3.35, MID_Y, 0])
        top_input = inputs.nodes[0].get_center()[1]
        x_grid = pixel_grid(v["x"], t, DIGIT_CELL, role="input")
        x_grid.move_to([-5.43, top_input - x_grid.height / 2, 0])  # level with the first input: pixels travel right
        x_title = titled(x_grid, Math("x", t), ShapeLabel(v, "x", t, role="input"))
        picked = [
            bind(x_grid.window(*v["shown_inputs_rc"][k], 1, 1, c, stroke_width=3), ("picked", i))
            for k, (i, c) in enumerate(zip(inputs_shown, colors))
        ]
        inputs_title = titled(
            inputs.column, Label("inputs", t, SMALL_SIZE, t.muted), ShapeLabel(v, "W", t, dims=1, role="inputs")
        )

        cells = [Neuron(t, radius=0.3, label=Math("Σ", t)) for _ in neurons_shown]
        neurons = SlotColumn(cells[:-1] + [None, cells[-1]], t, spacing=1.08).move_to([NEURON_X, MID_Y, 0])
        neurons_title = titled(
            neurons, Label("neurons", t, SMALL_SIZE, t.muted), ShapeLabel(v, "b", t, role="neurons"), buff=0.25
        )
        outputs = []
        for m, (n, cell) in enumerate(zip(neurons_shown, cells)):
            value = math_row(
                Subscripted("y", v, "shown_neurons_i", m, t, ("output-index", n)),
                Math("=", t),
                Num(v, "y", n, t, OUTPUT_DECIMALS, LABEL_SIZE, role=("output", n)),
            )
            bias = math_row(  # the bias the neuron adds, under its output
                Subscripted("b", v, "shown_neurons_i", m, t, ("bias-index", n), font_size=36, color=t.muted),
                Math("=", t, font_size=30, color=t.muted),
                Num(v, "b", n, t, WEIGHT_DECIMALS, SMALL_SIZE, t.muted, role=("bias", n)),
            )
            pair = VGroup(value, bias).arrange(DOWN, buff=0.06, aligned_edge=LEFT)
            pair.next_to(cell, RIGHT, buff=0.15).shift(UP * (cell.get_center()[1] - value.get_center()[1]))
            outputs.append(pair)

        # every drawn connection, plain; a neuron's two are swapped for tagged ones while it is shown
        ends = {k: inputs.port(k + 1) for k in range(len(inputs_shown))}
        plain = {
            (m, k): Line(ends[k], cell.port(LEFT), color=colors[k], stroke_width=1.5).set_opacity(0.5)
            for m, cell in enumerate(cells)
            for k in ends
        }
        # the first and last inputs are connected to every neuron too: faint, without their weights
        outer = [inputs.port(0), inputs.port(len(inputs.nodes) - 1)]
        faint = {
            m: [Line(end, cell.port(LEFT), color=t.muted, stroke_width=1.2).set_opacity(0.6) for end in outer]
            for m, cell in enumerate(cells)
        }
        keep_clear = [box_of(node) for node in inputs.nodes] + [box_of(c) for c in cells]
        tagged = {}  # while a neuron is shown, only its own connections are drawn, with their weights
        for m, (n, cell) in enumerate(zip(neurons_shown, cells)):
            placed = []
            for k, i in enumerate(inputs_shown):
                weight = Num(v, "W", (n, i), t, WEIGHT_DECIMALS, SMALL_SIZE, role=("weight", n, i))
                tag = weight_tag(weight, t, stroke=colors[k])
                others = [(ends[j], cell.port(LEFT)) for j in ends if j != k]
                others += [(line.get_start(), line.get_end()) for line in faint[m]]
                spots = [0.5 + d * s for d in np.arange(0.0, 0.42, 0.02) for s in (-1, 1)]
                at = clear_spot(ends[k], cell.port(LEFT), tag, others, keep_clear + placed, candidates=spots, gap=0.06)
                placed.append(box_of(tag))
                tagged[(m, k)] = Connection(ends[k], cell.port(LEFT), t, tag, at=at, color=colors[k], stroke_width=3)

        y_grid = signed_grid(v["y_map"], t, DIGIT_CELL, role="output", visible=False).move_to([MAP_X, MID_Y, 0])
        y_frame = frame_of(y_grid, t)
        y_title = titled(y_frame, Math("y = W x + b", t), ShapeLabel(v, "y_map", t, role="output"))
        y_title.align_to(y_frame, LEFT)
        # the whole map, once the neurons' outputs have made room for it: as big as fits between the neurons
        # and its colour bar at the frame's right edge
        left = neurons.get_right()[0] + 0.35
        bar_width = ColorBar(v, "y", t, y_grid).width  # its labels' width: a colour bar of any height
        side = min(MAP_SIDE, SAFE_RIGHT - bar_width - 0.12 - left)
        big_frame = y_frame.copy().scale(side / y_frame.width).move_to([left + side / 2, MID_Y, 0])
        legend = ColorBar(v, "y", t, y_grid, height=0.9 * side).next_to(big_frame, RIGHT, buff=0.12)
        rows_note = note("all outputs, row by row", t).next_to(big_frame, DOWN, buff=0.15).align_to(big_frame, LEFT)
        noise_note = VGroup(note("it looks like noise:", t), note("W is random, untrained", t))
        noise_note.arrange(DOWN, buff=0.1, aligned_edge=LEFT).next_to(big_frame, DOWN, buff=0.15)
        noise_note.align_to(big_frame, LEFT)
        init = init_note(v, t).move_to([0, -3.35, 0])
        y_limit = float(np.max(np.abs(v["y_map"])))  # the map's colour scale: the magnified cells read the same
        magnified = [  # the worked outputs, in the neurons' order, framed: a cell near 0 is near the background
            CellGrid(
                np.array([[v["y"][n]]]),
                t.signed_scale(limit=y_limit),
                WORKED_CELL,
                stroke_color=t.muted,
                stroke_width=2,
                role=("worked", m),
            )
            for m, n in enumerate(neurons_shown)
        ]
        worked_row = VGroup(*magnified[:-1], Math("dots.v", t), magnified[-1]).arrange(DOWN, buff=0.14)
        worked_row.next_to(y_frame, RIGHT, buff=0.2).align_to(y_frame, UP)
        worked_names = [
            Subscripted("y", v, "shown_neurons_i", m, t, ("output-index", n)).next_to(cell, RIGHT, buff=0.08)
            for m, (n, cell) in enumerate(zip(neurons_shown, magnified))
        ]
        worked_row.add(*worked_names)

        # the poster: the digit big in the middle; the inputs then come out of it at its right; both go to their
        # places (left) when the neurons need the room
        poster, column = digit_poster(self, x_grid, x_title, picked, inputs, inputs_title, COLUMN_ZOOM, COLUMN_GAP)
        self.add(x_grid, x_title)
        with self.step(STEPS.inputs, f"The layer reads the digit's {h}×{w} pixels as {n_in} inputs, row by row."):
            pixels_into_inputs(self, x_grid, v, picked, inputs, inputs_title)
        with self.step(
            STEPS.neurons,
            f"It has {n_out} neurons, each connected to all {n_in} inputs; four neurons and four inputs are drawn.",
        ):
            self.play(self.to_place(poster), self.to_place(column), run_time=1.2)
            self.remove(poster, column).add(*poster, *column)  # each part on its own again: the groups were a way
            self.add(y_grid)  # every cell hidden until its neuron has computed it
            self.play(
                FadeIn(neurons),
                FadeIn(neurons_title),
                FadeIn(*plain.values()),
                *(FadeIn(line) for lines in faint.values() for line in lines),
                FadeIn(y_frame),
                FadeIn(y_title),
                run_time=1.5,
            )

        mark = None
        steps = (  # (neuron slot, step name, caption); the third neuron's output joins the last step
            (0, STEPS.neuron_1, FIRST_NEURON),
            (
                1,
                STEPS.neuron_2,
                "The second neuron has weights and a bias of its own: the same inputs give another output.",
            ),
            (len(cells) - 1, STEPS.last_neuron, "So does every neuron, each with its own row of W, down to the last."),
        )
        everything = list(plain.values()) + [line for lines in faint.values() for line in lines]
        shown_lines = everything
        previous = None
        for m, name, caption in steps:
            n = neurons_shown[m]
            skipped = [e for e in range(previous + 1, m)] if previous is not None else []
            with self.step(name, caption):
                focus = [tagged[(m, k)] for k in ends] + faint[m]
                calm = [cells[previous].circle.animate.set_stroke(t.text)] if previous is not None else []
                # a line faded out and in by one play ends up removed in the video: the faint ones stay put
                swap = (
                    1.2,
                    *(FadeOut(line) for line in shown_lines if line not in focus),
                    *calm,
                    *(FadeIn(line) for line in focus if line not in shown_lines),
                    cells[m].circle.animate.set_stroke(t.focus),
                )
                shown_lines = focus
                reveal = [divmod(neurons_shown[e], w) for e in skipped + [m]]
                r, c = divmod(n, w)
                if mark is None:
                    mark = bind(y_grid.window(r, c, 1, 1, t.text, stroke_width=2.5), ("cell", n))
                    move = FadeIn(mark)
                else:
                    bind(mark, ("cell", n))
                    move = mark.animate.move_to(y_grid.cell_center(r, c))
                computed = [outputs[e] for e in skipped + [m]] + [magnified[e] for e in skipped + [m]]
                computed += [worked_names[e] for e in skipped + [m]] + ([worked_row[len(cells) - 1]] if skipped else [])
                out = (1.2, *map(FadeIn, computed), FadeCells(y_grid, reveal), move)
                play_in_turn(self, swap, out)
            previous = m

        with self.step(STEPS.map, f"All {n_out} outputs, laid out row by row, form a {h}×{w} map."):
            shown = [divmod(n, w) for n in neurons_shown]
            k, to = big_frame.width / y_frame.width, big_frame.get_center() - y_frame.get_center()
            play_in_turn(
                self,
                (
                    1.0,
                    *(FadeOut(line) for line in shown_lines if line not in everything),
                    *(FadeIn(line) for line in everything if line not in shown_lines),
                    cells[previous].circle.animate.set_stroke(t.text),
                    FadeOut(worked_row),
                    *map(FadeOut, outputs),  # the map holds them all now
                ),
                (
                    1.2,
                    VGroup(y_grid, y_frame, mark).animate.scale(k, about_point=y_frame.get_center()).shift(to),
                    y_title.animate.shift(big_frame.get_corner(UL) - y_frame.get_corner(UL)),
                ),
                (3.0, RevealCells(y_grid, skip=shown), FadeIn(rows_note)),
            )
        with self.step(STEPS.noise, "W is random, so the map looks like noise: this layer has not been trained."):
            self.play(FadeOut(rows_note), FadeIn(noise_note), FadeIn(legend), FadeIn(init), run_time=1.5)


__all__ = ["Fig1b", "bindings"]
