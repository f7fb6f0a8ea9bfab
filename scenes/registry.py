"""The one registry: every figure is named here once.

Importing this module does not import manim: scene classes are referenced as ``module:Class``
and loaded only when a figure is drawn, so ``render.py values`` and ``list`` stay fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from compute.values import FigureInputs, Values, sliding

DIGIT = ("digit", "index")


@dataclass(frozen=True)
class Figure:
    """One panel of the article: its id, what it says, how its values are computed and drawn."""

    id: str
    title: str
    caption: str
    compute: Callable[[FigureInputs], Values]
    scene_ref: str  # "scenes.fig2a:Fig2a"
    options: tuple[str, ...] = DIGIT  # the FigureInputs fields this figure reads

    def values(self, inputs: FigureInputs | None = None) -> Values:
        """The figure's arrays for ``inputs`` (defaults when None)."""
        return self.compute((inputs or FigureInputs()).validate())

    def scene_class(self) -> type:
        """The Manim scene class (imports manim)."""
        module, name = self.scene_ref.split(":")
        return getattr(importlib.import_module(module), name)


FIGURES: dict[str, Figure] = {
    f.id: f
    for f in [
        Figure(
            "fig2a",
            "A 3×3 kernel sliding over a digit",
            "The kernel's 9 weights multiply the 9 pixels under it; their sum is one output pixel.",
            sliding.fig2a,
            "scenes.fig2a:Fig2a",
            DIGIT + ("kernel", "padding", "stride"),
        ),
    ]
}


def get(figure_id: str) -> Figure:
    """The registered figure ``figure_id``; KeyError lists the known ids."""
    try:
        return FIGURES[figure_id]
    except KeyError:
        raise KeyError(f"unknown figure {figure_id!r}; known: {', '.join(FIGURES)}") from None
