"""Pieces shared by the fully connected figures (fig1a, fig1b, fig3).

* ``Subscripted``: a letter whose index is a drawn number (x₁₅₅): a Num at half the letter's size, set
  low after it, as Typst sets a subscript. Every figure writes a numeric index this way.
* ``math_row``: formula pieces, numbers and subscripted names in a row, on one axis.
* ``value_node``: a slot showing one value: a 1×1 CellGrid in the value's colour, the number inside.
* ``SlotColumn`` / ``InputColumn``: slots stacked with ⋮ for those left out; the flattened digit's inputs.
* ``init_note``: how W and b were drawn (numbers from values), ``bind_init`` what those numbers mean.
* ``Fold``: a grid's cells fly onto another grid's cells, one target row after another (a reshape).
* ``clear_spot``: where on a connection its weight tag touches no other line or label.
* ``play_in_turn``: a step's animations one after another in one ``play`` (one partial movie).
* ``by_hand`` / ``hand_result``: whether a drawn result checks by hand from its drawn operands, and the end of
  the written computation: "= result", or an honest "≈ result".

Display precision, one rule per kind of quantity in every FC figure: a pixel 2 decimals, a parameter (a weight,
a kernel weight, a bias) ``WEIGHT_DECIMALS``, a product of the two 3, a sum of many products ``SUM_DECIMALS``,
an output 3. Where the rounding of the drawn operands still moves the result's last digit, the result is drawn
after "≈" instead of "=".
"""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    FadeIn,
    Succession,
    Transform,
    VGroup,
    VMobject,
    linear,
)

from compute.init import FC_BIAS_LIMIT, FC_SEED
from scenes.checks.inspect import overlap, segment_crosses_box
from scenes.mobjects.components import CellGrid, Label, Math, Num, ellipsis, fit_inside
from scenes.mobjects.text import EM_PER_FONT_POINT, MATH_REFERENCE_SIZE, Size, TextLine, _outline
from scenes.mobjects.theme import NUMBER_SIZE, SMALL_SIZE, THEMES, Theme

LETTER_SIZE = 40  # a subscripted name's letter; its index is drawn at half this (20)
PIXEL_DECIMALS = 2
WEIGHT_DECIMALS = 4  # a weight or bias: one more digit than its product, so w·x checks by hand
PRODUCT_DECIMALS = 3
SUM_DECIMALS = 4  # a sum of many products, added by hand to a bias of WEIGHT_DECIMALS
OUTPUT_DECIMALS = 3
GLOROT_DECIMALS = 3  # the Glorot limit a of U(−a, a) in the init note
MARKED_CELL = 0.3  # a compared map's marked element, magnified beside its drawn value: 40 px at 1080p


# ---- arithmetic a reader can redo --------------------------------------------------------------------


def by_hand(result: Num, op: str, *operands: Num) -> bool:
    """Whether a reader recomputing ``op`` ("+", "×" or "−") from the drawn ``operands`` (their texts, as
    read) and rounding to the drawn ``result``'s digits gets the drawn result exactly
    (``scenes.checks.arithmetic.agrees``, the rule the binding checks apply)."""
    from decimal import Decimal

    from scenes.checks.arithmetic import agrees, value_of

    read = [value_of(n.shown) for n in operands]
    if op == "+":
        value = sum(read, Decimal(0))
    elif op == "×":
        value = Decimal(1)
        for r in read:
            value *= r
    elif op == "−":
        value = read[0] - sum(read[1:], Decimal(0))
    else:
        raise ValueError(f"unknown operation {op!r}")
    return agrees(result.shown, value)


def hand_result(make_result, theme: Theme, op: str, *operands: Num) -> list[VMobject]:
    """The end of a written computation: ``[=, result]`` when the result checks by hand from the drawn
    ``operands``, else ``[≈ result]`` — the result drawn with "≈" (``Num(approx=True)``), honest that its
    last digit may be one off. ``make_result(approx)`` builds the result's Num."""
    result = make_result(False)
    if by_hand(result, op, *operands):
        return [Math("=", theme), result]
    return [make_result(True)]


