"""FigureScene: the base of every figure's scene."""

from __future__ import annotations

import numpy as np
from manim import Animation, AnimationGroup, Mobject, Scene

from scenes.components import Num, header
from scenes.theme import DEFAULT_THEME, THEMES, Theme


class FigureScene(Scene):
    """A scene that draws one figure's values.

    Subclasses set ``figure_id`` and write ``construct`` from components; they read numbers only
    through ``self.values`` (never compute them). Every ``Num`` ever added to the scene is kept in
    ``self.drawn_numbers`` so tests can compare what is drawn with what was computed.
    """

    figure_id: str = ""

    def __init__(
        self, values: dict[str, np.ndarray], theme: Theme | str = DEFAULT_THEME, instant: bool = False, **kwargs
    ):
        self.values = values
        self.theme = THEMES[theme] if isinstance(theme, str) else theme
        self.instant = instant
        self.drawn_numbers: dict[int, Num] = {}
        super().__init__(**kwargs)

    def build(self) -> "FigureScene":
        """Run ``construct`` instantly: every animation jumps to its end, nothing is rendered.

        The scene then holds its last frame (for vector stills) and every Num it drew (for tests).
        """
        self.instant = True
        self.setup()
        self.construct()
        self.tear_down()
        return self

    def play(self, *animations, **kwargs):
        if not self.instant:
            return super().play(*animations, **kwargs)
        self.compile_animation_data(*animations, **kwargs)
        for animation in self.animations:
            self._jump_to_end(animation)
        self.animations = None

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

    def wait(self, *args, **kwargs):
        if not self.instant:
            return super().wait(*args, **kwargs)

    def add(self, *mobjects: Mobject):
        for mobject in mobjects:
            for part in mobject.get_family():
                if isinstance(part, Num):
                    self.drawn_numbers[id(part)] = part
        return super().add(*mobjects)

    def header(self):
        """Title and caption from the registry entry of this figure."""
        from scenes.registry import get

        figure = get(self.figure_id)
        return header(figure.title, figure.caption, self.theme)
