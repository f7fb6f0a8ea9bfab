"""Can a room read it? Checks of a built scene's every step against the lecture rules.

At the end of every step: every text, number and formula has capitals at least 2.2 % of the frame
height (24 px at 1080p; a formula is measured by its scripts); nothing lies within 4 % of a frame
edge; no two texts overlap; no line runs through a text; no text lies on a grid unless it belongs
inside a box or cell; no quarter of the stage (the frame below the title) is left empty (at least
``MIN_QUARTER_SHARE`` of each quarter lies under something drawn). During every animation
(``build(probe=True)``) no moving piece crosses a label. The first frame shows the title and the
input (a poster), and every step has a caption.
"""

from __future__ import annotations

import numpy as np
from manim import config

from scenes.checks.inspect import Item, overlap, segment_crosses_box
from scenes.mobjects.components import safe_area, stage_area

MIN_CAP_SHARE = 0.022  # of the frame height
TEXT_KINDS = ("number", "label", "shape-label", "math")
MIN_QUARTER_SHARE = 0.05  # of each quarter of the stage, under drawn things' boxes
ROOM_CELL = 0.05  # scene units: the resolution at which the stage's use is measured


def check_readability(scene) -> list[str]:
    """Every broken rule in a scene built with ``build(probe=True)``, as one line each."""
    problems = list(scene.collisions)
    problems += _check_poster(scene)
    problems += _check_captions(scene)
    for step, items in scene.frames.items():
        problems += check_frame(step, items)
        problems += check_room(step, items)
    return problems


def check_room(step: str, items: list[Item]) -> list[str]:
    """Each quarter of the stage (the safe area below the title, cut at its middle both ways) has at
    least ``MIN_QUARTER_SHARE`` of its area under the boxes of drawn things (grids with a shown cell,
    texts, lines, shapes), e.g. the input of a first step sits in the middle until the figure needs the
    room, and a figure does not keep half the frame empty while its maps are a few pixels a cell."""
    left, bottom, right, top = stage_area()
    cols, rows = int(round((right - left) / ROOM_CELL)), int(round((top - bottom) / ROOM_CELL))
    used = np.zeros((rows, cols), bool)
    for i in items:
        if i.kind == "grid" and i.visible is not None and not np.any(i.visible):
            continue
        x0, y0, x1, y1 = i.bbox
        if y0 >= top:  # the title
            continue
        c0, c1 = (int(np.clip(np.floor((x - left) / ROOM_CELL), 0, cols)) for x in (x0, x1))
        r0, r1 = (int(np.clip(np.floor((top - y) / ROOM_CELL), 0, rows)) for y in (y1, y0))
        used[r0 : r1 + 1, c0 : c1 + 1] = True
    h, w = rows // 2, cols // 2
    quarters = {
        "top left": used[:h, :w],
        "top right": used[:h, w:],
        "bottom left": used[h:, :w],
        "bottom right": used[h:, w:],
    }
    return [
        f"step {step}: the {name} quarter of the stage is {share:.0%} used (at least {MIN_QUARTER_SHARE:.0%})"
        for name, q in quarters.items()
        if (share := float(q.mean())) < MIN_QUARTER_SHARE
    ]


def check_frame(step: str, items: list[Item]) -> list[str]:
    problems = []
    min_cap = MIN_CAP_SHARE * config.frame_height
    left, bottom, right, top = safe_area()
    texts = [i for i in items if i.kind in TEXT_KINDS]
    for t in texts:
        if t.cap_height + 1e-9 < min_cap:
            px = t.cap_height / config.frame_height * 1080
            problems.append(f"step {step}: {t.kind} {t.text!r} is {px:.1f} px tall at 1080p (at least 24 px)")
    for i in items:
        x0, y0, x1, y1 = i.bbox
        if x0 < left - 1e-6 or y0 < bottom - 1e-6 or x1 > right + 1e-6 or y1 > top + 1e-6:
            problems.append(f"step {step}: {i.kind} {i.text or i.role or ''} lies within 4 % of the frame edge")
    for a_index, a in enumerate(texts):
        for b in texts[a_index + 1 :]:
            if overlap(a.bbox, b.bbox, 0.005):
                problems.append(f"step {step}: {a.kind} {a.text!r} overlaps {b.kind} {b.text!r}")
    lines = [i for i in items if i.kind == "line"]
    for t in texts:
        for line in lines:
            if any(segment_crosses_box(p, q, t.bbox, 0.01) for p, q in line.segments):
                problems.append(f"step {step}: a line runs through {t.kind} {t.text!r}")
                break
    grids = [i for i in items if i.kind == "grid"]
    for t in texts:
        if t.inside:
            continue
        for g in grids:
            if overlap(t.bbox, g.bbox, 0.01):
                problems.append(f"step {step}: {t.kind} {t.text!r} lies on the grid {g.role}")
                break
    return problems


def _check_poster(scene) -> list[str]:
    first = scene.first_frame or []
    problems = []
    if not any(i.kind == "label" and i.text == scene.figure.title for i in first):
        problems.append("the first frame does not show the title")
    if not any(i.kind == "grid" for i in first):
        problems.append("the first frame does not show the input")
    return problems


def _check_captions(scene) -> list[str]:
    problems = []
    if not scene.steps:
        return ["the figure has no steps"]
    for s in scene.steps:
        if not s.caption.strip() or not s.caption.rstrip().endswith((".", "?", ":")) or len(s.caption) > 160:
            problems.append(f"step {s.name}: caption {s.caption!r} is not one sentence of at most 160 characters")
    return problems


__all__ = ["check_frame", "check_readability", "check_room"]
