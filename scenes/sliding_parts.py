"""What fig2a and fig2b share: a window sliding over the input while output maps fill in."""

from __future__ import annotations

from typing import Sequence

from manim import FadeIn, Scene, VMobject, linear

from scenes.components import PixelGrid


def window_center(x_grid: PixelGrid, values, i: int, j: int):
    """Where the window producing output (i,j) sits on the input grid (``values['origin']``)."""
    kh, kw = values["k"].shape
    return x_grid.block_center(*values["origin"][i, j], kh, kw)


def sweep_rows(
    scene: Scene, window: VMobject, x_grid: PixelGrid, values, outputs: Sequence[PixelGrid], run_time: float = 0.25
) -> None:
    """The fast part of the slide: the window crosses each row of positions while that row of every
    output map fades in (cells already shown at ``values['shown']`` stay as they are)."""
    h, w = values["y"].shape
    rows = [grid.rows_except(values["shown"]) for grid in outputs]
    for i in range(h):
        scene.play(
            window.animate(rate_func=linear).move_to(window_center(x_grid, values, i, w - 1)),
            *(FadeIn(grid_rows[i], lag_ratio=0.1) for grid_rows in rows if len(grid_rows[i])),
            run_time=run_time,
        )
        if i + 1 < h:
            window.move_to(window_center(x_grid, values, i + 1, 0))
