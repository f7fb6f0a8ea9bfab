"""What fig2a and fig2b share: a window sliding over the input while output maps fill in."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import Animation, Group, VMobject, linear

from scenes.grid import CellGrid


def window_center(x_grid: CellGrid, values, i: int, j: int) -> np.ndarray:
    """Where the window producing output (i,j) sits on the input grid (``values['origin']``)."""
    kh, kw = values["k"].shape
    return x_grid.block_center(*values["origin"][i, j], kh, kw)


class Sweep(Animation):
    """The whole slide in one animation: the window visits every output position row by row while
    each position's output cell appears in every map of ``outputs`` (cells already shown stay)."""

    def __init__(self, window: VMobject, x_grid: CellGrid, values, outputs: Sequence[CellGrid], **kwargs):
        self.window, self.x_grid, self.values, self.outputs = window, x_grid, values, list(outputs)
        h, w = values["y"].shape
        self.positions = [(i, j) for i in range(h) for j in range(w)]
        self.centers = np.array([window_center(x_grid, values, i, j) for i, j in self.positions])
        kwargs.setdefault("rate_func", linear)
        super().__init__(Group(window, *self.outputs), **kwargs)

    def begin(self) -> None:
        self.already = [grid.alpha.copy() for grid in self.outputs]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        k = min(int(alpha * len(self.positions)), len(self.positions) - 1)
        self.window.move_to(self.centers[k])
        flat = np.arange(len(self.positions))
        for grid, before in zip(self.outputs, self.already):
            grid.alpha = np.maximum(before, (flat <= k).astype(float))
