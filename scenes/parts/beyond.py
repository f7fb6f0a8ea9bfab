"""Pieces fig7a–fig9 share (the figures beyond the article): a digit's point cloud, a stack of feature maps,
rows of a count table, and the arithmetic relations a reader can redo from them.

Relations (added to a figure's ``Bindings``), strict as ``scenes.checks.arithmetic`` says: a drawn product of
several drawn factors (``product_of_all``), a drawn quotient (``quotient_of``).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import numpy as np
from manim import DOWN, RIGHT, UP, Arrow, Dot, Rectangle, Square, VGroup

from scenes.checks.arithmetic import value_of
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import Label, ShapeLabel, outlined_block, pixel_grid, row
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import as_role
from scenes.mobjects.theme import SMALL_SIZE, Theme

# ---- arithmetic a reader can redo -------------------------------------------------------------------


def _numbers(items, name: str):
    return [i for i in items if i.kind == "number" and i.role and i.role[0] == name]


def product_of_all(b: Bindings, result: str, factors: str, times: float | None = None) -> Bindings:
    """Each drawn ``result`` (role (result, *idx)) is the product of the drawn ``factors`` with roles
    (factors, *idx, k) — all of them, as drawn — times ``times`` (a size drawn in a header, e.g. H·W), exactly
    (scenes.checks.arithmetic). A result drawn without its factors is not checked."""

    def product(r, items):
        parts = {f.role: f for f in _numbers(items, factors) if f.role[1:-1] == r.role[1:]}
        if not parts:
            return []
        with localcontext() as context:
            context.prec = 50
            value = Decimal(1) if times is None else Decimal(int(times))
            for f in parts.values():
                value *= value_of(f.text)
        return [(value, f"the drawn {factors} multiply to")]

    return b.arithmetic_relation(result, product)


def quotient_of(b: Bindings, result: str, numerator: str, denominator: str) -> Bindings:
    """The drawn ``result`` (role (result,)) is the drawn ``numerator`` over the drawn ``denominator`` (roles
    (numerator,), (denominator,)), rounded to the result's digits."""

    def quotient(_r, items):
        tops, bottoms = _numbers(items, numerator), _numbers(items, denominator)
        if not tops or not bottoms:
            return []
        with localcontext() as context:
            context.prec = 50
            return [(value_of(tops[0].text) / value_of(bottoms[0].text), f"the drawn {numerator} / {denominator} is")]

    return b.arithmetic_relation(result, quotient)


def arrow(start, end, theme: Theme, buff: float = 0.12, tip: float = 0.2) -> Arrow:
    """A muted arrow from ``start`` to ``end`` (what flows into what), ``tip`` its head's share of the length."""
    return Arrow(start, end, buff=buff, stroke_width=3, color=theme.muted, max_tip_length_to_length_ratio=tip)


# ---- a digit as a point cloud -----------------------------------------------------------------------


class Cloud(VGroup):
    """The points (N,2) (x, y in [−1, 1], y up) as dots in a square panel ``side`` wide: ``frame`` the panel,
    ``dots`` one Dot per point, in the points' order; ``at(n)`` where point n is drawn."""

    def __init__(self, points: np.ndarray, theme: Theme, side: float = 2.6, radius: float = 0.035):
        self.points_xy = np.asarray(points, dtype=np.float64)
        self.side = side
        self.frame = Square(side_length=side, stroke_color=theme.muted, stroke_width=1.5)
        dot = Dot(radius=radius, color=theme.text, stroke_width=0)  # copied: a third of the time of a new Dot
        self.dots = VGroup(*(dot.copy().move_to(self._local(p)) for p in self.points_xy))
        super().__init__(self.frame, self.dots)

    def _local(self, p) -> np.ndarray:
        half = self.side / 2 * 0.92  # a margin inside the frame
        return np.array([p[0] * half, p[1] * half, 0.0])

    def at(self, n: int) -> np.ndarray:
        """Where point n sits now (the centre of its dot)."""
        return self.dots[int(n)].get_center()

    def ring(self, n: int, color: str, radius: float = 0.1, stroke_width: float = 3) -> VGroup:
        """A small square outline around point n (a highlight)."""
        return Square(side_length=2 * radius, stroke_color=color, stroke_width=stroke_width).move_to(self.at(n))


def digit_and_cloud(values, theme: Theme, cell: float, side: float, left: float, top: float) -> tuple:
    """(digit group, cloud group): the digit 28×28 titled 'digit 28×28', and under it its cloud titled
    'points 128×2' (ShapeLabel roles 'input' and 'points')."""
    grid = pixel_grid(values["x"], theme, cell, role="input")
    title = row(Label("digit", theme, SMALL_SIZE), ShapeLabel(values, "x", theme, role="input", font_size=SMALL_SIZE))
    digit = VGroup(title, grid).arrange(DOWN, buff=0.12)
    digit.move_to([left + digit.width / 2, top - digit.height / 2, 0])
    cloud = Cloud(values["points"], theme, side)
    ctitle = row(
        Label("points", theme, SMALL_SIZE), ShapeLabel(values, "points", theme, role="points", font_size=SMALL_SIZE)
    )
    cloud_group = VGroup(ctitle, cloud).arrange(DOWN, buff=0.12)
    cloud_group.next_to(digit, DOWN, buff=0.3).align_to([left, 0, 0], np.array([-1, 0, 0]))
    digit.grid, cloud_group.cloud = grid, cloud
    return digit, cloud_group


