"""Visual pieces shared by the fully connected figures (fig1a, fig1b, fig2b, fig3).

A column of unit slots with ellipses (the 784 inputs or neurons, a few drawn), input nodes that
show a pixel's value, subscripted names whose index is a Num, connections carrying a boxed weight,
and the line stating how the layer was initialised. Every number is still a Num read from values.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, FadeIn, Square, VGroup, VMobject

from scenes.components import Label, Math, Num, PixelGrid, ellipsis, fit_inside
from scenes.theme import NUMBER_SIZE, SMALL_SIZE, Theme


def value_node(
    values, key: str, index, theme: Theme, size: float = 0.46, decimals: int = 2, fill=None, outline: str | None = None
) -> VGroup:
    """An input slot: a square filled like its pixel (or ``fill``), with the value printed inside."""
    num = Num(values, key, index, theme, decimals=decimals, font_size=NUMBER_SIZE - 4)
    color = fill if fill is not None else theme.pixel_color(num.value)
    box = Square(
        side_length=size,
        fill_color=color,
        fill_opacity=1.0,
        stroke_color=outline or theme.muted,
        stroke_width=3 if outline else 1.5,
    )
    num.set_color(theme.ink_on(color))
    return VGroup(box, fit_inside(num, box))


def subscripted(symbol: str, values, key: str, index, theme: Theme, font_size: float = NUMBER_SIZE + 4) -> VGroup:
    """A name whose subscript is a number from values, e.g. x with subscript shown_i[0] (x₁₅₅)."""
    name = Math(symbol, theme, font_size=font_size)
    sub = Num(values, key, index, theme, decimals=0, font_size=font_size * 0.58)
    sub.next_to(name, RIGHT, buff=0.02).align_to(name, DOWN).shift(0.3 * sub.height * DOWN)
    return VGroup(name, sub)


class SlotColumn(VGroup):
    """A vertical stack of slots with ⋮ where slots are left out: ``items`` are mobjects or None.

    ``slots`` lists the given mobjects (top to bottom), ``dots`` the ellipses.
    """

    def __init__(self, items: Sequence[VMobject | None], theme: Theme, spacing: float = 0.75):
        self.slots, self.dots = [], []
        placed = []
        for k, item in enumerate(items):
            mob = ellipsis(theme) if item is None else item
            mob.move_to(np.array([0.0, -k * spacing, 0.0]))
            (self.dots if item is None else self.slots).append(mob)
            placed.append(mob)
        super().__init__(*placed)
        self.center()


class InputColumn(VGroup):
    """The flattened digit as a column of inputs: x_1, ⋮, x_i, ⋮, x_j, ⋮, x_N (N = x.size).

    The shown inputs (``values[shown_key]``, positions ``_rc``, 1-based ``_i``) are outlined in
    ``colors``; the first and last pixel close the column. ``nodes`` are the squares, top to bottom;
    ``shown`` the outlined ones; ``labels`` their names.
    """

    def __init__(
        self,
        values,
        theme: Theme,
        shown_key: str,
        colors: Sequence[str],
        spacing: float = 0.72,
        size: float = 0.46,
        label_side=LEFT,
    ):
        x = values["x"]
        h, w = x.shape
        items = [value_node(values, "x", (0, 0), theme, size)]
        for k, (r, c) in enumerate(values[f"{shown_key}_rc"]):
            items += [None, value_node(values, "x", (int(r), int(c)), theme, size, outline=colors[k])]
        items += [None, value_node(values, "x", (h - 1, w - 1), theme, size)]
        self.column = SlotColumn(items, theme, spacing)
        self.nodes = self.column.slots
        self.shown = self.nodes[1:-1]
        names = [Math("x_1", theme, font_size=NUMBER_SIZE + 4)]
        names += [subscripted("x", values, f"{shown_key}_i", k, theme) for k in range(len(self.shown))]
        names += [Math(f"x_{x.size}", theme, font_size=NUMBER_SIZE + 4)]
        for name, node in zip(names, self.nodes):
            name.next_to(node, label_side, buff=0.12)
        self.labels = VGroup(*names)
        super().__init__(self.column, self.labels)

    def port(self, k: int, direction=RIGHT) -> np.ndarray:
        """Where a connection leaves node ``k`` (0 = x_1, 1.. = shown, -1 = x_N)."""
        return self.nodes[k][0].get_edge_center(direction)


def init_note(values, theme: Theme, font_size: float = SMALL_SIZE) -> VGroup:
    """'W ~ Glorot uniform U(−a, a), a = 0.062, seed 1998;  b ~ U(−0.10, 0.10)', numbers from values."""
    muted = theme.muted

    def num(key, index=(), decimals=2, prefix=""):
        return Num(values, key, index, theme, decimals=decimals, font_size=font_size, color=muted, prefix=prefix)

    # Each piece is text ending in a number (a Num with a prefix), so the punctuation hugs its number.
    return VGroup(
        num("glorot_limit", decimals=3, prefix="W ~ Glorot uniform U(−a, a), a = "),
        num("seed", decimals=0, prefix=", seed "),
        num("bias_range", 0, 1, prefix=";   b ~ U("),
        num("bias_range", 1, 1, prefix=", "),
        Label(")", theme, font_size=font_size, color=muted),
    ).arrange(RIGHT, buff=0.02, aligned_edge=DOWN)


def reveal_rows(scene, grid: PixelGrid, skip: set[tuple[int, int]] = frozenset(), run_time: float = 1.5, *extra):
    """Fade a grid's remaining cells in row by row, in one play call (with ``extra`` animations)."""
    from manim import AnimationGroup

    rows = [row for row in grid.rows_except(skip) if len(row)]
    scene.play(AnimationGroup(*(FadeIn(row) for row in rows), lag_ratio=0.15), *extra, run_time=run_time)


__all__ = [
    "InputColumn",
    "SlotColumn",
    "init_note",
    "reveal_rows",
    "subscripted",
    "value_node",
]
