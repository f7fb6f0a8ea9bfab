"""Visual pieces of the reshape figures (fig6a, fig6b): C channels of a 1×1 tensor as a column.

A (C,1,1) tensor is drawn as one tall CellGrid of C cells, channel 1 on top (``channel_column``); an
(H,W) image becomes it row by row (``rows_into_column``: copies of the image's cells travel, one row
after another, cell by cell into the W consecutive channels each row becomes) and a column of H·W
channels becomes an image again (``column_into_rows``). Nothing here has 784 mobjects: a column is one
mobject, and so are all the cells in flight.
"""

from __future__ import annotations

import numpy as np
from manim import Animation, AnimationGroup, Rectangle, Succession, linear

from scenes.mobjects.grid import CellGrid
from scenes.mobjects.theme import Theme

LINE_UNIT = 0.01  # manim's stroke width unit, in scene units


def channel_column(
    array: np.ndarray, color_of, height: float, width: float = 0.3, role=None, visible: bool = True
) -> CellGrid:
    """A (C,…) array's C values as a column of C cells, ``height`` tall in all, channel 0 on top.

    No lattice: at a few hundred channels the lines would be a solid block (frame it with ``frame_of``).
    """
    flat = np.asarray(array, dtype=np.float64).reshape(-1, 1)
    return CellGrid(
        flat, color_of, width, stroke_width=0, role=role, visible=visible, cell_height=height / flat.shape[0]
    )


def pixel_column(array: np.ndarray, theme: Theme, height: float, width: float = 0.3, **kwargs) -> CellGrid:
    """Channels holding pixel intensities in [0,1], on the theme's pixel colours."""
    return channel_column(array, theme.pixel_scale(), height, width, **kwargs)


def signed_column(
    array: np.ndarray, theme: Theme, height: float, width: float = 0.3, limit: float | None = None, **kwargs
) -> CellGrid:
    """Signed channels (weights, outputs) on the diverging colours, symmetric about 0 (limit = max |array|)."""
    limit = float(np.max(np.abs(array))) if limit is None else float(limit)
    return channel_column(array, theme.signed_scale(array, limit), height, width, **kwargs)


def bracket(column: CellGrid, first: int, count: int, color: str, pad: float = 0.06, stroke_width: float = 2.5):
    """An outline around channels first .. first+count−1 of a column, ``pad`` outside them, centred on them
    (so a mark check finds it on those cells)."""
    rect = Rectangle(
        width=column.cell_size + 2 * pad,
        height=count * column.cell_height + 2 * pad,
        color=color,
        stroke_width=stroke_width,
    )
    return rect.move_to(column.block_center(first, 0, count, 1))


class MoveCells(Animation):
    """The cells of ``piece`` travel from where they are to ``targets`` ((N,4) x0, top, x1, bottom), cell by
    cell in a straight line; cells in ``wave`` k start k/(K−1)·``lag`` of the way in (K waves), so runs
    of cells (an image row, a run of channels) leave one after another. ONE mobject however many cells move.
    """

    def __init__(self, piece: CellGrid, targets: np.ndarray, wave: np.ndarray, lag: float = 0.0, **kwargs):
        self.targets = np.asarray(targets, dtype=np.float64)
        wave = np.asarray(wave, dtype=np.float64)
        self.offsets = wave / max(wave.max(), 1.0) * lag
        self.span = max(1.0 - lag, 1e-9)
        kwargs.setdefault("rate_func", linear)
        super().__init__(piece, **kwargs)

    def begin(self) -> None:
        self.sources = self.mobject.absolute_rects().copy()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = np.clip((alpha - self.offsets) / self.span, 0.0, 1.0)
        t = (t * t * (3.0 - 2.0 * t))[:, None]  # smoothstep: each cell eases in and out
        self.mobject._set_absolute_rects(self.sources + t * (self.targets - self.sources))


