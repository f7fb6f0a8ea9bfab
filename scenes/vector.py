"""Vector stills: draw a scene's mobjects onto a cairo SVG (or PNG) surface with the camera's matrix.

Manim has no SVG export; this reuses manim's own cairo drawing code (``Camera.display_vectorized``)
on a ``cairo.SVGSurface``, so squares, text and math come out as vector paths. Images cannot be
drawn this way, so figures draw pixel grids as squares.
"""

from __future__ import annotations

import re
from pathlib import Path

import cairo
import numpy as np
from manim import Camera, ManimColor, Scene, VMobject

from compute.export import atomic_write


class _VectorCamera(Camera):
    """Manim's camera, drawing in true RGB order.

    Manim's own pixel array is read as RGBA while cairo writes BGRA, so manim swaps red and blue
    when it sets a colour; a real cairo surface needs them unswapped.
    """

    def set_cairo_context_color(self, ctx, rgbas, vmobject):
        return super().set_cairo_context_color(ctx, np.asarray(rgbas)[:, [2, 1, 0, 3]], vmobject)


def _draw(scene: Scene, surface: cairo.Surface, width: int, height: int, transparent: bool) -> None:
    camera = _VectorCamera(pixel_width=width, pixel_height=height)
    ctx = cairo.Context(surface)
    if not transparent:
        r, g, b, _ = ManimColor(scene.camera.background_color).to_rgba()
        ctx.set_source_rgb(r, g, b)
        ctx.paint()
    fw, fh = camera.frame_width, camera.frame_height
    fc = camera.frame_center
    ctx.set_matrix(
        cairo.Matrix(width / fw, 0, 0, -(height / fh), width / 2 - fc[0] * width / fw, height / 2 + fc[1] * height / fh)
    )
    for mobject in camera.get_mobjects_to_display(scene.mobjects):
        if not isinstance(mobject, VMobject):
            raise TypeError(f"{type(mobject).__name__} cannot be drawn as vectors; draw it as VMobjects")
        camera.display_vectorized(mobject, ctx)


def write_svg(scene: Scene, path: Path, width: int, height: int, transparent: bool = False) -> Path:
    """The scene's current frame as a vector SVG of width×height points."""

    def write(tmp: str) -> None:
        surface = cairo.SVGSurface(tmp, width, height)
        surface.restrict_to_version(cairo.SVGVersion.VERSION_1_2)
        _draw(scene, surface, width, height, transparent)
        surface.finish()
        with open(tmp, encoding="utf-8") as fh:
            text = _round_path_data(_renumber_surfaces(fh.read()))
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    return atomic_write(path, write)


def _round_path_data(svg: str) -> str:
    """Path coordinates to 1/100 pt (cairo writes 1/1000000): a third of the file, nothing visible."""

    def round_numbers(match: re.Match) -> str:
        return re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group(0)):.2f}".rstrip("0").rstrip("."), match.group(0))

    return re.sub(r' d="[^"]*"', round_numbers, svg)


def _renumber_surfaces(svg: str) -> str:
    """cairo names surfaces from a process-wide counter ('surface81'); number them from 1 per file,
    so the same frame always gives byte-identical SVG."""
    names: dict[str, str] = {}

    def rename(match: re.Match) -> str:
        return names.setdefault(match.group(0), f"surface{len(names) + 1}")

    return re.sub(r"surface\d+", rename, svg)


def write_png(scene: Scene, path: Path, width: int, height: int, transparent: bool = False) -> Path:
    """The same frame as write_svg, rasterised by cairo to a width×height PNG."""

    def write(tmp: str) -> None:
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, width, height)
        _draw(scene, surface, width, height, transparent)
        surface.write_to_png(tmp)

    return atomic_write(path, write)
