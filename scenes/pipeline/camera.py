"""The camera and renderer every figure renders through: manim's cairo camera and renderer, with
grids drawn by their own fast path and a few measured savings (docs/speed.md).

* A ``CellGrid`` draws itself (``draw_cells``: one cairo fill per colour); everything else is drawn
  as manim draws it. ``swap_rb`` says whether colours must be given to cairo as BGR: manim's camera
  draws into a pixel array it reads as RGBA while cairo writes BGRA; a real cairo surface (SVG, PNG)
  does not.
* A path whose points did not change since the last frame is replayed (``cairo.Context.append_path``)
  instead of being rebuilt curve by curve in Python: manim redraws every mobject above the first
  moving one on each frame, and many of those stand still (half of fig2a's path draws).
* ``HeldFrameEncoder`` converts a held frame to the video's pixel format once, not once per repeat.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
from manim import Camera
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

PATH_CACHE_SIZE = 4096  # paths kept for replay (a figure has a few hundred mobjects)


class FigureCamera(Camera):
    """manim's Camera; CellGrids are drawn by ``draw_cells``, unchanged paths are replayed."""

    swap_rb = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._paths: dict[int, list] = {}  # id(vmobject) -> [points, matrix, cairo path or None]

    def display_vectorized(self, vmobject, ctx):
        draw = getattr(vmobject, "draw_cells", None)
        if draw is not None:
            draw(ctx, self.swap_rb)
            return self
        return super().display_vectorized(vmobject, ctx)

    def set_cairo_context_path(self, ctx, vmobject):
        """manim's path, replayed from the last frame when the points and the matrix are the same.

        A path is kept only once it has been drawn twice unchanged, so a mobject that moves every
        frame costs one comparison, not a copy of its path."""
        points, matrix = vmobject.points, ctx.get_matrix()
        if not len(points):  # manim leaves the context's path as it is: so do we
            return super().set_cairo_context_path(ctx, vmobject)
        entry = self._paths.get(id(vmobject))
        if entry is not None and entry[1] == matrix and np.array_equal(entry[0], points):
            if entry[2] is not None:
                ctx.new_path()
                ctx.append_path(entry[2])
                return self
            super().set_cairo_context_path(ctx, vmobject)
            entry[2] = ctx.copy_path()
            return self
        super().set_cairo_context_path(ctx, vmobject)
        if entry is None and len(self._paths) >= PATH_CACHE_SIZE:
            self._paths.pop(next(iter(self._paths)))
        self._paths[id(vmobject)] = [points.copy(), matrix, None]
        return self


class HeldFrameEncoder(VideoSegmentEncoder):
    """manim's segment encoder; a frame repeated n times (a hold) is converted to the video's pixel
    format once and that picture encoded n times (the conversion is ~40 % of encoding a held frame)."""

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        if repeat == 1:
            return super().write_frame(pixels, repeat=1)
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        context = self._stream.codec_context
        try:
            # the same conversion the encoder would apply to every repeat (PyAV's VideoReformatter)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba").reformat(
                context.width, context.height, context.format.name
            )
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


class FigureFileWriter(SceneFileWriter):
    """manim's file writer, encoding segments with ``HeldFrameEncoder``."""

    def _create_segment_encoder(self, target):
        return HeldFrameEncoder(target=target, spec=self.video_encoder)


class FigureRenderer(CairoRenderer):
    """manim's cairo renderer, with FigureCamera and FigureFileWriter."""

    def __init__(self, camera_class=FigureCamera, file_writer_class=FigureFileWriter, **kwargs):
        super().__init__(file_writer_class=file_writer_class, camera_class=camera_class, **kwargs)


__all__ = ["FigureCamera", "FigureFileWriter", "FigureRenderer", "HeldFrameEncoder"]
