"""A ledger of what is drawn: everything on screen at the end of each step, as plain records.

``ledger("fig2a", inputs, step=None)`` builds the figure instantly (no frames; the same build the tests check)
and lists, for every step (or one), each text, number, formula, grid and shape on screen at its end: what
it reads exactly as drawn, the role it plays, the value it stands for at full precision, where it is in a
1920×1080 frame and how tall its capitals are. ``render.py ledger FIG`` prints it as a table, or as JSON
with ``--json``: diff two ledgers to see what a change of input or code changed on screen, or redo the
arithmetic on screen by hand without rendering a video. The fields are documented in docs/ledger.md and
kept stable (``FIELDS``).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from compute.values import FigureInputs, InputError

FRAME_PX = (1920, 1080)  # the design size: bboxes and capital heights are in pixels of this frame
# inspect's kinds -> the ledger's five kinds
KINDS = {
    "number": "number",
    "label": "text",
    "shape-label": "text",
    "math": "math",
    "grid": "grid",
    "line": "shape",
    "shape": "shape",
}
FIELDS = ("kind", "element", "text", "role", "key", "index", "shape", "value", "bbox", "cap_px", "color", "shown")


def ledger(
    figure_id: str, inputs: FigureInputs | None = None, step: int | str | None = None, theme: str = "dark"
) -> list[dict]:
    """What ``figure_id`` draws at the end of every step (or of ``step``: a number from 1 or a name), for
    ``inputs`` (None: the defaults) in ``theme``: a list of ``{"step", "name", "caption", "items"}``.

    An unknown figure or step is an InputError (a ValueError) naming what exists."""
    from scenes.registry import FIGURES

    if figure_id not in FIGURES:
        raise InputError("figure", f"unknown figure {figure_id!r}; figures are {', '.join(FIGURES)}")
    spec = FIGURES[figure_id]
    inputs = (inputs or FigureInputs()).validate()
    values = spec.values(inputs)

    from scenes.pipeline.output import build_scene

    scene = build_scene(spec, values, theme=theme, inputs=inputs)
    numbers = list(enumerate(scene.steps, start=1))
    if step is not None:
        numbers = [(k, s) for k, s in numbers if str(step) in (str(k), s.name)]
        if not numbers:
            listing = ", ".join(f"{k} {s.name}" for k, s in enumerate(scene.steps, start=1))
            raise InputError("step", f"{figure_id} has no step {str(step)!r}; its steps are {listing}")
    return [
        {
            "step": k,
            "name": s.name,
            "caption": s.caption,
            "items": [record(item, values) for item in scene.frames[s.name]],
        }
        for k, s in numbers
    ]


def record(item, values: dict) -> dict[str, Any]:
    """One drawn thing (a ``scenes.checks.inspect.Item``) as a ledger entry (FIELDS)."""
    from scenes.mobjects.text import Num, ShapeLabel

    mob = item.mobject
    entry: dict[str, Any] = dict.fromkeys(FIELDS)
    entry["kind"] = KINDS.get(item.kind, "shape")
    entry["element"] = item.kind
    entry["role"] = _plain(list(item.role)) if item.role else None
    entry["bbox"] = bbox_px(item.bbox)
    if item.kind == "grid":
        key, index = find_block(np.asarray(item.array), values)
        entry.update(key=key, index=index, shape=list(np.shape(item.array)), shown=int(np.sum(item.visible)))
        return entry
    if item.text is not None:
        entry["text"] = item.text
        entry["cap_px"] = round(to_px(item.cap_height), 1)
        entry["color"] = _hex(mob, fill=True)
    else:
        entry["color"] = _hex(mob, fill=False)
    if isinstance(mob, Num):
        entry.update(key=mob.key, index=list(mob.index), value=float(mob.value))
    elif isinstance(mob, ShapeLabel):
        entry.update(key=mob.key, shape=list(mob.shape))
    return entry


def to_px(units: float) -> float:
    from manim import config

    return float(units) * FRAME_PX[1] / config.frame_height


def bbox_px(bbox) -> list[float]:
    """(left, bottom, right, top) in scene units -> [x0, y0, x1, y1] in pixels of a 1920×1080 frame, origin
    top left, rounded to 0.1 px."""
    from manim import config

    left, bottom, right, top = bbox
    x = lambda u: round(to_px(u + config.frame_width / 2), 1)  # noqa: E731
    y = lambda u: round(to_px(config.frame_height / 2 - u), 1)  # noqa: E731
    return [x(left), y(top), x(right), y(bottom)]


def find_block(array: np.ndarray, values: dict) -> tuple[str | None, list[int] | None]:
    """Which of ``values`` a grid shows: (key, index) with ``values[key][index]`` equal to ``array`` (or to it
    read row by row in another shape, or as a column), or (None, None) if none is. The scenes draw only
    values, so every grid is one of them; the first match in ``values``' order wins."""
    want = np.asarray(array, dtype=np.float64)
    for key, full in values.items():
        full = np.asarray(full)
        if full.dtype.kind not in "biuf" or full.size < want.size:
            continue
        lead = full.ndim - want.ndim
        if full.size == want.size and _same(full, want):
            return key, []
        if lead >= 1 and full.shape[lead:] == want.shape:
            for index in np.ndindex(*full.shape[:lead]):
                if _same(full[index], want):
                    return key, [int(i) for i in index]
        if full.ndim >= 2:  # a row or a block read as a column: values[key][i] with want's size
            for index in np.ndindex(*full.shape[:1]):
                if full[index].size == want.size and _same(full[index], want):
                    return key, [int(i) for i in index]
    return None, None


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.size == b.size and np.array_equal(np.ravel(a).astype(np.float64), np.ravel(b), equal_nan=True)


