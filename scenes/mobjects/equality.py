"""EqualityView: "A = B" drawn as evidence a viewer can check, not only as a badge.

Wherever a figure's point is that two separate computations give the same array (a convolution and a
sliding fully connected unit, a dense layer and 784 1×1 filters …), the view draws

* map A and map B side by side, at one size and on one colour scale, each titled (a name and, when a
  shape role is given, its ShapeLabel) with a "=" between them;
* the same element (i, j) outlined in the focus colour in both, and its value under each map as a
  bound ``Num`` — the same drawn number twice;
* the difference map |A − B| (an array from the value function, e.g. ``abs_diff``) on the SAME colour
  scale, so it shows as the colour of zero, with a label "|A − B|  max" and that max as a bound ``Num``
  (drawn to the decimals of the element values: a still that does not depend on the machine's BLAS),
  and a note saying what its colour means;
* the ``EqualityCheck`` badge (max |Δ| under its rounding bound) as the summary, under it all.

Every number comes from ``values`` through the keys passed in; every role is passed in, so the figure's
``bindings`` declare what each must read, from the meaning. Example (fig2b's compare step)::

    view = EqualityView(
        v, t, a="y_fc", b="y", diff="abs_diff", at=v["shown"][last],
        names=(Label("sliding unit", t, SMALL_SIZE), Math("x star k + b", t)),
        grid_roles=("unit_map", "conv_map", "abs_diff"),
        shape_roles=("unit_map", "conv_map"),
        mark_roles=(("target", last), ("conv-target", last)),
        value_roles=(("unit-value", last), ("conv-value", last)),
        max_role=("max_diff",),
        color_of=fc_grid.color_of, side=4.2, diff_side=2.4, decimals=2,
    ).move_to(...)
    self.play(view.reveal())

and in ``bindings(v)``::

    b.grid("unit_map", lambda: v["y_fc"]).grid("conv_map", lambda: v["y"])
    b.grid("abs_diff", lambda: np.abs(v["y_fc"] - v["y"]))
    b.number("unit-value", lambda p: conv_at(p)).number("conv-value", lambda p: conv_at(p))
    b.number("max_diff", lambda: np.abs(v["y_fc"] - v["y"]).max())
    b.mark_on("target", "unit_map", lambda p: (*v["shown"][p], 1, 1))
    b.mark_on("conv-target", "conv_map", lambda p: (*v["shown"][p], 1, 1))
    b.equal("max_abs_diff", v["y_fc"], v["y"])

Parts, for figures that animate them one by one: ``grid_a``, ``grid_b``, ``grid_diff`` (CellGrids),
``title_a``, ``title_b``, ``title_diff``, ``equals``, ``mark_a``, ``mark_b``, ``value_a``, ``value_b``,
``max_row`` (label + ``max_num``), ``diff_note``, ``check`` (the badge); ``panel_a``, ``panel_b``,
``panel_diff`` group them by map. ``reveal()`` is the default animation.

Layouts: ``"row"`` (the default) sets the difference panel at B's right, its title and note on one line each;
``"column"`` makes it a narrow column there, for maps that take nearly the frame's width (fig2b's padded
28×28 and 30×30 maps at 24 px a cell): its title, note and max wrapped to its map's width, the column's top
level with B's title.
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import DOWN, RIGHT, UP, AnimationGroup, Create, FadeIn, Succession, VGroup, VMobject

from scenes.mobjects.components import EqualityCheck, Label, Math, Num, ShapeLabel, bind, note, row, titled
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE, Theme


def _name(part: str | VMobject, theme: Theme) -> VMobject:
    return Label(part, theme, SMALL_SIZE, theme.muted) if isinstance(part, str) else part


def _wrapped(text: str, theme: Theme, width: float) -> VGroup:
    """``text`` as muted lines, centred one under another, each no wider than ``width`` (words are not cut: a
    word wider than that is a line of its own); a line ends after a colon ("blank:" / "no visible difference")."""
    lines: list[str] = []
    for word in text.split():
        if lines and not lines[-1].endswith(":") and Label(f"{lines[-1]} {word}", theme, SMALL_SIZE).width <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return VGroup(*(note(line, theme) for line in lines)).arrange(DOWN, buff=0.08)


class EqualityView(VGroup):
    """A = B as evidence: two maps, the same element marked and valued in both, |A − B| and the badge.

    ``values[a]`` and ``values[b]`` are the two (H,W) arrays, ``values[diff]`` their |A − B| (H,W) and
    ``values[key]`` / ``values[key + '_bound']`` the max |Δ| and its rounding bound (``compute.values.equality``).
    ``at`` = (i, j) is the element marked in both. ``names`` title the maps (a str becomes a muted Label);
    ``diff_name`` titles the difference map (default "|A − B|" from the names when they are words).
    ``grid_roles`` (A, B, diff), ``shape_roles`` (A, B; None: no shape label), ``mark_roles`` (A, B;
    None: unbound), ``value_roles`` (A, B) and ``max_role`` are the roles the figure's bindings declare.
    ``color_of`` is the colour function of both maps (default: the signed scale of A); the diff map is
    drawn on it too. Maps are ``side`` wide (their longer side), the diff map ``diff_side`` (default
    ``side``). Element values and the max are drawn with ``decimals``. ``layout`` is ``"row"`` or ``"column"``
    (see the module); the badge sits ``check_buff`` under the lowest value or note.
    """

    def __init__(
        self,
        values: dict,
        theme: Theme,
        a: str,
        b: str,
        diff: str,
        at: Sequence[int],
        *,
        names: tuple[str | VMobject, str | VMobject] = ("A", "B"),
        diff_name: str | None = None,
        grid_roles: tuple = ("map_a", "map_b", "abs_diff"),
        shape_roles: tuple | None = None,
        mark_roles: tuple | None = None,
        value_roles: tuple = (("value_a",), ("value_b",)),
        max_role: tuple | str = ("max_diff",),
        key: str = "max_abs_diff",
        color_of: Callable | None = None,
        side: float = 2.4,
        diff_side: float | None = None,
        decimals: int = 2,
        gap: float = 0.55,
        stroke_color: str | None = None,
        layout: str = "row",
        check_buff: float = 0.3,
    ):
        A, B, D = (np.asarray(values[k], dtype=np.float64) for k in (a, b, diff))
        if not (A.shape == B.shape == D.shape) or A.ndim != 2:
            raise ValueError(f"EqualityView needs three (H,W) arrays of one shape, got {A.shape} {B.shape} {D.shape}")
        if layout not in ("row", "column"):
            raise ValueError(f"EqualityView's layout is 'row' or 'column', not {layout!r}")
        i, j = (int(n) for n in at)
        self.at = (i, j)
        color_of = color_of or theme.signed_scale(np.concatenate([A.ravel(), B.ravel()]))
        stroke = stroke_color or theme.grid_stroke
        cell = side / max(A.shape)
        diff_cell = (diff_side or side) / max(A.shape)

        def grid(array, size, role) -> CellGrid:
            return CellGrid(array, color_of, size, stroke_color=stroke, role=role)

        self.grid_a, self.grid_b = grid(A, cell, grid_roles[0]), grid(B, cell, grid_roles[1])
        self.grid_diff = grid(D, diff_cell, grid_roles[2])
        self.grid_b.next_to(self.grid_a, RIGHT, buff=gap + 0.35)
        self.equals = Math("=", theme, font_size=LABEL_SIZE + 14).move_to(
            (self.grid_a.get_right() + self.grid_b.get_left()) / 2
        )
        self.grid_diff.next_to(self.grid_b, RIGHT, buff=gap).align_to(self.grid_b, UP)

        def title(grid_, name, shape_role, key_):
            parts = [_name(name, theme)]
            if shape_role is not None:
                parts.append(ShapeLabel(values, key_, theme, role=shape_role, font_size=SMALL_SIZE))
            return titled(grid_, *parts)

        shape_roles = shape_roles or (None, None)
        self.title_a = title(self.grid_a, names[0], shape_roles[0], a)
        self.title_b = title(self.grid_b, names[1], shape_roles[1], b)
        if diff_name is None:
            plain = all(isinstance(n, str) for n in names)
            diff_name = f"|{names[0]} − {names[1]}|" if plain else "|A − B|"
        if layout == "column":  # its title on as many lines as its map's width needs
            self.title_diff = titled(self.grid_diff, _wrapped(diff_name, theme, self.grid_diff.width))
        else:
            self.title_diff = titled(self.grid_diff, Label(diff_name, theme, SMALL_SIZE, theme.muted))

        # the element: outlined in the focus colour in both maps, its value under each (the same number twice)
        mark_roles = mark_roles or (None, None)
        self.mark_a = self.grid_a.window(i, j, 1, 1, theme.focus, stroke_width=4)
        self.mark_b = self.grid_b.window(i, j, 1, 1, theme.focus, stroke_width=4)
        for mark, role in zip((self.mark_a, self.mark_b), mark_roles):
            if role is not None:
                bind(mark, role)
        self.value_a = Num(values, a, (i, j), theme, decimals, LABEL_SIZE, theme.focus, role=value_roles[0])
        self.value_b = Num(values, b, (i, j), theme, decimals, LABEL_SIZE, theme.focus, role=value_roles[1])
        for num, grid_ in ((self.value_a, self.grid_a), (self.value_b, self.grid_b)):
            num.next_to(grid_, DOWN, buff=0.18)
            x = grid_.cell_center(i, j)[0]  # under the marked column, within the map's width
            half = num.width / 2
            num.set_x(float(np.clip(x, grid_.get_left()[0] + half, grid_.get_right()[0] - half)))

        # |A − B| on the same scale: the colour of zero where they agree
        self.max_num = Num(
            values, diff, np.unravel_index(np.argmax(D), D.shape), theme, decimals, SMALL_SIZE, role=max_role
        )
        self.max_row = row(Label("max", theme, SMALL_SIZE, theme.muted), self.max_num)
        if layout == "column" and self.max_row.width > self.grid_diff.width:  # "max" over its number
            self.max_row = VGroup(Label("max", theme, SMALL_SIZE, theme.muted), self.max_num).arrange(DOWN, buff=0.1)
        self.max_row.next_to(self.grid_diff, DOWN, buff=0.18)
        self.check = EqualityCheck(values, theme, key, font_size=LABEL_SIZE)
        # "blank", not "black"/"white": the colour of zero is the page's in either theme, and one SVG holds both
        self.diff_note = note(
            "blank: no visible difference" if self.check.holds else "coloured where they differ", theme
        ).next_to(self.max_row, DOWN, buff=0.12)
        if layout == "column":  # the note on as many lines as the map's width needs
            self.diff_note = _wrapped(self.diff_note.text, theme, self.grid_diff.width).next_to(
                self.max_row, DOWN, buff=0.12
            )
        elif self.diff_note.width > self.grid_diff.width + 0.9:  # a narrow diff map: the note on two lines
            first, second = (
                self.diff_note.text.split(": ") if ": " in self.diff_note.text else (self.diff_note.text, "")
            )
            lines = [note(first + ":", theme)] + ([note(second, theme)] if second else [])
            self.diff_note = VGroup(*lines).arrange(DOWN, buff=0.08).next_to(self.max_row, DOWN, buff=0.12)

        self.panel_a = VGroup(self.title_a, self.grid_a, self.mark_a, self.value_a)
        self.panel_b = VGroup(self.title_b, self.grid_b, self.mark_b, self.value_b)
        self.panel_diff = VGroup(self.title_diff, self.grid_diff, self.max_row, self.diff_note)
        if layout == "column":  # the column's top level with B's title: a title on two lines stays in the stage
            self.panel_diff.align_to(self.title_b, UP)
        lowest = min(m.get_bottom()[1] for m in (self.value_a, self.value_b, self.diff_note))
        maps = VGroup(self.panel_a, self.equals, self.panel_b)
        self.check.next_to(maps, DOWN, buff=check_buff).set_y(lowest - check_buff - self.check.height / 2)
        super().__init__(self.panel_a, self.equals, self.panel_b, self.panel_diff, self.check)

    def reveal(self, run_time: float = 3.6) -> Succession:
        """The maps and their titles; then the element marked and valued in both; then |A − B| and the badge."""
        third = run_time / 3
        return Succession(
            AnimationGroup(
                FadeIn(self.grid_a),
                FadeIn(self.grid_b),
                FadeIn(self.title_a),
                FadeIn(self.title_b),
                FadeIn(self.equals),
                run_time=third,
            ),
            AnimationGroup(
                Create(self.mark_a), Create(self.mark_b), FadeIn(self.value_a), FadeIn(self.value_b), run_time=third
            ),
            AnimationGroup(FadeIn(self.panel_diff), FadeIn(self.check), run_time=third),
        )


__all__ = ["EqualityView"]
