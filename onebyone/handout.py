"""A printable handout: a vector PDF of chosen figures, drawn by cairo's PDF surface.

A title page (the article, and each figure with the page its section starts on), then per figure its
section: its id, title and caption, and its storyboard — every step's still as a numbered panel, two to a
row and six to a page, with the step's caption under it. Light theme on white paper, A4 or Letter. The
panels are drawn by the same cairo drawing as the SVG and PNG stills (``scenes.pipeline.vector.draw_scene``,
vectors, no raster); the text is cairo's, in DejaVu Sans, embedded and selectable. Each section is an
entry of the PDF's outline (bookmarks), and every page has its figure and page number at the foot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cairo

from compute.files import atomic_write
from onebyone.storyboard import Board, Line, Measure, Panel, caption_lines, draw_board

PAPERS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}  # points
HANDOUT_FORMATS = ("pdf",)
ARTICLE = "Truly understanding 1×1 convolutions"
COLUMNS, ROWS = 2, 3
PANELS_PER_PAGE = COLUMNS * ROWS
MARGIN = 42.0
GAP = 14.0
TITLE_SIZE = 15.0
TEXT_SIZE = 9.0
CAPTION_LINES = 4  # a step's caption gets this many lines under its panel (more: a layout error)


@dataclass
class Section:
    """One figure's pages: its boards (one per page) and the page its section starts on (from 1)."""

    figure: object
    steps: list
    pages: list[Board]
    first_page: int = 0


def section_pages(figure, steps: list, paper: str, measure: Measure) -> list[Board]:
    """A figure's pages: the header (id, title, caption) on the first, then six panels to a page."""
    width, height = PAPERS[paper]
    inner = width - 2 * MARGIN
    pw = (inner - (COLUMNS - 1) * GAP) / COLUMNS
    ph = pw * 9 / 16
    caption_h = TEXT_SIZE * 1.3 * (CAPTION_LINES + 1) + 6
    row_h = ph + caption_h + GAP
    pages = []
    for start in range(0, len(steps), PANELS_PER_PAGE):
        board = Board(width, height)
        y = MARGIN
        if start == 0:
            for text in measure.wrap(f"{figure.id} · {figure.title}", TITLE_SIZE, inner, True):
                y += TITLE_SIZE * 1.3
                board.lines.append(Line(MARGIN, y, text, TITLE_SIZE, "text", True))
            for text in measure.wrap(figure.caption, TEXT_SIZE + 1, inner):
                y += (TEXT_SIZE + 1) * 1.35
                board.lines.append(Line(MARGIN, y, text, TEXT_SIZE + 1, "muted"))
            y += GAP
        else:
            y += TEXT_SIZE * 1.3
            board.lines.append(Line(MARGIN, y, f"{figure.id} · {figure.title} (continued)", TEXT_SIZE, "muted", True))
            y += GAP
        for k in range(start, min(start + PANELS_PER_PAGE, len(steps))):
            row, col = divmod(k - start, COLUMNS)
            x, top = MARGIN + col * (pw + GAP), y + row * row_h
            board.panels.append(Panel(k + 1, x, top, pw, ph))
            lines = caption_lines(measure, k + 1, steps[k], x, top + ph + 4, pw, TEXT_SIZE)
            if len(lines) > CAPTION_LINES + 1:
                raise ValueError(f"{figure.id} step {k + 1}: its caption needs {len(lines) - 1} lines under its panel")
            board.lines += lines
        if y + ROWS * row_h - GAP > height - MARGIN:
            raise ValueError(f"{paper}: {ROWS} rows of panels do not fit a page")
        pages.append(board)
    return pages