# ---- names with numeric subscripts, rows on one axis -----------------------------------------------


@lru_cache(maxsize=64)
def _math_metrics(expression: str) -> tuple[float, float]:
    """(baseline above the formula's lowest point, x-height middle above the baseline), per font-size unit.

    Measured by typesetting the formula followed by an x (whose foot is the baseline); never drawn."""
    probe = Math(f"{expression} x", THEMES["dark"], font_size=MATH_REFERENCE_SIZE)
    *parts, x = list(probe)
    bottom = min(p.get_bottom()[1] for p in parts)
    baseline = x.get_bottom()[1]
    return (baseline - bottom) / MATH_REFERENCE_SIZE, (x.get_center()[1] - baseline) / MATH_REFERENCE_SIZE


@lru_cache(maxsize=64)
def _subscript_metrics(symbol: str) -> tuple[float, float]:
    """(gap from the symbol to its subscript, drop of the subscript's baseline below the symbol's), per
    font-size unit, as Typst sets ``symbol_x`` (italic correction included); never drawn."""
    probe = Math(f"{symbol}_x", THEMES["dark"], font_size=MATH_REFERENCE_SIZE)
    *parts, sub = list(probe)
    up, _ = _math_metrics(symbol)
    baseline = min(p.get_bottom()[1] for p in parts) + up * MATH_REFERENCE_SIZE
    gap = sub.get_left()[0] - max(p.get_right()[0] for p in parts)
    return gap / MATH_REFERENCE_SIZE, (baseline - sub.get_bottom()[1]) / MATH_REFERENCE_SIZE


def math_middle(mob: VMobject) -> float:
    """The height a row of formula pieces lines up on: the letters' x-height middle (a number's middle)."""
    if hasattr(mob, "middle"):
        return mob.middle()
    if isinstance(mob, Math):
        up, mid = _math_metrics(mob.expression)
        return mob.get_bottom()[1] + (up + mid) * mob.font_size
    return mob.get_center()[1]


class Subscripted(VGroup):
    """``symbol`` (Typst, e.g. "x") with the subscript ``values[key][index]``, a Num whose ``role`` says what
    index it is. The Num is half the letter's size and sits where Typst puts a subscript: low, just after it."""

    def __init__(self, symbol: str, values, key: str, index, theme: Theme, role, font_size=LETTER_SIZE, color=None):
        self.letter = Math(symbol, theme, font_size=font_size, color=color)
        self.index = Num(values, key, index, theme, 0, font_size / 2, color or theme.text, role=role)
        up, _ = _math_metrics(symbol)
        gap, drop = _subscript_metrics(symbol)
        baseline = self.letter.get_bottom()[1] + up * font_size
        self.index.next_to(self.letter, RIGHT, buff=max(gap * font_size, 0.02))  # boxes apart: no overlap
        self.index.shift(UP * (baseline - drop * font_size - self.index.get_bottom()[1]))
        super().__init__(self.letter, self.index)

    def middle(self) -> float:
        return math_middle(self.letter)


def math_row(*parts: VMobject, buff: float = 0.12) -> VGroup:
    """Parts side by side, each centred on the first part's axis (``math_middle``)."""
    row = VGroup(*parts).arrange(RIGHT, buff=buff)
    axis = math_middle(parts[0])
    for part in parts[1:]:
        part.shift(UP * (axis - math_middle(part)))
    return row


def text_baseline(line: TextLine) -> float:
    """The y of a text line's baseline (its outline was typeset on one)."""
    points = _outline(line.text, "italic" if line.italic else "normal")
    low = float(points[:, 1].min()) if len(points) else 0.0  # below 0: a descender
    return line.get_bottom()[1] - low * line.font_size * EM_PER_FONT_POINT


