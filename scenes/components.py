"""The few custom mobjects every figure is built from.

Numbers are only ever drawn through ``Num``, which reads them from a figure's values by key and
index and remembers where they came from, so tests can check every drawn number.
Big grids are drawn once and stay still; motion is given to small separate mobjects (a window
outline, a few numbers), because cairo repaints every frame whatever moves.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    Arrow,
    Circle,
    DashedVMobject,
    Line,
    MathTypst,
    Rectangle,
    RoundedRectangle,
    Square,
    Text,
    VGroup,
    VMobject,
    config,
)

from scenes.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE, Theme

FONT = "DejaVu Sans"
MINUS = "\u2212"


def format_number(value: float, decimals: int = 2) -> str:
    """The text a number is drawn as: fixed decimals, a true minus sign, no '-0.00'."""
    text = f"{float(value):.{decimals}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def format_scientific(value: float, digits: int = 1) -> str:
    """Scientific notation for tiny values such as a max |difference| (e.g. '2.2e−16')."""
    return f"{float(value):.{digits}e}".replace("-", MINUS)


class Label(Text):
    """Plain text in the theme's font and colour (never a number from values: use Num)."""

    def __init__(self, text: str, theme: Theme, font_size: float = LABEL_SIZE, color: str | None = None, **kwargs):
        super().__init__(text, font=FONT, font_size=font_size, color=color or theme.text, **kwargs)


class Num(Text):
    """A number drawn from a figure's values: ``values[key][index]``, formatted by ``format_number``.

    ``key``, ``index``, ``value`` and ``shown`` stay on the mobject so tests can check that what
    is drawn is what was computed.
    """

    def __init__(
        self,
        values: dict[str, np.ndarray],
        key: str,
        index: tuple[int, ...] | int = (),
        theme: Theme | None = None,
        decimals: int = 2,
        font_size: float = NUMBER_SIZE,
        color: str | None = None,
        scientific: bool = False,
        prefix: str = "",
        suffix: str = "",
        **kwargs,
    ):
        self.key = key
        self.index = tuple(int(i) for i in np.atleast_1d(np.asarray(index, dtype=np.int64)))
        self.value = float(np.asarray(values[key])[self.index])
        self.decimals = decimals
        self.scientific = scientific
        self.shown = format_scientific(self.value, decimals) if scientific else format_number(self.value, decimals)
        self.prefix, self.suffix = prefix, suffix
        color = color or (theme.text if theme else "#ffffff")
        super().__init__(prefix + self.shown + suffix, font=FONT, font_size=font_size, color=color, **kwargs)


class Math(MathTypst):
    """Typst math in the theme's colour, e.g. ``Math("y = sum_(i=1)^784 w_i x_i + b", theme)``."""

    def __init__(self, expression: str, theme: Theme, font_size: float = LABEL_SIZE + 6, **kwargs):
        super().__init__(expression, font_size=font_size, color=theme.text, **kwargs)


