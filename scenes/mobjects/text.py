"""Text, numbers and math: every glyph on screen comes from here.

* ``Label``  plain words (no digits from values; a digit in a Label fails the tests),
* ``Num``    a number read from a figure's values, with the ``role`` it plays in the figure,
* ``Math``   a Typst formula whose only numbers are ``Size`` placeholders bound to array sizes,
* ``ShapeLabel`` an array's shape ('26×26'), bound to that array.

Text is typeset with matplotlib's copy of DejaVu Sans (``TextPath``): the same outlines on every
machine. A line of text is one VMobject (one path), so cairo draws it in one call. Lines of text and
Typst formulas are typeset once per machine and their outlines kept in an on-disk cache
(``scenes.pipeline.cache``), each entry written to a temporary file and renamed, so renders running at the same
time never read half an entry.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import VGroup, VMobject

from scenes.mobjects.theme import MATH_SIZE, NUMBER_SIZE, Theme
from scenes.pipeline.cache import cached_array, entry, load, save, version_of

FONT = "DejaVu Sans"
MINUS = "\u2212"
APPROX = "\u2248"  # ≈: drawn before a Num(approx=True), a result that may be one off in its last digit
EM_PER_FONT_POINT = 0.013886  # manim's scale: a font_size of 1 is this many scene units per em
CAP_HEIGHT = 0.7290625  # DejaVu Sans: height of a capital or a digit, in em


# ---- numbers as text ------------------------------------------------------------------------------


def format_number(value: float, decimals: int = 2) -> str:
    """The text a number is drawn as: fixed decimals, a true minus sign, no '−0.00'."""
    text = f"{float(value):.{decimals}f}"
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def format_scientific(value: float, digits: int = 1) -> str:
    """Scientific notation for tiny values such as a max |difference| (e.g. '2.2e−16')."""
    return f"{float(value):.{digits}e}".replace("-", MINUS)


def format_power(value: float) -> str:
    """A power of ten as '1e−12' (``value`` must be one): every digit full size, as in scientific notation."""
    exponent = int(round(np.log10(float(value))))
    return f"1e{exponent}".replace("-", MINUS)


def format_count(value: float, _decimals: int = 0) -> str:
    """A count of things (weights, multiply-adds) with thousands separators: 69632 -> '69,632'."""
    return f"{int(round(float(value))):,}".replace("-", MINUS)


FORMATS = {
    "fixed": format_number,
    "scientific": format_scientific,
    "power": lambda v, _d=0: format_power(v),
    "count": format_count,
}


def parse_number(text: str) -> float:
    """The value a drawn number reads as (inverse of the formats above), e.g. '−0.25' -> -0.25, '1e−12' -> 1e-12,
    '≈ 0.3' -> 0.3, '69,632' -> 69632."""
    text = text.strip().lstrip(APPROX).strip().replace(MINUS, "-").replace(",", "")
    return float(text)


# ---- glyph outlines -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _font(style: str):
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FONT, style=style)


@lru_cache(maxsize=4096)
def _outline(text: str, style: str) -> np.ndarray:
    """(4K,3) cubic Bézier quads of ``text``'s outline at 1 unit per em, baseline at y=0.

    Typeset by matplotlib once per machine, then read from the cache (as formulas are): a still then
    needs neither matplotlib's font machinery (~0.25 s to load) nor ~2 ms a line."""
    key = (text, style, FONT, version_of("matplotlib"))
    return cached_array("text", key, lambda: _typeset(text, style))


def _typeset(text: str, style: str) -> np.ndarray:
    """``_outline`` computed: matplotlib's TextPath of ``text`` in DejaVu Sans, as cubic quads."""
    from matplotlib.path import Path as MplPath
    from matplotlib.textpath import TextPath

    path = TextPath((0, 0), text, size=1.0, prop=_font(style))
    vertices, codes = path.vertices, path.codes
    quads: list[np.ndarray] = []
    start = current = None
    k = 0
    while k < len(codes):
        code = codes[k]
        if code == MplPath.MOVETO:
            start = current = vertices[k]
            k += 1
        elif code == MplPath.LINETO:
            end = vertices[k]
            quads.append(np.array([current, current + (end - current) / 3, current + 2 * (end - current) / 3, end]))
            current = end
            k += 1
        elif code == MplPath.CURVE3:
            control, end = vertices[k], vertices[k + 1]
            quads.append(np.array([current, current + 2 / 3 * (control - current), end + 2 / 3 * (control - end), end]))
            current = end
            k += 2
        elif code == MplPath.CURVE4:
            quads.append(np.array([current, vertices[k], vertices[k + 1], vertices[k + 2]]))
            current = vertices[k + 2]
            k += 3
        elif code == MplPath.CLOSEPOLY:
            if start is not None and not np.allclose(current, start):
                quads.append(
                    np.array([current, current + (start - current) / 3, current + 2 * (start - current) / 3, start])
                )
            current = start
            k += 1
        else:  # STOP
            k += 1
    if not quads:
        return np.zeros((0, 3))
    flat = np.concatenate(quads)
    points = np.zeros((len(flat), 3))
    points[:, :2] = flat
    return points