def cells_piece(grid: CellGrid, cells: np.ndarray) -> CellGrid:
    """Copies of the flat-indexed ``cells`` of a grid, where they are, as one grid: a piece that can travel
    (see MoveCells). It has no lattice; its cells stand inside the grid's lines, which stay visible."""
    cells = np.asarray(cells, dtype=np.int64)
    piece = CellGrid(grid.array.reshape(-1)[cells][:, None], grid.color_of, stroke_width=0)
    piece.rgba = grid.rgba[cells].copy()
    piece.regular = False
    piece._set_absolute_rects(inset(grid.absolute_rects()[cells], grid.line_width * LINE_UNIT))
    return piece


def inset(rects: np.ndarray, by: float) -> np.ndarray:
    """Cell rectangles (x0, top, x1, bottom) shrunk by ``by`` on every side (at most a quarter of a cell)."""
    by = np.minimum(by, 0.25 * np.minimum(rects[:, 2] - rects[:, 0], rects[:, 1] - rects[:, 3]))[:, None]
    return rects + by * np.array([1.0, -1.0, -1.0, 1.0])


def standing(image: CellGrid, column: CellGrid, row: int) -> np.ndarray:
    """Rects of image row ``row`` stood up as a column of cells of the image's size, centred on ``column``'s
    cells for that row (kept within the column's height): halfway between a row and its channels."""
    w = image.shape[1]
    size = image.cell_size
    left, top, width, height = column.box()
    centre = column.block_center(row * w, 0, w, 1)[1]
    centre = min(max(centre, top - height + w * size / 2), top - w * size / 2)
    x0 = left + width / 2 - size / 2
    tops = centre + w * size / 2 - size * np.arange(w)
    return np.stack([np.full(w, x0), tops, np.full(w, x0 + size), tops - size], axis=1)


def rows_into_column(image: CellGrid, column: CellGrid, rows, lag: float = 0.0, **kwargs) -> tuple[MoveCells, CellGrid]:
    """The image rows ``rows`` (copies) travelling into the channels they become, one row after another:
    row i -> channels i·W .. i·W+W−1, pixel (i, j) -> channel i·W + j (row-major, as a reshape reads it).

    Returns (animation, piece): play it, then remove the piece and show the column's cells.
    """
    return _rows_travel(image, column, image.shape[1], rows, lag, **kwargs)


def column_into_rows(column: CellGrid, image: CellGrid, rows, lag: float = 0.0, **kwargs) -> tuple[MoveCells, CellGrid]:
    """The reverse: each run of W channels (copies) travelling into image row i, channel i·W + j -> pixel (i, j).

    Returns (animation, piece): play it, then remove the piece and show the image's cells.
    """
    return _rows_travel(column, image, image.shape[1], rows, lag, **kwargs)


def _rows_travel(source: CellGrid, target: CellGrid, w: int, rows, lag: float, **kwargs) -> tuple[MoveCells, CellGrid]:
    """Copies of ``source``'s cells i·w + j of each row i in ``rows`` (flat, row-major) moving onto the same
    cells of ``target``, one row after another."""
    cells = np.array([int(i) * w + j for i in rows for j in range(w)], dtype=np.int64)
    piece = cells_piece(source, cells)
    wave = np.repeat(np.arange(len(rows)), w)
    return MoveCells(piece, target.absolute_rects()[cells], wave, lag, **kwargs), piece


def together(run_time: float, *animations) -> AnimationGroup:
    """Animations played at once, over ``run_time`` seconds: one phase of a step."""
    return AnimationGroup(*animations, run_time=run_time)


def in_turn(*phases) -> Succession:
    """Phases one after another, in ONE ``play``: a step costs one partial movie, not one per phase."""
    return Succession(*phases)


__all__ = [
    "MoveCells",
    "bracket",
    "cells_piece",
    "in_turn",
    "inset",
    "standing",
    "together",
    "channel_column",
    "column_into_rows",
    "pixel_column",
    "rows_into_column",
    "signed_column",
]
