"""FigureScene: the base of every figure's scene — named steps, captions, pacing and an instant build.

A figure is a sequence of named steps::

    with self.step("products", "The kernel's 9 weights multiply the 9 pixels under it."):
        self.play(...)

Each step is a manim section (``next_section``), its sentence becomes the subcaption shown while it
plays, and after it the picture holds still (``STEP_HOLD`` seconds; the last one ``FINAL_HOLD``).
``pace`` scales every run time and hold. The header (title) is on screen from the first frame, and
scenes ``add`` their input before the first step, so frame 0 is a poster.

``build()`` runs ``construct`` without rendering a frame: every animation jumps to its end. The scene
then holds its last frame (for vector stills), or the end of step ``upto`` (``render --step``). What the
tests check is noted by a ``scenes.checks.record.Recorder`` the build attaches (what was on screen at the
end of each step, every text ever added, and with ``probe`` moving pieces that cross a label); the scene
only calls its hooks.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from manim import RIGHT, UP, Animation, AnimationGroup, ManimColor, Mobject, Restore, Scene, VGroup
from manim.animation.animation import prepare_animation

from compute.images import image_name
from scenes.mobjects.components import header, safe_area, stage_area
from scenes.mobjects.text import EM_PER_FONT_POINT, Label, TextLine, _outline
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE, THEMES, Theme
from scenes.pipeline.camera import FigureCamera, FigureRenderer
from scenes.settings import DEFAULT_THEME, FINAL_HOLD, STEP_HOLD

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

    Subclasses write ``construct`` from components; they read numbers only
    through ``self.values`` (never compute them). With no arguments the scene draws the figure's
    default inputs (``default_inputs``), so ``manim -ql scenes/figures/fig2a.py Fig2a`` works.
    """

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
            from scenes.registry import figure_of_scene

            figure = figure_of_scene(type(self))
        self.figure = figure
        self.inputs = inputs if inputs is not None else self.default_inputs
        self.values = values if values is not None else figure.values(self.inputs)
        self.theme = THEMES[theme] if isinstance(theme, str) else theme
        self.pace = float(pace)
        self.instant = False
        self.recorder = (
            None  # a scenes.checks.record.Recorder: the checks' record of an instant build (scenes.checks.record)
        )
        self.upto: str | int | None = None
        self.steps: list[Step] = []
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
            if self.recorder is not None:
                self.recorder.step_ended(self, name)
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

    # ---- the poster -------------------------------------------------------------------------------------

    def centre_stage(self, group: Mobject, fill: float = 0.8, most: float = 2.5) -> Mobject:
        """The poster: ``group`` (the input, built where the figure needs it later) scaled up (never down) by at
        most ``most`` towards ``fill`` of the stage's width or height, in the stage's middle; ``to_place(group)`` is
        the animation that moves it back when the figure needs the room. Returns ``group``."""
        left, bottom, right, top = stage_area()
        group.save_state()
        k = max(1.0, min(most, fill * (right - left) / group.width, fill * (top - bottom) / group.height))
        return group.scale(k).move_to([(left + right) / 2, (bottom + top) / 2, 0])

    @staticmethod
    def to_place(group: Mobject, **kwargs) -> Animation:
        """Moves a ``centre_stage`` group back to where it was built."""
        return Restore(group, **kwargs)

    # ---- pacing -----------------------------------------------------------------------------------

    def play(self, *animations, **kwargs):
        prepared = [prepare_animation(a) for a in animations]
        run_time = kwargs.pop("run_time", None) or max(a.run_time for a in prepared)
        kwargs["run_time"] = run_time * self.pace
        if self.recorder is not None:
            self.recorder.before_play(self)
        if not self.instant:
            super().play(*prepared, **kwargs)
            return
        self.compile_animation_data(*prepared, **kwargs)
        if self.recorder is not None and self.recorder.probe:
            self.recorder.probe_animations(self, self.animations)
        else:
            for animation in self.animations:
                self._jump_to_end(animation)
        self.animations = None
        self.clock += kwargs["run_time"]

    def wait(self, duration: float = 1.0, **kwargs):
        if self.recorder is not None:
            self.recorder.before_play(self)
        if self.instant:
            self.clock += duration * self.pace
            return
        super().wait(duration, **kwargs)  # manim plays a Wait through self.play, which applies the pace

    # ---- the instant build ------------------------------------------------------------------------

    def build(self, upto: str | int | None = None, probe: bool = False, record: bool = True) -> "FigureScene":
        """Run ``construct`` instantly (no frames): the scene then holds its last frame, or the end of
        step ``upto`` (a name, or a number from 1). With ``record`` (the checks; a still needs only the
        picture) a ``Recorder`` notes every step's end and every text, and with ``probe`` it also samples
        each animation midway for moving pieces that cross a label."""
        self.instant, self.upto = True, upto
        if record:
            from scenes.checks.record import Recorder

            self.recorder = Recorder(probe=probe)
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

    def add_mobjects_from_animations(self, animations: list[Animation]) -> None:
        """manim adds an AnimationGroup's Group of mobjects to the scene — on top of everything, and for good,
        so members already on screen end up listed (and drawn) twice, above what should cover them. Add the
        members themselves instead, each where it already is or, if new, on top."""
        super().add_mobjects_from_animations(list(_leaf_animations(animations)))

    def add(self, *mobjects: Mobject):
        if self.recorder is not None:
            self.recorder.added(mobjects)
        return super().add(*mobjects)

    # ---- what the checks read (the recorder's notes; empty for a scene built without one) ----------------

    @property
    def frames(self) -> dict[str, list]:
        """What was on screen at the end of each step: {step name: [Item, …]}."""
        return self.recorder.frames if self.recorder else {}

    @property
    def ever_added(self) -> dict:
        """Every text, formula and grid ever added, by id."""
        return self.recorder.ever_added if self.recorder else {}

    @property
    def first_frame(self) -> list | None:
        """What frame 0 shows (the poster)."""
        return self.recorder.first_frame if self.recorder else None

    @property
    def collisions(self) -> list[str]:
        """Moving pieces that crossed a label mid-animation (a probed build)."""
        return self.recorder.collisions if self.recorder else []


def _leaf_animations(animations):
    """The animations inside any AnimationGroup (Succession, LaggedStart…), recursively."""
    for animation in animations:
        if isinstance(animation, AnimationGroup):
            yield from _leaf_animations(animation.animations)
        else:
            yield animation


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
