"""CellGrid: an array drawn as a grid of coloured cells, as ONE mobject.

A 28×28 digit as 784 Squares costs manim 784 path draws a frame and the SVG 784 elements; a
CellGrid is drawn by ``draw_cells`` (called by ``scenes.pipeline.camera.FigureCamera``) as one cairo fill per
colour, and written to SVG as one path per colour. Cells can be shown and hidden one by one
(``FadeCells``, ``RevealCells``), and two grids with the same number of cells transform into each
other cell by cell (a row of pixels becoming a column of channels).

The mobject's own points are the outline of its box, so moving, scaling and arranging it work as for
any mobject; cell rectangles are kept relative to that box (``rects``, in [0,1], y downwards).
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

import numpy as np
from manim import Animation, ManimColor, Rectangle, VMobject, linear
from manim.utils.paths import straight_path

from scenes.mobjects.text import as_role
from scenes.mobjects.theme import Theme

ColorOf = Callable[[float], object]


def _box_points(width: float, height: float) -> np.ndarray:
    """A w×h rectangle centred on the origin as 4 straight cubic curves (top-left, clockwise)."""
    corners = np.array(
        [[-width / 2, height / 2], [width / 2, height / 2], [width / 2, -height / 2], [-width / 2, -height / 2]]
    )
    quads = []
    for a, b in zip(corners, np.roll(corners, -1, axis=0)):
        quads += [a, a + (b - a) / 3, a + 2 * (b - a) / 3, b]
    points = np.zeros((16, 3))
    points[:, :2] = quads
    return points


def _rgba(color) -> np.ndarray:
    return np.asarray(ManimColor(color).to_rgba(), dtype=np.float64)


class CellGrid(VMobject):
    """``array`` (H,W) drawn as H·W cells coloured by ``color_of(value)``, row-major.

    ``role`` says what the grid shows (the tests check its cells against the figure's bindings);
    ``visible`` whether cells start shown. Cells are ``cell_size`` wide (``cell_height`` tall, if
    different); grid lines are ``stroke_width`` in ``stroke_color`` (0: none).
    """

    def __init__(
        self,
        array: np.ndarray,
        color_of: ColorOf,
        cell_size: float = 0.18,
        stroke_color: str = "#444444",
        stroke_width: float = 0.5,
        role: tuple | str | None = None,
        visible: bool = True,
        cell_height: float | None = None,
    ):
        array = np.asarray(array)
        if array.ndim == 1:
            array = array[:, None]
        if array.ndim != 2:
            raise ValueError(f"CellGrid needs an (H,W) array, got shape {array.shape}")
        h, w = array.shape
        cell_height = cell_size if cell_height is None else cell_height
        super().__init__(fill_opacity=1.0, stroke_width=0)
        self.points = _box_points(w * cell_size, h * cell_height)
        self.array = array
        self.grid_shape = (h, w)
        self.color_of = color_of
        self.role = as_role(role)
        self.rgba = np.array([_rgba(color_of(a)) for a in array.ravel()]) if array.size else np.zeros((0, 4))
        self.alpha = np.full(array.size, 1.0 if visible else 0.0)
        rows, cols = np.divmod(np.arange(array.size), w)
        self.rects = np.stack([cols / w, rows / h, (cols + 1) / w, (rows + 1) / h], axis=1)
        self.line_rgba = _rgba(stroke_color)
        self.line_width = stroke_width
        self.regular = True  # cells tile the box in rows and columns (lines can be drawn as a lattice)

    # ---- geometry ---------------------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, int]:
        return self.grid_shape

    def box(self) -> tuple[float, float, float, float]:
        """(left, top, width, height) of the grid in scene units."""
        x0, y0 = self.points[0, :2]
        x1, y1 = self.points[8, :2]
        return float(x0), float(y0), float(x1 - x0), float(y0 - y1)

    @property
    def cell_size(self) -> float:
        return self.box()[2] / self.grid_shape[1]

    @property
    def cell_height(self) -> float:
        return self.box()[3] / self.grid_shape[0]

    def absolute_rects(self) -> np.ndarray:
        """(N,4) x0, y0 (top), x1, y1 (bottom) of every cell in scene units."""
        left, top, width, height = self.box()
        r = self.rects
        return np.stack(
            [left + r[:, 0] * width, top - r[:, 1] * height, left + r[:, 2] * width, top - r[:, 3] * height], 1
        )

    def flat(self, i: int, j: int) -> int:
        return int(i) * self.grid_shape[1] + int(j)

    def cell_center(self, i: int, j: int) -> np.ndarray:
        x0, y0, x1, y1 = self.absolute_rects()[self.flat(i, j)]
        return np.array([(x0 + x1) / 2, (y0 + y1) / 2, 0.0])

    def block_center(self, i: int, j: int, h: int = 1, w: int = 1) -> np.ndarray:
        """Centre of the h×w block whose top-left cell is (i,j); cells may lie outside the grid
        (a padded border), since the lattice extends past its edges."""
        left, top, _, _ = self.box()
        sx, sy = self.cell_size, self.cell_height
        return np.array([left + (j + w / 2) * sx, top - (i + h / 2) * sy, 0.0])

    def window(self, i: int, j: int, h: int, w: int, color: str, stroke_width: float = 4) -> Rectangle:
        """An outline around the h×w block at (i,j): a sliding window. Move it, not the grid."""
        rect = Rectangle(width=w * self.cell_size, height=h * self.cell_height, color=color, stroke_width=stroke_width)
        return rect.move_to(self.block_center(i, j, h, w))

    def cell_square(self, i: int, j: int) -> Rectangle:
        """A stand-alone filled rectangle of cell (i,j), in its colour: a piece that can travel."""
        x0, y0, x1, y1 = self.absolute_rects()[self.flat(i, j)]
        r, g, b, _ = self.rgba[self.flat(i, j)]
        rect = Rectangle(width=x1 - x0, height=y0 - y1, stroke_width=0, fill_opacity=1.0)
        return rect.set_fill(ManimColor.from_rgb((r, g, b)), 1.0).move_to([(x0 + x1) / 2, (y0 + y1) / 2, 0])

    def sub(self, rows: slice | Sequence[int], cols: slice | Sequence[int] = slice(None), role=None) -> "CellGrid":
        """A new grid of the block rows × cols, in place over this one (same colours, same visibility)."""
        idx = np.arange(self.array.size).reshape(self.grid_shape)[rows][:, cols]
        part = CellGrid(
            self.array[rows][:, cols],
            self.color_of,
            self.cell_size,
            stroke_width=self.line_width,
            role=role,
            cell_height=self.cell_height,
        )
        part.line_rgba = self.line_rgba.copy()
        part.alpha = self.alpha[idx.ravel()].copy()
        part.move_to(np.mean(self.absolute_rects()[idx.ravel()].reshape(-1, 2, 2), axis=(0, 1)).tolist() + [0.0])
        return part

    # ---- visibility -------------------------------------------------------------------------------

    def cell_indices(self, cells: Iterable[tuple[int, int]] | None) -> np.ndarray:
        if cells is None:
            return np.arange(self.array.size)
        return np.array([self.flat(i, j) for i, j in cells], dtype=np.int64)

    def show(self, cells: Iterable[tuple[int, int]] | None = None) -> "CellGrid":
        self.alpha[self.cell_indices(cells)] = 1.0
        return self

    def hide(self, cells: Iterable[tuple[int, int]] | None = None) -> "CellGrid":
        self.alpha[self.cell_indices(cells)] = 0.0
        return self

    def visible_mask(self) -> np.ndarray:
        """(H,W) bool: which cells are drawn."""
        return (self.alpha * self.get_fill_opacity() > 0).reshape(self.grid_shape)

    # ---- animation support ------------------------------------------------------------------------

    def interpolate(self, mobject1, mobject2, alpha: float, path_func=None):
        """Cell by cell: rectangles, colours and visibility move from mobject1's to mobject2's."""
        if not (isinstance(mobject1, CellGrid) and isinstance(mobject2, CellGrid)):
            return super().interpolate(mobject1, mobject2, alpha, path_func or straight_path())
        if mobject1.array.size != mobject2.array.size:
            raise ValueError(f"cannot transform {mobject1.array.size} cells into {mobject2.array.size}")
        a, b = mobject1.absolute_rects(), mobject2.absolute_rects()
        rects = a + alpha * (b - a)
        self._set_absolute_rects(rects)
        self.rgba = mobject1.rgba + alpha * (mobject2.rgba - mobject1.rgba)
        self.alpha = mobject1.alpha + alpha * (mobject2.alpha - mobject1.alpha)
        self.line_rgba = mobject1.line_rgba + alpha * (mobject2.line_rgba - mobject1.line_rgba)
        self.line_width = mobject1.line_width + alpha * (mobject2.line_width - mobject1.line_width)
        self.regular = alpha == 1.0 and mobject2.regular or alpha == 0.0 and mobject1.regular
        self.interpolate_color(mobject1, mobject2, alpha)
        if alpha == 1.0:  # end exactly as the target: its data, shape and colour function
            self.array, self.grid_shape, self.color_of = mobject2.array, mobject2.grid_shape, mobject2.color_of
            self.rects = mobject2.rects.copy()
            self.points = mobject2.points.copy()
        return self

    def _set_absolute_rects(self, rects: np.ndarray) -> None:
        left, right = rects[:, 0].min(), rects[:, 2].max()
        top, bottom = rects[:, 1].max(), rects[:, 3].min()
        width, height = max(right - left, 1e-9), max(top - bottom, 1e-9)
        self.points = _box_points(width, height) + np.array([(left + right) / 2, (top + bottom) / 2, 0.0])
        self.rects = np.stack(
            [
                (rects[:, 0] - left) / width,
                (top - rects[:, 1]) / height,
                (rects[:, 2] - left) / width,
                (top - rects[:, 3]) / height,
            ],
            axis=1,
        )

    # ---- drawing ----------------------------------------------------------------------------------

    def colour_keys(self) -> np.ndarray:
        """(N,) one int per cell: its 8-bit colour and opacity, by which ``draw_cells`` groups the cells."""
        alpha = self.alpha * float(self.get_fill_opacity())
        rgb = np.round(self.rgba[:, :3] * 255).astype(np.int64)
        a8 = np.round(alpha * 255).astype(np.int64)
        return (rgb[:, 0] << 24) | (rgb[:, 1] << 16) | (rgb[:, 2] << 8) | a8

    def draw_cells(self, ctx, swap_rb: bool, keys: np.ndarray | None = None, max_pad: float | None = None) -> None:
        """Fill the visible cells, one cairo fill per group of ``keys`` (default: per colour and opacity), in
        the order of the keys, then stroke the lattice.

        ``swap_rb``: manim's pixel array is RGBA while cairo writes BGRA, so its camera swaps red and
        blue; a real cairo surface (SVG, PNG) does not. Cells overlap their neighbours by half a device pixel,
        so no seam of background shows between them — at most by ``max_pad`` (a still drawn small keeps its
        cells).
        """
        opacity = float(self.get_fill_opacity())
        alpha = self.alpha * opacity
        shown = np.flatnonzero(alpha > 1e-3)
        if not len(shown):
            return
        keys = (self.colour_keys() if keys is None else np.asarray(keys))[shown]
        rects = self.absolute_rects()[shown]
        pad = abs(ctx.device_to_user_distance(0.5, 0.5)[0])
        pad = pad if max_pad is None else min(pad, max_pad)
        rgb = np.round(self.rgba[shown, :3] * 255).astype(np.int64)
        a8 = np.round(alpha[shown] * 255).astype(np.int64)
        order = np.argsort(keys, kind="stable")
        keys, rects, rgb, a8 = keys[order], rects[order], rgb[order], a8[order]
        if self.regular:  # a run of same-keyed neighbours (along a row; down a one-wide column) is one rectangle
            flat, w = shown[order], self.grid_shape[1]
            joined = (keys[1:] == keys[:-1]) & (flat[1:] == flat[:-1] + 1) & ((w == 1) | (flat[1:] % w != 0))
            first, last = np.r_[True, ~joined], np.r_[~joined, True]
            rects = np.concatenate([rects[first][:, :2], rects[last][:, 2:]], axis=1)
            keys, rgb, a8 = keys[first], rgb[first], a8[first]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        ends = np.r_[starts[1:], len(keys)]
        rectangle = ctx.rectangle
        for s, e in zip(starts, ends):
            r, g, b = rgb[s] / 255.0
            if swap_rb:
                r, b = b, r
            ctx.new_path()
            for x0, y0, x1, y1 in rects[s:e]:
                rectangle(x0 - pad, y1 - pad, x1 - x0 + 2 * pad, y0 - y1 + 2 * pad)
            ctx.set_source_rgba(r, g, b, a8[s] / 255.0)
            ctx.fill()
        self._draw_lines(ctx, swap_rb, shown, opacity)

    def _draw_lines(self, ctx, swap_rb: bool, shown: np.ndarray, opacity: float) -> None:
        if self.line_width <= 0:
            return
        r, g, b, a = self.line_rgba
        if swap_rb:
            r, b = b, r
        ctx.new_path()
        if self.regular and len(shown) == self.array.size:  # the whole lattice: H+1 and W+1 lines
            left, top, width, height = self.box()
            h, w = self.grid_shape
            for i in range(h + 1):
                ctx.move_to(left, top - i * height / h)
                ctx.line_to(left + width, top - i * height / h)
            for j in range(w + 1):
                ctx.move_to(left + j * width / w, top)
                ctx.line_to(left + j * width / w, top - height)
        else:
            for x0, y0, x1, y1 in self.absolute_rects()[shown]:
                ctx.rectangle(x0, y1, x1 - x0, y0 - y1)
        ctx.set_source_rgba(r, g, b, a * opacity)
        ctx.set_line_width(self.line_width * 0.01)  # manim's stroke width unit: 1/100 scene unit
        ctx.stroke()


class FadeCells(Animation):
    """Fade the given cells of a grid in (or out, ``to=0``), all together or one after another
    (``lag``: the share of the run time over which their starts are spread)."""

    def __init__(self, grid: CellGrid, cells=None, to: float = 1.0, lag: float = 0.0, **kwargs):
        self.cells = grid.cell_indices(cells)
        self.to = to
        self.lag = lag
        kwargs.setdefault("rate_func", linear)
        super().__init__(grid, **kwargs)

    def begin(self) -> None:
        self.start = self.mobject.alpha[self.cells].copy()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        n = len(self.cells)
        if n == 0:
            return
        offsets = np.linspace(0.0, self.lag, n) if n > 1 else np.zeros(1)
        span = max(1.0 - self.lag, 1e-9)
        t = np.clip((alpha - offsets) / span, 0.0, 1.0)
        self.mobject.alpha[self.cells] = self.start + t * (self.to - self.start)


def RevealCells(grid: CellGrid, order: Sequence[tuple[int, int]] | None = None, skip=(), **kwargs) -> FadeCells:
    """Fade in the grid's hidden cells one after another, row by row (or in ``order``), leaving out ``skip``."""
    h, w = grid.shape
    order = [(i, j) for i in range(h) for j in range(w)] if order is None else list(order)
    skip = {(int(i), int(j)) for i, j in skip}
    cells = [c for c in order if (int(c[0]), int(c[1])) not in skip]
    return FadeCells(grid, cells, lag=kwargs.pop("lag", 0.9), **kwargs)


def pixel_grid(x: np.ndarray, theme: Theme, cell_size: float = 0.18, **kwargs) -> CellGrid:
    """Intensities in [0,1] on the theme's pixel colour map."""
    return CellGrid(x, theme.pixel_scale(), cell_size, stroke_color=theme.grid_stroke, **kwargs)


def signed_grid(y: np.ndarray, theme: Theme, cell_size: float = 0.18, limit: float | None = None, **kwargs) -> CellGrid:
    """Signed values on the theme's diverging colour map, symmetric about 0 (limit = max |y|)."""
    return CellGrid(y, theme.signed_scale(y, limit), cell_size, stroke_color=theme.grid_stroke, **kwargs)


__all__ = ["CellGrid", "FadeCells", "RevealCells", "pixel_grid", "signed_grid"]
