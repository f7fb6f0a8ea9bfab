"""What fig2a and fig2b share: a window sliding over the input while output maps fill in."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import (
    Animation,
    AnimationGroup,
    DashedVMobject,
    FadeIn,
    Group,
    Rectangle,
    Succession,
    TransformFromCopy,
    VGroup,
    VMobject,
    linear,
)

from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import parse_number


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


def weighted_sum(total: str, weights: str, inputs: str, plus: str | None = None):
    """A binding relation (``Bindings.relations``) for a unit: each drawn ``total`` (role (total, p)) is
    the sum over m of the drawn weight m (role (weights, m)) times the drawn input m at p (role
    (inputs, p, m, …)), plus the drawn ``plus``, within what the rounding of the drawn numbers can hide."""

    def half_ulp(item) -> float:
        """The most the rounding of a drawn number can hide (nothing when it is drawn exactly, e.g. −1)."""
        if float(getattr(item.mobject, "value", float("nan"))) == parse_number(item.text):
            return 0.0
        return 0.5 * 10.0 ** -(len(item.text.split(".")[1]) if "." in item.text else 0)

    def relation(step: str, items) -> list[str]:
        numbers = [i for i in items if i.kind == "number" and i.role]
        drawn_weights = {i.role[1]: i for i in numbers if i.role[0] == weights}
        extra = [i for i in numbers if i.role[0] == plus]
        problems = []
        for out in [i for i in numbers if i.role[0] == total]:
            drawn_inputs = {i.role[2]: i for i in numbers if i.role[0] == inputs and i.role[1] == out.role[1]}
            if not drawn_inputs or not set(drawn_inputs) <= set(drawn_weights):
                continue
            value = sum(parse_number(drawn_weights[m].text) * parse_number(x.text) for m, x in drawn_inputs.items())
            value += sum(parse_number(e.text) for e in extra)
            slack = half_ulp(out) + sum(half_ulp(e) for e in extra) + 1e-9
            for m, x in drawn_inputs.items():
                w = drawn_weights[m]
                slack += abs(parse_number(w.text)) * half_ulp(x) + abs(parse_number(x.text)) * half_ulp(w)
                slack += half_ulp(x) * half_ulp(w)
            if abs(parse_number(out.text) - value) > slack:
                problems.append(
                    f"step {step}: {total} {list(out.role[1:])} reads {out.text}, but the drawn {weights} "
                    f"times the drawn {inputs} (+{plus}) give {value:.4g}"
                )
        return problems

    return relation


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


def compare_step(moves: list, worked, target, legend, conv_grid, conv_title, conv_target, check) -> Succession:
    """A sliding unit's last step (fig2b, fig4b): its marks back on the last worked position with the
    worked numbers undimmed, the target and colour bar; then the convolution's own map beside it; then
    the equality of the two."""
    return Succession(
        AnimationGroup(*moves, worked.animate.set_opacity(1.0), FadeIn(target), FadeIn(legend), run_time=1.2),
        AnimationGroup(FadeIn(conv_grid), FadeIn(conv_title), FadeIn(conv_target), run_time=1.2),
        FadeIn(check, run_time=1.0),
    )
