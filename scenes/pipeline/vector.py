"""Vector stills: draw a scene's mobjects onto a cairo SVG (or PNG) surface with the camera's matrix.

Manim has no SVG export; this reuses manim's own cairo drawing code (``Camera.display_vectorized``)
on a ``cairo.SVGSurface``, so grids, text and math come out as vector paths: a grid as one path per
colour (``CellGrid.draw_cells``), a line of text as one path. Images cannot be drawn this way, so
figures never use them.
"""

from __future__ import annotations

import re
from pathlib import Path

import cairo
import numpy as np
from manim import ManimColor, Scene, VMobject

from compute.export import atomic_write
from scenes.pipeline.camera import FigureCamera


class _VectorCamera(FigureCamera):
    """The figures' camera, drawing in true RGB order.

    Manim's own pixel array is read as RGBA while cairo writes BGRA, so manim swaps red and blue
    when it sets a colour; a real cairo surface needs them unswapped.
    """

    swap_rb = False

    def set_cairo_context_color(self, ctx, rgbas, vmobject):
        return super().set_cairo_context_color(ctx, np.asarray(rgbas)[:, [2, 1, 0, 3]], vmobject)

    def set_cairo_context_path(self, ctx, vmobject):
        """As manim's, but a straight cubic (handles on its chord) becomes a line: squares and
        rectangles, most of every figure, then take a quarter of the SVG text."""
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        ctx.new_path()
        if len(points) == 0:
            return self
        n = vmobject.n_points_per_cubic_curve
        for start, end in vmobject.get_subpath_split_indices_from_points(points, n_dims=2):
            start, end = int(start), int(end)
            if end - start < n:
                continue
            curves = points[start:end, :2].reshape(-1, n, 2)  # (curves, 4, 2)
            ctx.new_sub_path()
            ctx.move_to(*curves[0, 0])
            for curve, straight in zip(curves, _straight(curves)):
                if straight:
                    ctx.line_to(*curve[3])
                else:
                    ctx.curve_to(*curve[1], *curve[2], *curve[3])
            if vmobject.consider_points_equals_2d(points[start], points[end - 1]):
                ctx.close_path()
        return self


def _straight(curves: np.ndarray, tolerance: float = 1e-9) -> np.ndarray:
    """(K,) whether each cubic of (K,4,2) has both handles on the segment between its anchors."""
    chord = curves[:, 3] - curves[:, 0]
    length2 = np.einsum("kd,kd->k", chord, chord)
    flat = np.ones(len(curves), dtype=bool)
    for h in (1, 2):
        offset = curves[:, h] - curves[:, 0]
        cross = chord[:, 0] * offset[:, 1] - chord[:, 1] * offset[:, 0]
        along = np.einsum("kd,kd->k", chord, offset)
        flat &= (np.abs(cross) <= tolerance * np.maximum(length2, 1e-12)) & (along >= 0) & (along <= length2)
    return flat & (length2 > 0)


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
            text = _style_classes(_hex_colors(_round_path_data(_renumber_surfaces(fh.read()))))
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    return atomic_write(path, write)


def _round_path_data(svg: str) -> str:
    """Path data rewritten compactly: coordinates to 1/10 pt (cairo writes 1/1000000; a tenth of a pixel
    at 1080p is invisible), relative commands (h and v for the sides of cells), no redundant spaces.

    A path drawn under a transform (cairo does this for stroked shapes) is in scene units, not points:
    it keeps 1/10 pt by keeping as many more decimals as its scale has digits.
    """

    def compact(match: re.Match) -> str:
        element = match.group(0)
        scale = re.search(r'transform="matrix\(([-\d.e]+),', element)
        decimals = 1 + (len(str(int(abs(float(scale.group(1)))))) if scale else 0)
        return re.sub(r' d="([^"]*)"', lambda d: f' d="{_compact_path(d.group(1), decimals)}"', element)

    return re.sub(r"<path [^>]*>", compact, svg)


def _compact_path(d: str, decimals: int) -> str:
    """cairo's absolute 'M x y L x y C … Z' as relative commands on a grid of 10^-decimals.

    Every absolute coordinate is rounded first and the relative steps are differences of rounded values,
    so rounding never accumulates; a cell's sides come out as h and v."""
    scale = 10**decimals
    tokens = d.split()
    out: list[str] = []
    cx = cy = sx = sy = 0  # current point, subpath start (integers on the grid)

    def grid(k: int) -> tuple[int, int]:
        return round(float(tokens[k]) * scale), round(float(tokens[k + 1]) * scale)

    def num(n: int) -> str:  # n/scale in the fewest characters: 12.5, .5, -3, 0 (integer arithmetic, exact)
        whole, part = divmod(abs(n), scale)
        text = (str(whole) if whole else "") + (f".{part:0{decimals}d}".rstrip("0") if part else "")
        return ("-" + text if n < 0 else text) if text else "0"

    def nums(*ns: int) -> str:
        parts = [num(n) for n in ns]
        return parts[0] + "".join(p if p.startswith("-") else " " + p for p in parts[1:])

    k = 0
    while k < len(tokens):
        command = tokens[k]
        if command == "M":
            if k + 3 >= len(tokens) or tokens[k + 3] == "M":  # a move that draws nothing (cairo's after Z)
                k += 3
                continue
            x, y = grid(k + 1)
            out.append(("M" + nums(x, y)) if not out else ("m" + nums(x - cx, y - cy)))
            cx, cy, sx, sy = x, y, x, y
            k += 3
        elif command == "L":
            x, y = grid(k + 1)
            out.append("h" + num(x - cx) if y == cy else "v" + num(y - cy) if x == cx else "l" + nums(x - cx, y - cy))
            cx, cy = x, y
            k += 3
        elif command == "C":
            (x1, y1), (x2, y2), (x, y) = grid(k + 1), grid(k + 3), grid(k + 5)
            out.append("c" + nums(x1 - cx, y1 - cy, x2 - cx, y2 - cy, x - cx, y - cy))
            cx, cy = x, y
            k += 7
        elif command == "Z":
            out.append("z")
            cx, cy = sx, sy
            k += 1
        else:
            raise ValueError(f"unexpected path command {command!r} in cairo's SVG")
    return "".join(out)


def _hex_colors(svg: str) -> str:
    """cairo's 'rgb(20.909%,6.1486%,0.13221%)' as '#351000' (the same 8-bit colour)."""

    def to_hex(match: re.Match) -> str:
        return "#" + "".join(f"{round(float(p) * 2.55):02x}" for p in match.groups())

    return re.sub(r"rgb\(([\d.]+)%,([\d.]+)%,([\d.]+)%\)", to_hex, svg)


def _style_classes(svg: str) -> str:
    """Each distinct inline style once, in a <style> sheet, and a short class on every element:
    a grid's hundreds of squares share a handful of styles."""
    classes: dict[str, str] = {}

    def to_class(match: re.Match) -> str:
        return f'class="{classes.setdefault(match.group(1).strip(), f"s{len(classes)}")}"'

    svg = re.sub(r'style="([^"]*)"', to_class, svg)
    sheet = "".join(f".{name}{{{style}}}" for style, name in classes.items())
    return re.sub(r"(<svg[^>]*>)", lambda m: f"{m.group(1)}\n<style>{sheet}</style>", svg, count=1)


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
