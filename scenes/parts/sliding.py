"""What the sliding figures share (fig2a, fig2b; fig4a, fig4b for the precision rule and the comparison): a
window sliding over the input while output maps fill in, and arithmetic a reader can redo by hand.

Display precision, one rule per kind of quantity in every sliding figure (fig2a, fig2b, fig4a, fig4b):

* a pixel (an intensity in [0, 1], a channel value r, g, b): ``PIXEL_DECIMALS`` = 2;
* a weight or bias: as given when a few decimals write it exactly (Sobel's −2, BT.601's 0.299), else 3
  (``weight_decimals``);
* a product pixel × weight: 2 decimals, 1 when a weight exceeds 2 in magnitude (``product_decimals``): the
  pixel's rounding (±0.005) times the weight then moves the product by at most one in its last digit;
* a sum of products plus the bias, i.e. a convolution's or a unit's output at a worked position:
  ``SUM_DECIMALS`` = 1, one fewer than the products, so nine rounded products (±0.005 each) still add up;
* an element of two maps shown equal (EqualityView): ``EVIDENCE_DECIMALS`` = 3.

Every drawn product or sum is then recomputed from its drawn operands (``by_hand``, the rule of
scenes.checks.arithmetic); where that gives one off in the last digit, the result is drawn after "≈"
(``Num(approx=True)``) instead of "=".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Animation,
    AnimationGroup,
    Create,
    DashedVMobject,
    FadeIn,
    FadeOut,
    Group,
    Rectangle,
    ReplacementTransform,
    Succession,
    TransformFromCopy,
    VGroup,
    VMobject,
    linear,
)

from compute.settings import kernel_kind
from compute.values import FigureInputs
from scenes.checks.arithmetic import agrees, value_of
from scenes.mobjects.components import Label, Neuron, ShapeLabel, note, pixel_grid, row, titled
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import Math, Num, format_number
from scenes.mobjects.theme import SMALL_SIZE

PIXEL_DECIMALS = 2
SUM_DECIMALS = 1
EVIDENCE_DECIMALS = 3


def weight_decimals(weights, most: int = 3) -> int:
    """The fewest decimals (up to ``most``) that write every weight exactly: −2 → 0, 0.299 → 3, 0.5 → 1."""
    weights = np.atleast_1d(np.asarray(weights, dtype=np.float64))
    for d in range(most + 1):
        if np.allclose(weights, np.round(weights, d), rtol=0, atol=1e-12):
            return d
    return most


def product_decimals(weights) -> int:
    """A product pixel × weight: 2 decimals, or 1 when some |weight| > 2 (a pixel drawn to ±0.005 times
    such a weight could move a 2-decimal product by two in its last digit)."""
    return 2 if float(np.max(np.abs(weights))) <= 2.0 else 1


def drawn(value: float, decimals: int) -> Decimal:
    """What a reader reads off ``value`` drawn with ``decimals``."""
    return value_of(format_number(value, decimals))


def by_hand(value: float, decimals: int, exact: Decimal) -> bool:
    """Whether ``value`` drawn with ``decimals`` is what a reader gets from the drawn operands (``exact``,
    their result computed from what they read), rounded to those decimals as a reader rounds, half up (a
    tie the other way is drawn with "≈", though scenes.checks.arithmetic would let it pass)."""
    text = format_number(value, decimals)
    with localcontext() as context:
        context.prec = 50
        rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return agrees(text, exact) and value_of(text) == rounded


def hand_num(values, key: str, index, theme, decimals: int, exact: Decimal, **kwargs) -> Num:
    """The Num of a drawn result: plain when it checks by hand from its drawn operands (``exact``), else drawn
    after "≈" (one off in its last digit at most, by the precision rule above)."""
    value = float(np.asarray(values[key])[tuple(np.atleast_1d(index))] if np.ndim(index) else values[key][index])
    return Num(values, key, index, theme, decimals, approx=not by_hand(value, decimals, exact), **kwargs)


def approx_cells(grid, values, key: str, prefix: tuple, theme, decimals: int, font_size, exact) -> None:
    """In a NumberGrid of results, redraw after "≈" every number that does not check by hand: ``exact(i, j)``
    is cell (i,j)'s result from its drawn operands. Raises if a "≈ …" does not fit its cell."""
    h, w = grid.grid.shape
    for i in range(h):
        for j in range(w):
            old = grid.number(i, j)
            if by_hand(old.value, decimals, exact(i, j)):
                continue
            new = Num(
                values, key, prefix + (i, j), theme, decimals, font_size, old.get_color(), role=old.role, approx=True
            )
            new.inside = True
            new.move_to(grid.grid.cell_center(i, j))
            if new.width > 0.9 * grid.grid.cell_size:
                raise ValueError(f"{key}: '{new.text}' does not fit cells of {grid.grid.cell_size:.2f}")
            grid.numbers.submobjects[i * w + j] = new


