"""Is the committed state of figures/ what the code computes and draws today?

``check`` recomputes each figure's values and SVG still and compares them with the committed
``figures/<id>.values.json`` (at the snapshot's stated precision, ``compute.export``) and
``figures/<id>.svg`` (as pictures: both drawn by librsvg at 1920×1080, every connected region of more
than ``MIN_REGION`` pixels changed by more than ``LEVEL`` of 255 counts). Differences that only the
machine makes — BLAS summation order, float formatting in the SVG, anti-aliasing — stay under both
thresholds; a changed number (50–80 px of glyphs) or a label moved by a third of a unit does not.

``render all`` keeps a committed file when ``snapshot_mismatches`` / ``still_differences`` are empty,
so the committed files only change when the figure does.
"""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from compute.export import Mismatch, read_snapshot, snapshot_mismatches

WIDTH, HEIGHT = 1920, 1080  # stills are compared as 1080p pictures
LEVEL = 64  # a pixel has changed when a channel (R, G, B or alpha) moved by more than this, of 255
MIN_REGION = 20  # a change counts when more than this many changed pixels touch (8-connected)
FRAME_HEIGHT_UNITS = 8.0  # manim's frame is 8 units high: 135 px per unit at 1080p
MAX_ROWS = 12  # regions listed one by one per figure in the table; the rest are summed up in one row


@dataclass(frozen=True)
class StillDifference:
    """A connected region where two stills differ: its bounding box in pixels of the 1080p picture
    (x right, y down, end exclusive), how many pixels in it changed, and by how much at most."""

    figure: str
    x0: int
    y0: int
    x1: int
    y1: int
    pixels: int
    max_level: int
    note: str = ""  # instead of a region: why there is no picture to compare
    scheme: str = ""  # "dark": found in the still's dark colour scheme (empty: the light one, librsvg's own)

    def units(self) -> tuple[float, float, float, float]:
        """The box in manim's scene coordinates (origin at the centre, y up): x0, x1, y0, y1."""
        per_px = FRAME_HEIGHT_UNITS / HEIGHT
        return (
            (self.x0 - WIDTH / 2) * per_px,
            (self.x1 - WIDTH / 2) * per_px,
            (HEIGHT / 2 - self.y1) * per_px,
            (HEIGHT / 2 - self.y0) * per_px,
        )

    def row(self) -> tuple[str, str, str, str]:
        """(figure, what, where, change) for a table."""
        if self.note:
            return self.figure, "still", "file", self.note
        ux0, ux1, uy0, uy1 = self.units()
        where = (
            f"x {self.x0}–{self.x1}, y {self.y0}–{self.y1} px (scene x {ux0:+.2f}…{ux1:+.2f}, y {uy0:+.2f}…{uy1:+.2f})"
        )
        if self.scheme:
            where += f" in the {self.scheme} scheme"
        return self.figure, "still", where, f"{self.pixels} px changed, up to {self.max_level} of 255"

    def __str__(self) -> str:
        figure, what, where, size = self.row()
        return f"{figure + ' ' if figure else ''}{what} {where}: {size}"


def rasterize(
    svg: Path, png: Path, width: int = WIDTH, height: int = HEIGHT, background: str | None = None
) -> np.ndarray:
    """(H, W, 4) uint8 RGBA: ``svg`` drawn by librsvg's rsvg-convert at width×height (on ``background``,
    a colour, if given: as a page shows a still that has none of its own)."""
    from PIL import Image

    page = ["-b", background] if background else []
    subprocess.run(
        ["rsvg-convert", "-w", str(width), "-h", str(height), *page, "-f", "png", "-o", str(png), str(svg)],
        check=True,
        capture_output=True,
    )
    with Image.open(png) as image:
        return np.asarray(image.convert("RGBA"))


