"""Vector stills: draw a scene's mobjects onto a cairo SVG (or PNG, or PDF) surface with the camera's matrix.

Manim has no SVG export; this reuses manim's own cairo drawing code (``Camera.display_vectorized``)
on a ``cairo.SVGSurface``, so grids, text and math come out as vector paths: a grid as one path per
colour, a line of text as one path. Images cannot be drawn this way, so figures never use them.

A still made for the page (``write_scheme_svg``) is the scene drawn twice, in the light and the dark
theme, which share one layout: the two drawings must have the same paths in the same order (checked),
and each path gets a CSS class per (light style, dark style) pair — the light styles by default, the dark
ones in an ``@media (prefers-color-scheme: dark)`` block — and no background, so the still sits on any
page in the page's own colours. Grids are drawn with their cells grouped by the pair of colours, so both
drawings group them alike. A still also carries its alt text (``<title>``, ``<desc>``, ``role="img"``) and
an invisible overlay of ``<title>``s: hovering a grid cell shows its index and exact value, hovering a
drawn number its full precision and what it is (``scenes.pipeline.page``).
"""

from __future__ import annotations

import hashlib
import html
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import cairo
import numpy as np
from manim import ManimColor, Scene, VMobject

from compute.files import atomic_write, write_text
from scenes.pipeline.camera import FigureCamera

STILL_BUDGET = 400_000  # bytes: a still for the page stays under this (hover titles included)
HALF_PIXEL = 0.5 / 135  # scene units: half a pixel at 1080p (135 px per unit)