def text_row(*pieces: tuple[TextLine, float]) -> VGroup:
    """Text lines on one baseline; each piece is (line, space before it)."""
    row = VGroup()
    x = 0.0
    for line, space in pieces:
        x += space
        line.shift(RIGHT * (x - line.get_left()[0]) + UP * (0.0 - text_baseline(line)))
        x = line.get_right()[0]
        row.add(line)
    return row


# ---- slots --------------------------------------------------------------------------------------


def value_node(
    values,
    key: str,
    index,
    theme: Theme,
    size: float = 0.62,
    decimals: int = 2,
    outline: str | None = None,
    role=None,
    font_size: float = SMALL_SIZE,
) -> VGroup:
    """A slot for the pixel ``values[key][index]``: a 1×1 grid in its pixel colour, outlined (in ``outline``, if
    given), with the number inside. The grid and the number both carry ``role``; ``.grid``, ``.number``."""
    value = float(np.asarray(values[key])[tuple(np.atleast_1d(index))])
    grid = CellGrid(
        np.array([[value]]),
        theme.pixel_scale(),
        size,
        stroke_color=outline or theme.muted,
        stroke_width=5 if outline else 1.5,
        role=role,
    )
    num = Num(values, key, index, theme, decimals, font_size, theme.ink_on(grid.rgba[0, :3]), role=role)
    num.inside = True
    node = VGroup(grid, fit_inside(num, grid))
    node.grid, node.number = grid, num
    node.holds_text_inside = True
    return node


class SlotColumn(VGroup):
    """A vertical stack of slots with ⋮ where slots are left out: ``items`` are mobjects or None.

    ``slots`` lists the given mobjects (top to bottom), ``dots`` the ellipses.
    """

    def __init__(self, items: Sequence[VMobject | None], theme: Theme, spacing: float = 0.75):
        self.slots, self.dots = [], []
        placed = []
        for k, item in enumerate(items):
            mob = ellipsis(theme) if item is None else item
            mob.move_to(np.array([0.0, -k * spacing, 0.0]))
            (self.dots if item is None else self.slots).append(mob)
            placed.append(mob)
        super().__init__(*placed)
        self.center()


class InputColumn(VGroup):
    """The flattened digit as a column of inputs x₁, ⋮, x_i, ⋮, …, x_N: the inputs ``values[key]`` (flat
    indices, 1-based in ``key_i``), with ⋮ between them. Inner inputs are outlined in ``colors``.

    ``nodes`` are the slots (roles ("pixel", i)), ``names`` their Subscripted names (("input-index", i)).
    """

    def __init__(self, values, theme: Theme, colors: Sequence[str], key: str = "column", spacing: float = 0.68):
        x = values["x"]
        flat = [int(i) for i in values[key]]
        outlines = [None] + list(colors) + [None]
        self.nodes = [
            value_node(values, "x", np.unravel_index(i, x.shape), theme, outline=c, role=("pixel", i))
            for i, c in zip(flat, outlines)
        ]
        items: list[VMobject | None] = []
        for node in self.nodes:
            items += [node, None]
        self.column = SlotColumn(items[:-1], theme, spacing)
        self.names = VGroup(
            *(
                Subscripted("x", values, f"{key}_i", k, theme, ("input-index", i)).next_to(node, LEFT, buff=0.14)
                for k, (i, node) in enumerate(zip(flat, self.nodes))
            )
        )
        self.shown = self.nodes[1:-1]
        super().__init__(self.column, self.names)

    def port(self, k: int, direction=RIGHT) -> np.ndarray:
        """Where a connection leaves node ``k`` (0 = the first input, 1.. = the shown ones, -1 = the last)."""
        return self.nodes[k].grid.get_edge_center(direction)


# ---- how the layer was drawn ----------------------------------------------------------------------