def picture_differences(
    a: np.ndarray, b: np.ndarray, figure: str = "", level: int = LEVEL, min_region: int = MIN_REGION
) -> list[StillDifference]:
    """Connected regions (8-neighbours) of more than ``min_region`` pixels where two (H, W, C) pictures
    differ by more than ``level`` in some channel, largest first."""
    from scipy import ndimage

    if a.shape != b.shape:
        return [StillDifference(figure, 0, 0, 0, 0, 0, 0, note=f"size {a.shape[:2]} → {b.shape[:2]}")]
    level_changed = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2)
    labels, count = ndimage.label(level_changed > level, structure=np.ones((3, 3), bool))
    if count == 0:
        return []
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    peaks = ndimage.maximum(level_changed, labels, index=np.arange(1, count + 1))
    regions = []
    for index, box in enumerate(ndimage.find_objects(labels), start=1):
        if box is not None and sizes[index] > min_region:
            ys, xs = box
            regions.append(
                StillDifference(figure, xs.start, ys.start, xs.stop, ys.stop, int(sizes[index]), int(peaks[index - 1]))
            )
    return sorted(regions, key=lambda r: (-r.pixels, r.y0, r.x0))


def still_differences(committed_svg: Path, new_svg: Path, figure: str = "") -> list[StillDifference]:
    """Where ``new_svg`` differs from ``committed_svg`` as a picture (empty: the same picture), both
    drawn by librsvg at 1920×1080 on the theme's page colour — in the light colour scheme (librsvg's) and,
    for stills that follow the page's scheme, in the dark one too (``scheme_variants``) — and whether their
    alt text differs. A missing committed file is one difference."""
    from scenes.mobjects.theme import THEMES

    committed_svg, new_svg = Path(committed_svg), Path(new_svg)
    if not committed_svg.exists():
        return [StillDifference(figure, 0, 0, 0, 0, 0, 0, note=f"{committed_svg} is missing")]
    before_text, after_text = committed_svg.read_text("utf-8"), new_svg.read_text("utf-8")
    found: list[StillDifference] = []
    with tempfile.TemporaryDirectory(prefix="onebyone-check-") as folder:
        for scheme, (before, after) in scheme_variants(before_text, after_text).items():
            a, b = Path(folder) / f"committed-{scheme}.svg", Path(folder) / f"new-{scheme}.svg"
            a.write_text(before, "utf-8")
            b.write_text(after, "utf-8")
            page = THEMES[scheme].background
            before_png = rasterize(a, a.with_suffix(".png"), background=page)
            regions = picture_differences(before_png, rasterize(b, b.with_suffix(".png"), background=page), figure)
            found += [dataclasses.replace(r, scheme=scheme) if scheme != "light" else r for r in regions]
    if alt_text(before_text) != alt_text(after_text):
        found.append(
            StillDifference(figure, 0, 0, 0, 0, 0, 0, note=f"alt text now: {' · '.join(alt_text(after_text))}")
        )
    return found


_DARK_BLOCK = re.compile(r"@media \(prefers-color-scheme:dark\)\{((?:[^{}]|\{[^{}]*\})*)\}")


def scheme_variants(before: str, after: str) -> dict[str, tuple[str, str]]:
    """The two SVG texts as librsvg should draw them: as they are (the light scheme: librsvg ignores
    ``prefers-color-scheme``) and, if either follows the page's scheme, with its dark rules made
    unconditional (the dark scheme). A still in one theme is the same picture in both."""
    variants = {"light": (before, after)}
    if _DARK_BLOCK.search(before) or _DARK_BLOCK.search(after):
        variants["dark"] = (_DARK_BLOCK.sub(r"\1", before), _DARK_BLOCK.sub(r"\1", after))
    return variants


