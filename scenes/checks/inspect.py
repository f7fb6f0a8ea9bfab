"""What a scene shows at one moment, as plain records the tests and checks can read.

``snapshot(scene)`` lists every visible text, number, formula, grid, line and shape with its bounding
box in scene units, its role (what it means in the figure) and, for texts, what it reads and how tall
its capitals are. The binding checks (``scenes.checks.bindings``) and the readability checks
(``scenes.checks.readability``) work on these records, so they see what is drawn, not how it was built.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from manim import Line, Mobject, VMobject

from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import Label, Math, Num, ShapeLabel, TextLine

BBox = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass
class Item:
    """One drawn thing. ``kind``: number, label, shape-label, math, grid, line or shape."""

    kind: str
    bbox: BBox
    role: tuple | None = None
    text: str | None = None
    cap_height: float | None = None
    inside: bool = False  # a text meant to sit inside a box or cell (its own background)
    segments: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    array: np.ndarray | None = None  # a grid's data
    rgba: np.ndarray | None = None  # a grid's cell colours (N,4)
    visible: np.ndarray | None = None  # a grid's shown cells (H,W) bool
    color_of: object = None
    mobject: Mobject | None = None  # the live mobject (its state may have moved on since)
    extra: dict = field(default_factory=dict)

    @property
    def center(self) -> np.ndarray:
        x0, y0, x1, y1 = self.bbox
        return np.array([(x0 + x1) / 2, (y0 + y1) / 2])


PX_HEIGHT = 1080  # the design size: lengths in "px" are pixels of a 1920×1080 frame


def to_px(units: float) -> float:
    """A length in scene units as pixels at 1080p (the frame is config.frame_height units tall)."""
    from manim import config

    return float(units) / config.frame_height * PX_HEIGHT


def bbox_of(mob: Mobject) -> BBox:
    points = mob.get_all_points() if not isinstance(mob, CellGrid) else mob.points
    if len(points) == 0:
        c = mob.get_center()
        return (c[0], c[1], c[0], c[1])
    return (float(points[:, 0].min()), float(points[:, 1].min()), float(points[:, 0].max()), float(points[:, 1].max()))


def _visible(mob: Mobject) -> bool:
    """Whether anything of ``mob`` would show: a shown cell, or a part with a visible fill or stroke."""
    if isinstance(mob, CellGrid):
        return bool(mob.visible_mask().any())
    return any(_paint_visible(part) for part in mob.get_family() if len(part.points))


def _paint_visible(part: Mobject) -> bool:
    """Whether this mobject's own fill or stroke shows (not its submobjects')."""
    if not isinstance(part, VMobject):
        return True
    fill = part.get_fill_opacity() if len(part.get_fill_rgbas()) else 0.0
    stroke = part.get_stroke_opacity() * (part.get_stroke_width() > 0)
    return max(fill, stroke) > 1e-3


def items_of(mobjects, include_hidden: bool = False) -> list[Item]:
    """Records for ``mobjects`` and everything inside them, in drawing order."""
    out: list[Item] = []

    def visit(mob: Mobject, inside: bool) -> None:
        inside = inside or bool(getattr(mob, "holds_text_inside", False))
        if isinstance(mob, (TextLine, Math)):
            if include_hidden or _visible(mob):
                out.append(_text_item(mob, inside))
            return
        if isinstance(mob, CellGrid):  # kept even with every cell hidden: its place is part of the layout
            out.append(
                Item(
                    "grid",
                    bbox_of(mob),
                    mob.role,
                    array=mob.array,
                    rgba=mob.rgba.copy(),
                    visible=mob.visible_mask(),
                    color_of=mob.color_of,
                    mobject=mob,
                )
            )
            return
        if len(mob.points) and (include_hidden or _paint_visible(mob)):
            role = getattr(mob, "role", None)
            if isinstance(mob, Line):
                start, end = mob.get_start(), mob.get_end()
                out.append(Item("line", bbox_of(mob), role, segments=[(start[:2], end[:2])], mobject=mob))
            else:
                out.append(Item("shape", bbox_of(mob), role, mobject=mob, extra=_shape_extra(mob)))
        for sub in mob.submobjects:
            if isinstance(mob, Line) and not isinstance(sub, (TextLine, Math)):
                continue  # an arrow's tip belongs to its line
            visit(sub, inside)

    for mob in mobjects:
        visit(mob, False)
    return out


def _shape_extra(mob: Mobject) -> dict:
    extra = {}
    for name in ("holds", "outline_of", "marks"):
        if hasattr(mob, name):
            extra[name] = getattr(mob, name)
    return extra


def _text_item(mob, inside: bool) -> Item:
    if isinstance(mob, Num):
        kind, text = "number", mob.text
    elif isinstance(mob, ShapeLabel):
        kind, text = "shape-label", mob.text
    elif isinstance(mob, Label):
        kind, text = "label", mob.text
    elif isinstance(mob, Math):
        kind, text = "math", mob.expression
    else:
        kind, text = "label", getattr(mob, "text", "")
    inside = inside or bool(getattr(mob, "inside", False))
    item = Item(
        kind, bbox_of(mob), getattr(mob, "role", None), text=text, cap_height=mob.cap_height, inside=inside, mobject=mob
    )
    if isinstance(mob, Math):
        item.extra = {"template": mob.template, "numbers": {k: (s.role, s.value) for k, s in mob.numbers.items()}}
    if isinstance(mob, ShapeLabel):
        item.extra = {"shape": mob.shape}
    return item


def snapshot(scene) -> list[Item]:
    """Everything visible in the scene now."""
    return items_of(scene.mobjects)


def overlap(a: BBox, b: BBox, margin: float = 0.0) -> bool:
    """Whether two boxes overlap by more than ``margin`` in both directions."""
    return min(a[2], b[2]) - max(a[0], b[0]) > margin and min(a[3], b[3]) - max(a[1], b[1]) > margin


def segment_crosses_box(p: np.ndarray, q: np.ndarray, box: BBox, shrink: float = 0.0) -> bool:
    """Whether the segment p–q passes through ``box`` (shrunk by ``shrink`` on every side)."""
    x0, y0, x1, y1 = box[0] + shrink, box[1] + shrink, box[2] - shrink, box[3] - shrink
    if x0 >= x1 or y0 >= y1:
        return False
    t0, t1 = 0.0, 1.0
    d = q - p
    for pk, qk in ((-d[0], p[0] - x0), (d[0], x1 - p[0]), (-d[1], p[1] - y0), (d[1], y1 - p[1])):
        if abs(pk) < 1e-12:
            if qk < 0:
                return False
            continue
        t = qk / pk
        if pk < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


__all__ = ["BBox", "Item", "PX_HEIGHT", "bbox_of", "items_of", "overlap", "segment_crosses_box", "snapshot", "to_px"]
