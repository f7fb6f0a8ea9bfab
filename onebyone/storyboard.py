"""Storyboards: every step of a figure as a numbered panel with its caption under it, in one picture.

For a post that cannot embed a video: ``write_storyboard`` writes ``<id>.storyboard.svg`` (light on a light
page, dark on a dark one, as the stills) or, for platforms without SVG, a PNG in one theme. The handout
(``onebyone.handout``) lays the same panels out on printed pages.

A board is laid out once (``Board``: panels, frames and lines of text, in its own units) and then drawn by
one of two backends: ``board_svg`` writes SVG text — each panel is the step's still (``scenes.pipeline.vector``:
the light and dark drawings merged into CSS classes), placed with a transform, and a path drawn alike in
several panels is defined once and reused (``<use>``); ``draw_board`` draws it onto any cairo context (a PNG,
a PDF page) with manim's cairo drawing of each scene and cairo's text.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import cairo

from compute.files import atomic_write

FONT = "DejaVu Sans"
SVG_FONT = "'DejaVu Sans', Verdana, Arial, sans-serif"
FRAME_W, FRAME_H = 1920, 1080  # the scene's frame, as the stills draw it (1080p units)
PANEL_DECIMALS = 0  # a panel's coordinates in whole 1080p pixels: drawn at half size or less, that is ≤ ¼ px


@dataclass
class Line:
    """One line of text: its baseline's start, its size, its colour role ("text" or "muted"), weight."""

    x: float
    y: float
    text: str
    size: float
    role: str = "text"
    bold: bool = False


@dataclass
class Panel:
    """Step ``step`` (from 1) drawn in the box x, y, w, h (16:9), with a frame around it."""

    step: int
    x: float
    y: float
    w: float
    h: float


@dataclass
class Board:
    """What one picture (or one printed page) holds, in its own units."""

    width: float
    height: float
    panels: list[Panel] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)


class Measure:
    """Widths of text in DejaVu Sans as cairo sets it (unhinted metrics: the same at any scale)."""

    def __init__(self):
        self.ctx = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 4, 4))
        options = cairo.FontOptions()
        options.set_hint_metrics(cairo.HINT_METRICS_OFF)
        options.set_hint_style(cairo.HINT_STYLE_NONE)
        self.ctx.set_font_options(options)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        _font(self.ctx, size, bold)
        return self.ctx.text_extents(text).x_advance

    def wrap(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        """``text`` broken between words into lines no wider than ``width``."""
        lines: list[str] = []
        for word in text.split():
            if lines and self.width(f"{lines[-1]} {word}", size, bold) <= width:
                lines[-1] += f" {word}"
            else:
                lines.append(word)
        return lines or [""]


def _font(ctx: cairo.Context, size: float, bold: bool = False) -> None:
    weight = cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL
    ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL, weight)
    ctx.set_font_size(size)


def step_label(k: int, step) -> str:
    return f"{k} · {step.name}"


def caption_lines(measure: Measure, k: int, step, x: float, y: float, width: float, size: float) -> list[Line]:
    """The panel's number and step name (bold), then its caption wrapped to ``width``; ``y``: the top."""
    lead = size * 1.3
    lines = [Line(x, y + size, step_label(k, step), size, "text", True)]
    for n, text in enumerate(measure.wrap(step.caption, size, width), start=1):
        lines.append(Line(x, y + size + n * lead, text, size, "muted"))
    return lines


# ---- the storyboard's layout ------------------------------------------------------------------------


BOARD_WIDTH = 1920
MARGIN = 48
GAP = 48
TITLE_SIZE = 48
TEXT_SIZE = 32


def storyboard_layout(figure, steps: list, measure: Measure | None = None, columns: int = 2) -> Board:
    """Title and caption on top, then the steps' panels ``columns`` to a row, each captioned under it."""
    measure = measure or Measure()
    columns = max(1, min(columns, len(steps)))
    inner = BOARD_WIDTH - 2 * MARGIN
    board = Board(BOARD_WIDTH, 0)
    y = MARGIN
    for text in measure.wrap(f"{figure.id} · {figure.title}", TITLE_SIZE, inner, True):
        y += TITLE_SIZE * 1.25
        board.lines.append(Line(MARGIN, y, text, TITLE_SIZE, "text", True))
    for text in measure.wrap(figure.caption, TEXT_SIZE, inner):
        y += TEXT_SIZE * 1.35
        board.lines.append(Line(MARGIN, y, text, TEXT_SIZE, "muted"))
    y += GAP
    pw = (inner - (columns - 1) * GAP) / columns
    ph = pw * FRAME_H / FRAME_W
    for row in range(math.ceil(len(steps) / columns)):
        bottom = y + ph
        for col in range(columns):
            k = row * columns + col
            if k >= len(steps):
                break
            x = MARGIN + col * (pw + GAP)
            board.panels.append(Panel(k + 1, x, y, pw, ph))
            lines = caption_lines(measure, k + 1, steps[k], x, y + ph + 12, pw, TEXT_SIZE)
            board.lines += lines
            bottom = max(bottom, lines[-1].y + TEXT_SIZE * 0.4)
        y = bottom + GAP
    board.height = y - GAP + MARGIN
    return board