def init_note(values, theme: Theme, font_size: float = SMALL_SIZE) -> VGroup:
    """'W ~ Glorot uniform U(−a, a), a = 0.062, seed 1998;  b ~ U(−0.10, 0.10)', numbers from values."""
    muted = theme.muted

    def words(text):
        return Label(text, theme, font_size, muted)

    def num(key, index, decimals, role):
        return Num(values, key, index, theme, decimals, font_size, muted, role=role)

    space = 0.1
    weights = text_row(
        (words("W ~ Glorot uniform U(−a, a),  a ="), 0),
        (num("glorot_limit", (), GLOROT_DECIMALS, ("glorot-limit",)), space),
        (words(",  seed"), 0.0),
        (num("seed", (), 0, ("seed",)), space),
    )
    bias = text_row(
        (words("b ~ U("), 0),
        (num("bias_range", 0, 2, ("bias-range", 0)), 0.02),
        (words(","), 0.0),
        (num("bias_range", 1, 2, ("bias-range", 1)), space),
        (words(")"), 0.02),
    )
    semicolon = words(";")
    semicolon.shift(
        RIGHT * (weights.get_right()[0] + 0.01 - semicolon.get_left()[0])
        + UP * (text_baseline(weights[0]) - text_baseline(semicolon))
    )
    bias.shift(
        RIGHT * (semicolon.get_right()[0] + 0.35 - bias.get_left()[0])
        + UP * (text_baseline(weights[0]) - text_baseline(bias[0]))
    )
    return VGroup(weights, semicolon, bias)


def bind_init(b, n_in: int, n_out: int):
    """What init_note's numbers mean: the Glorot limit √(6/(n_in+n_out)), the seed, the bias range."""
    b.number("glorot-limit", lambda: np.sqrt(6.0 / (n_in + n_out))).decimals("glorot-limit", GLOROT_DECIMALS)
    b.number("seed", lambda: FC_SEED)
    b.number("bias-range", lambda k: (-FC_BIAS_LIMIT, FC_BIAS_LIMIT)[k])
    return b


# ---- a reshape, shown ------------------------------------------------------------------------------


class Fold(Animation):
    """``grid``'s cells fly onto ``target``'s cells (same count, both row-major), one row of the target after
    another (``lag``: the share of the run time over which the rows' starts are spread). ``grid`` ends looking
    like ``target``; swap the two after playing (``target`` carries the role of what it shows)."""

    def __init__(self, grid: CellGrid, target: CellGrid, lag: float = 0.7, **kwargs):
        if grid.array.size != target.array.size:
            raise ValueError(f"cannot fold {grid.array.size} cells into {target.array.size}")
        self.target, self.lag = target, lag
        kwargs.setdefault("rate_func", linear)
        super().__init__(grid, **kwargs)

    def begin(self) -> None:
        self.start_rects = self.mobject.absolute_rects().copy()
        self.end_rects = self.target.absolute_rects()
        self.start_rgba, self.end_rgba = self.mobject.rgba.copy(), self.target.rgba
        h = self.target.shape[0]
        rows = np.arange(self.target.array.size) // self.target.shape[1]
        self.offsets = rows / max(h - 1, 1) * self.lag
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        grid = self.mobject
        t = np.clip((alpha - self.offsets) / max(1.0 - self.lag, 1e-9), 0.0, 1.0)
        t = t * t * (3 - 2 * t)  # each row eases in and out
        grid._set_absolute_rects(self.start_rects + t[:, None] * (self.end_rects - self.start_rects))
        grid.rgba = self.start_rgba + t[:, None] * (self.end_rgba - self.start_rgba)
        grid.regular = False
        if alpha >= 1.0:
            grid.points = self.target.points.copy()
            grid.rects = self.target.rects.copy()
            grid.array, grid.grid_shape, grid.regular = self.target.array, self.target.grid_shape, True


# ---- playing ---------------------------------------------------------------------------------------