def _hex(mob, fill: bool) -> str | None:
    from manim import ManimColor

    if mob is None:
        return None
    parts = mob.family_members_with_points()  # a formula is a group: its glyphs carry the colour
    mob = parts[0] if parts else mob
    try:
        color = mob.get_fill_color() if fill else mob.get_stroke_color()
        return ManimColor(color).to_hex().lower()
    except (AttributeError, IndexError, ValueError):
        return None


def _plain(value):
    """Roles as JSON: tuples as lists, NumPy scalars as Python numbers."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def as_json(entries: list[dict]) -> str:
    return json.dumps(entries, ensure_ascii=False, indent=1)


def as_table(entries: list[dict]) -> str:
    """The ledger for a reader: per step its number, name and caption, then one line per item:
    kind, text as drawn, role, key[index], value, bbox (px) and capital height (px)."""
    lines = []
    for s in entries:
        lines.append(f"step {s['step']} {s['name']}: {s['caption']}")
        for i in s["items"]:
            text = i["text"] if i["text"] is not None else ""
            if i["kind"] == "grid":
                text = "×".join(map(str, i["shape"])) + f" grid, {i['shown']} shown"
            role = "(" + ", ".join(map(str, i["role"])) + ")" if i["role"] else "-"
            key = (
                "-"
                if i["key"] is None
                else i["key"] + ("[" + ", ".join(map(str, i["index"])) + "]" if i["index"] else "")
            )
            value = "" if i["value"] is None else f"{i['value']:.10g}"
            box = "[" + " ".join(f"{v:.0f}" for v in i["bbox"]) + "]"
            cap = "" if i["cap_px"] is None else f"{i['cap_px']:.1f}px"
            lines.append(f"  {i['kind']:6} {text:32} {role:28} {key:18} {value:>14} {box:22} {cap}".rstrip())
        lines.append("")
    return "\n".join(lines)


__all__ = ["FIELDS", "as_json", "as_table", "bbox_px", "find_block", "ledger", "record"]