def alt_text(svg: str) -> tuple[str, str]:
    """(title, desc) of an SVG still (empty if it has none)."""
    found = [re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", svg, re.S) for tag in ("title", "desc")]
    return tuple(html.unescape(m.group(1)) if m else "" for m in found)


Difference = Mismatch | StillDifference


@dataclass
class FigureCheck:
    """What ``check_figure`` found for one figure, and how long each half took (seconds)."""

    figure: str
    values: list[Mismatch]
    still: list[StillDifference]
    values_seconds: float
    still_seconds: float
    error: str = ""

    @property
    def differences(self) -> list[Difference]:
        return [*self.values, *self.still]

    @property
    def clean(self) -> bool:
        return not self.error and not self.differences


def check_figure(figure_id: str, figures_dir: Path | str = "figures", still: bool = True) -> FigureCheck:
    """Recompute ``figure_id``'s values (and, with ``still``, its SVG still) and compare them with the
    committed files in ``figures_dir``. An exception while computing or drawing is reported, not raised."""
    from scenes.registry import get

    figures_dir = Path(figures_dir)
    figure = get(figure_id)
    started = time.perf_counter()
    result = FigureCheck(figure_id, [], [], 0.0, 0.0)
    try:
        values = figure.values()
        snapshot_path = figures_dir / f"{figure_id}.values.json"
        if snapshot_path.exists():
            result.values = snapshot_mismatches(read_snapshot(snapshot_path), values, figure_id)
        else:
            result.values = [Mismatch(figure_id, "*", "file", f"{snapshot_path} is missing", "computed")]
        result.values_seconds = time.perf_counter() - started
        if still:
            started = time.perf_counter()
            from scenes.pipeline.output import render_still

            with tempfile.TemporaryDirectory(prefix="onebyone-check-") as folder:
                for step, name in get(figure_id).committed_stills():
                    new_svg = render_still(figure, values, Path(folder) / name, fmt="svg", step=step)
                    result.still += still_differences(figures_dir / name, new_svg, figure_id)
            result.still_seconds = time.perf_counter() - started
    except Exception as error:  # a figure that no longer builds has changed too: say how, check the others
        result.error = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    return result


def table(results: Iterable[FigureCheck]):
    """A rich Table of every difference: figure, what (a value's key, or 'still'), where, how much."""
    from rich.table import Table

    out = Table(title="What changed", title_justify="left", show_lines=False)
    for column in ("figure", "what", "where", "change"):
        out.add_column(column, overflow="fold")
    for result in results:
        if result.error:
            out.add_row(result.figure, "error", "computing or drawing", result.error)
        for difference in result.values:
            out.add_row(*difference.row())
        for region in result.still[:MAX_ROWS]:
            out.add_row(*region.row())
        rest = result.still[MAX_ROWS:]
        if rest:
            pixels = sum(r.pixels for r in rest)
            out.add_row(result.figure, "still", f"… {len(rest)} more regions, {pixels} px", "")
    return out


def check(
    figure_ids: Iterable[str],
    figures_dir: Path | str = "figures",
    still: bool = True,
    echo: Callable[[str], None] = print,
    console=None,
) -> int:
    """Check each figure, print one line per figure as it goes and then a table of what changed.
    Returns the exit status: 0 when every figure is as committed, 1 otherwise."""
    from rich.console import Console

    console = console or Console(width=None if Console().is_terminal else 160)
    results = []
    for figure_id in figure_ids:
        result = check_figure(figure_id, figures_dir, still)
        results.append(result)
        status = "error" if result.error else f"{len(result.values)} value and {len(result.still)} still differences"
        timing = f"values {result.values_seconds:.1f} s" + (f", still {result.still_seconds:.1f} s" if still else "")
        echo(f"{figure_id:6}  {'ok' if result.clean else status:40}  ({timing})")
    changed = [r for r in results if not r.clean]
    if not changed:
        echo(f"{len(results)} figures as committed in {figures_dir}/")
        return 0
    console.print(table(changed))
    echo(
        f"{len(changed)} of {len(results)} figures differ from {figures_dir}/. If the change is intended: "
        "`make figures`, review `git diff figures/`, commit (docs/regression.md)."
    )
    return 1


__all__ = [
    "FigureCheck",
    "StillDifference",
    "check",
    "check_figure",
    "picture_differences",
    "rasterize",
    "still_differences",
    "table",
]
