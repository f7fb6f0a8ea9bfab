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
from manim import RIGHT, UP, Animation, AnimationGroup, ManimColor, Mobject, Scene, VGroup
from manim.animation.animation import prepare_animation

from compute.images import image_name
from scenes.checks.inspect import items_of, overlap, segment_crosses_box, snapshot
from scenes.mobjects.components import header, safe_area
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import EM_PER_FONT_POINT, Label, Math, TextLine, _outline
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE, THEMES, Theme
from scenes.pipeline.camera import FigureCamera, FigureRenderer
from scenes.settings import DEFAULT_THEME, FINAL_HOLD, STEP_HOLD

PROBE_ALPHAS = (0.25, 0.5, 0.75)
IMAGE_NAME_GAP = 0.2  # between the title and "· your-image.png"
IMAGE_NAME_MIN_CHARS = 8  # a long image name is shortened in the middle to no fewer characters


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
    default inputs (``default_inputs``), so ``manim -ql scenes/figures/fig2a.py Fig2a`` works.
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
        self.record = True  # note what each step shows, for the checks (a still alone does not need it)
        self.upto: str | int | None = None
        self.steps: list[Step] = []
        self.frames: dict[str, list] = {}
        self.collisions: list[str] = []
        self.ever_added: dict[int, Mobject] = {}
        self.first_frame: list | None = None
        self._unheld: Step | None = None
        self.clock = 0.0
        kwargs.setdefault("camera_class", FigureCamera)
        if kwargs.get("renderer") is None:  # docs/speed.md
            kwargs["renderer"] = FigureRenderer(
                kwargs["camera_class"], skip_animations=kwargs.get("skip_animations", False)
            )
        super().__init__(**kwargs)

    # ---- steps ------------------------------------------------------------------------------------

    def setup(self):
        super().setup()
        if not self.instant:  # the theme's background, also when plain `manim` renders the scene
            self.camera.background_color = ManimColor(self.theme.background)
        image = getattr(self.inputs, "image", None)
        title = header(self.figure.title, self.theme)
        self.add(title if image is None else with_image_name(title, image_name(image), self.theme))

    @contextmanager
    def step(self, name: str, caption: str):
        """One named step: a manim section with its caption; the picture holds still after it.

        The hold is played when the next step begins (or the scene ends), inside this step's section, as
        one wait: STEP_HOLD seconds, or FINAL_HOLD after the last step."""
        if any(s.name == name for s in self.steps):
            raise ValueError(f"{type(self).__name__}: step {name!r} is named twice")
        self._hold(STEP_HOLD)
        if not self.instant:
            self.next_section(name)
        record = Step(name, caption, start=self._now())
        self.steps.append(record)
        yield record
        record.end = self._now()
        self._unheld = record
        if self.instant:
            if self.record:
                self.frames[name] = snapshot(self)
            if self.upto is not None and self.upto in (name, len(self.steps)):
                raise StopAfterStep(name)

    def _hold(self, seconds: float) -> None:
        """The hold after the last finished step, if it has not had it yet."""
        if self._unheld is not None:
            self.wait(seconds)
            self._unheld.end = self._now()
            self._unheld = None

    def tear_down(self):
        """The last step holds FINAL_HOLD; every step's caption becomes a subcaption."""
        self._hold(FINAL_HOLD)
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
        if self.first_frame is None and self.record:
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
        if self.first_frame is None and self.record:
            self.first_frame = items_of(self.mobjects)
        if self.instant:
            self.clock += duration * self.pace
            return
        super().wait(duration, **kwargs)  # manim plays a Wait through self.play, which applies the pace

    # ---- the instant build ------------------------------------------------------------------------

    def build(self, upto: str | int | None = None, probe: bool = False, record: bool = True) -> "FigureScene":
        """Run ``construct`` instantly (no frames): the scene then holds its last frame, or the end of
        step ``upto`` (a name, or a number from 1), and has recorded every step's end (unless not ``record``:
        a still needs only the picture, the checks need the record)."""
        self.instant, self.probe, self.upto, self.record = True, probe, upto, record
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
                        step = self.steps[-1].name if self.steps else "(before the first step)"
                        self.collisions.append(
                            f"step {step}: a moving {item.kind} {item.text or item.role or ''} crosses "
                            f"{label.kind} {label.text!r} at {alpha:.0%} of an animation"
                        )
        for animation in animations:
            animation.finish()
            animation.clean_up_from_scene(self)

    def add_mobjects_from_animations(self, animations: list[Animation]) -> None:
        """manim adds an AnimationGroup's Group of mobjects to the scene — on top of everything, and for good,
        so members already on screen end up listed (and drawn) twice, above what should cover them. Add the
        members themselves instead, each where it already is or, if new, on top."""
        super().add_mobjects_from_animations(list(_leaf_animations(animations)))

    def add(self, *mobjects: Mobject):
        for mobject in mobjects:
            for part in mobject.get_family():
                if isinstance(part, (TextLine, Math, CellGrid)):
                    self.ever_added[id(part)] = part
        return super().add(*mobjects)


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


def _leaf_animations(animations):
    """The animations inside any AnimationGroup (Succession, LaggedStart…), recursively."""
    for animation in animations:
        if isinstance(animation, AnimationGroup):
            yield from _leaf_animations(animation.animations)
        else:
            yield animation


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


def with_image_name(title: Label, name: str, theme: Theme) -> VGroup:
    """The title followed by a muted "· name" (the user's image, not an MNIST sample), on one baseline,
    centred, inside the safe area: the name at LABEL_SIZE, else SMALL_SIZE, else shortened in the middle
    (keeping its end); only if even that does not fit does the title shrink, never below LABEL_SIZE."""
    left, _, right, _ = safe_area()
    room = right - left - IMAGE_NAME_GAP

    def source(text: str, size: float) -> Label:
        line = Label(f"· {text}", theme, font_size=size, color=theme.muted)
        line.quotes_input = True  # the user's file name: its digits are not numbers of the figure
        return line

    for size in (LABEL_SIZE, SMALL_SIZE):
        label = source(name, size)
        if title.width + label.width <= room:
            break
    keep = len(name)
    while title.width + label.width > room and keep > IMAGE_NAME_MIN_CHARS:
        keep -= 1
        head = (keep + 1) // 2
        label = source(name[:head] + "…" + name[len(name) - (keep - head) :], SMALL_SIZE)
    if title.width + label.width > room:
        title.scale(max((room - label.width) / title.width, LABEL_SIZE / title.font_size))
    label.next_to(title, RIGHT, buff=IMAGE_NAME_GAP).shift(UP * (_baseline(title) - _baseline(label)))
    group = VGroup(title, label)
    group.shift(RIGHT * -group.get_center()[0])
    return group


def _baseline(line: TextLine) -> float:
    """The y of a text line's baseline (its outline's bottom lies below it by the descenders' depth)."""
    points = _outline(line.text, "italic" if line.italic else "normal")
    depth = -min(0.0, float(points[:, 1].min())) if len(points) else 0.0
    return float(line.get_bottom()[1]) + depth * line.font_size * EM_PER_FONT_POINT


__all__ = ["FigureScene", "Step", "StopAfterStep", "with_image_name"]
