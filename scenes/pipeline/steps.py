"""A figure's step names, written once: the scene runs them, its bindings refer to them.

Each figure module declares ``STEPS = StepNames(...)`` next to its bindings. The scene opens a step with
``self.step(STEPS.kernel, caption)`` and the bindings say ``{STEPS.kernel: 0, ...}``; a name that is not
declared is an AttributeError where it is used, and ``tests/test_layout.py`` holds every scene to running
only declared steps. Numbered steps (one per worked position, pixel, point…) are declared as a family:
``StepNames("kernel", "result", numbered=("position",))`` gives ``STEPS.position(2) == "position-2"``,
counted from 1 as the captions count.
"""

from __future__ import annotations

import re
from typing import Callable


class StepNames:
    """The step names of one figure: plain ones as attributes (``-`` read as ``_``), numbered families as
    functions of their 1-based number."""

    def __init__(self, *names: str, numbered: tuple[str, ...] = ()):
        clash = set(names) & set(numbered)
        if clash:
            raise ValueError(f"step names declared both plain and numbered: {sorted(clash)}")
        self.names = tuple(names)
        self.numbered = tuple(numbered)
        for name in names:
            setattr(self, _attribute(name), name)
        for family in numbered:
            setattr(self, _attribute(family), _numbered(family))

    def declares(self, step: str) -> bool:
        """Whether ``step`` is one of these names, or a member ``family-n`` (n ≥ 1) of a numbered family."""
        if step in self.names:
            return True
        match = re.fullmatch(r"(.+)-([1-9]\d*)", step)
        return bool(match) and match.group(1) in self.numbered

    def __repr__(self) -> str:
        families = [f"{f}-n" for f in self.numbered]
        return f"StepNames({', '.join([*self.names, *families])})"


def _attribute(name: str) -> str:
    return name.replace("-", "_")


def _numbered(family: str) -> Callable[[int], str]:
    def name(number: int) -> str:
        if int(number) < 1:
            raise ValueError(f"step {family}-{number}: numbered steps count from 1")
        return f"{family}-{int(number)}"

    name.__name__ = _attribute(family)
    return name