# ---- drawing a board with cairo (PNG, PDF) --------------------------------------------------------------


def draw_board(ctx: cairo.Context, board: Board, scenes: dict[int, object], theme, background: bool = True) -> None:
    """``board`` onto ``ctx`` in ``theme``: each panel's scene (``scenes[step]``) scaled into its box."""
    from manim import ManimColor

    from scenes.pipeline.vector import draw_scene

    def rgb(color: str) -> tuple[float, float, float]:
        return ManimColor(color).to_rgb()

    if background:
        ctx.set_source_rgb(*rgb(theme.background))
        ctx.paint()
    for panel in board.panels:
        ctx.save()
        ctx.translate(panel.x, panel.y)
        ctx.scale(panel.w / FRAME_W, panel.h / FRAME_H)
        draw_scene(scenes[panel.step], ctx, FRAME_W, FRAME_H, transparent=True)
        ctx.restore()
        ctx.rectangle(panel.x, panel.y, panel.w, panel.h)
        ctx.set_source_rgb(*rgb(theme.grid_stroke))
        ctx.set_line_width(max(panel.w / 640, 0.5))
        ctx.stroke()
    for line in board.lines:
        _font(ctx, line.size, line.bold)
        ctx.set_source_rgb(*rgb(theme.text if line.role == "text" else theme.muted))
        ctx.move_to(line.x, line.y)
        ctx.show_text(line.text)


# ---- a board as SVG (both colour schemes) ---------------------------------------------------------------


def board_svg(board: Board, pairs: dict[int, tuple], title: str, desc: str) -> str:
    """``board`` as one SVG for any page: each panel is its step's still (the light and dark scenes of
    ``pairs[step]`` merged), paths shared between panels defined once; text as SVG text."""
    from scenes.mobjects.theme import THEMES
    from scenes.pipeline.vector import ClassSheet, scheme_body, svg_document

    sheet = ClassSheet()
    bodies = {}
    for step, (light_scene, dark_scene) in pairs.items():
        body = scheme_body(light_scene, dark_scene, FRAME_W, FRAME_H, sheet, PANEL_DECIMALS)
        if "url(#" in body or 'href="#' in body:
            raise RuntimeError("a panel refers to a definition of its own: it cannot be shared in a storyboard")
        bodies[step] = [line for line in re.sub(r' id="surface\d+"', "", body).splitlines() if line.strip()]
    scope = "s" + hashlib.sha1("".join("".join(lines) for lines in bodies.values()).encode("utf-8")).hexdigest()[:8]
    shared = _shared_elements(bodies, scope[:5])  # short ids (thousands of uses), unique enough per page
    light, dark = THEMES["light"], THEMES["dark"]
    text_class = {
        "text": sheet.name(f"fill:{light.text}", f"fill:{dark.text}"),
        "muted": sheet.name(f"fill:{light.muted}", f"fill:{dark.muted}"),
    }
    frame_class = sheet.name(
        f"fill:none;stroke:{light.grid_stroke};stroke-width:2", f"fill:none;stroke:{dark.grid_stroke};stroke-width:2"
    )
    defs = "".join(element.replace("<path ", f'<path id="{name}" ', 1) + "\n" for element, name in shared.items())
    out = [f"<defs>\n{defs}</defs>\n"] if defs else []
    for panel in board.panels:
        scale = panel.w / FRAME_W
        out.append(f'<g transform="matrix({_n(scale, 6)} 0 0 {_n(scale, 6)} {_n(panel.x)} {_n(panel.y)})">\n')
        for element in bodies[panel.step]:
            name = shared.get(element)
            out.append(f'<use xlink:href="#{name}"/>\n' if name else element + "\n")
        out.append("</g>\n")
        out.append(
            f'<rect class="{frame_class}" x="{_n(panel.x)}" y="{_n(panel.y)}" width="{_n(panel.w)}" '
            f'height="{_n(panel.h)}"/>\n'
        )
    for line in board.lines:
        weight = ' font-weight="bold"' if line.bold else ""
        out.append(
            f'<text class="{text_class[line.role]}" x="{_n(line.x)}" y="{_n(line.y)}" font-size="{_n(line.size)}"'
            f"{weight}>{html.escape(line.text, quote=False)}</text>\n"
        )
    width, height = int(math.ceil(board.width)), int(math.ceil(board.height))
    css = sheet.css() + f"text{{font-family:{SVG_FONT}}}"
    return svg_document(width, height, "".join(out), css, title, desc, scope=scope)