class _VectorCamera(FigureCamera):
    """The figures' camera, drawing in true RGB order.

    Manim's own pixel array is read as RGBA while cairo writes BGRA, so manim swaps red and blue
    when it sets a colour; a real cairo surface needs them unswapped. ``cell_keys`` (id of a grid ->
    one int per cell) groups a grid's cells for drawing; by default by their own colour.
    """

    swap_rb = False

    def __init__(self, *args, cell_keys: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cell_keys = cell_keys or {}

    def display_vectorized(self, vmobject, ctx):
        if getattr(vmobject, "draw_cells", None) is not None:
            vmobject.draw_cells(ctx, False, self.cell_keys.get(id(vmobject)), HALF_PIXEL)
            return self
        return super().display_vectorized(vmobject, ctx)

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


# ---- grids ---------------------------------------------------------------------------------------------


def _pair_keys(light_leaves: list, dark_leaves: list) -> tuple[dict, dict]:
    """For each pair of grids (the same grid in both themes), one group per (light, dark) colour pair,
    ordered alike: {id(grid): keys} for each theme's camera."""
    light_keys, dark_keys = {}, {}
    for a, b in zip(light_leaves, dark_leaves):
        if getattr(a, "draw_cells", None) is None:
            continue
        pairs = np.stack([a.colour_keys(), b.colour_keys()], axis=1)
        _, inverse = np.unique(pairs, axis=0, return_inverse=True)
        light_keys[id(a)] = dark_keys[id(b)] = np.asarray(inverse).ravel()
    return light_keys, dark_keys


# ---- drawing ---------------------------------------------------------------------------------------------


def leaves(scene: Scene) -> list:
    """What the camera draws, in drawing order (every mobject with points)."""
    return FigureCamera().get_mobjects_to_display(scene.mobjects)


def frame_matrix(width: float, height: float) -> cairo.Matrix:
    """Scene units (manim's 14.22 × 8 frame, y up) to a width×height picture (y down)."""
    camera = FigureCamera(pixel_width=max(int(width), 1), pixel_height=max(int(height), 1))
    fw, fh, fc = camera.frame_width, camera.frame_height, camera.frame_center
    return cairo.Matrix(
        width / fw, 0, 0, -(height / fh), width / 2 - fc[0] * width / fw, height / 2 + fc[1] * height / fh
    )


def draw_scene(
    scene: Scene,
    ctx: cairo.Context,
    width: float,
    height: float,
    transparent: bool = False,
    cell_keys: dict | None = None,
) -> None:
    """The scene's current frame onto ``ctx`` as a width×height picture at the context's origin (whatever
    transform the context already has: a storyboard's panel, a handout's page)."""
    camera = _VectorCamera(pixel_width=max(int(round(width)), 1), pixel_height=max(int(round(height)), 1))
    camera.cell_keys = cell_keys or {}
    ctx.save()
    if not transparent:
        r, g, b, _ = ManimColor(scene.camera.background_color).to_rgba()
        ctx.rectangle(0, 0, width, height)
        ctx.set_source_rgb(r, g, b)
        ctx.fill()
    ctx.transform(frame_matrix(width, height))
    for mobject in camera.get_mobjects_to_display(scene.mobjects):
        if not isinstance(mobject, VMobject):
            raise TypeError(f"{type(mobject).__name__} cannot be drawn as vectors; draw it as VMobjects")
        camera.display_vectorized(mobject, ctx)
    ctx.restore()


def _draw(scene: Scene, surface: cairo.Surface, width: int, height: int, transparent: bool, cell_keys=None) -> None:
    draw_scene(scene, cairo.Context(surface), width, height, transparent, cell_keys)


# ---- SVG text ------------------------------------------------------------------------------------------


class DrawingMismatch(RuntimeError):
    """The light and the dark drawing of one still differ in more than colour."""


def svg_body(draw: Callable[[cairo.Context], None], width: int, height: int, decimals: int = 1) -> str:
    """What ``draw(ctx)`` draws on a width×height cairo SVG surface, cleaned: surfaces numbered from 1,
    colours as hex, path data compact (``decimals`` of a point); the elements between ``<svg>`` and
    ``</svg>``, each with its style inline."""
    import io

    buffer = io.BytesIO()
    surface = cairo.SVGSurface(buffer, width, height)
    surface.restrict_to_version(cairo.SVGVersion.VERSION_1_2)
    draw(cairo.Context(surface))
    surface.finish()
    text = _hex_colors(_round_path_data(_renumber_surfaces(buffer.getvalue().decode("utf-8")), decimals))
    start = text.index(">", text.index("<svg")) + 1
    return text[start : text.rindex("</svg>")].strip("\n") + "\n"


_STYLE = re.compile(r' style="([^"]*)"')


class ClassSheet:
    """One CSS class per (light style, dark style) pair, named in order of first use (s0, s1, …): the
    light styles are the default, the dark ones apply under ``prefers-color-scheme: dark``."""

    def __init__(self):
        self.names: dict[tuple[str, str], str] = {}

    def name(self, light: str, dark: str) -> str:
        return self.names.setdefault((light.strip(), dark.strip()), f"s{len(self.names)}")

    def css(self) -> str:
        light = "".join(f".{name}{{{_declarations(_minimal(style))}}}" for (style, _), name in self.names.items())
        dark = "".join(
            f".{name}{{{_declarations(_dark_only(s, d))}}}" for (s, d), name in self.names.items() if _dark_only(s, d)
        )
        return light + (f"@media (prefers-color-scheme:dark){{{dark}}}" if dark else "")


# A property at its initial value need not be written (nothing in a still inherits another value).
_INITIAL = {
    "fill": "#000000",
    "fill-opacity": "1",
    "fill-rule": "nonzero",
    "stroke": "none",
    "stroke-opacity": "1",
    "stroke-width": "1",
    "stroke-linecap": "butt",
    "stroke-linejoin": "miter",
    "stroke-miterlimit": "4",
    "opacity": "1",
}


def _parse(style: str) -> dict[str, str]:
    out = {}
    for part in style.split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            out[key.strip()] = value.strip()
    return out


def _minimal(style: str) -> dict[str, str]:
    return {k: v for k, v in _parse(style).items() if _INITIAL.get(k) != v}


def _dark_only(light: str, dark: str) -> dict[str, str]:
    """What the dark rule must set over the light one: each property whose value differs."""
    a, b = _parse(light), _parse(dark)
    out = {}
    for key in list(a) + [k for k in b if k not in a]:
        mine, theirs = b.get(key, _INITIAL.get(key)), a.get(key, _INITIAL.get(key))
        if mine is not None and mine != theirs:
            out[key] = mine
    return out


def _declarations(properties: dict[str, str]) -> str:
    return ";".join(f"{k}:{v}" for k, v in properties.items())


def merge_bodies(light: str, dark: str, sheet: ClassSheet) -> str:
    """The two drawings as one, each style replaced by its pair's class. DrawingMismatch if they differ
    in anything but their styles (a path, the order of the paths)."""
    a, b = _STYLE.split(light), _STYLE.split(dark)
    if len(a) != len(b) or a[0::2] != b[0::2]:
        for k, (x, y) in enumerate(zip(a[0::2], b[0::2])):
            if x != y:
                raise DrawingMismatch(
                    f"the light and dark drawings differ near drawn element {k}: {x[:80]!r} / {y[:80]!r}"
                )
        raise DrawingMismatch(f"the light drawing has {len(a) // 2} styled elements, the dark one {len(b) // 2}")
    out = []
    for k, part in enumerate(a):
        out.append(part if k % 2 == 0 else f' class="{sheet.name(a[k], b[k])}"')
    return "".join(out)


def single_body(body: str, sheet: ClassSheet) -> str:
    """One drawing with its styles as classes (one theme: light and dark alike)."""
    return _STYLE.sub(lambda m: f' class="{sheet.name(m.group(1), m.group(1))}"', body)


def svg_document(
    width: int,
    height: int,
    body: str,
    css: str,
    title: str,
    desc: str,
    scheme: str = "light dark",
    overlay: str = "",
    scope: str | None = None,
) -> str:
    """A whole SVG file: alt text (title, desc, role img), the style sheet, the drawing and its overlay.

    Its ids and style classes are the file's own (``scope``, by default a digest of its content, names them):
    several stills inlined in one HTML page keep their own colours, titles and definitions. (Classes are
    renamed rather than their rules scoped by an ancestor: a rule with an ancestor does not reach the
    copies a ``<use>`` makes.)"""
    scope = scope or "s" + hashlib.sha1((body + overlay + css).encode("utf-8")).hexdigest()[:8]
    prefix = f"c{scope[1:6]}_"
    body, overlay = (re.sub(r'class="s(\d+)"', rf'class="{prefix}\1"', part) for part in (body, overlay))
    css = re.sub(r"\.s(\d+)\{", rf".{prefix}\1{{", css)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" id="{scope}" '
        f'width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}" version="1.2" role="img" '
        f'aria-labelledby="{scope}-title {scope}-desc">\n'
        f'<title id="{scope}-title">{_x(title)}</title>\n<desc id="{scope}-desc">{_x(desc)}</desc>\n'
        f"<style>svg:root{{color-scheme:{scheme}}}{css}</style>\n{body}{overlay}</svg>\n"
    )


