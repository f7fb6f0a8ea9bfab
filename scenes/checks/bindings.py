"""What a figure's drawn numbers mean, and the check that the built scene draws exactly that.

Each figure module declares ``bindings(values) -> Bindings``: for every role a number, grid, shape
label, formula size or mark can play, what it must show, written from the figure's meaning (e.g.
"the result at worked position p is y[shown[p]]", "the product is the pixel under the window times
the kernel weight"), not by repeating the key and index the scene read. ``check(scene, bindings)``
then reads what the built scene shows — the text each number is drawn as, each grid's data and
colours, where labels sit — at the end of every step and for every text ever added, and lists every
disagreement. Generic rules apply to every figure: every number and grid has a declared role; colour
bars are labelled by the min and max of the array they colour, at the matching ends; an equality
mark says "equal" exactly when the recomputed difference is under its bound; Typst formulas carry no
digits but sizes bound to arrays; plain labels carry no digits at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from typing import Callable

import numpy as np

from scenes.checks.arithmetic import agrees, mismatch, value_of
from scenes.checks.inspect import Item, to_px
from scenes.mobjects.text import FigureRef, Math, Num, ShapeLabel, TextLine, parse_number

DIGIT = re.compile(r"\d")
# the 1 of a 1-based sum's lower limit, "(i=1)", or of a 1-based index's offset, "(i - 1)"
STRUCTURAL_MATH = re.compile(r"\(\s*[a-z]\s*(=|-)\s*1\s*\)")
GENERIC_NUMBER_ROLES = ("colorbar-max", "colorbar-min", "bound", "delta")
# where a binary relation finds an operand of the result (result, *idx): (operand, *f(*idx)); None: the same idx
Operands = Callable[..., tuple] | None


@dataclass
class Bindings:
    """The meaning of every role in one figure, for one set of values.

    ``number(name, f)``: a Num with role (name, *idx) reads f(*idx). ``grid(name, f)``: a grid with
    role (name, *idx) shows the array f(*idx). ``shape(name, f)``: a ShapeLabel with role (name, *idx)
    reads the shape f(*idx). ``size(name, n)``: a formula's Size with role name is n. ``equal(key, a, b)``:
    the EqualityCheck of ``key`` compares a and b. Relations: the arithmetic a reader can redo from the drawn
    texts (``sum_of``, ``product_of``, ``difference_of``, ``mean_of``, ``quotient_of``, ``weighted_sum_of``: strict, see
    scenes.checks.arithmetic), ``at_least`` (size at 1080p), ``label_over``, ``number_under``, ``argmax``, ``mark_on``,
    ``same_position``, ``reveals``, ``present``, ``decimals`` (one precision per kind of quantity),
    ``titled`` (a shape label's letter), ``subscripts`` (an index's letter), ``unsigned`` (no sign colours).
    """

    values: dict
    numbers: dict[str, Callable[..., float]] = field(default_factory=dict)
    grids: dict[str, Callable[..., np.ndarray]] = field(default_factory=dict)
    shapes: dict[str, Callable[..., tuple]] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    equalities: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    relations: list[Callable[[str, list[Item]], list[str]]] = field(default_factory=list)
    arithmetic: list[str] = field(default_factory=list)  # result roles under an arithmetic relation
    caption_allowed: dict[str | None, set[str]] = field(default_factory=dict)  # step (None: every step) -> words
    extra_colours: list[str] = field(default_factory=list)  # identity colours outside the theme (checks.colours)
    steps_named: set[str] = field(default_factory=set)  # every step a binding refers to: the scene must run each
    recomputes: dict[str, Callable] = field(default_factory=dict)  # result role -> its arithmetic's recompute

    def number(self, name: str, expected: Callable[..., float]) -> "Bindings":
        self.numbers[name] = expected
        return self

    def grid(self, name: str, expected: Callable[..., np.ndarray]) -> "Bindings":
        self.grids[name] = expected
        return self

    def shape(self, name: str, expected: Callable[..., tuple]) -> "Bindings":
        self.shapes[name] = expected
        return self

    def size(self, name: str, expected: int) -> "Bindings":
        self.sizes[name] = int(expected)
        return self

    def equal(self, key: str, a, b) -> "Bindings":
        self.equalities[key] = (np.asarray(a, np.float64), np.asarray(b, np.float64))
        return self

    def caption_words(self, *words: str, step: str | None = None) -> "Bindings":
        """Words the captions (of ``step``, or of every step) use that are not drawn objects here: the caption
        check (scenes.checks.captions) does not look for them on screen. Each says what it is, e.g. "r", "g"
        for the colour channels the screen labels R, G, B — keep the list short: a caption should name what
        is drawn."""
        self.caption_allowed.setdefault(step, set()).update(words)
        if step is not None:
            self.steps_named.add(step)
        return self

    def decimals(self, role: str, n: int) -> "Bindings":
        """One precision per kind of quantity (issue #17): every number with role (role, …) is drawn with
        exactly ``n`` decimals ('≈' and a count's separators aside), at every step's end."""
        from scenes.checks.arithmetic import decimals_of

        def relation(step: str, items: list[Item]) -> list[str]:
            wrong = sorted({i.text for i in _with_role(items, role) if decimals_of(i.text) != n})
            return (
                [f"step {step}: {role} drawn as {', '.join(wrong[:3])}: its precision is {n} decimals"] if wrong else []
            )

        return self._add(relation)

    def titled(self, shape_role: str, letter: str) -> "Bindings":
        """The formula drawn nearest the shape label (shape_role,) reads ``letter`` (a title "D 3×3×3" over
        the depthwise kernels): a title's letter over another array is caught."""

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            formulas = [i for i in items if i.kind == "math" and i.text]
            for shape in [i for i in items if i.kind == "shape-label" and i.role == (shape_role,)]:
                nearest = min(formulas, key=lambda m: np.linalg.norm(m.center - shape.center), default=None)
                if nearest is None or nearest.text.strip() != letter:
                    said = nearest.text if nearest else None
                    problems.append(
                        f"step {step}: the shape {shape.text} ({shape_role}) is titled {said!r}, not {letter!r}"
                    )
            return problems

        return self._add(relation)

    def subscripts(self, letters: dict[str, str]) -> "Bindings":
        """Every drawn index with role (name, …) in ``letters`` is the subscript of a formula reading
        ``letters[name]`` (the nearest formula ending just left of it, on its line), e.g. ``subscripts({"output-index":
        "y", "bias-index": "b"})``: y₃ drawn as b₃ is caught."""
        return self._follows(letters, "math", 0.2)

    def named(self, number: str, word: str) -> "Bindings":
        """Every drawn number with role (number, …) follows a label reading ``word`` on its line (the nearest
        label ending at most 0.5 left of it), e.g. ``named("filter", "filter")``: "filter 3", not "channel 3"."""
        return self._follows({number: word}, "label", 0.5)

    def _follows(self, words: dict[str, str], kind: str, reach: float) -> "Bindings":
        """Each drawn number with role (name, …) in ``words`` has, as the nearest text of ``kind`` ending at most
        ``reach`` left of it on its line, one reading ``words[name]``."""

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            texts = [i for i in items if i.kind == kind and i.text]
            for num in [i for i in items if i.kind == "number" and i.role and i.role[0] in words]:
                x0, y0, _, y1 = num.bbox
                left = [m for m in texts if -0.05 <= x0 - m.bbox[2] <= reach and m.bbox[1] < y1 and m.bbox[3] > y0]
                before = min(left, key=lambda m: x0 - m.bbox[2], default=None)
                want = words[num.role[0]]
                if before is None or before.text.strip() != want:
                    said = before.text.strip() if before else None
                    problems.append(f"step {step}: {num.role[0]} {num.text} {num.role} follows {said!r}, not {want!r}")
            return problems

        return self._add(relation)

    def unsigned(self, grid: str) -> "Bindings":
        """The grids with role (grid, …) hold values that cannot be negative (intensities, ReLU features): they
        are coloured on an intensity scale, never with the sign colours (the colour grammar, issue #17)."""
        from scenes.mobjects.theme import SignedScale

        def relation(step: str, items: list[Item]) -> list[str]:
            return [
                f"step {step}: grid {i.role} holds values ≥ 0 but is drawn in sign colours"
                for i in items
                if i.kind == "grid" and i.role and i.role[0] == grid and isinstance(i.color_of, SignedScale)
            ]

        return self._add(relation)

    def _add(self, relation: Callable[[str, list[Item]], list[str]]) -> "Bindings":
        """``relation(step, items)`` (its problems at a step's end) joins the checks; the Bindings, for chaining."""
        self.relations.append(relation)
        return self

    def identity_colours(self, *colours: str) -> "Bindings":
        """Colours outside the theme that identify something of this figure's own (fig4's R, G, B channel
        tints): the colour check (scenes.checks.colours) accepts them on texts and outlines."""
        self.extra_colours.extend(colours)
        return self

    def sum_of(self, total: str, parts: str, plus: str | None = None) -> "Bindings":
        """The drawn ``total`` (role (total, *p)) is the sum of the drawn ``parts`` (roles (parts, *p, …)) plus
        the drawn ``plus`` (role (plus,)), recomputed from their texts and rounded to the total's digits —
        exactly (one off in the last digit only if the total is drawn with "≈"; scenes.checks.arithmetic)."""

        def recompute(t: Item, items: list[Item]) -> list[tuple[Decimal, str]]:
            key = t.role[1:]
            terms = [i for i in _with_role(items, parts) if i.role[1 : 1 + len(key)] == key]
            if not terms:
                return []
            extra = _with_role(items, plus) if plus else []
            value = sum((value_of(i.text) for i in _distinct(terms) + _distinct(extra)), Decimal(0))
            return [(value, f"the drawn {parts}" + (f" + {plus}" if plus else "") + " sum to")]

        return self.arithmetic_relation(total, recompute)

    def product_of(self, result: str, a: str, b: str, a_index: Operands = None, b_index: Operands = None) -> "Bindings":
        """Each drawn ``result`` (role (result, *idx)) is the drawn ``a`` times the drawn ``b``, recomputed from
        their texts and rounded to the result's digits (scenes.checks.arithmetic). The operands have roles
        (a, *a_index(*idx)) and (b, *b_index(*idx)) — by default the result's own idx — e.g. fig2a's
        ``product_of("product", "pixel", "kernel", b_index=lambda p, u, w: (u, w))``. A result whose operands
        are not both on screen is not checked (a reader could not check it either)."""
        return self._binary(result, a, b, a_index, b_index, lambda x, y: x * y, "times")

    def difference_of(
        self, result: str, a: str, b: str, a_index: Operands = None, b_index: Operands = None
    ) -> "Bindings":
        """Each drawn ``result`` is the drawn ``a`` minus the drawn ``b`` (operands found as in ``product_of``),
        rounded to the result's digits."""
        return self._binary(result, a, b, a_index, b_index, lambda x, y: x - y, "minus")

    def quotient_of(self, result: str, a: str, divisor: int) -> "Bindings":
        """Each drawn ``result`` (role (result, *idx)) is the drawn ``a`` (role (a, *idx)) divided by ``divisor``,
        a whole number the figure draws too (e.g. H·W = 14·14 in fig5c's formula), rounded to the result's
        digits: global average pooling, as a reader redoes it."""

        def recompute(r: Item, items: list[Item]) -> list[tuple[Decimal, str]]:
            texts = sorted({i.text for i in _with_role(items, a) if i.role[1:] == r.role[1:]})
            with localcontext() as context:
                context.prec = 50
                return [(value_of(x) / Decimal(int(divisor)), f"the drawn {x} / {int(divisor)} is") for x in texts]

        return self.arithmetic_relation(result, recompute)

    def mean_of(self, result: str, parts: str) -> "Bindings":
        """The drawn ``result`` (role (result, *p)) is the mean of the drawn ``parts`` (roles (parts, *p, …)):
        their sum over how many are drawn, rounded to the result's digits."""

        def recompute(t: Item, items: list[Item]) -> list[tuple[Decimal, str]]:
            key = t.role[1:]
            terms = _distinct([i for i in _with_role(items, parts) if i.role[1 : 1 + len(key)] == key])
            if not terms:
                return []
            with localcontext() as context:
                context.prec = 50
                value = sum((value_of(i.text) for i in terms), Decimal(0)) / len(terms)
            return [(value, f"the mean of the {len(terms)} drawn {parts} is")]

        return self.arithmetic_relation(result, recompute)

    def weighted_sum_of(self, total: str, weights: str, inputs: str, plus: str | None = None) -> "Bindings":
        """A unit's drawn ``total`` (role (total, p)) is the sum over m of the drawn weight m (role (weights, m))
        times the drawn input m at p (role (inputs, p, m, …)) plus the drawn ``plus`` (role (plus,)), recomputed
        from their texts and rounded to the total's digits (scenes.checks.arithmetic). A total whose inputs are
        not all drawn with their weights is not checked."""

        def recompute(out: Item, items: list[Item]) -> list[tuple[Decimal, str]]:
            numbers = [i for i in items if i.kind == "number" and i.role]
            drawn_weights = {i.role[1]: i for i in numbers if i.role[0] == weights and len(i.role) > 1}
            drawn_inputs = {
                i.role[2]: i for i in numbers if i.role[0] == inputs and len(i.role) > 2 and i.role[1] == out.role[1]
            }
            if not drawn_inputs or not set(drawn_inputs) <= set(drawn_weights):
                return []
            value = sum(
                (value_of(drawn_weights[m].text) * value_of(x.text) for m, x in drawn_inputs.items()), Decimal(0)
            )
            value += sum((value_of(e.text) for e in (_distinct(_with_role(items, plus)) if plus else [])), Decimal(0))
            return [(value, f"the drawn {weights} times the drawn {inputs}" + (f" + {plus}" if plus else "") + " give")]

        return self.arithmetic_relation(total, recompute)

    def _binary(self, result, a, b, a_index, b_index, op, word) -> "Bindings":
        def recompute(r: Item, items: list[Item]) -> list[tuple[Decimal, str]]:
            idx = r.role[1:]
            ra = (a,) + tuple(a_index(*idx) if a_index else idx)
            rb = (b,) + tuple(b_index(*idx) if b_index else idx)
            first = sorted({i.text for i in items if i.kind == "number" and i.role == ra})
            second = sorted({i.text for i in items if i.kind == "number" and i.role == rb})
            # the same operand drawn twice (a copy in flight, a repeat) may be drawn alike or not: any pair a
            # reader could pick that gives the result will do
            return [(op(value_of(x), value_of(y)), f"the drawn {x} {word} {y} is") for x in first for y in second]

        return self.arithmetic_relation(result, recompute)

    def arithmetic_relation(
        self, result: str, recompute: Callable[[Item, list[Item]], list[tuple[Decimal, str]]]
    ) -> "Bindings":
        """A relation on every drawn ``result`` (role (result, *idx)): ``recompute(drawn, items)`` is what a
        reader gets from the drawn operands, [(exact value, what that is)], one per way to pick them (an operand
        drawn twice, differently), or [] when they are not all on screen (nothing to check). The drawn result
        must agree with one of them, rounded to its digits (scenes.checks.arithmetic)."""

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            for r in _with_role(items, result):
                found = recompute(r, items)
                if found and not any(agrees(r.text, value) for value, _ in found):
                    value, what = found[0]
                    problems.append(f"step {step}: {result}{list(r.role[1:])} {mismatch(r.text, value, what)}")
            return problems

        self.arithmetic.append(result)
        self.recomputes[result] = recompute
        return self._add(relation)

    def approx_only_if_needed(self, *results: str) -> "Bindings":
        """Draw "≈" only where "=" would be wrong: a drawn ``result`` (under an arithmetic relation declared
        before, e.g. ``product_of``) marked "≈" must not be its drawn operands' result rounded to its digits (a tie,
        0.75 drawn 0.7 or 0.8, may be marked either way). A figure that decides "=" or "≈" by redoing the reader's
        arithmetic (``parts.fc.hand_result``, ``sliding.hand_num``) and redoes it wrong draws a needless "≈",
        which the strict check alone lets pass."""
        from scenes.checks.arithmetic import exact, is_approx, ulp

        def rounds_to(plain: str, value) -> bool:  # the drawn text is the value's rounding, not a tie's either side
            with localcontext() as context:
                context.prec = 50
                return abs(value_of(plain) - exact(value)) < Decimal("0.5") * ulp(plain)

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            for result in results:
                recompute = self.recomputes[result]
                for r in [r for r in _with_role(items, result) if is_approx(r.text)]:
                    plain = r.text.strip().lstrip("≈").strip()
                    exact_ = [what for value, what in recompute(r, items) if rounds_to(plain, value)]
                    if exact_:
                        said = f"reads {r.text}, but {exact_[0]} {plain} to its digits"
                        problems.append(f"step {step}: {result}{list(r.role[1:])} {said}: draw it with '=', not '≈'")
            return problems

        return self._add(relation)

    def at_least(self, role: str, px: float, per_cell: bool = False, steps=None) -> "Bindings":
        """Big enough to see from the back of a room: every grid or mark (a drawn shape) with role (role, …)
        shown at a step's end is at least ``px`` pixels wide and tall at 1080p, e.g. ``at_least("classmap",
        150)``, ``at_least("picked", 24)`` (a grid with every cell hidden is not shown). ``per_cell``: each
        cell of such a grid is (its width and height divided by its columns and rows), e.g. a 28×1 column of
        labelled cells. ``steps``: only at the ends of these steps (names), e.g. a poster's size at the first
        step; each must be a step the scene runs."""
        only = None if steps is None else {str(s) for s in steps}
        if only is not None:
            self.steps_named.update(only)

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            if only is not None and step not in only:
                return problems
            for i in items:
                if not i.role or i.role[0] != role or i.kind not in ("grid", "shape", "line"):
                    continue
                if i.kind == "grid" and not np.any(i.visible):
                    continue
                x0, y0, x1, y1 = (to_px(a) for a in i.bbox)
                width, height = x1 - x0, y1 - y0
                what = i.kind
                if per_cell and i.kind == "grid":
                    rows, cols = np.shape(i.visible)[:2]
                    width, height, what = width / cols, height / rows, "a cell of grid"
                if min(width, height) + 1e-6 < px:
                    problems.append(
                        f"step {step}: {what} {i.role} is {width:.0f}×{height:.0f} px at 1080p (at least {px:g} px)"
                    )
            return problems

        return self._add(relation)

    def label_over(self, label: str, grid: str) -> "Bindings":
        """Each drawn (label, f) sits directly above the grid with role (grid, f), nearer than any other grid
        (a grid is under a label when the label's centre is over it, or beside it by less than half its width:
        a number at the end of "channel 19" labels the map its line is centred on)."""
        return self._next_to_grid(label, grid, above=True)

    def number_under(self, name: str, grid: str) -> "Bindings":
        """Each drawn (name, f) sits directly under the grid (grid, f): its centre within the grid's width, its top
        below the grid's bottom, and no other grid (grid, …) between them (a class map's mean under its map)."""
        return self._next_to_grid(name, grid, above=False)

    def _next_to_grid(self, label: str, grid: str, above: bool) -> "Bindings":
        """``label_over`` (above: the nearest grid of any role under the label) or ``number_under`` (below: the
        nearest grid (grid, …) over it) — that grid must be (grid, *the label's idx)."""

        def candidates(lab: Item, grids: list[Item]) -> list[tuple[float, Item]]:
            """(gap, grid) for each grid on the label's side of it, its gap ≥ 0 (to within 1e-6)."""
            if above:
                pairs = [(lab.bbox[1] - g.bbox[3], g) for g in grids if _under(lab.bbox, g.bbox)]
            else:
                pairs = [(g.bbox[1] - lab.bbox[3], g) for g in grids if g.bbox[0] <= lab.center[0] <= g.bbox[2]]
            return [(gap, g) for gap, g in pairs if gap >= -1e-6]

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            grids = [i for i in items if i.kind == "grid" and i.role and (above or i.role[0] == grid)]
            for lab in _with_role(items, label):
                near = candidates(lab, grids)
                if not near:
                    problems.append(f"step {step}: {label} {lab.text!r} has no grid {'under' if above else 'over'} it")
                    continue
                nearest = min(near, key=lambda pair: pair[0])[1]
                if nearest.role != (grid,) + lab.role[1:]:
                    side = "over" if above else "under"
                    problems.append(
                        f"step {step}: {label} {lab.text!r} {list(lab.role[1:])} sits {side} {nearest.role}"
                    )
            return problems

        return self._add(relation)

    def grid_titled(self, grid: str, name: str) -> "Bindings":
        """Each drawn grid (grid, *idx) is titled by (name, *idx): the nearest number with role (name, …) above
        it (its centre over the grid's width) has the grid's idx — a title left over the next map is caught."""

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            numbers = [i for i in _with_role(items, name) if i.kind == "number"]
            for g in [i for i in items if i.kind == "grid" and i.role and i.role[0] == grid]:
                over = [(n.bbox[1] - g.bbox[3], n) for n in numbers if g.bbox[0] <= n.center[0] <= g.bbox[2]]
                over = [(gap, n) for gap, n in over if gap >= -1e-6]
                if not over:
                    continue
                title = min(over, key=lambda pair: pair[0])[1]
                if title.role[1:] != g.role[1:]:
                    said = f"{name} {title.text} {list(title.role[1:])}"
                    problems.append(f"step {step}: grid {g.role} is titled by {said}")
            return problems

        return self._add(relation)

    def between(self, middle: str, left: str, right: str) -> "Bindings":
        """Each drawn (middle, s, *rest) lies on the line of (left, s) between it and (right, s, *rest): its left edge
        right of (left, s)'s right edge, its right edge left of (right, s, *rest)'s left edge, its middle within
        (left, s)'s height — e.g. fig5b's enlarged patch of map s between map s and the layer's input s (checked
        where all three are drawn)."""

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            for m in [i for i in items if i.role and i.role[0] == middle and len(i.role) > 1]:
                lefts = [i for i in items if i.role == (left, m.role[1])]
                rights = [i for i in items if i.role == (right, *m.role[1:])]
                if not lefts or not rights:
                    continue
                a, c = lefts[0].bbox, rights[0].bbox
                if not (m.bbox[0] >= a[2] - 1e-6 and m.bbox[2] <= c[0] + 1e-6 and a[1] <= m.center[1] <= a[3]):
                    problems.append(f"step {step}: {m.role} is not between {(left, m.role[1])} and {rights[0].role}")
            return problems

        return self._add(relation)

    def verdict_on(self, key: str, grid: str) -> "Bindings":
        """The equality badge beside the difference grid (grid,) judges ``key``: at every step's end where that
        grid and an equality badge are drawn, the badge ('check', key) is among them (not another equality's)."""

        def relation(step: str, items: list[Item]) -> list[str]:
            badges = {i.role[1] for i in items if i.role and i.role[0] == "check" and len(i.role) > 1}
            if not badges or not any(i.kind == "grid" and i.role == (grid,) for i in items):
                return []
            if key not in badges:
                return [f"step {step}: the badge beside {grid} judges {sorted(badges)}, not {key!r}"]
            return []

        return self._add(relation)

    def argmax(self, winner: str, scores: str) -> "Bindings":
        """The drawn ``winner`` is the index of the largest drawn ``scores`` (role (scores, f))."""

        def relation(step: str, items: list[Item]) -> list[str]:
            wins, drawn = _with_role(items, winner), _with_role(items, scores)
            if not wins or not drawn:
                return []
            values = {s.role[1]: parse_number(s.text) for s in drawn}
            best = max(values.values())
            leaders = {f for f, v in values.items() if v == best}
            return [
                f"step {step}: {winner} reads {w.text} but the largest drawn {scores} is at {sorted(leaders)}"
                for w in wins
                if int(parse_number(w.text)) not in leaders
            ]

        return self._add(relation)

    def same_position(self, *names: str) -> "Bindings":
        """Everything drawn under these role names refers to one position at a time: in each step, the
        first index of every such role (a window's p, a worked sum's p) is the same."""

        def relation(step: str, items: list[Item]) -> list[str]:
            seen = {(i.role[0], i.role[1]) for i in items if i.role and i.role[0] in names and len(i.role) > 1}
            positions = {p for _, p in seen}
            if len(positions) > 1:
                return [f"step {step}: {', '.join(f'{n} {p}' for n, p in sorted(seen))} refer to different positions"]
            return []

        return self._add(relation)

    def reveals(self, grid: str, cells, revealed: dict[str, int | None], which: tuple | None = None) -> "Bindings":
        """A grid filled position by position: at the end of step s, every grid with role (grid, …) — or
        only (grid, *which) — shows exactly the first ``revealed[s]`` of ``cells`` (the positions in the order
        they are worked), or every cell where ``revealed[s]`` is None; steps not listed are not constrained."""
        order = [tuple(int(a) for a in cell) for cell in cells]
        which = None if which is None else tuple(which)
        self.steps_named.update(revealed)

        def relation(step: str, items: list[Item]) -> list[str]:
            if step not in revealed:
                return []
            n = revealed[step]
            problems = []
            grids = [i for i in items if i.kind == "grid" and i.role and i.role[0] == grid]
            for g in [g for g in grids if which is None or g.role[1:] == which]:
                shown = {(int(i), int(j)) for i, j in np.argwhere(g.visible)}
                rows, cols = g.visible.shape
                want = {(i, j) for i in range(rows) for j in range(cols)} if n is None else set(order[:n])
                if shown != want:
                    extra, missing = sorted(shown - want)[:3], sorted(want - shown)[:3]
                    problems.append(
                        f"step {step}: grid {g.role} shows {len(shown)} cells, should show {len(want)}"
                        + (f"; shown too early {extra}" if extra else "")
                        + (f"; missing {missing}" if missing else "")
                    )
            return problems

        return self._add(relation)

    def present(self, name: str, drawn: dict[str, list]) -> "Bindings":
        """What is on screen step by step: at the end of step s, the items with a role (name, i, …) are
        exactly those whose i is in ``drawn[s]`` (e.g. the first filter's output alone after its step);
        steps not listed are not constrained."""
        want = {step: sorted(int(i) for i in indices) for step, indices in drawn.items()}
        self.steps_named.update(want)

        def relation(step: str, items: list[Item]) -> list[str]:
            if step not in want:
                return []
            have = sorted({int(i.role[1]) for i in items if i.role and i.role[0] == name and len(i.role) > 1})
            if have != want[step]:
                return [f"step {step}: {name} drawn for {have}, should be for {want[step]}"]
            return []

        return self._add(relation)

    def mark_on(self, mark: str, grid: str, cells: Callable[..., tuple[int, int, int, int]]) -> "Bindings":
        """A mark with role (mark, *idx) outlines the block cells(*idx) = (i, j, h, w) of the grid (grid,)."""

        def relation(step: str, items: list[Item]) -> list[str]:
            problems = []
            targets = [i for i in items if i.kind == "grid" and i.role and i.role[0] == grid]
            for m in [i for i in items if i.kind != "grid" and i.role and i.role[0] == mark]:
                if not targets:
                    problems.append(f"step {step}: {mark} {list(m.role[1:])} is drawn without the grid {grid}")
                    continue
                i, j, h, w = cells(*m.role[1:])
                left, bottom, right, top = targets[0].bbox  # computed here from the grid's box, not by the grid
                rows, cols = targets[0].array.shape
                sx, sy = (right - left) / cols, (top - bottom) / rows
                want = np.array([left + (j + w / 2) * sx, top - (i + h / 2) * sy])
                tolerance = 0.3 * min(sx, sy)
                if np.linalg.norm(m.center - want) > tolerance:
                    problems.append(
                        f"step {step}: {mark} {list(m.role[1:])} is not on cells {(i, j)}+{(h, w)} of {grid}"
                    )
            return problems

        return self._add(relation)


def _with_role(items: list[Item], name: str | None) -> list[Item]:
    return [i for i in items if i.role and i.role[0] == name and i.kind == "number"]


def _distinct(items: list[Item]) -> list[Item]:
    """One item per role: a number drawn twice at once (a copy flying to its place) is one term."""
    seen: dict = {}
    for i in items:
        seen.setdefault(i.role, i)
    return list(seen.values())


def _under(label, grid) -> bool:
    """Whether ``grid``'s span is within half its width of ``label``'s centre, left to right."""
    centre, half = (label[0] + label[2]) / 2, (grid[2] - grid[0]) / 2
    return grid[0] - half < centre < grid[2] + half


def _half_ulp(item: Item) -> float:
    """Half a unit in the last place of what a number is drawn as: the most its rounding can hide."""
    decimals = len(item.text.split(".")[1]) if "." in item.text and "e" not in item.text else 0
    return 0.5 * 10.0 ** (-decimals)


def _close_to_drawn(num: Num, expected: float) -> bool:
    """Whether ``num`` is ``expected`` as drawn: the same text, or (near a rounding edge) within half an ulp."""
    from scenes.mobjects.text import FORMATS

    if num.shown == FORMATS[num.style](expected, num.decimals):
        return True
    shown = parse_number(num.shown)
    if num.style == "fixed":
        return abs(shown - expected) <= 0.5 * 10.0 ** (-num.decimals) * (1 + 1e-9)
    return abs(shown - expected) <= 0.051 * abs(expected) * 10.0 ** (1 - num.decimals)


def _call(fn: Callable, args: tuple, what: str):
    try:
        return fn(*args)
    except (IndexError, KeyError, TypeError, ValueError) as error:
        raise LookupError(f"{what}{list(args)}: {error}") from None


def check(scene, bindings: Bindings) -> list[str]:
    """Every disagreement between what ``scene`` (built) draws and what ``bindings`` say it means."""
    problems: list[str] = _unknown_steps(scene, bindings)
    problems += _check_texts(scene, bindings)
    reach: dict[object, float] = {}  # per colour scale: the largest |value| any grid on it draws, in any step
    for step, items in scene.frames.items():
        problems += _check_grids(step, items, bindings, reach)
        problems += _check_colorbars(step, items, bindings)
        problems += _check_equalities(step, items, bindings)
        for relation in bindings.relations:
            problems += relation(step, items)
    return problems + _washed_out(reach)


def _unknown_steps(scene, b: Bindings) -> list[str]:
    """A binding that names a step the scene never runs constrains nothing: say so (a renamed step, a typo).
    Only a build that ran to its end can tell; one stopped early (``upto``) is not judged."""
    if getattr(scene, "upto", None) is not None:
        return []
    run = [s.name for s in scene.steps]
    return [
        f"the bindings refer to step {name!r}, which the scene does not run (it runs {', '.join(run)})"
        for name in sorted(b.steps_named - set(run))
    ]


def _check_texts(scene, b: Bindings) -> list[str]:
    """Every text ever added: numbers read what their role means; labels and formulas carry no free digits."""
    problems = []
    title = scene.figure.title
    for mob in scene.ever_added.values():
        if isinstance(mob, Num):
            problems += _check_number(mob, b)
        elif isinstance(mob, ShapeLabel):
            name = mob.role[0] if mob.role else None
            if name not in b.shapes:
                problems.append(f"shape label {mob.text!r} has no declared meaning (role {mob.role})")
                continue
            want = tuple(int(n) for n in _call(b.shapes[name], mob.role[1:], f"shape {name}"))
            if tuple(mob.shape) != want:
                problems.append(f"shape label {mob.text!r} ({mob.role}) should read {'×'.join(map(str, want))}")
        elif isinstance(mob, Math):
            bare = re.sub(r"\{[^{}]*\}", "", mob.template)
            bare = STRUCTURAL_MATH.sub("", bare)
            if DIGIT.search(bare):
                problems.append(f"formula {mob.template!r} has digits typed into it (bind them with Size)")
            for name, size in mob.numbers.items():
                if size.role not in b.sizes:
                    problems.append(
                        f"formula {mob.template!r}: {{{name}}} has no declared meaning (role {size.role!r})"
                    )
                elif size.value != b.sizes[size.role]:
                    problems.append(
                        f"formula {mob.expression!r}: {size.role} is {size.value}, should be {b.sizes[size.role]}"
                    )
        elif isinstance(mob, FigureRef):
            from scenes.registry import FIGURES

            if mob.figure_ref not in FIGURES:
                problems.append(f"label {mob.text!r} names {mob.figure_ref!r}, which is not a figure")
            elif DIGIT.search(mob.text.replace(mob.figure_ref, "")):
                problems.append(f"label {mob.text!r} has digits typed into it besides the figure id")
        elif (
            isinstance(mob, TextLine) and DIGIT.search(mob.text) and mob.text != title and not _names_image(scene, mob)
        ):
            problems.append(
                f"label {mob.text!r} has digits typed into it (draw numbers with Num, shapes with ShapeLabel)"
            )
    return problems


def _names_image(scene, mob) -> bool:
    """The header's "· name.png" for the user's own image (scenes.pipeline.base.with_image_name): a file name, free
    to hold digits, drawn only when the scene's inputs have an image."""
    return getattr(mob, "quotes_input", False) and getattr(scene.inputs, "image", None) is not None


def _check_number(num: Num, b: Bindings) -> list[str]:
    role = num.role
    if not role:
        return [f"number {num.text} ({num.key}{list(num.index)}) has no role"]
    name = role[0]
    if name in GENERIC_NUMBER_ROLES:
        return []  # checked with their colour bar or equality
    if name not in b.numbers:
        return [f"number {num.text} has role {role}, which the figure's bindings do not declare"]
    try:
        expected = float(_call(b.numbers[name], role[1:], f"number {name}"))
    except LookupError as error:
        return [str(error)]
    if not _close_to_drawn(num, expected):
        return [f"number {num.text} ({role}) should read {num.__class__.__name__} {expected:.6g}"]
    return []


def _check_grids(step: str, items: list[Item], b: Bindings, reach: dict) -> list[str]:
    problems = []
    for g in [i for i in items if i.kind == "grid"]:
        name = g.role[0] if g.role else None
        if name == "colorbar":
            continue
        if name not in b.grids:
            problems.append(f"step {step}: a {g.array.shape} grid has role {g.role}, not declared")
            continue
        try:
            want = np.asarray(_call(b.grids[name], g.role[1:], f"grid {name}"), dtype=np.float64)
        except LookupError as error:
            problems.append(f"step {step}: {error}")
            continue
        have = np.asarray(g.array, dtype=np.float64)
        if want.ndim == 1:
            want = want[:, None]
        if have.shape != want.shape:
            problems.append(f"step {step}: grid {g.role} shows a {have.shape} array, should be {want.shape}")
            continue
        if not np.allclose(have, want, rtol=0, atol=1e-9):
            worst = np.unravel_index(np.argmax(np.abs(have - want)), have.shape)
            problems.append(
                f"step {step}: grid {g.role} cell {tuple(map(int, worst))} shows {have[worst]:.4g}, "
                f"should be {want[worst]:.4g}"
            )
            continue
        colors = np.array([_rgb(g.color_of(a)) for a in want.ravel()])
        if np.abs(colors - g.rgba[:, :3]).max() > 1.5 / 255:
            problems.append(f"step {step}: grid {g.role} is coloured unlike its values")
        bounds = getattr(g.color_of, "bounds", None)  # a colour scale that knows its range
        if bounds is not None and (
            want.min() < bounds[0] - 1e-9 * abs(bounds[0]) or want.max() > bounds[1] * (1 + 1e-9)
        ):
            problems.append(
                f"step {step}: grid {g.role}'s colour scale spans {bounds[0]:.4g}…{bounds[1]:.4g}, but its values "
                f"reach {want.min():.4g}…{want.max():.4g}: their colours saturate"
            )
        if bounds is not None:
            reach[g.color_of] = max(reach.get(g.color_of, 0.0), float(np.abs(want).max(initial=0.0)))
    return problems


def _washed_out(reach: dict) -> list[str]:
    """A colour scale more than twice as wide as every value drawn on it, in every step: its grids fade to
    its middle."""
    problems = []
    for scale, drawn in reach.items():
        extent = max(abs(scale.bounds[0]), abs(scale.bounds[1]))
        if drawn < extent / 2:
            problems.append(
                f"a colour scale spans ±{extent:.4g}, but its grids draw at most {drawn:.4g}: their colours wash out"
            )
    return problems


def _rgb(color) -> np.ndarray:
    from manim import ManimColor

    return np.asarray(ManimColor(color).to_rgb(), dtype=np.float64)


def _check_colorbars(step: str, items: list[Item], b: Bindings) -> list[str]:
    problems = []
    for bar in [i for i in items if i.kind == "grid" and i.role and i.role[0] == "colorbar"]:
        target = bar.role[1:]
        grids = [g for g in items if g.kind == "grid" and g.role == target]
        # a scale shared by a family of grids, roles target + (f,) (ten class maps): its ends span them all
        family = [g for g in items if g.kind == "grid" and g.role and len(g.role) > len(target)]
        family = [g for g in family if g.role[: len(target)] == target and g.role[0] != "colorbar"]
        if not (grids or family) or target[0] not in b.grids:
            problems.append(f"step {step}: a colour bar for {target} with no such grid drawn")
            continue
        if grids:
            data = np.asarray(_call(b.grids[target[0]], target[1:], f"grid {target[0]}"), dtype=np.float64)
        else:
            grids = family
            data = np.concatenate(
                [np.ravel(_call(b.grids[target[0]], g.role[1:], f"grid {target[0]}")) for g in family]
            ).astype(np.float64)
        top = [i for i in items if i.kind == "number" and i.role == ("colorbar-max",) + target]
        bottom = [i for i in items if i.kind == "number" and i.role == ("colorbar-min",) + target]
        if len(top) != 1 or len(bottom) != 1:
            problems.append(f"step {step}: the colour bar of {target} needs one max and one min label")
            continue
        top, bottom = top[0], bottom[0]
        if abs(parse_number(top.text) - data.max()) > _half_ulp(top) * 1.0001:
            problems.append(f"step {step}: colour bar of {target}: top label {top.text}, the max is {data.max():.4g}")
        if abs(parse_number(bottom.text) - data.min()) > _half_ulp(bottom) * 1.0001:
            problems.append(
                f"step {step}: colour bar of {target}: bottom label {bottom.text}, the min is {data.min():.4g}"
            )
        if not top.center[1] > bottom.center[1]:
            problems.append(f"step {step}: colour bar of {target}: its max label is not above its min label")
        for label, end in ((top, bar.bbox[3]), (bottom, bar.bbox[1])):
            if abs(label.center[1] - end) > 0.6 * (label.bbox[3] - label.bbox[1]) + 0.05:
                problems.append(
                    f"step {step}: colour bar of {target}: label {label.text} is not at its end of the ramp"
                )
        color_of = grids[0].color_of
        for row, value in ((0, data.max()), (-1, data.min())):
            if np.abs(bar.rgba[row, :3] - _rgb(color_of(value))).max() > 8 / 255:
                problems.append(
                    f"step {step}: colour bar of {target}: its {'top' if row == 0 else 'bottom'} colour "
                    f"is not the colour of {value:.4g}"
                )
    return problems


def _check_equalities(step: str, items: list[Item], b: Bindings) -> list[str]:
    from compute.values import rounding_bound

    problems = []
    for mark in [i for i in items if i.role and i.role[0] == "check"]:
        key = mark.role[1]
        if key not in b.equalities:
            problems.append(f"step {step}: an equality mark for {key!r}, which the bindings do not declare")
            continue
        a, c = b.equalities[key]
        delta, bound = float(np.max(np.abs(a - c))), float(rounding_bound(a, c))
        holds = delta < bound
        if mark.mobject.holds != holds or ("✓" in mark.text) != holds:
            problems.append(f"step {step}: {key}: drawn {mark.text!r} but max |Δ| = {delta:.3g} (bound {bound:.0e})")
        numbers = [i for i in items if i.kind == "number" and i.role in (("bound", key), ("delta", key))]
        for num in numbers:
            shown = parse_number(num.text)
            if num.role[0] == "bound" and (not holds or shown != bound):
                problems.append(f"step {step}: {key}: drawn bound {num.text}, but Δ = {delta:.3g} against {bound:.0e}")
            if num.role[0] == "delta" and (holds or abs(shown - delta) > 0.051 * delta):
                problems.append(f"step {step}: {key}: drawn Δ {num.text}, recomputed {delta:.3g}")
    return problems


__all__ = ["Bindings", "check"]
