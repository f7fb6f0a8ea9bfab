"""The one theme: colours, sizes and colour maps shared by every scene.

The colour grammar: each colour means one thing, in every figure.

* ``focus``: the thing we are looking at now (the window, the picked pixel or input, the worked output,
  the marked element of an equality). One accent, never used for anything else.
* ``signed_cmap``: signed values only (weights, outputs, class evidence): negative one side, 0 the
  background, positive the other. Never used for a highlight.
* ``pixel_cmap``: intensities in [0, 1] (inputs).
* ``truth``: the true class of the digit. ``prediction``: the class the network predicts. Neither is a
  sign colour nor the focus.
* ``good`` / ``bad``: an equality that holds / fails.
* ``text`` and ``muted``: everything else (names, secondary labels).

``accent`` is the old name of ``focus``. ``accent2`` is kept only for a second item picked at the same
time as the focus (the second of two drawn inputs), never for a sign or a class.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import ManimColor

from scenes.pipeline.cache import cached_array, version_of
from scenes.settings import DEFAULT_THEME, THEME_NAMES


@dataclass(frozen=True)
class Theme:
    """Colours for one background; colour maps come from matplotlib."""

    name: str
    background: str
    text: str
    muted: str
    focus: str  # the thing we are looking at now: one accent, nothing else
    accent2: str  # a second picked item beside the focus (fig1a's second input), never a sign or a class
    truth: str  # the digit's true class
    prediction: str  # the class the network predicts
    good: str  # an equality that holds
    bad: str  # one that does not
    grid_stroke: str
    pixel_cmap: str  # inputs in [0,1]
    signed_cmap: str  # weights and outputs, centred on 0

    @property
    def accent(self) -> str:
        """The old name of ``focus``."""
        return self.focus

    def pixel_color(self, value: float) -> ManimColor:
        """Colour of a pixel intensity in [0,1]."""
        return _cmap_color(self.pixel_cmap, float(np.clip(value, 0.0, 1.0)))

    def ink_on(self, fill) -> str:
        """A text colour readable on ``fill``: dark on light fills, light on dark ones."""
        r, g, b = ManimColor(fill).to_rgb()
        light = 0.299 * r + 0.587 * g + 0.114 * b > 0.55
        return "#111111" if light else "#f5f5f5"

    def signed_scale(self, array=None, limit: float | None = None) -> "SignedScale":
        """The colour function of a signed scale symmetric about 0, with limit ``limit`` or max |array|."""
        return SignedScale(self, float(np.max(np.abs(array))) if limit is None else float(limit))

    def pixel_scale(self, limit: float = 1.0) -> "PixelScale":
        """The colour function of intensities in [0, limit] on the pixel colour map."""
        return PixelScale(self, float(limit) or 1.0)

    def signed_color(self, value: float, limit: float) -> ManimColor:
        """Colour of a signed value on a scale symmetric about 0 with |value| <= limit."""
        t = 0.5 if limit == 0 else 0.5 + 0.5 * float(np.clip(value / limit, -1.0, 1.0))
        return _cmap_color(self.signed_cmap, t)


@dataclass(frozen=True)
class SignedScale:
    """value -> colour on ``theme``'s diverging map, symmetric about 0 up to ±``limit``. The limit stays on
    the scale, so the tests can check that no value a grid draws lies beyond it (colours would saturate)."""

    theme: Theme
    limit: float

    @property
    def bounds(self) -> tuple[float, float]:
        return -self.limit, self.limit

    def __call__(self, value: float) -> ManimColor:
        return self.theme.signed_color(value, self.limit)


@dataclass(frozen=True)
class PixelScale:
    """value -> colour on ``theme``'s pixel map, from 0 (black in the dark theme) to ``limit``."""

    theme: Theme
    limit: float = 1.0

    @property
    def bounds(self) -> tuple[float, float]:
        return 0.0, self.limit

    def __call__(self, value: float) -> ManimColor:
        return self.theme.pixel_color(float(value) / self.limit)


@lru_cache(maxsize=None)
def _cmap(name: str):
    from matplotlib import colormaps

    return colormaps[name]  # the registry hands out a fresh copy each time: keep one


@lru_cache(maxsize=None)
def _lut(name: str) -> np.ndarray:
    """(N,4) RGBA: the N entries of matplotlib's colour map ``name`` (kept in the cache: a figure then
    does not import matplotlib at all)."""
    return cached_array("cmap", (name, version_of("matplotlib")), lambda: _cmap(name)(np.arange(_cmap(name).N)))


def cmap_rgba(name: str, t) -> np.ndarray:
    """(…,4) RGBA of ``t`` (an array of values in [0, 1]) on colour map ``name``: the entries matplotlib's
    ``Colormap.__call__`` picks, floor(t·N) with t = 1 in the last one; NaN or out of range is left to it."""
    t = np.asarray(t)
    if t.dtype.kind != "f" or not np.all((t >= 0.0) & (t <= 1.0)):
        return _cmap(name)(t)
    lut = _lut(name)
    n = len(lut)
    scaled = np.array(t, copy=True)
    scaled *= n  # in t's own precision, as matplotlib does
    return lut[np.minimum(scaled.astype(np.int64), n - 1)]


@lru_cache(maxsize=None)
def _lut_colors(name: str) -> tuple[ManimColor, ...]:
    """The colour map's N entries as colours, looked up by ``_cmap_color`` instead of calling the map per cell."""
    return tuple(ManimColor.from_rgb(tuple(rgba[:3])) for rgba in _lut(name))


def _cmap_color(name: str, t: float) -> ManimColor:
    """The colour at ``t`` in [0, 1], as ``cmap_rgba`` picks it."""
    lut = _lut_colors(name)
    n = len(lut)
    if 0.0 <= t <= 1.0:
        return lut[min(int(t * n), n - 1)]
    r, g, b, _ = _cmap(name)(t)
    return ManimColor.from_rgb((r, g, b))


_COLOURS = {  # each role's colour on the dark and on the light background: (dark, light)
    "background": ("#0f1115", "#ffffff"),
    "text": ("#eceff4", "#1d1f24"),
    "muted": ("#8a93a6", "#667085"),
    "focus": ("#ff5fd2", "#b3168f"),  # fuchsia: outside both sign maps (berlin: blue ↔ orange-red)
    "accent2": ("#b9f27c", "#607000"),  # light: olive, apart from good (ΔE ≥ 20)
    "truth": ("#ffd84d", "#8a6100"),
    "prediction": ("#7ee8fa", "#0e6e82"),
    "good": ("#5fd068", "#2e7d32"),
    "bad": ("#ff5252", "#c62828"),
    "grid_stroke": ("#2b303b", "#d0d5dd"),
    "pixel_cmap": ("gray", "gray_r"),
    "signed_cmap": ("berlin", "RdBu_r"),  # dark: diverging with a dark centre, so 0 reads as background
}
THEMES: dict[str, Theme] = {  # the names are compute.settings.THEME_NAMES
    name: Theme(name=name, **{role: pair[side] for role, pair in _COLOURS.items()})
    for side, name in enumerate(("dark", "light"))
}
# Font sizes on manim's scale, designed for 1080p: a capital at font size F is 1.37·F px tall, and
# nothing may be under 24 px (2.2 % of the frame height), so no text is set under SMALL_SIZE.
# Typst formulas are measured by their scripts (70 % size), hence MATH_SIZE.
TITLE_SIZE = 32
LABEL_SIZE = 22
NUMBER_SIZE = 20
SMALL_SIZE = 18
MATH_SIZE = 36
assert tuple(THEMES) == THEME_NAMES and DEFAULT_THEME in THEMES