def _x(text: str) -> str:
    return html.escape(str(text), quote=False)


@dataclass
class Still:
    """What a still says besides its drawing: its alt text and its hover overlay. ``overlay(level)`` gives
    the overlay's SVG elements and CSS, coarser as ``level`` grows (more cells per hover block), so that a
    still stays within STILL_BUDGET."""

    title: str
    desc: str
    overlay: Callable[[int], tuple[str, str]] | None = None

    @property
    def alt(self) -> str:
        """The alt text: title and description, as one paragraph."""
        return f"{self.title}. {self.desc}"


OVERLAY_LEVELS = 5  # how many ways of coarsening the hover blocks are tried before the last is kept


def _document(width: int, height: int, body: str, css: str, still: Still, scheme: str) -> str:
    """The SVG file with the finest overlay that keeps it within STILL_BUDGET (or the coarsest)."""
    for level in range(OVERLAY_LEVELS if still.overlay else 1):
        elements, extra = still.overlay(level) if still.overlay else ("", "")
        text = svg_document(width, height, body, css + extra, still.title, still.desc, scheme, elements)
        if len(text.encode("utf-8")) <= STILL_BUDGET:
            break
    return text


def scheme_svg_text(light_scene: Scene, dark_scene: Scene, width: int, height: int, still: Still) -> str:
    """The SVG text of a still for any page: both scenes drawn (no background), merged by colour pairs."""
    sheet = ClassSheet()
    body = scheme_body(light_scene, dark_scene, width, height, sheet)
    return _document(width, height, body, sheet.css(), still, "light dark")