def columns_moved(grid: CellGrid, array: np.ndarray, order, role=None) -> CellGrid:
    """A copy of ``grid`` showing ``array`` = ``grid.array[:, order]`` (its columns taken in ``order``, e.g.
    the points shuffled): each cell keeps the colour it had, moved with its column — no colour is computed
    again (a 48×128 map's colours are most of the time fig7b's still takes). Every cell is shown."""
    array, order = np.asarray(array), np.asarray(order, dtype=np.int64)
    if not np.array_equal(array, grid.array[:, order]):
        raise ValueError("columns_moved: the array is not the grid's columns in that order")
    h, w = grid.shape
    moved = grid.copy()
    moved.array = array
    moved.rgba = grid.rgba.reshape(h, w, 4)[:, order].reshape(-1, 4)
    moved.alpha = np.ones(h * w)
    moved.role = as_role(role)
    return moved


# ---- one element, enlarged ---------------------------------------------------------------------------

ENLARGED = 5  # the enlarged block is ENLARGED×ENLARGED cells around the element


def enlarged_block(shape: tuple[int, int], at) -> tuple[int, int]:
    """(r0, c0): the top-left cell of the ENLARGED×ENLARGED block of a map of ``shape`` around ``at``, the
    element as central as the map's edges allow."""
    (h, w), (i, j) = shape, (int(a) for a in at)
    half = ENLARGED // 2
    return int(np.clip(i - half, 0, max(h - ENLARGED, 0))), int(np.clip(j - half, 0, max(w - ENLARGED, 0)))


class Enlarged(VGroup):
    """The block of ``array`` around element ``at``, its cells ``cell`` wide (a map's element seen from the
    back of a room when the map's own cells are a few pixels): ``grid`` (role ``role``), the element outlined
    in the focus colour (``target``, role ``role + '-mark'``), ``name`` over it. Coloured by the map's own
    ``color_of``, so it reads as a piece of that map."""

    def __init__(self, array, at, color_of, theme: Theme, name, role: str, cell: float = 0.22):
        array = np.asarray(array)
        r0, c0 = enlarged_block(array.shape, at)
        i, j = (int(a) for a in at)
        block = array[r0 : r0 + ENLARGED, c0 : c0 + ENLARGED]
        self.grid, self.target = outlined_block(
            block, color_of, cell, theme, role, (i - r0, j - c0), (f"{role}-mark",), theme.focus
        )
        self.name = name.next_to(self.grid, UP, buff=0.12)
        super().__init__(self.name, self.grid, self.target)


def enlarged_bindings(b: Bindings, role: str, array, at) -> Bindings:
    """What an ``Enlarged`` with ``role`` shows: the block of ``array`` (H,W) around ``at``, the element
    outlined on its own cell, at least 24 px. The block is the element's neighbourhood with the element in
    its middle cell — or as near the middle as the map's edges allow — written here from that meaning, not
    through ``enlarged_block``, so a block drawn off-centre is caught."""
    array = np.asarray(array)
    i, j = (int(a) for a in at)

    def first(k: int, n: int) -> int:  # the block's first index along an axis of n cells: k in its middle
        middle = (ENLARGED - 1) // 2
        return min(max(k - middle, 0), max(n - ENLARGED, 0))

    r0, c0 = first(i, array.shape[0]), first(j, array.shape[1])
    b.grid(role, lambda: array[r0 : r0 + ENLARGED, c0 : c0 + ENLARGED])
    b.mark_on(f"{role}-mark", role, lambda: (i - r0, j - c0, 1, 1))
    return b.at_least(f"{role}-mark", 24)


# ---- a stack of feature maps ------------------------------------------------------------------------


class FeatureStack(VGroup):
    """A C×H×W array as a stack: map ``channel`` in front (a CellGrid with ``role``, coloured by ``color_of``),
    ``depth`` outlines behind it (more outlines for more channels), its shape under it."""

    def __init__(
        self, values, key: str, channel: int, theme: Theme, color_of, role, cell: float, depth: int, offset=0.06
    ):
        array = np.asarray(values[key])
        self.grid = CellGrid(array[channel], color_of, cell, stroke_color=theme.grid_stroke, stroke_width=0, role=role)
        behind = VGroup()
        for k in range(depth, 0, -1):
            sheet = Rectangle(
                width=self.grid.width,
                height=self.grid.height,
                stroke_color=theme.muted,
                stroke_width=1.2,
                fill_color=theme.background,
                fill_opacity=1.0,
            )
            behind.add(sheet.move_to(self.grid.get_center() + k * offset * (UP + RIGHT)))
        self.behind = behind
        self.shape_label = ShapeLabel(values, key, theme, role=role, font_size=SMALL_SIZE)
        self.shape_label.next_to(self.grid, DOWN, buff=0.12)
        super().__init__(behind, self.grid, self.shape_label)


def depth_of(channels: int, per_sheet: int = 8) -> int:
    """How many outlines stand behind a stack of ``channels`` maps: one per ``per_sheet`` channels, at least 1."""
    return max(1, int(channels) // per_sheet)


__all__ = [
    "arrow",
    "Cloud",
    "columns_moved",
    "FeatureStack",
    "depth_of",
    "digit_and_cloud",
    "product_of_all",
    "quotient_of",
]