class TextLine(VMobject):
    """One line of text in DejaVu Sans, as a single filled path (no stroke).

    ``text`` is the string drawn; ``font_size`` follows manim's scale (20 ≈ a capital 27 px tall at
    1080p) and tracks later scaling; ``cap_height`` is the height of a capital or digit in scene units.
    """

    def __init__(self, text: str, font_size: float = NUMBER_SIZE, color: str = "#ffffff", italic: bool = False):
        super().__init__(fill_color=color, fill_opacity=1.0, stroke_width=0)
        self.text = text
        self.italic = italic
        points = _outline(text, "italic" if italic else "normal")
        em = font_size * EM_PER_FONT_POINT
        if len(points):
            self.points = points * em
        else:  # a blank label still has a size to place by
            self.points = np.zeros((4, 3))
            self.points[:, 1] = np.linspace(0, CAP_HEIGHT * em, 4)
        self._em_at_creation = em
        self._height_at_creation = max(self.height, 1e-9)
        self._descent_at_creation = -min(0.0, float(self.points[:, 1].min()))  # below the baseline: "," "g"
        self.center()

    @property
    def font_size(self) -> float:
        return self._em_at_creation * (self.height / self._height_at_creation) / EM_PER_FONT_POINT

    @property
    def baseline(self) -> float:
        """The y of the line the glyphs sit on (below it: only descenders, as of "g" or ",")."""
        return self.get_bottom()[1] + self._descent_at_creation * self.height / self._height_at_creation

    @property
    def cap_height(self) -> float:
        return CAP_HEIGHT * self.font_size * EM_PER_FONT_POINT


class Label(TextLine):
    """Plain words in the theme's colour. Never a number from values (use Num)."""

    def __init__(
        self,
        text: str,
        theme: Theme,
        font_size: float = NUMBER_SIZE,
        color: str | None = None,
        italic: bool = False,
    ):
        super().__init__(text, font_size, color or theme.text, italic)


class FigureRef(Label):
    """Words that name another figure by its id, e.g. ``FigureRef("fig1b's outputs", "fig1b", theme)``:
    the id's digits are the only ones allowed in it, and the tests check it is a registered figure."""

    def __init__(self, text: str, figure_id: str, theme: Theme, font_size: float = NUMBER_SIZE, color=None):
        if figure_id not in text:
            raise ValueError(f"{text!r} does not name {figure_id!r}")
        self.figure_ref = figure_id
        super().__init__(text, theme, font_size, color)


class Num(TextLine):
    """A number drawn from a figure's values: ``values[key][index]``, formatted (fixed decimals,
    scientific, or a power of ten), with the ``role`` it plays in the figure.

    The role is what the tests check the number against, e.g. ``("result", 0)`` — "the sum at worked
    position 0" — whatever key and index the scene read. ``key``, ``index``, ``value`` and ``shown``
    stay on the mobject too. ``approx=True`` draws it as "≈ 0.25": a result its drawn operands give only to
    within one in the last digit (scenes.checks.arithmetic); ``shown`` is then the number without the "≈ ".
    """

    def __init__(
        self,
        values: dict[str, np.ndarray],
        key: str,
        index: tuple[int, ...] | int = (),
        theme: Theme | None = None,
        decimals: int = 2,
        font_size: float = NUMBER_SIZE,
        color: str | None = None,
        style: str = "fixed",
        role: tuple | str | None = None,
        approx: bool = False,
    ):
        self.key = key
        self.index = tuple(int(i) for i in np.atleast_1d(np.asarray(index, dtype=np.int64)))
        self.value = float(np.asarray(values[key])[self.index])
        self.decimals = decimals
        self.style = style
        self.role = as_role(role)
        self.shown = FORMATS[style](self.value, decimals)
        self.approx = bool(approx)
        drawn = f"{APPROX} {self.shown}" if approx else self.shown
        super().__init__(drawn, font_size, color or (theme.text if theme else "#ffffff"))


def as_role(role) -> tuple | None:
    """Roles are tuples: a name, then the semantic position ('result', 0); a bare name is ('name',)."""
    if role is None:
        return None
    return (role,) if isinstance(role, str) else tuple(int(r) if isinstance(r, (np.integer,)) else r for r in role)