def scheme_body(
    light_scene: Scene, dark_scene: Scene, width: int, height: int, sheet: ClassSheet, decimals: int = 1
) -> str:
    """The two scenes drawn at width×height with no background and merged: one set of paths whose classes
    (added to ``sheet``) carry both themes' colours, coordinates to ``decimals`` of a unit. DrawingMismatch
    if the two layouts differ."""
    light_leaves, dark_leaves = leaves(light_scene), leaves(dark_scene)
    if [type(m) for m in light_leaves] != [type(m) for m in dark_leaves]:
        raise DrawingMismatch("the light and dark scenes draw different mobjects")
    light_keys, dark_keys = _pair_keys(light_leaves, dark_leaves)
    light = svg_body(lambda ctx: draw_scene(light_scene, ctx, width, height, True, light_keys), width, height, decimals)
    dark = svg_body(lambda ctx: draw_scene(dark_scene, ctx, width, height, True, dark_keys), width, height, decimals)
    return merge_bodies(light, dark, sheet)


def theme_svg_text(scene: Scene, width: int, height: int, still: Still, transparent: bool, theme: str) -> str:
    """The SVG text of a still in one theme (``--theme dark|light``): its background painted unless transparent."""
    body = svg_body(lambda ctx: draw_scene(scene, ctx, width, height, transparent), width, height)
    sheet = ClassSheet()
    body = single_body(body, sheet)
    return _document(width, height, body, sheet.css(), still, theme)


def write_scheme_svg(light_scene: Scene, dark_scene: Scene, path: Path, width: int, height: int, still: Still) -> Path:
    """A still for any page (light on a light page, dark on a dark one), written atomically to ``path``."""
    return write_text(Path(path), scheme_svg_text(light_scene, dark_scene, width, height, still))


def write_svg(
    scene: Scene, path: Path, width: int, height: int, transparent: bool = False, still: Still | None = None
) -> Path:
    """The scene's current frame as a vector SVG of width×height points, in the scene's one theme."""
    still = still or Still("", "")
    theme = getattr(getattr(scene, "theme", None), "name", "light")
    return write_text(Path(path), theme_svg_text(scene, width, height, still, transparent, theme))


def _round_path_data(svg: str, decimals: int = 1) -> str:
    """Path data rewritten compactly: coordinates to 1/10 pt (cairo writes 1/1000000; a tenth of a pixel
    at 1080p is invisible), relative commands (h and v for the sides of cells), no redundant spaces.

    A path drawn under a transform (cairo does this for stroked shapes) is in scene units, not points:
    it keeps 1/10 pt by keeping as many more decimals as its scale has digits.
    """

    def compact(match: re.Match) -> str:
        element = match.group(0)
        scale = re.search(r'transform="matrix\(([-\d.e]+),', element)
        places = decimals + (len(str(int(abs(float(scale.group(1)))))) if scale else 0)
        return re.sub(r' d="([^"]*)"', lambda d: f' d="{_compact_path(d.group(1), places)}"', element)

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


def _renumber_surfaces(svg: str) -> str:
    """cairo names surfaces from a process-wide counter ('surface81'); number them from 1 per file,
    so the same frame always gives byte-identical SVG."""
    names: dict[str, str] = {}

    def rename(match: re.Match) -> str:
        return names.setdefault(match.group(0), f"surface{len(names) + 1}")

    return re.sub(r"surface\d+", rename, svg)


def write_png(
    scene: Scene, path: Path, width: int, height: int, transparent: bool = False, still: Still | None = None
) -> Path:
    """The same frame as write_svg, rasterised by cairo to a width×height PNG (its alt text in iTXt chunks:
    Title and Description)."""

    def write(tmp: str) -> None:
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, width, height)
        _draw(scene, surface, width, height, transparent)
        surface.write_to_png(tmp)
        if still is not None and (still.title or still.desc):
            Path(tmp).write_bytes(
                png_with_text(Path(tmp).read_bytes(), {"Title": still.title, "Description": still.desc})
            )

    return atomic_write(path, write)


def png_with_text(png: bytes, text: dict[str, str]) -> bytes:
    """``png`` with an iTXt chunk (UTF-8, uncompressed) per key after its header chunk."""
    chunks = b""
    for key, value in text.items():
        data = key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")
        chunk = b"iTXt" + data
        chunks += struct.pack(">I", len(data)) + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    ihdr_end = 8 + 8 + 13 + 4  # signature, IHDR length and type, its 13 bytes, its CRC
    return png[:ihdr_end] + chunks + png[ihdr_end:]
