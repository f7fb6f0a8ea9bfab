"""Shared pieces of fig5a–c: the feature maps fed to the trained net's 1×1 head, its ten filters,
and the ten class maps they make.

Big grids here are built once; scenes add ``skeleton`` parts first and fade maps in later, so the
moving parts of an animation are always the last added (cairo then redraws only those).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Line, Rectangle, VGroup

from scenes.components import ColorBar, Label, Math, Neuron, Num, PixelGrid, frame_of, shape_label
from scenes.theme import SMALL_SIZE, Theme


def feature_color(values, theme: Theme, key: str = "features"):
    """Colour of a non-negative (post-ReLU) value of ``values[key]``: the pixel map scaled to its largest."""
    limit = float(np.max(values[key])) or 1.0
    return lambda a: theme.pixel_color(a / limit)


class FeatureColumn(VGroup):
    """The digit x, an arrow, then the shown feature maps (``values['channels']``) in a column and an
    ellipsis for the other channels, titled 'features C×H×W'.

    ``maps`` are the feature PixelGrids; ``windows(i, j, color)`` outlines pixel (i,j) on each.
    """

    def __init__(self, values, theme: Theme, cell: float = 0.075, digit_cell: float = 0.036, buff: float = 0.12):
        v, t = values, theme
        color_of = feature_color(v, t)
        digit = PixelGrid.pixels(v["x"], t, cell_size=digit_cell)
        digit_part = VGroup(Math("x", t, font_size=SMALL_SIZE + 6), digit).arrange(RIGHT, buff=0.15)
        self.maps = [PixelGrid(v["features"][c], color_of, cell, stroke_color=t.grid_stroke) for c in v["channels"]]
        tagged = [
            VGroup(
                Num(v, "channels", (s,), t, decimals=0, font_size=SMALL_SIZE - 2, color=t.muted, prefix="channel "),
                grid,
            ).arrange(DOWN, buff=0.05)
            for s, grid in enumerate(self.maps)
        ]
        dots = Label("⋮", t, font_size=SMALL_SIZE + 8, color=t.muted)
        title = VGroup(Label("features", t, font_size=SMALL_SIZE), shape_label(v["features"], t))
        title.arrange(DOWN, buff=0.06)
        arrow = Arrow(UP * 0.2, DOWN * 0.2, buff=0, color=t.muted, stroke_width=2, max_tip_length_to_length_ratio=0.4)
        super().__init__(digit_part, arrow, title, *tagged, dots)
        self.arrange(DOWN, buff=buff)

    def windows(self, i: int, j: int, color: str, stroke_width: float = 2.5) -> VGroup:
        """An outline around pixel (i,j) on every shown feature map (move these, not the maps)."""
        return VGroup(*(grid.window(i, j, 1, 1, color, stroke_width) for grid in self.maps))

    def shift_to(self, windows: VGroup, i: int, j: int) -> np.ndarray:
        """The shift that moves ``windows`` (one outline per map) onto pixel (i,j)."""
        return self.maps[0].block_center(i, j) - windows[0].get_center()


class ClassMaps(VGroup):
    """The ten maps of ``values[key]`` (10,H,W), on one shared signed colour scale, in a rows×cols grid,
    each under its class label (a Num of ``values['classes']``).

    Add ``skeleton`` (empty frames and labels) first and fade ``maps[f]`` in later; never add the
    whole group while maps are still to come.
    """

    def __init__(
        self,
        values,
        theme: Theme,
        key: str = "y",
        cols: int = 5,
        cell: float = 0.085,
        buff: tuple[float, float] = (0.22, 0.12),
        label_size: float = SMALL_SIZE,
    ):
        y = np.asarray(values[key])
        limit = float(np.max(np.abs(y))) or 1.0
        self.key = key
        self.color_of = lambda a: theme.signed_color(a, limit)
        self.maps = [PixelGrid(y[f], self.color_of, cell, stroke_color=theme.grid_stroke) for f in range(len(y))]
        self.frames = VGroup(*(frame_of(m, theme) for m in self.maps))
        self.labels = VGroup(
            *(Num(values, "classes", (f,), theme, decimals=0, font_size=label_size) for f in range(len(y)))
        )
        slots = [
            VGroup(label, VGroup(frame, grid)).arrange(DOWN, buff=0.06)
            for label, frame, grid in zip(self.labels, self.frames, self.maps)
        ]
        super().__init__(*slots)
        self.arrange_in_grid(rows=-(-len(slots) // cols), cols=cols, buff=buff)
        self.skeleton = VGroup(self.frames, self.labels)

    def windows(self, i: int, j: int, color: str, stroke_width: float = 2.0) -> VGroup:
        """An outline around pixel (i,j) on every class map."""
        return VGroup(*(grid.window(i, j, 1, 1, color, stroke_width) for grid in self.maps))

    def shift_to(self, windows: VGroup, i: int, j: int) -> np.ndarray:
        return self.maps[0].block_center(i, j) - windows[0].get_center()

    def pixel(self, i: int, j: int) -> VGroup:
        """Cell (i,j) of every class map."""
        return VGroup(*(grid.cell(i, j) for grid in self.maps))

    def row(self, i: int, skip=()) -> VGroup:
        """Row i of every class map, leaving out the cells at positions in ``skip``."""
        skip = {(int(a), int(b)) for a, b in skip}
        w = self.maps[0].shape[1]
        return VGroup(*(grid.cell(i, j) for grid in self.maps for j in range(w) if (i, j) not in skip))

    def outline(self, f: int, color: str, buff: float = 0.05, stroke_width: float = 4) -> Rectangle:
        """A highlight around class map f."""
        return frame_of(self.frames[f], None, color, buff, stroke_width)

    def legend(self, values, theme: Theme, height: float | None = None, title: str | None = None) -> ColorBar:
        """The shared colour scale of the ten maps."""
        return ColorBar(values, self.key, theme, self.color_of, height=height or 0.8 * self.height, title=title)


class FilterBank(VGroup):
    """The head's ten filters of C 1×1 kernels, ``values['k']`` (10,C), as a C×10 grid shaded by weight:
    column f is filter f (labelled by class above), row c the weights it gives feature map c."""

    def __init__(self, values, theme: Theme, cell: float = 0.11):
        k = np.asarray(values["k"])
        limit = float(np.max(np.abs(k)))
        self.grid = PixelGrid(k.T, lambda w: theme.signed_color(w, limit), cell, stroke_color=theme.grid_stroke)
        self.labels = VGroup(
            *(
                Num(values, "classes", (f,), theme, decimals=0, font_size=SMALL_SIZE - 4).next_to(
                    self.grid.cell(0, f), UP, 0.06
                )
                for f in range(k.shape[0])
            )
        )
        title = VGroup(Label("filters k", theme, font_size=SMALL_SIZE), shape_label(k, theme)).arrange(DOWN, buff=0.06)
        title.next_to(self.labels, UP, buff=0.12)
        super().__init__(title, self.labels, self.grid)

    def column(self, f: int, color: str, stroke_width: float = 3) -> Rectangle:
        """An outline around filter f (move it to another column with ``column_center``)."""
        return self.grid.window(0, f, self.grid.shape[0], 1, color, stroke_width)

    def column_center(self, f: int) -> np.ndarray:
        return self.grid.block_center(0, f, self.grid.shape[0], 1)


class DenseLayer(VGroup):
    """A C → 10 fully connected layer: a column of C input slots, ten output neurons labelled by class,
    and one line per weight ``values['k'][f, c]``, coloured by its sign and size."""

    def __init__(
        self, values, theme: Theme, cell: float = 0.1, gap: float = 1.7, radius: float = 0.15, spacing: float = 0.08
    ):
        k = np.asarray(values["k"])
        n_out, n_in = k.shape
        limit = float(np.max(np.abs(k)))
        self.cell = cell
        self.slots = Rectangle(width=cell, height=n_in * cell, stroke_color=theme.muted, stroke_width=1)
        self.neurons = VGroup(
            *(
                Neuron(theme, radius, Num(values, "classes", (f,), theme, decimals=0, font_size=SMALL_SIZE - 2))
                for f in range(n_out)
            )
        ).arrange(DOWN, buff=spacing)
        self.neurons.next_to(self.slots, RIGHT, buff=gap)
        top = self.slots.get_top() + DOWN * cell / 2 + RIGHT * cell / 2
        self.lines = VGroup(
            *(
                Line(
                    top + DOWN * c * cell,
                    self.neurons[f].port(LEFT),
                    stroke_width=0.7,
                    color=theme.signed_color(k[f, c], limit),
                )
                for f in range(n_out)
                for c in range(n_in)
            )
        )
        super().__init__(self.lines, self.slots, self.neurons)

    def inputs(self, values, key: str, p: int, theme: Theme) -> PixelGrid:
        """The C inputs ``values[key][p]`` (C,) coloured as features, filling the input slots."""
        column = np.asarray(values[key])[p][:, None]
        grid = PixelGrid(column, feature_color(values, theme), self.cell, stroke_color=theme.grid_stroke)
        return grid.move_to(self.slots)

    def outputs(self, values, key: str, i: int, j: int, theme: Theme, color: str | None = None) -> VGroup:
        """The ten outputs ``values[key][f, i, j]`` beside their neurons."""
        return VGroup(
            *(
                Num(values, key, (f, i, j), theme, font_size=SMALL_SIZE - 2, color=color).next_to(n, RIGHT, buff=0.1)
                for f, n in enumerate(self.neurons)
            )
        )


def true_class_key(theme: Theme, color: str) -> VGroup:
    """A legend entry: an outlined box, 'true class'."""
    box = Rectangle(width=0.3, height=0.22, stroke_color=color, stroke_width=3)
    return VGroup(box, Label("true class", theme, font_size=SMALL_SIZE, color=color)).arrange(RIGHT, buff=0.12)