class PixelGrid(VGroup):
    """An (H,W) array drawn as H·W squares, row-major, coloured by ``color_of(value)``.

    ``cell(i, j)`` is the square of pixel (i,j); ``window(i, j, h, w)`` an outline around a block.
    """

    def __init__(
        self,
        array: np.ndarray,
        color_of: Callable[[float], object],
        cell_size: float = 0.18,
        stroke_color: str = "#444444",
        stroke_width: float = 0.5,
        **kwargs,
    ):
        array = np.asarray(array)
        if array.ndim != 2:
            raise ValueError(f"PixelGrid needs an (H,W) array, got shape {array.shape}")
        self.array = array
        self.cell_size = cell_size
        h, w = array.shape
        model = Square(side_length=cell_size, stroke_width=stroke_width, stroke_color=stroke_color, fill_opacity=1.0)
        squares = [  # copying one square is several times faster than building hundreds
            model.copy().set_fill(color_of(array[i, j]), 1.0).move_to([j * cell_size, -i * cell_size, 0.0])
            for i in range(h)
            for j in range(w)
        ]
        super().__init__(*squares, **kwargs)
        self.center()

    @classmethod
    def pixels(cls, x: np.ndarray, theme: Theme, cell_size: float = 0.18, **kwargs) -> "PixelGrid":
        """Intensities in [0,1] on the theme's pixel colour map."""
        return cls(x, theme.pixel_color, cell_size, stroke_color=theme.grid_stroke, **kwargs)

    @classmethod
    def signed(cls, y: np.ndarray, theme: Theme, cell_size: float = 0.18, limit: float | None = None, **kwargs):
        """Signed values on the theme's diverging colour map, symmetric about 0 (limit = max |y|)."""
        limit = float(np.max(np.abs(y))) if limit is None else limit
        return cls(y, lambda v: theme.signed_color(v, limit), cell_size, stroke_color=theme.grid_stroke, **kwargs)

    @property
    def shape(self) -> tuple[int, int]:
        return self.array.shape

    def cell(self, i: int, j: int) -> Square:
        return self.submobjects[i * self.array.shape[1] + j]

    def cells(self, positions: Sequence[tuple[int, int]]) -> VGroup:
        return VGroup(*(self.cell(i, j) for i, j in positions))

    def row(self, i: int) -> VGroup:
        w = self.array.shape[1]
        return VGroup(*self.submobjects[i * w : (i + 1) * w])

    def rows_except(self, skip) -> list[VGroup]:
        """The rows as VGroups of cells, leaving out the (i,j) in ``skip`` (cells already revealed)."""
        done = {(int(i), int(j)) for i, j in skip}
        h, w = self.array.shape
        return [VGroup(*(self.cell(i, j) for j in range(w) if (i, j) not in done)) for i in range(h)]

    def block_center(self, i: int, j: int, h: int = 1, w: int = 1) -> np.ndarray:
        """Centre of the h×w block whose top-left cell is (i,j) (cells may lie outside the grid)."""
        top_left = self.cell(0, 0).get_center()
        s = self.cell_size
        return top_left + np.array([(j + (w - 1) / 2) * s, -(i + (h - 1) / 2) * s, 0.0])

    def padding_frame(self, padding: int, theme: Theme) -> VGroup:
        """The zero border a convolution with ``padding`` sees around the grid: a dashed outline,
        labelled (empty when padding is 0)."""
        if padding == 0:
            return VGroup()
        h, w = self.array.shape
        outline = Rectangle(
            width=(w + 2 * padding) * self.cell_size,
            height=(h + 2 * padding) * self.cell_size,
            stroke_color=theme.muted,
            stroke_width=1.5,
        ).move_to(self.get_center())
        label = Label("zero padding", theme, font_size=NUMBER_SIZE - 6, color=theme.muted)
        return VGroup(DashedVMobject(outline, num_dashes=4 * (h + w)), label.next_to(outline, DOWN, buff=0.06))

    def window(self, i: int, j: int, h: int, w: int, color: str, stroke_width: float = 4) -> Rectangle:
        """An outline around the h×w block at (i,j): the sliding window. Move it, not the grid."""
        rect = Rectangle(width=w * self.cell_size, height=h * self.cell_size, color=color, stroke_width=stroke_width)
        return rect.move_to(self.block_center(i, j, h, w))


