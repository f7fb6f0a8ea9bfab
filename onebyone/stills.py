"""The alt text of a still, and ``render.py alt``'s file of it (for platforms that take alt text in a form
field). The stills themselves are ``onebyone.api.ComputedFigure.svg``/``png``.
"""

from __future__ import annotations

from pathlib import Path

from compute.files import write_text


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
    return write_text(target, text)


__all__ = ["alt_text", "write_alt"]
