"""FigureScene: the base of every figure's scene — named steps, captions, pacing and an instant build.

A figure is a sequence of named steps::

    with self.step("products", "The kernel's 9 weights multiply the 9 pixels under it."):
        self.play(...)

Each step is a manim section (``next_section``), its sentence becomes the subcaption shown while it
plays, and after it the picture holds still (``STEP_HOLD`` seconds; the last one ``FINAL_HOLD``).
``pace`` scales every run time and hold. The header (title) is on screen from the first frame, and
scenes ``add`` their input before the first step, so frame 0 is a poster.

``build()`` runs ``construct`` without rendering a frame: every animation jumps to its end. The scene
then holds its last frame (for vector stills), or the end of step ``upto`` (``render --step``), and has
recorded what was on screen at the end of each step (``frames``) and every text ever added
(``ever_added``); ``build(probe=True)`` also samples each animation midway to find moving pieces
that cross a label (``collisions``).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from manim import Animation, AnimationGroup, Mobject, Scene
from manim.animation.animation import prepare_animation

from compute.settings import DEFAULT_THEME, FINAL_HOLD, STEP_HOLD
from scenes.camera import FigureCamera
from scenes.components import header
from scenes.grid import CellGrid
from scenes.inspect import items_of, overlap, segment_crosses_box, snapshot
from scenes.text import Math, TextLine
from scenes.theme import THEMES, Theme

PROBE_ALPHAS = (0.25, 0.5, 0.75)


@dataclass
class Step:
    """A named step: its one-sentence caption and when it starts and ends (seconds into the video)."""

    name: str
    caption: str
    start: float = 0.0
    end: float = 0.0


class StopAfterStep(Exception):
    """Raised by ``step`` to end an instant build after the requested step."""


class FigureScene(Scene):
    """A scene that draws one figure's values, step by step.

    Subclasses set ``figure_id`` and write ``construct`` from components; they read numbers only
    through ``self.values`` (never compute them). With no arguments the scene draws the figure's
    default inputs (``default_inputs``), so ``manim -ql scenes/fig2a.py Fig2a`` works.
    """

    figure_id: str = ""
    default_inputs = None  # a FigureInputs; set by ``scenes.registry.scene_class`` for other inputs

    def __init__(
        self,
        values: dict[str, np.ndarray] | None = None,
        theme: Theme | str = DEFAULT_THEME,
        figure=None,
        pace: float = 1.0,
        inputs=None,
        **kwargs,
    ):
        if figure is None:
            from scenes.registry import get

            figure = get(self.figure_id)
        self.figure = figure
        self.inputs = inputs if inputs is not None else self.default_inputs
        self.values = values if values is not None else figure.values(self.inputs)
        self.theme = THEMES[theme] if isinstance(theme, str) else theme
        self.pace = float(pace)
        self.instant = False
        self.probe = False
        self.upto: str | int | None = None
        self.steps: list[Step] = []
        self.frames: dict[str, list] = {}
        self.collisions: list[str] = []
        self.ever_added: dict[int, Mobject] = {}
        self.first_frame: list | None = None
        self.clock = 0.0
        kwargs.setdefault("camera_class", FigureCamera)
        super().__init__(**kwargs)

    # ---- steps ------------------------------------------------------------------------------------

    def setup(self):
        super().setup()
        self.add(header(self.figure.title, self.theme))

    @contextmanager
    def step(self, name: str, caption: str):
        """One named step: a manim section with its caption; the picture holds still after it."""
        if any(s.name == name for s in self.steps):
            raise ValueError(f"{type(self).__name__}: step {name!r} is named twice")
        if not self.instant:
            self.next_section(name)
        record = Step(name, caption, start=self._now())
        self.steps.append(record)
        yield record
        self.wait(STEP_HOLD)
        record.end = self._now()
        if self.instant:
            self.frames[name] = snapshot(self)
            if self.upto is not None and self.upto in (name, len(self.steps)):
                raise StopAfterStep(name)

    def tear_down(self):
        """The last step holds FINAL_HOLD in all; every step's caption becomes a subcaption."""
        if self.steps:
            self.wait(FINAL_HOLD - STEP_HOLD)
            self.steps[-1].end = self._now()
        if not self.instant:
            now = self._now()
            for s in self.steps:
                self.add_subcaption(s.caption, duration=s.end - s.start, offset=s.start - now)
        super().tear_down()

    def _now(self) -> float:
        return self.clock if self.instant else float(self.renderer.time)

    # ---- pacing -----------------------------------------------------------------------------------

    def play(self, *animations, **kwargs):
        prepared = [prepare_animation(a) for a in animations]
        run_time = kwargs.pop("run_time", None) or max(a.run_time for a in prepared)
        kwargs["run_time"] = run_time * self.pace
        if self.first_frame is None:
            self.first_frame = items_of(self.mobjects)
        if not self.instant:
            super().play(*prepared, **kwargs)
            return
        self.compile_animation_data(*prepared, **kwargs)
        if self.probe:
            self._probe(self.animations)
        else:
            for animation in self.animations:
                self._jump_to_end(animation)
        self.animations = None
        self.clock += kwargs["run_time"]

    def wait(self, duration: float = 1.0, **kwargs):
        duration *= self.pace
        if self.first_frame is None:
            self.first_frame = items_of(self.mobjects)
        if self.instant:
            self.clock += duration
            return
        super().wait(duration, **kwargs)

    # ---- the instant build ------------------------------------------------------------------------

    def build(self, upto: str | int | None = None, probe: bool = False) -> "FigureScene":
        """Run ``construct`` instantly (no frames): the scene then holds its last frame, or the end of
        step ``upto`` (a name, or a number from 1), and has recorded every step's end."""
        self.instant, self.probe, self.upto = True, probe, upto
        self.setup()
        try:
            self.construct()
        except StopAfterStep:
            return self
        if upto is not None:
            names = ", ".join(f"{k + 1} {s.name}" for k, s in enumerate(self.steps))
            raise ValueError(f"{self.figure.id} has no step {upto!r}; its steps are {names}")
        self.tear_down()
        return self

    def _jump_to_end(self, animation: Animation) -> None:
        """Apply an animation's end state without interpolating (introducers end as their mobject)."""
        if isinstance(animation, AnimationGroup):
            for part in animation.animations:
                self._jump_to_end(part)
        elif animation.is_introducer() and not animation.is_remover():
            self.add(animation.mobject)
        elif animation.is_remover() and not animation.is_introducer():
            self.remove(animation.mobject)
        else:
            animation._setup_scene(self)
            animation.begin()
            animation.finish()
            animation.clean_up_from_scene(self)

    def _probe(self, animations: list[Animation]) -> None:
        """Play the animations at a few instants and note any moving piece that crosses a label."""
        moving_roots = [a.mobject for a in animations]
        in_motion = {id(m) for root in moving_roots for m in root.get_family()}
        still = [m for m in self.mobjects if id(m) not in in_motion]
        labels = [i for i in items_of(still) if i.kind in ("number", "label", "shape-label", "math")]
        for animation in animations:
            animation._setup_scene(self)
            animation.begin()
        begun = [i for i in items_of(moving_roots, include_hidden=True) if i.mobject is not None]
        starts = {id(i.mobject): i.center for i in begun}
        # a piece may start on a label (a copy of it, a marker on it): it does not cross that one
        start_on = {id(i.mobject): {id(lab.mobject) for lab in labels if overlap(i.bbox, lab.bbox)} for i in begun}
        for alpha in PROBE_ALPHAS:
            for animation in animations:
                animation.interpolate(alpha)
            for item in items_of(moving_roots):
                start = starts.get(id(item.mobject))
                if start is None or np.linalg.norm(item.center - start) < 0.05:
                    continue
                for label in labels:
                    if id(label.mobject) in start_on.get(id(item.mobject), ()):
                        continue
                    hit = (
                        any(segment_crosses_box(p, q, label.bbox, 0.02) for p, q in item.segments)
                        if item.kind == "line"
                        else overlap(item.bbox, label.bbox, 0.02)
                    )
                    if hit:
                        step = self.steps[-1].name if self.steps else "(before the first step)"
                        self.collisions.append(
                            f"step {step}: a moving {item.kind} {item.text or item.role or ''} crosses "
                            f"{label.kind} {label.text!r} at {alpha:.0%} of an animation"
                        )
        for animation in animations:
            animation.finish()
            animation.clean_up_from_scene(self)

    def add(self, *mobjects: Mobject):
        for mobject in mobjects:
            for part in mobject.get_family():
                if isinstance(part, (TextLine, Math, CellGrid)):
                    self.ever_added[id(part)] = part
        return super().add(*mobjects)


__all__ = ["FigureScene", "Step", "StopAfterStep"]