class NumberGrid(VGroup):
    """A small (h,w) block of ``values[key][prefix]`` with each number printed in its cell.

    Used for kernels, windows and products. ``numbers`` holds the Num mobjects, row-major.
    """

    def __init__(
        self,
        values: dict[str, np.ndarray],
        key: str,
        theme: Theme,
        prefix: tuple[int, ...] = (),
        cell_size: float = 0.62,
        decimals: int = 2,
        fill: Callable[[float], object] | None = None,
        font_size: float = NUMBER_SIZE,
    ):
        block = np.asarray(values[key])[prefix]
        if block.ndim != 2:
            raise ValueError(f"NumberGrid needs a 2-D block, got {key}{list(prefix)} of shape {block.shape}")
        self.grid = PixelGrid(
            block, fill or (lambda v: theme.background), cell_size, stroke_color=theme.muted, stroke_width=1.5
        )
        self.numbers = VGroup()
        for (i, j), _ in np.ndenumerate(block):
            ink = theme.ink_on(self.grid.cell(i, j).get_fill_color())
            num = Num(values, key, prefix + (i, j), theme, decimals=decimals, font_size=font_size, color=ink)
            self.numbers.add(num.move_to(self.grid.cell(i, j)))
        widest = max(num.width for num in self.numbers)
        if widest > 0.85 * cell_size:  # one scale for the whole grid, so all numbers match
            for num in self.numbers:
                num.scale(0.85 * cell_size / widest)
        super().__init__(self.grid, self.numbers)

    def number(self, i: int, j: int) -> Num:
        return self.numbers[i * self.grid.shape[1] + j]


def fit_inside(mob: VMobject, box: VMobject, margin: float = 0.85) -> VMobject:
    """Centre ``mob`` on ``box`` and shrink it, if needed, to fit inside."""
    mob.move_to(box.get_center())
    if mob.width > margin * box.width:
        mob.scale_to_fit_width(margin * box.width)
    return mob


class ColorBar(VGroup):
    """A vertical legend for a grid: a colour ramp with the array's min and max drawn as Nums."""

    def __init__(
        self,
        values: dict[str, np.ndarray],
        key: str,
        theme: Theme,
        color_of: Callable[[float], object],
        height: float = 3.0,
        width: float = 0.22,
        steps: int = 24,
        decimals: int = 2,
        title: str | None = None,
    ):
        array = np.asarray(values[key])
        lo_index = np.unravel_index(np.argmin(array), array.shape)
        hi_index = np.unravel_index(np.argmax(array), array.shape)
        lo, hi = float(array[lo_index]), float(array[hi_index])
        ramp = VGroup(
            *(
                Rectangle(
                    width=width,
                    height=height / steps,
                    stroke_width=0,
                    fill_opacity=1.0,
                    fill_color=color_of(lo + (hi - lo) * (t + 0.5) / steps),
                )
                for t in range(steps)
            )
        ).arrange(UP, buff=0)
        frame = Rectangle(width=width, height=height, stroke_color=theme.muted, stroke_width=1).move_to(ramp)
        top = Num(values, key, hi_index, theme, decimals=decimals, font_size=NUMBER_SIZE - 4)
        bottom = Num(values, key, lo_index, theme, decimals=decimals, font_size=NUMBER_SIZE - 4)
        top.next_to(frame, RIGHT, buff=0.1).align_to(frame, UP)
        bottom.next_to(frame, RIGHT, buff=0.1).align_to(frame, DOWN)
        parts = [ramp, frame, top, bottom]
        if title:
            parts.append(
                Label(title, theme, font_size=NUMBER_SIZE - 4, color=theme.muted).next_to(frame, UP, buff=0.15)
            )
        super().__init__(*parts)


class Neuron(VGroup):
    """A unit: a circle with an optional label inside (e.g. Math("y", theme) or Math("Σ", theme))."""

    def __init__(self, theme: Theme, radius: float = 0.35, label: VMobject | None = None, color: str | None = None):
        self.circle = Circle(radius=radius, color=color or theme.text, stroke_width=3)
        self.circle.set_fill(theme.background, opacity=1.0)
        parts = [self.circle]
        if label is not None:
            parts.append(fit_inside(label, self.circle, margin=1.0))
        super().__init__(*parts)

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
    """A line from ``start`` to ``end`` (an input to a neuron); ``tag`` (e.g. a weight_tag) sits on
    the line at proportion ``at``. ``line`` is the Line."""

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
        self.line = Line(start, end, color=color or theme.muted, stroke_width=stroke_width)
        parts = [self.line]
        if tag is not None:
            parts.append(tag.move_to(self.line.point_from_proportion(at)))
        super().__init__(*parts)