def kernel_setting(values, inputs: FigureInputs | None) -> tuple[str, int, int]:
    """What a 3×3 sliding figure (fig2a, fig2b) needs to know of its kernel: its kind (for its title and note),
    and the decimals of its weights and of the bias by the precision rule."""
    kind = kernel_kind((inputs or FigureInputs()).kernel)
    return kind, weight_decimals(values["k"]), weight_decimals(values["b"])


def padded_digit(values, theme, width: float, at, say_padding: bool = False) -> tuple[CellGrid, VGroup, VGroup]:
    """The digit x drawn so that, with its zero border, it is ``width`` wide whatever the padding (fig2a, fig2b),
    centred at ``at``: (grid, the dashed border, the title "x 28×28", with "+ zero padding" if ``say_padding``)."""
    padding = int(values["padding"])
    side = values["x"].shape[0] + 2 * padding
    x_grid = pixel_grid(values["x"], theme, width / side, role="input").move_to([*at, 0])
    border = padding_frame(x_grid, padding, theme)
    parts = [Math("x", theme), ShapeLabel(values, "x", theme, role="input")]
    if padding and say_padding:
        parts.append(note("+ zero padding", theme))
    return x_grid, border, titled(VGroup(x_grid, border), *parts)


def window_center(x_grid: CellGrid, values, i: int, j: int) -> np.ndarray:
    """Where the window producing output (i,j) sits on the input grid (``values['origin']``)."""
    kh, kw = values["k"].shape
    return x_grid.block_center(*values["origin"][i, j], kh, kw)


def pixel_under(values, p: int, u: int, w: int) -> float:
    """The input pixel under kernel cell (u,w) at worked position p (0 in the zero border)."""
    pad = int(values["padding"])
    x = np.pad(values["x"], pad)
    i, j = values["shown"][p]
    r, c = values["origin"][i, j] + pad
    return float(x[r + u, c + w])


def padding_frame(grid, padding: int, theme) -> VGroup:
    """The zero border a convolution with ``padding`` sees around the grid: a dashed outline."""
    if padding == 0:
        return VGroup()
    h, w = grid.shape
    outline = Rectangle(
        width=(w + 2 * padding) * grid.cell_size,
        height=(h + 2 * padding) * grid.cell_height,
        stroke_color=theme.muted,
        stroke_width=2,
    ).move_to(grid.get_center())
    return VGroup(DashedVMobject(outline, num_dashes=4 * (h + w)))


def drop_into(number: VMobject, grid: CellGrid, i: int, j: int, run_time: float = 1.2):
    """A copy of ``number`` shrinking into cell (i,j) of ``grid`` while that cell appears.

    Returns (animation, settle_cell): the animation leaves the grid itself still (the cell appears as a
    square of its own, so the grid is not redrawn every frame of a long Succession) and can wait its
    turn in a Succession; call ``settle_cell(scene)`` after the play to show the cell in the grid.
    """
    ghost = number.copy().scale(0.3).move_to(grid.cell_center(i, j)).set_opacity(0)
    square = grid.cell_square(i, j)
    animation = AnimationGroup(TransformFromCopy(number, ghost), FadeIn(square), run_time=run_time)

    def settle_cell(scene) -> None:
        scene.remove(ghost, square)
        grid.show([(i, j)])

    return animation, settle_cell