def title_page(sections: list[Section], paper: str, measure: Measure) -> Board:
    """The article's title and the list of figures, each with the page its section starts on."""
    width, height = PAPERS[paper]
    inner = width - 2 * MARGIN
    board = Board(width, height)
    y = MARGIN + 120
    for text in measure.wrap(ARTICLE, 26, inner, True):
        board.lines.append(Line(MARGIN, y, text, 26, "text", True))
        y += 34
    y += 4
    for text in measure.wrap(
        "Figures: a handout. Every step of each animation as a numbered still, with its caption; every "
        "number computed by onebyone (python render.py handout).",
        11,
        inner,
    ):
        board.lines.append(Line(MARGIN, y, text, 11, "muted"))
        y += 15
    y += 24
    for section in sections:
        entry = f"{section.figure.id} · {section.figure.title}"
        page = f"page {section.first_page}"
        lines = measure.wrap(entry, 11, inner - measure.width(page, 11) - 24)
        for n, text in enumerate(lines):
            board.lines.append(Line(MARGIN, y, text, 11, "text"))
            if n == 0:
                board.lines.append(Line(width - MARGIN - measure.width(page, 11), y, page, 11, "muted"))
            y += 15
        y += 4
    return board


def plan_handout(figures_and_steps: list[tuple[object, list]], paper: str) -> tuple[Board, list[Section]]:
    """The title page and every figure's section, with page numbers (the title page is page 1)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, got {paper!r}")
    measure = Measure()
    sections = []
    page = 2
    for figure, steps in figures_and_steps:
        section = Section(figure, steps, section_pages(figure, steps, paper, measure), page)
        page += len(section.pages)
        sections.append(section)
    return title_page(sections, paper, measure), sections


def page_count(step_counts: list[int]) -> int:
    """Pages of a handout of figures with these numbers of steps: the title page, then each figure's
    panels six to a page."""
    return 1 + sum(math.ceil(n / PANELS_PER_PAGE) for n in step_counts)


def write_handout(figures: list, path: Path, paper: str = "a4", inputs=None) -> Path:
    """The handout of ``figures`` (registry entries) as a PDF at ``path``, written atomically."""
    from scenes.mobjects.theme import THEMES
    from scenes.pipeline.output import build_scene, step_list

    computed = [(figure, figure.values(inputs)) for figure in figures]
    plan = [(figure, step_list(figure, values, inputs)) for figure, values in computed]
    cover, sections = plan_handout(plan, paper)
    width, height = PAPERS[paper]
    theme = THEMES["light"]

    def write(tmp: str) -> None:
        surface = cairo.PDFSurface(tmp, width, height)
        surface.set_metadata(cairo.PDFMetadata.TITLE, f"{ARTICLE}: figures")
        surface.set_metadata(cairo.PDFMetadata.CREATOR, "onebyone (python render.py handout)")
        ctx = cairo.Context(surface)
        draw_board(ctx, cover, {}, theme)
        _footer(ctx, width, height, "", 1, theme)
        surface.show_page()
        for (figure, values), section in zip(computed, sections):
            surface.add_outline(
                cairo.PDF_OUTLINE_ROOT, f"{figure.id} · {figure.title}", f"page={section.first_page}", 0
            )
            for n, board in enumerate(section.pages):
                scenes = {
                    p.step: build_scene(
                        figure, values, "light", transparent=True, step=p.step, inputs=inputs, record=False
                    )
                    for p in board.panels
                }
                draw_board(ctx, board, scenes, theme)
                _footer(ctx, width, height, figure.id, section.first_page + n, theme)
                surface.show_page()
        surface.finish()

    return atomic_write(path, write)


def _footer(ctx: cairo.Context, width: float, height: float, figure_id: str, page: int, theme) -> None:
    from manim import ManimColor

    from onebyone.storyboard import _font

    text = f"{ARTICLE} · {figure_id} · {page}" if figure_id else f"{ARTICLE} · {page}"
    _font(ctx, 7.5)
    ctx.set_source_rgb(*ManimColor(theme.muted).to_rgb())
    ctx.move_to(MARGIN, height - MARGIN / 2)
    ctx.show_text(text)


__all__ = ["HANDOUT_FORMATS", "PAPERS", "page_count", "plan_handout", "write_handout"]