def weight_tag(content: VMobject, theme: Theme, fill=None, stroke: str | None = None) -> VGroup:
    """A weight on a connection: its Num (or a row with one) in a small filled box hiding the line."""
    fill = fill if fill is not None else theme.background
    box = RoundedRectangle(
        corner_radius=0.06,
        width=content.width + 0.16,
        height=content.height + 0.14,
        fill_color=fill,
        fill_opacity=1.0,
        stroke_color=stroke or theme.muted,
        stroke_width=1,
    )
    content.set_color(theme.ink_on(fill))
    return VGroup(box.move_to(content), content)


def titled(mob: VMobject, theme: Theme, *parts: VMobject, buff: float = 0.12) -> VGroup:
    """``parts`` in a row, placed just above ``mob`` (a grid's name, formula and shape)."""
    row = VGroup(*parts).arrange(RIGHT, buff=0.2)
    return row.next_to(mob, UP, buff=buff)


def ellipsis(theme: Theme, direction: str = "v") -> Math:
    """⋮ (direction 'v') or … ('h'), for the slots not drawn."""
    return Math(f"dots.{direction}", theme, font_size=SMALL_SIZE + 6).set_color(theme.muted)


class EqualityCheck(VGroup):
    """The computed evidence for an '=': 'max |Δ| = 2.2e−16' and a check mark if it is ≤ tolerance.

    ``values[key]`` is a max |a − b| computed in compute/, never asserted by the scene.
    """

    def __init__(
        self,
        values: dict[str, np.ndarray],
        theme: Theme,
        key: str = "max_abs_diff",
        tolerance: float = 1e-9,
        font_size: float = LABEL_SIZE,
    ):
        num = Num(values, key, (), theme, decimals=1, scientific=True, font_size=font_size, prefix="max |Δ| = ")
        self.holds = num.value <= tolerance
        mark = Label(
            "✓ equal" if self.holds else "✗ differ",
            theme,
            font_size=font_size,
            color=theme.good if self.holds else theme.bad,
        )
        super().__init__(num, mark)
        self.arrange(RIGHT, buff=0.25)


def shape_label(array, theme: Theme, dims: int | None = None) -> Label:
    """'28×28' (or '3×12×12', '784') read off an array's shape (its last ``dims`` axes), muted."""
    shape = np.shape(array)[-dims:] if dims else np.shape(array)
    return Label("×".join(map(str, shape)), theme, font_size=NUMBER_SIZE - 4, color=theme.muted)


def frame_of(
    mob: VMobject, theme: Theme, color: str | None = None, buff: float = 0.0, stroke_width: float = 1.0
) -> Rectangle:
    """A thin rectangle around ``mob``: the extent of an output map before its cells are revealed."""
    rect = Rectangle(
        width=mob.width + 2 * buff,
        height=mob.height + 2 * buff,
        stroke_color=color or theme.muted,
        stroke_width=stroke_width,
    )
    return rect.move_to(mob)


def header(title: str, caption: str, theme: Theme) -> VGroup:
    """Title and one-line caption, for the top edge of the frame."""
    from scenes.theme import TITLE_SIZE

    lines = [
        Label(title, theme, font_size=TITLE_SIZE),
        Label(caption, theme, font_size=SMALL_SIZE + 2, color=theme.muted),
    ]
    for line in lines:  # a long title or caption is shrunk to the frame's width, never cut off
        if line.width > config.frame_width - 0.6:
            line.scale_to_fit_width(config.frame_width - 0.6)
    return VGroup(*lines).arrange(DOWN, buff=0.12).to_edge(UP, buff=0.25)


__all__ = [
    "ColorBar",
    "Connection",
    "EqualityCheck",
    "Label",
    "Math",
    "Neuron",
    "Num",
    "NumberGrid",
    "PixelGrid",
    "ellipsis",
    "fit_inside",
    "format_number",
    "format_scientific",
    "frame_of",
    "header",
    "shape_label",
    "titled",
    "weight_tag",
]
