"""The few custom mobjects every figure is built from.

Numbers are only ever drawn through ``Num`` (``scenes.mobjects.text``), which reads them from a figure's
values and carries the role they play, so tests can check every drawn number against what it means.
Grids are ``CellGrid`` (``scenes.mobjects.grid``): one mobject each, fast to draw and small in SVG.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import DOWN, RIGHT, UP, Arrow, Circle, Line, Rectangle, RoundedRectangle, VGroup, VMobject, config

from scenes.mobjects.grid import CellGrid, FadeCells, RevealCells, pixel_grid, signed_grid
from scenes.mobjects.text import (
    Label,
    Math,
    Num,
    ShapeLabel,
    Size,
    TextLine,
    as_role,
    format_number,
    format_power,
    format_scientific,
)
from scenes.mobjects.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE, TITLE_SIZE, Theme

SAFE_MARGIN = 0.04  # nothing within 4 % of a frame edge
STAGE_TOP = 3.15  # scene units (425 px above the centre at 1080p): the title's band is above it


def safe_area() -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the part of the frame at least 4 % from every edge."""
    w, h = config.frame_width, config.frame_height
    return (-w / 2 + SAFE_MARGIN * w, -h / 2 + SAFE_MARGIN * h, w / 2 - SAFE_MARGIN * w, h / 2 - SAFE_MARGIN * h)


def stage_area() -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the stage: the safe area below the title's band."""
    left, bottom, right, _ = safe_area()
    return (left, bottom, right, STAGE_TOP)


def header(title: str, theme: Theme) -> Label:
    """The figure's title, at the top of the frame from the first frame on."""
    left, _, right, top = safe_area()
    line = Label(title, theme, font_size=TITLE_SIZE)
    if line.width > right - left:
        line.scale_to_fit_width(right - left)
    return line.move_to([0, top - line.height / 2 - 0.05, 0])


def bind(mob: VMobject, role) -> VMobject:
    """Give a mark (an outline, a window) the role the tests check it against."""
    mob.role = as_role(role)
    return mob


def outlined_block(block, color_of, cell: float, theme: Theme, role, at, mark_role, color: str, stroke_width=4):
    """An enlarged block of a map, (grid, mark): ``block`` (h,w) drawn ``cell`` wide a cell in the map's own
    colours ``color_of`` (role ``role``), cell ``at`` (row, column in the block) outlined in ``color`` (role
    ``mark_role``) — a map's element seen from the back of a room when the map's own cells are small."""
    grid = CellGrid(block, color_of, cell, stroke_color=theme.grid_stroke, role=role)
    return grid, bind(grid.window(*at, 1, 1, color, stroke_width), mark_role)


class NumberGrid(VGroup):
    """A small (h,w) block of ``values[key][prefix]`` with each number printed in its cell.

    Used for kernels, windows and products. ``grid`` is the CellGrid of cells (filled by ``fill``, or
    the background), ``numbers`` the Nums, row-major, each with role ``role + (i, j)``. Cells are
    ``cell_size`` wide and ``cell_height`` tall (default: square).
    """

    def __init__(
        self,
        values: dict[str, np.ndarray],
        key: str,
        theme: Theme,
        role: tuple,
        prefix: tuple[int, ...] = (),
        cell_size: float = 0.8,
        decimals: int = 2,
        fill: Callable[[float], object] | None = None,
        font_size: float = NUMBER_SIZE,
        cell_height: float | None = None,
    ):
        block = np.asarray(values[key])[prefix]
        if block.ndim != 2:
            raise ValueError(f"NumberGrid needs a 2-D block, got {key}{list(prefix)} of shape {block.shape}")
        role = as_role(role)
        self.grid = CellGrid(
            block,
            fill or (lambda v: theme.background),
            cell_size,
            stroke_color=theme.muted,
            stroke_width=1.5,
            role=role,
            cell_height=cell_height,
        )
        self.numbers = VGroup()
        for (i, j), _ in np.ndenumerate(block):
            ink = theme.ink_on(self.grid.rgba[self.grid.flat(i, j), :3])
            num = Num(values, key, prefix + (i, j), theme, decimals, font_size, ink, role=role + (i, j))
            num.inside = True  # sits in its cell, on its own background
            self.numbers.add(num.move_to(self.grid.cell_center(i, j)))
        widest = max(num.width for num in self.numbers)
        if widest > 0.86 * cell_size:
            raise ValueError(f"{key}: numbers {widest:.2f} wide do not fit cells of {cell_size}; make the cells larger")
        super().__init__(self.grid, self.numbers)
        self.holds_text_inside = True

    def number(self, i: int, j: int) -> Num:
        return self.numbers[i * self.grid.shape[1] + j]


def fit_inside(mob: VMobject, box: VMobject, margin: float = 0.85) -> VMobject:
    """Centre ``mob`` on ``box``; a ValueError if it does not fit (shrinking it would make it unreadable)."""
    mob.move_to(box.get_center())
    if mob.width > margin * box.width + 1e-9:
        raise ValueError(
            f"{getattr(mob, 'text', mob)!r} is {mob.width:.2f} wide, too wide for a box of {box.width:.2f}"
        )
    return mob


