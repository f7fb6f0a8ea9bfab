"""The camera every figure renders through: manim's cairo camera, with grids drawn by their own fast path.

A ``CellGrid`` draws itself (``draw_cells``: one cairo fill per colour); everything else is drawn as
manim draws it. ``swap_rb`` says whether colours must be given to cairo as BGR: manim's camera draws
into a pixel array it reads as RGBA while cairo writes BGRA; a real cairo surface (SVG, PNG) does not.
"""

from __future__ import annotations

from manim import Camera


class FigureCamera(Camera):
    """manim's Camera; CellGrids are drawn by ``draw_cells`` instead of as paths."""

    swap_rb = True

    def display_vectorized(self, vmobject, ctx):
        draw = getattr(vmobject, "draw_cells", None)
        if draw is not None:
            draw(ctx, self.swap_rb)
            return self
        return super().display_vectorized(vmobject, ctx)