def _shared_elements(bodies: dict[int, list[str]], prefix: str = "p") -> dict[str, str]:
    """Path elements drawn identically in two panels or more (and long enough to be worth a <use>):
    element -> its id, numbered in order of first appearance."""
    seen: dict[str, int] = {}
    for lines in bodies.values():
        for element in set(lines):
            if element.startswith("<path ") and len(element) > 48:
                seen[element] = seen.get(element, 0) + 1
    shared: dict[str, str] = {}
    for step in sorted(bodies):
        for element in bodies[step]:
            if seen.get(element, 0) > 1 and element not in shared:
                shared[element] = f"{prefix}{len(shared)}"
    return shared


def _n(x: float, places: int = 2) -> str:
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


# ---- one figure's storyboard ----------------------------------------------------------------------------


def storyboard_text(figure, steps: list) -> tuple[str, str]:
    """(title, desc) of a storyboard: the figure, and every step's caption, numbered."""
    title = f"{figure.title}: storyboard in {len(steps)} steps"
    desc = f"{figure.caption.rstrip('.')}. " + " ".join(
        f"{k}. {s.name}: {s.caption.rstrip('.')}." for k, s in enumerate(steps, start=1)
    )
    return title, desc


def write_storyboard(
    figure,
    values,
    out_dir: Path,
    fmt: str = "svg",
    theme: str = "light",
    scale: float = 1.0,
    inputs=None,
) -> Path:
    """``out_dir/<id>.storyboard.svg`` (any page's colour scheme) or ``.png`` (``theme``, ``scale`` × 1920 px
    wide). An SVG that draws the same picture as the one already there is left as it is, and one whose
    inputs have not changed since it was written (its stamp, ``out_dir/.stamp-<id>.storyboard``, ignored
    by git) is not drawn again."""
    from scenes.pipeline.output import build_pair, build_scene, png_size, step_list

    target = Path(out_dir) / f"{figure.id}.storyboard.{fmt}"
    stamp = target.with_name(f".stamp-{figure.id}.storyboard")
    key = storyboard_key(figure, values) if fmt == "svg" and inputs is None else None
    if key is not None and _fresh(stamp, target, key):
        return target
    steps = step_list(figure, values, inputs)
    board = storyboard_layout(figure, steps)
    title, desc = storyboard_text(figure, steps)
    if fmt == "svg":
        pairs = {k: build_pair(figure, values, step=k, inputs=inputs) for k in range(1, len(steps) + 1)}
        text = board_svg(board, pairs, title, desc)
        written = _write_if_changed(target, text, figure.id)
        if key is not None:
            stamp_text = json.dumps({"key": key, "sha256": hashlib.sha256(written.read_bytes()).hexdigest()})
            atomic_write(stamp, lambda tmp: Path(tmp).write_text(stamp_text + "\n", "utf-8"))
        return written
    from scenes.mobjects.theme import THEMES
    from scenes.pipeline.vector import png_with_text

    scenes = {
        k: build_scene(figure, values, theme, transparent=True, step=k, inputs=inputs, record=False)
        for k in range(1, len(steps) + 1)
    }
    width, height = png_size(int(math.ceil(board.width)), int(math.ceil(board.height)), scale)

    def write(tmp: str) -> None:
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, width, height)
        ctx = cairo.Context(surface)
        ctx.scale(width / board.width, height / board.height)
        draw_board(ctx, board, scenes, THEMES[theme])
        surface.write_to_png(tmp)
        Path(tmp).write_bytes(png_with_text(Path(tmp).read_bytes(), {"Title": title, "Description": desc}))

    return atomic_write(target, write)


def storyboard_key(figure, values) -> str:
    """A digest of what a storyboard is drawn from: the figure's values, the sources of its scene, the
    pipeline and this module, and the versions of what draws (``onebyone.stamps``)."""
    from onebyone.stamps import (
        VALUE_PACKAGES,
        _digest,
        module_closure,
        scene_modules,
        sources_digest,
        values_digest,
        versions,
    )

    modules = sorted(set(scene_modules(figure)) | set(module_closure([__name__], skip=VALUE_PACKAGES)))
    return _digest("storyboard", values_digest(values), sources_digest(modules), versions())


def _fresh(stamp: Path, target: Path, key: str) -> bool:
    """Whether ``target`` is the storyboard ``stamp`` recorded for ``key``, unchanged since."""
    try:
        recorded = json.loads(stamp.read_text("utf-8"))
        return recorded["key"] == key and recorded["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _write_if_changed(target: Path, text: str, figure_id: str) -> Path:
    """Write ``text`` to ``target`` unless the file there draws the same picture with the same alt text
    (another machine's last bits in a colour), so that regenerating leaves git clean."""
    if target.exists():
        old = target.read_text("utf-8")
        if old == text:
            return target
        from onebyone.check import still_differences

        scratch = target.with_name(f".{target.name}.new")
        try:
            scratch.write_text(text, "utf-8")
            if not still_differences(target, scratch, figure_id):
                return target
        finally:
            scratch.unlink(missing_ok=True)
    return atomic_write(target, lambda tmp: Path(tmp).write_text(text, "utf-8"))


__all__ = ["Board", "Line", "Measure", "Panel", "board_svg", "draw_board", "storyboard_layout", "write_storyboard"]
