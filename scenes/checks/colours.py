"""One colour grammar (issue 17, item 8), measured: contrast, distinctness, and the palette a scene draws in.

* ``contrast(a, b)``: the WCAG 2 contrast ratio of two colours (1 … 21); text needs 4.5 against the background.
* ``delta_e(a, b)``: their distance in CIELAB (ΔE*ab, 1976): about 2.3 is just noticeable, above 20 two colours
  read as different colours at a glance.
* ``check_colours(scene, bindings)``: every text and every outline or line on screen at a step's end is drawn
  in a colour of the grammar — one of the theme's named colours, the ink the theme picks for text inside a
  cell (``Theme.ink_on``), a colour of the theme's colour maps (a line coloured by its value), or a colour
  the figure's bindings declare as identifying something of its own (``b.identity_colours``: fig4's R, G, B
  channel tints). A colour from nowhere — a hard-coded hex, a manim default — is reported. And every text
  not inside a cell or box (those sit on their own background) has a contrast of at least 4.5 with the
  theme's background.
"""

from __future__ import annotations

import numpy as np

NAMED = ("text", "muted", "focus", "accent2", "truth", "prediction", "good", "bad", "grid_stroke", "background")
INK = ("#111111", "#f5f5f5")  # Theme.ink_on's two inks
MIN_CONTRAST = 4.5  # WCAG AA for text
SAME = 2.5 / 255  # colours this close (per channel) are one colour (8-bit rounding of a colour map's entry)


def rgb(color) -> np.ndarray:
    """Any colour manim takes ('#ff5fd2', a ManimColor, an RGB tuple) as floats in [0, 1]."""
    from manim import ManimColor

    return np.asarray(ManimColor(color).to_rgb(), dtype=np.float64)


def _linear(c: np.ndarray) -> np.ndarray:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(color) -> float:
    """WCAG 2 relative luminance."""
    r, g, b = _linear(rgb(color))
    return float(0.2126 * r + 0.7152 * g + 0.0722 * b)


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio of ``a`` and ``b``: (L1 + 0.05) / (L2 + 0.05) with L1 the lighter."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(color) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = _linear(rgb(color))
    xyz = np.array(
        [
            (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
            0.2126 * r + 0.7152 * g + 0.0722 * b,
            (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
        ]
    )
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a, b) -> float:
    """ΔE*ab (CIE 1976) between two colours."""
    return float(np.linalg.norm(lab(a) - lab(b)))


def map_colours(name: str) -> np.ndarray:
    """(N,3) RGB: every entry of matplotlib's colour map ``name``."""
    from scenes.mobjects.theme import _lut

    return np.asarray(_lut(name))[:, :3]


def palette(theme, extra=()) -> np.ndarray:
    """(N,3) RGB: every colour the grammar allows in ``theme`` (see the module's docstring)."""
    named = [rgb(getattr(theme, name)) for name in NAMED] + [rgb(c) for c in INK] + [rgb(c) for c in extra]
    maps = [map_colours(theme.signed_cmap), map_colours(theme.pixel_cmap)]
    return np.vstack([np.array(named)] + maps)


def check_colours(scene, bindings=None) -> list[str]:
    """Every text, outline or line drawn at a step's end in a colour outside the grammar, once per colour
    and kind of thing."""
    allowed = palette(scene.theme, getattr(bindings, "extra_colours", ()))
    problems, seen = [], set()
    for step, items in scene.frames.items():
        for item in items:
            if item.kind == "grid" or item.mobject is None:
                continue
            colour = _drawn_colour(item)
            if colour is None:
                continue
            hexa = "#%02x%02x%02x" % tuple(int(round(c * 255)) for c in colour)
            what = f"{item.kind} {item.text!r}" if item.text else f"{item.kind} {item.role or ''}".rstrip()
            if np.abs(allowed - colour).max(axis=1).min() > SAME and (hexa, item.kind) not in seen:
                seen.add((hexa, item.kind))
                problems.append(
                    f"step {step}: {what} is drawn in {hexa}, not a colour of the theme's grammar (focus, truth, "
                    "prediction, good, bad, text, muted, a colour map's, or a declared identity colour)"
                )
            low = item.text is not None and not item.inside and contrast(colour, scene.theme.background) < MIN_CONTRAST
            if low and (hexa, "contrast") not in seen:
                seen.add((hexa, "contrast"))
                ratio = contrast(colour, scene.theme.background)
                problems.append(f"step {step}: {what} in {hexa} has a contrast of {ratio:.1f} with the background")
    return problems


def _drawn_colour(item) -> np.ndarray | None:
    """The colour a text is filled with, or a shape or line is outlined with (its fill, if it has no outline);
    None if it shows neither."""
    parts = item.mobject.family_members_with_points() or [item.mobject]
    part = parts[0]
    texts = ("number", "label", "shape-label", "math")
    try:
        if item.kind in texts:
            return rgb(part.get_fill_color())
        if part.get_stroke_width() > 0 and part.get_stroke_opacity() > 1e-3:
            return rgb(part.get_stroke_color())
        if part.get_fill_opacity() > 1e-3:
            return rgb(part.get_fill_color())
    except (AttributeError, IndexError, ValueError):
        return None
    return None


__all__ = ["check_colours", "contrast", "delta_e", "lab", "luminance", "map_colours", "palette", "rgb"]