class ColorBar(VGroup):
    """The colour scale of ``grid``: a ramp from the smallest to the largest value of the array it colours,
    its ends labelled by Nums of that min (bottom) and max (top)."""

    def __init__(
        self,
        values: dict[str, np.ndarray],
        key: str,
        theme: Theme,
        grid: CellGrid,
        height: float = 3.0,
        width: float = 0.3,
        steps: int = 32,
        decimals: int = 2,
    ):
        array = np.asarray(values[key])
        lo_index = np.unravel_index(np.argmin(array), array.shape)
        hi_index = np.unravel_index(np.argmax(array), array.shape)
        lo, hi = float(array[lo_index]), float(array[hi_index])
        ramp_values = np.linspace(hi, lo, steps)  # top cell = the largest value, bottom cell = the smallest
        self.grid_role = grid.role
        self.ramp = CellGrid(
            ramp_values,
            grid.color_of,
            width,
            stroke_width=0,
            role=("colorbar",) + tuple(grid.role or ()),
            cell_height=height / steps,
        )
        self.ramp.ends = (hi, lo)
        frame = Rectangle(width=width, height=height, stroke_color=theme.muted, stroke_width=1.5).move_to(self.ramp)
        self.top = Num(
            values, key, hi_index, theme, decimals, SMALL_SIZE, role=("colorbar-max",) + tuple(grid.role or ())
        )
        self.bottom = Num(
            values, key, lo_index, theme, decimals, SMALL_SIZE, role=("colorbar-min",) + tuple(grid.role or ())
        )
        self.top.next_to(frame, RIGHT, buff=0.12).align_to(frame, UP)
        self.bottom.next_to(frame, RIGHT, buff=0.12).align_to(frame, DOWN)
        super().__init__(self.ramp, frame, self.top, self.bottom)


class Neuron(VGroup):
    """A unit: a circle with an optional label inside (e.g. Math("Σ", theme))."""

    def __init__(self, theme: Theme, radius: float = 0.4, label: VMobject | None = None, color: str | None = None):
        self.circle = Circle(radius=radius, color=color or theme.text, stroke_width=3)
        self.circle.set_fill(theme.background, opacity=1.0)
        parts = [self.circle]
        if label is not None:
            label.inside = True
            parts.append(fit_inside(label, self.circle, margin=1.2))
        super().__init__(*parts)
        self.holds_text_inside = True

    def port(self, direction: np.ndarray) -> np.ndarray:
        """Point on the circle facing ``direction`` (where a connection attaches)."""
        return self.circle.get_boundary_point(direction)

    def output_arrow(self, length: float, color: str, tip_ratio: float = 0.25) -> Arrow:
        """The arrow leaving the unit to the right, towards where its output is written."""
        start = self.port(RIGHT)
        return Arrow(
            start,
            start + length * RIGHT,
            color=color,
            buff=0.05,
            stroke_width=3,
            max_tip_length_to_length_ratio=tip_ratio,
        )


class Connection(VGroup):
    """A line from ``start`` to ``end`` (an input to a neuron). A ``tag`` (a weight_tag) sits on the line
    at proportion ``at``, and the line stops at the tag's edges, so it never runs through the label."""

    def __init__(
        self,
        start,
        end,
        theme: Theme,
        tag: VMobject | None = None,
        at: float = 0.5,
        color: str | None = None,
        stroke_width: float = 2.0,
    ):
        start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        self.start, self.end = start, end
        color = color or theme.muted
        if tag is None:
            self.pieces = [Line(start, end, color=color, stroke_width=stroke_width)]
            super().__init__(*self.pieces)
            return
        tag.move_to(start + at * (end - start))
        t_in, t_out = _segment_box_interval(start, end, tag, pad=0.03)
        self.pieces = [
            Line(start, start + t_in * (end - start), color=color, stroke_width=stroke_width),
            Line(start + t_out * (end - start), end, color=color, stroke_width=stroke_width),
        ]
        self.tag = tag
        super().__init__(*self.pieces, tag)

    def point_at(self, proportion: float) -> np.ndarray:
        return self.start + proportion * (self.end - self.start)


def _segment_box_interval(p: np.ndarray, q: np.ndarray, box: VMobject, pad: float) -> tuple[float, float]:
    """The parameters t_in < t_out where the segment p→q enters and leaves ``box`` (grown by ``pad``)."""
    lo = box.get_corner(DOWN + np.array([-1, 0, 0]))[:2] - pad
    hi = box.get_corner(UP + RIGHT)[:2] + pad
    d = (q - p)[:2]
    t0, t1 = 0.0, 1.0
    for k in range(2):
        if abs(d[k]) < 1e-12:
            continue
        a, b = (lo[k] - p[k]) / d[k], (hi[k] - p[k]) / d[k]
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
    return (t0, t1) if t0 < t1 else (0.5, 0.5)


