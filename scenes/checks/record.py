"""The record the checks read from an instant build: what was on screen at the end of each step, every
text ever added, frame 0, and (probed) moving pieces that cross a label mid-animation.

``FigureScene.build(record=True, probe=…)`` attaches a ``Recorder`` and calls its hooks; a still or a video
attaches none, so none of this runs outside the tests' builds.
"""

from __future__ import annotations

import numpy as np
from manim import Animation, AnimationGroup, Mobject

from scenes.checks.inspect import items_of, overlap, segment_crosses_box, snapshot
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import Math, TextLine

PROBE_ALPHAS = (0.25, 0.5, 0.75)


class Recorder:
    """Notes of one instant build (see the module docstring)."""

    def __init__(self, probe: bool = False):
        self.probe = probe
        self.frames: dict[str, list] = {}
        self.ever_added: dict[int, Mobject] = {}
        self.first_frame: list | None = None
        self.collisions: list[str] = []

    def before_play(self, scene) -> None:
        if self.first_frame is None:
            self.first_frame = items_of(scene.mobjects)

    def step_ended(self, scene, name: str) -> None:
        self.frames[name] = snapshot(scene)

    def added(self, mobjects) -> None:
        for mobject in mobjects:
            for part in mobject.get_family():
                if isinstance(part, (TextLine, Math, CellGrid)):
                    self.ever_added[id(part)] = part

    def probe_animations(self, scene, animations: list[Animation]) -> None:
        """Play the animations at a few instants and note any moving piece that crosses a label."""
        moving_roots = [a.mobject for a in animations]
        in_motion = {id(m) for root in moving_roots for m in root.get_family()}
        still = [m for m in scene.mobjects if id(m) not in in_motion]
        labels = [i for i in items_of(still) if i.kind in ("number", "label", "shape-label", "math")]
        for animation in animations:
            animation._setup_scene(scene)
            animation.begin()
        begun = [i for i in items_of(moving_roots, include_hidden=True) if i.mobject is not None]
        starts = {id(i.mobject): i.center for i in begun}
        # a piece may start on a label (a copy of it, a marker on it): it does not cross that one
        start_on = {id(i.mobject): {id(lab.mobject) for lab in labels if overlap(i.bbox, lab.bbox)} for i in begun}
        for alpha in sorted({round(a, 6) for animation in animations for a in _probe_alphas(animation)}):
            for animation in animations:
                animation.interpolate(alpha)
            for item in items_of(moving_roots):
                start = starts.get(id(item.mobject))
                if start is None or np.linalg.norm(item.center - start) < 0.05:
                    continue
                for label in labels:
                    if id(label.mobject) in start_on.get(id(item.mobject), ()):
                        continue
                    if item.kind == "line":
                        hit = any(segment_crosses_box(p, q, label.bbox, 0.02) for p, q in item.segments)
                    elif item.kind == "grid":  # a grid in flight is sparse: its cells, not its outline
                        hit = cells_overlap(item.mobject, label.bbox, 0.02)
                    else:
                        hit = overlap(item.bbox, label.bbox, 0.02)
                    if hit:
                        step = scene.steps[-1].name if scene.steps else "(before the first step)"
                        self.collisions.append(
                            f"step {step}: a moving {item.kind} {item.text or item.role or ''} crosses "
                            f"{label.kind} {label.text!r} at {alpha:.0%} of an animation"
                        )
        for animation in animations:
            animation.finish()
            animation.clean_up_from_scene(scene)


def _probe_alphas(animation: Animation) -> list[float]:
    """Where to sample an animation: at PROBE_ALPHAS of it, or of every part of a group (a Succession's
    parts each get their own samples), as shares of the whole."""
    if not isinstance(animation, AnimationGroup) or not animation.max_end_time:
        return list(PROBE_ALPHAS)
    total = animation.max_end_time
    return [
        (start + share * (end - start)) / total
        for part, start, end in zip(animation.animations, *(animation.anims_with_timings[k] for k in ("start", "end")))
        for share in _probe_alphas(part)
    ]


def cells_overlap(grid: CellGrid, box, margin: float) -> bool:
    """Whether a shown cell of ``grid`` overlaps ``box`` (left, bottom, right, top) by more than ``margin``
    (or, for cells thinner than that, by a quarter of their size) in both directions."""
    rects = grid.absolute_rects()[grid.alpha * grid.get_fill_opacity() > 1e-3]  # x0, top, x1, bottom
    if not len(rects):
        return False
    mx = np.minimum(margin, 0.25 * (rects[:, 2] - rects[:, 0]))
    my = np.minimum(margin, 0.25 * (rects[:, 1] - rects[:, 3]))
    across = np.minimum(rects[:, 2], box[2]) - np.maximum(rects[:, 0], box[0]) > mx
    along = np.minimum(rects[:, 1], box[3]) - np.maximum(rects[:, 3], box[1]) > my
    return bool(np.any(across & along))
