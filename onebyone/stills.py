"""Stills for the page: the work of ``render --format svg|png`` (any colour scheme, alt text, ``--scale``),
``render.py alt`` (the alt text as a file, for platforms that take it in a form field), and the checks of
their options, so the command line stays a thin layer.
"""

from __future__ import annotations

from pathlib import Path

from compute import settings
from compute.export import atomic_write

SCALE_RANGE = (0.0, 8.0)  # --scale: more than 0, at most 8 (and at most MAX_STILL_SIDE px a side)


def write_still(fig, target: Path, fmt: str, step, theme: str | None, transparent: bool, quality: str, scale: float):
    """``fig`` (a ComputedFigure) at the end of ``step`` as an SVG or PNG at ``target``. ``theme`` None: an SVG
    follows the reader's colour scheme, a PNG is in the default theme. ValueError for a bad scale."""
    from scenes.pipeline.output import render_still

    if fmt not in settings.STILL_FORMATS:
        raise ValueError(f"a still is {' or '.join(settings.STILL_FORMATS)}, not {fmt!r}")
    if fmt == "svg":  # vector: the frame size only sets the aspect and units (as the Python API draws it)
        quality = settings.STILL_QUALITY
    return render_still(
        fig.spec, fig.values, Path(target), fmt, theme, quality, transparent, step=step, inputs=fig.inputs, scale=scale
    )


def alt_text(figure, values=None, step: int | None = None, inputs=None) -> str:
    """The alt text of a figure's still (its last frame, or the end of ``step``): the same words as the
    SVG's title and desc and the gallery's ``alt``."""
    from scenes.pipeline.output import describe_still

    values = figure.values(inputs) if values is None else values
    return describe_still(figure, values, step, inputs).alt


def write_alt(figure, out_dir: Path, values=None, inputs=None) -> Path:
    """``out_dir/<id>.alt.txt``: the alt text of the figure's still, one paragraph and a newline."""
    text = alt_text(figure, values, inputs=inputs) + "\n"
    target = Path(out_dir) / f"{figure.id}.alt.txt"
    if target.exists() and target.read_text("utf-8") == text:
        return target
    return atomic_write(target, lambda tmp: Path(tmp).write_text(text, "utf-8"))


__all__ = ["SCALE_RANGE", "alt_text", "write_alt", "write_still"]