def digit_poster(scene, x_grid, x_title, picked, inputs, inputs_title, zoom: float, gap: float = 0.5):
    """The poster of fig1a and fig1b: the digit big in the middle of the stage, and the input column (scaled by
    ``zoom``, ``gap`` right of it, its first node level with the digit's first row, so the pixels travel right)
    waiting for the pixels; the two centred together. Returns (poster, column): ``scene.to_place`` of each
    moves them back to where they were built when the neurons need the room."""
    poster = scene.centre_stage(VGroup(x_grid, x_title, *picked))
    column = VGroup(inputs, inputs_title).save_state()
    column.scale(zoom).next_to(poster, RIGHT, buff=gap)
    column.shift(UP * (x_grid.cell_center(0, 0)[1] - inputs.nodes[0].get_y()))
    VGroup(poster, column).set_x(0)
    return poster, column


def pixels_into_inputs(scene, x_grid, values, picked, inputs, inputs_title) -> None:
    """Play: the picked pixels outlined on the digit, then the column's pixels (``values['column_rc']``)
    fly out of the digit into the input nodes as the input column appears (fig1a, fig1b's first step)."""
    pieces = [x_grid.cell_square(*rc) for rc in values["column_rc"]]
    landed = [piece.copy().replace(node.grid, stretch=True) for piece, node in zip(pieces, inputs.nodes)]
    scene.add(*pieces)
    play_in_turn(
        scene,
        (0.6, FadeIn(*picked)),
        (1.5, *map(Transform, pieces, landed), FadeIn(inputs), FadeIn(inputs_title)),
    )
    scene.remove(*pieces)


def play_in_turn(scene, *parts: tuple) -> None:
    """Play ``parts`` one after another, each ``(run_time, animation, ...)``, as ONE ``play``: one partial
    movie, however many parts. A part's target must not depend on an earlier part (Transform to a
    prepared copy, not ``.animate`` on a mobject an earlier part moves)."""
    scene.play(Succession(*(AnimationGroup(*animations, run_time=run_time) for run_time, *animations in parts)))


# ---- placing weight tags -----------------------------------------------------------------------------