class Sweep(Animation):
    """The whole slide in one animation: the window visits every output position row by row while
    each position's output cell appears in every map of ``outputs`` (cells already shown stay)."""

    def __init__(self, window: VMobject, x_grid: CellGrid, values, outputs: Sequence[CellGrid], **kwargs):
        self.window, self.x_grid, self.values, self.outputs = window, x_grid, values, list(outputs)
        h, w = values["y"].shape
        self.positions = [(i, j) for i in range(h) for j in range(w)]
        self.centers = np.array([window_center(x_grid, values, i, j) for i, j in self.positions])
        kwargs.setdefault("rate_func", linear)
        super().__init__(Group(window, *self.outputs), **kwargs)

    def begin(self) -> None:
        self.already = [grid.alpha.copy() for grid in self.outputs]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        k = min(int(alpha * len(self.positions)), len(self.positions) - 1)
        self.window.move_to(self.centers[k])
        flat = np.arange(len(self.positions))
        for grid, before in zip(self.outputs, self.already):
            grid.alpha = np.maximum(before, (flat <= k).astype(float))


def summing_unit(values, theme, radius: float, at, arrow: float, bias_shift: float) -> tuple[Neuron, VGroup, VMobject]:
    """A fully connected unit as fig2b and fig4b draw it: the neuron Σ centred at ``at``; "+ b = <bias>" under it,
    ``bias_shift`` right of its left edge (clear of the lowest links); its output arrow, ``arrow`` long."""
    unit = Neuron(theme, radius=radius, label=Math("Σ", theme)).move_to(at)
    bias = row(Math("+ b =", theme), Num(values, "b", (), theme, weight_decimals(values["b"]), SMALL_SIZE, role="bias"))
    bias.next_to(unit, DOWN, buff=0.2).align_to(unit, LEFT).shift(bias_shift * RIGHT)
    return unit, bias, unit.output_arrow(arrow, theme.muted)


def unit_map_title(values, theme, frame) -> VGroup:
    """The title over a sliding unit's output map (fig2b, fig4b): "sliding unit" and the map's shape."""
    name = Label("sliding unit", theme, SMALL_SIZE, theme.muted)
    return titled(frame, name, ShapeLabel(values, "y_fc", theme, role="unit_map"))


def unit_equality_view(
    values, theme, p: int, names: tuple, unit_grid: CellGrid, side: float, diff_side: float, gap=0.5, **layout
):
    """A sliding unit's map (``y_fc``) beside the convolution's (``y``), element ``shown[p]`` marked and valued in
    both, and |A − B| (fig2b, fig4b): the roles their bindings check, on the unit map's colour scale. ``layout``:
    EqualityView's layout options (``layout="column"``, ``check_buff``)."""
    return EqualityView(
        values,
        theme,
        "y_fc",
        "y",
        "abs_diff",
        values["shown"][p],
        names=names,
        diff_name="|unit − convolution|",
        grid_roles=("unit_map", "conv_map", "abs_diff"),
        shape_roles=("unit_map", "conv_map"),
        mark_roles=(("target", p), ("conv-target", p)),
        value_roles=(("unit-value", p), ("conv-value", p)),
        color_of=unit_grid.color_of,
        side=side,
        diff_side=diff_side,
        decimals=EVIDENCE_DECIMALS,
        gap=gap,
        **layout,
    )


def compare_step(scene, view, unit_grid: CellGrid, keep: Sequence[VMobject] = ()) -> Succession:
    """A sliding unit's last step (fig2b, fig4b): everything but the title and ``keep`` steps aside while the
    unit's own map moves and grows into map A of ``view`` (an EqualityView), cell by cell; then the
    convolution's map B beside it, the same element marked and valued in both, and |A − B| with the badge."""
    header = scene.mobjects[0]  # the title, added first (scenes.pipeline.base)
    scene.add(unit_grid)  # on its own at the top level (a Succession may have left it inside a group)
    leaving = [m for m in scene.mobjects if m is not header and m is not unit_grid and m not in keep]
    return Succession(
        AnimationGroup(
            *(FadeOut(m) for m in leaving),
            ReplacementTransform(unit_grid, view.grid_a),
            FadeIn(view.title_a),
            run_time=1.5,
        ),
        AnimationGroup(FadeIn(view.grid_b), FadeIn(view.title_b), FadeIn(view.equals), run_time=1.0),
        AnimationGroup(
            Create(view.mark_a), Create(view.mark_b), FadeIn(view.value_a), FadeIn(view.value_b), run_time=1.0
        ),
        AnimationGroup(FadeIn(view.panel_diff), FadeIn(view.check), run_time=1.2),
    )