def weight_tag(content: VMobject, theme: Theme, fill=None, stroke: str | None = None) -> VGroup:
    """A weight on a connection: its Num (or a row with one) in a small filled box."""
    fill = fill if fill is not None else theme.background
    box = RoundedRectangle(
        corner_radius=0.06,
        width=content.width + 0.2,
        height=content.height + 0.18,
        fill_color=fill,
        fill_opacity=1.0,
        stroke_color=stroke or theme.muted,
        stroke_width=1.5,
    )
    content.set_color(theme.ink_on(fill))
    for part in content.get_family():
        part.inside = True
    tag = VGroup(box.move_to(content), content)
    tag.holds_text_inside = True
    return tag


def titled(mob: VMobject, *parts: VMobject, buff: float = 0.15) -> VGroup:
    """``parts`` in a row, placed just above ``mob`` (a grid's name, formula and shape)."""
    row = VGroup(*parts).arrange(RIGHT, buff=0.22)
    return row.next_to(mob, UP, buff=buff)


def ellipsis(theme: Theme, direction: str = "v") -> Math:
    """⋮ (direction 'v') or … ('h'), for the slots not drawn."""
    return Math(f"dots.{direction}", theme, font_size=LABEL_SIZE + 14).set_color(theme.muted)


class EqualityCheck(VGroup):
    """The computed evidence for an '=': max |Δ| between two separate computations, from compute/.

    Δ under its bound (``values[key + '_bound']``, a power of ten: only rounding) is drawn as
    'max |Δ| < 1e−12  ✓ equal'; a larger Δ as 'max |Δ| = 3.2e−03  ✗ differ' in the failure colour.
    The mark carries ``holds`` and the role ('check', key).
    """

    def __init__(self, values: dict[str, np.ndarray], theme: Theme, key: str = "max_abs_diff", font_size=LABEL_SIZE):
        delta, bound = float(values[key]), float(values[f"{key}_bound"])
        self.holds = delta < bound
        if self.holds:
            relation = Label("max |Δ| <", theme, font_size)
            number = Num(values, f"{key}_bound", (), theme, font_size=font_size, style="power", role=("bound", key))
        else:
            relation = Label("max |Δ| =", theme, font_size, color=theme.bad)
            number = Num(values, key, (), theme, 1, font_size, theme.bad, style="scientific", role=("delta", key))
        mark = Label(
            "✓ equal" if self.holds else "✗ differ", theme, font_size, color=theme.good if self.holds else theme.bad
        )
        mark.role, mark.holds = ("check", key), self.holds
        self.mark = mark
        super().__init__(relation, number, mark)
        self.arrange(RIGHT, buff=0.2)


def frame_of(
    mob: VMobject, theme: Theme | None, color: str | None = None, buff: float = 0.0, stroke_width=1.5
) -> Rectangle:
    """A thin rectangle around ``mob``: the extent of an output map before its cells are revealed."""
    rect = Rectangle(
        width=mob.width + 2 * buff,
        height=mob.height + 2 * buff,
        stroke_color=color or (theme.muted if theme else "#888888"),
        stroke_width=stroke_width,
    )
    return rect.move_to(mob)


def note(text: str, theme: Theme, font_size: float = SMALL_SIZE) -> Label:
    """A muted remark ('all outputs, row by row')."""
    return Label(text, theme, font_size, theme.muted)


def row(*parts: VMobject, buff: float = 0.15) -> VGroup:
    """Parts side by side, centred vertically; lines of text among them sit on the first one's baseline
    (a "," or a "g" hangs below it instead of lifting the line)."""
    group = VGroup(*parts).arrange(RIGHT, buff=buff)
    lines = [p for p in parts if isinstance(p, TextLine)]
    for line in lines[1:]:
        line.shift(UP * (lines[0].baseline - line.baseline))
    return group


def stack(parts: Sequence[VMobject], buff: float = 0.2, aligned_edge=None) -> VGroup:
    """Parts one under another."""
    group = VGroup(*parts)
    return (
        group.arrange(DOWN, buff=buff, aligned_edge=aligned_edge)
        if aligned_edge is not None
        else group.arrange(DOWN, buff=buff)
    )


__all__ = [
    "CellGrid",
    "ColorBar",
    "Connection",
    "EqualityCheck",
    "FadeCells",
    "Label",
    "Math",
    "Neuron",
    "Num",
    "NumberGrid",
    "RevealCells",
    "SAFE_MARGIN",
    "ShapeLabel",
    "Size",
    "TextLine",
    "bind",
    "ellipsis",
    "fit_inside",
    "format_number",
    "format_power",
    "format_scientific",
    "frame_of",
    "header",
    "note",
    "pixel_grid",
    "row",
    "outlined_block",
    "safe_area",
    "stage_area",
    "signed_grid",
    "stack",
    "titled",
    "weight_tag",
]