def clear_spot(
    start,
    end,
    tag: VMobject,
    lines: Sequence[tuple[np.ndarray, np.ndarray]] = (),
    boxes: Sequence[tuple[float, float, float, float]] = (),
    candidates: Sequence[float] = (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75),
    pad: float = 0.04,
    gap: float = 0.15,
) -> float:
    """The first proportion along start→end where ``tag`` passes ``pad`` clear of every one of ``lines`` ((p, q)
    segments) and ``gap`` clear of every one of ``boxes`` (left, bottom, right, top); a ValueError if none does."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    for at in candidates:
        tag.move_to(start + at * (end - start))
        box = (tag.get_left()[0], tag.get_bottom()[1], tag.get_right()[0], tag.get_top()[1])
        if any(segment_crosses_box(np.asarray(p)[:2], np.asarray(q)[:2], box, -pad) for p, q in lines):
            continue
        if any(overlap(box, other, -gap) for other in boxes):
            continue
        return at
    raise ValueError("no place on the connection keeps its tag clear of the other lines and labels")


def box_of(mob: VMobject) -> tuple[float, float, float, float]:
    return (mob.get_left()[0], mob.get_bottom()[1], mob.get_right()[0], mob.get_top()[1])


__all__ = [
    "against_dense_layer",
    "digit_poster",
    "OUTPUT_DECIMALS",
    "PIXEL_DECIMALS",
    "PRODUCT_DECIMALS",
    "SUM_DECIMALS",
    "WEIGHT_DECIMALS",
    "by_hand",
    "hand_result",
    "Fold",
    "InputColumn",
    "LETTER_SIZE",
    "SlotColumn",
    "Subscripted",
    "bind_init",
    "box_of",
    "clear_spot",
    "init_note",
    "math_middle",
    "math_row",
    "pixels_into_inputs",
    "play_in_turn",
    "text_baseline",
    "text_row",
    "value_node",
]


# ---- an equality you can see -------------------------------------------------------------------------


class MapComparison:
    """A = B shown, not only stated, on the shared ``EqualityView`` (scenes/mobjects/equality.py): the two maps
    side by side on one colour scale, the same element marked in both with its drawn value under each, |A − B|
    on that scale with its max and the badge; plus, under each map, its multiply-add count, and the colour bar.

    ``a`` and ``b`` are (key, grid role, name, shape role): the map's array, the role of its grid, a title (a
    mobject) and the role of the shape label beside it.
    ``difference`` is (key, grid role, max role). ``marked`` is (n, (mark role A, mark role B), (value role A,
    value role B)): the flat index of the element marked in both and the roles of its marks and values.
    ``counts`` are two (formula, Num) rows written under A and B, each followed by "multiply-adds".
    The marked element is drawn magnified beside each value too (``swatches``, roles ("marked-a", n) and
    ("marked-b", n)): a map cell is too small to read its colour from the back of a room.

    The parts appear by ``show_a`` (A's cells stay hidden, for the figure to fill), ``fill_a``, ``show_b`` and
    ``show_difference``, each a list of animations; ``a``, ``b``, ``d`` are the grids, ``view`` the EqualityView.
    """

    def __init__(
        self,
        values,
        theme: Theme,
        a,
        b,
        difference,
        marked,
        counts,
        limit: float,
        side: float = 4.1,
        diff_side: float = 2.0,
        left: float = -6.45,
        top: float = 2.55,
        decimals: int = OUTPUT_DECIMALS,
        legend_with_a: bool = True,
    ):
        from scenes.mobjects.components import ColorBar
        from scenes.mobjects.equality import EqualityView

        t = theme
        self.legend_with_a = legend_with_a
        (a_key, a_role, a_name, a_shape), (b_key, b_role, b_name, b_shape) = a, b
        d_key, d_role, max_role = difference
        n, mark_roles, value_roles = marked
        w = np.shape(values[a_key])[1]
        self.view = view = EqualityView(
            values,
            t,
            a_key,
            b_key,
            d_key,
            divmod(int(n), w),
            names=(a_name, b_name),
            grid_roles=(a_role, b_role, d_role),
            mark_roles=mark_roles,
            shape_roles=(a_shape, b_shape),
            value_roles=value_roles,
            max_role=max_role,
            color_of=t.signed_scale(limit=limit),
            side=side,
            diff_side=diff_side,
            decimals=decimals,
            gap=0.45,
        )
        self.a, self.b, self.d = view.grid_a, view.grid_b, view.grid_diff
        self.a.hide()  # the figure fills A
        view.shift(RIGHT * (left - view.get_left()[0]) + UP * (top - VGroup(view.title_a, view.title_b).get_top()[1]))
        self.a_frame = frame_of_grid(self.a, t)
        # the marked element again, magnified beside its value: a map cell is 20 px, this 40
        i, j = divmod(int(n), w)
        self.swatches = [
            CellGrid(
                np.array([[values[key][i, j]]]),
                t.signed_scale(limit=limit),
                MARKED_CELL,
                stroke_color=t.focus,
                stroke_width=3,
                role=(role, int(n)),
            ).next_to(value, RIGHT, buff=0.15)
            for key, role, value in ((a_key, "marked-a", view.value_a), (b_key, "marked-b", view.value_b))
        ]
        self.counts = []
        for grid, value, (formula, number) in zip((self.a, self.b), self.swatches, counts):
            line = math_row(formula, number, buff=0.15)
            words = Label("multiply-adds", t, SMALL_SIZE, t.muted)
            block = VGroup(line, words).arrange(DOWN, buff=0.08, aligned_edge=RIGHT)
            block.next_to(grid, DOWN, buff=0.12).align_to(grid, RIGHT)
            if block.get_left()[0] < value.get_right()[0] + 0.25:  # the marked value sits under its column
                block.next_to(value, DOWN, buff=0.12).align_to(grid, RIGHT)
            self.counts.append(block)
        self.legend = ColorBar(values, a_key, t, self.a, height=self.d.height, width=0.22, decimals=2)
        self.legend.next_to(self.d, RIGHT, buff=0.15).align_to(self.d, UP)
        check = view.check  # the badge, in the diff map's column: "max |Δ| < 1e−11" over "✓ equal"
        check[2].next_to(VGroup(check[0], check[1]), DOWN, buff=0.15).align_to(check[0], LEFT)
        check.next_to(VGroup(view.max_row, view.diff_note), DOWN, buff=0.35).align_to(self.d, LEFT)

    def show_a(self) -> list:
        v = self.view
        parts = [self.a_frame, v.title_a, self.counts[0], v.value_a, self.swatches[0], v.mark_a]
        return [FadeIn(m) for m in parts + ([self.legend] if self.legend_with_a else [])]

    def fill_a(self, skip=()) -> list:
        from scenes.mobjects.components import RevealCells

        return [RevealCells(self.a, skip=skip)]

    def marks_on_top(self, scene) -> None:
        """Keep the marks over the grids (a grid added by an animation is drawn over what was there)."""
        scene.bring_to_front(*(m for m in (self.view.mark_a, self.view.mark_b) if m in scene.mobjects))

    def show_b(self) -> list:
        v = self.view
        parts = [self.b, v.title_b, v.equals, self.counts[1], v.value_b, self.swatches[1], v.mark_b]
        return [FadeIn(m) for m in parts + ([] if self.legend_with_a else [self.legend])]

    def show_difference(self) -> list:
        from manim import FadeIn

        return [FadeIn(self.view.panel_diff), FadeIn(self.view.check)]


def against_dense_layer(
    values, theme: Theme, a_name: str, grid_roles: tuple[str, str], marked: int, value_roles, per_output: Size, limit
) -> MapComparison:
    """A layer's output map A (``values["y_map"]``, titled ``a_name``) beside the dense layer's, B = W x + b
    (``values["y_dense_map"]``), on a ``MapComparison``: |A − B|, element ``marked`` (flat) marked in both with
    its values (roles ``value_roles`` + (marked,)), and under each map its multiply-add count — filters ·
    ``per_output`` (the weights one output takes), and neurons · inputs — drawn with thousands separators
    ("614,656"). ``grid_roles`` are A's and B's grid (and shape) roles. The colour bar comes with B: the space
    beside A holds the figure's worked parts until then."""
    t, v, n = theme, values, int(marked)
    counts = (
        (
            Math("{f} dot {k} =", t, f=Size(v, "K", 0, "filters"), k=per_output),
            Num(v, "conv_madds", (), t, 0, NUMBER_SIZE, style="count", role=("madds-conv",)),
        ),
        (
            Math("{o} dot {i} =", t, o=Size(v, "y_dense", 0, "neurons"), i=Size(v, "x", None, "inputs")),
            Num(v, "dense_madds", (), t, 0, NUMBER_SIZE, style="count", role=("madds-dense",)),
        ),
    )
    (a_role, b_role), (a_value, b_value) = grid_roles, value_roles
    return MapComparison(
        v,
        t,
        a=("y_map", a_role, Math(a_name, t), a_role),
        b=("y_dense_map", b_role, Math("B = W x + b", t), b_role),
        difference=("abs_diff_map", "difference", ("max-diff",)),
        marked=(n, (("mark-a", n), ("mark-b", n)), ((a_value, n), (b_value, n))),
        counts=counts,
        limit=limit,
        legend_with_a=False,
    )


def frame_of_grid(grid, theme: Theme):
    from scenes.mobjects.components import frame_of

    return frame_of(grid, theme)