class ShapeLabel(TextLine):
    """An array's shape, '26×26' (its last ``dims`` axes, or a reshaped view), muted; bound by ``role``."""

    def __init__(
        self,
        values,
        key: str,
        theme: Theme,
        dims: int | None = None,
        role: tuple | str | None = None,
        font_size: float = NUMBER_SIZE,
        shape: tuple[int, ...] | None = None,
    ):
        full = np.shape(values[key])
        self.key = key
        self.shape = tuple(shape) if shape is not None else (full[-dims:] if dims else full)
        if int(np.prod(self.shape)) != int(np.prod(full[-len(self.shape) :])) and shape is not None:
            raise ValueError(f"{key} of shape {full} cannot be shown as {self.shape}")
        self.role = as_role(role or ("shape", key))
        super().__init__("×".join(map(str, self.shape)), font_size, theme.muted)


# ---- math -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """A number inside a formula that is an array's size: ``values[key].shape[axis]`` (or its total
    size when ``axis`` is None). ``role`` names what it means ('inputs', 'channels', …)."""

    values: dict
    key: str
    axis: int | None = 0
    role: str = ""

    @property
    def value(self) -> int:
        shape = np.shape(self.values[self.key])
        return int(np.prod(shape)) if self.axis is None else int(shape[self.axis])


MATH_REFERENCE_SIZE = 48
MATH_CAP_PER_POINT = 0.34149 / 48  # a Typst capital at font_size 48 is 0.3415 units tall
SCRIPT_SCALE = 0.7  # Typst sets sub- and superscripts at 70 %


class Math(VGroup):
    """A Typst formula in the theme's colour, e.g. ``Math("y = sum_(i=1)^{n} w_i x_i + b", t, n=Size(v, "w"))``.

    ``template`` keeps the source with its ``{placeholders}``; ``numbers`` the Size bound to each.
    """

    def __init__(self, template: str, theme: Theme, font_size: float = MATH_SIZE, color=None, **numbers: Size):
        self.template = template
        self.numbers = dict(numbers)
        self.expression = (
            template.format(**{name: size.value for name, size in numbers.items()}) if numbers else template
        )
        self.has_scripts = bool(re.search(r"[_^]", self.expression))
        parts = []
        for points, filled, stroke in typst_outline(self.expression):
            part = VMobject(fill_opacity=1.0 if filled else 0.0, stroke_width=stroke, fill_color=color or theme.text)
            part.set_stroke(color or theme.text, width=stroke)
            part.points = points * (font_size / MATH_REFERENCE_SIZE)
            parts.append(part)
        super().__init__(*parts)
        self._size_at_creation = font_size
        self._height_at_creation = max(self.height, 1e-9)
        self.center()

    @property
    def font_size(self) -> float:
        return self._size_at_creation * self.height / self._height_at_creation

    @property
    def cap_height(self) -> float:
        """Height of a capital at the formula's smallest size (its scripts, if it has any)."""
        return MATH_CAP_PER_POINT * self.font_size * (SCRIPT_SCALE if self.has_scripts else 1.0)


@lru_cache(maxsize=512)
def typst_outline(expression: str) -> tuple[tuple[np.ndarray, bool, float], ...]:
    """The formula's parts at font size MATH_REFERENCE_SIZE, centred: (points, filled, stroke width).

    Compiled by Typst through manim's MathTypst once per machine, then read from the cache.
    """
    path = entry("math", expression, version_of("manim"), version_of("typst"))
    data = load(path)
    if data is not None and "filled" in data:
        return tuple(
            (data[f"points{i}"], bool(data["filled"][i]), float(data["stroke"][i])) for i in range(len(data["filled"]))
        )
    parts = _compile_typst(expression)
    save(
        path,
        filled=np.array([p[1] for p in parts], dtype=bool),
        stroke=np.array([p[2] for p in parts], dtype=np.float64),
        **{f"points{i}": p[0] for i, p in enumerate(parts)},
    )
    return parts


def _compile_typst(expression: str) -> tuple[tuple[np.ndarray, bool, float], ...]:
    """MathTypst in a private folder of its own (manim's Typst cache is not safe to share between processes)."""
    from manim import MathTypst, config

    saved = config.tex_dir
    with tempfile.TemporaryDirectory(prefix="onebyone-typst-") as private:
        config.tex_dir = private
        try:
            formula = MathTypst(expression, font_size=MATH_REFERENCE_SIZE)
        finally:
            config.tex_dir = saved
    formula.center()
    parts = []
    for mob in formula.family_members_with_points():
        points = np.array(mob.points, dtype=np.float64)
        points.setflags(write=False)
        parts.append((points, bool(mob.get_fill_opacity() > 0), float(mob.get_stroke_width())))
    return tuple(parts)


__all__ = [
    "APPROX",
    "CAP_HEIGHT",
    "FigureRef",
    "Label",
    "Math",
    "Num",
    "ShapeLabel",
    "Size",
    "TextLine",
    "as_role",
    "format_number",
    "format_power",
    "format_scientific",
    "parse_number",
]
