"""Visual pieces of the RGB figures (fig4a, fig4b): the photo, its R, G, B planes, one-number cells,
pixel markers and the sweep of a 1×1 window over every pixel.

Every grid is a ``CellGrid`` (one mobject) with a role; the photo's cells are indexed row-major and
coloured by their own r, g, b (``photo_colors`` checks those colours against the photo).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Animation,
    AnimationGroup,
    Group,
    Line,
    ManimColor,
    Rectangle,
    ReplacementTransform,
    VGroup,
    VMobject,
    linear,
)

from scenes.mobjects.components import Label, Num, ShapeLabel, bind, fit_inside, titled
from scenes.mobjects.grid import CellGrid, signed_grid
from scenes.mobjects.text import Math
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE, Theme
from scenes.parts.sliding import PIXEL_DECIMALS

CHANNEL_COLORS = ("#ff3b30", "#34c759", "#1e7bff")  # R, G, B: the planes' tints, and names and outlines on dark
CHANNEL_COLORS_LIGHT = ("#c8102e", "#1e7b34", "#1a56db")  # names and outlines on white: contrast ≥ 4.5


def channel_colors(theme: Theme) -> tuple[str, str, str]:
    """The R, G, B identity colours of names and outlines on ``theme``'s background (readable on it); the
    planes' own tints stay ``CHANNEL_COLORS``. Figures declare both sets (``Bindings.identity_colours``)."""
    return CHANNEL_COLORS_LIGHT if theme.name == "light" else CHANNEL_COLORS


CHANNEL_NAMES = ("R", "G", "B")
PLANE_ROLES = ("plane-R", "plane-G", "plane-B")
BLACK = ManimColor("#000000")


def _rgb(triple) -> ManimColor:
    return ManimColor.from_rgb(tuple(float(c) for c in np.clip(triple, 0.0, 1.0)))


def photo_grid(x: np.ndarray, theme: Theme, cell_size: float, role: str = "photo") -> CellGrid:
    """A (3,H,W) image in [0,1] as one grid: cell (i,j) holds its row-major index i·W + j and is
    filled with the pixel's own colour (r, g, b)."""
    _, h, w = x.shape
    colors = [_rgb(rgb) for rgb in x.reshape(3, -1).T]
    index = np.arange(h * w, dtype=np.float64).reshape(h, w)
    return CellGrid(index, lambda k: colors[int(k)], cell_size, stroke_color=theme.grid_stroke, role=role)


def channel_tint(channel: int) -> Callable[[float], ManimColor]:
    """A value in [0,1] of one channel as black (0) to that channel's colour (1)."""
    tint = ManimColor(CHANNEL_COLORS[channel])
    return lambda a: BLACK.interpolate(tint, float(np.clip(a, 0.0, 1.0)))


PLANE_SHEAR = 0.3  # a plane seen in depth: each row sits this many cell widths right of the row below it
PLANE_SQUASH = 0.75  # … and its cells are this much less tall than wide (a plane lying back, seen obliquely)


class PlaneGrid(CellGrid):
    """A channel plane seen in depth: an (H,W) grid whose rows are squashed and shifted right, row above row,
    by ``shear`` cell widths: a parallelogram, as a plane lying back is seen in an oblique view. Cells stay
    axis-aligned rectangles (one CellGrid, drawn as fast); ``cell_center``, ``block_center`` and ``window``
    follow the shear. ``plane_mark_on`` is the binding relation for marks on it."""

    def __init__(self, array, color_of, cell_size: float, cell_height: float, shear: float = PLANE_SHEAR, **kwargs):
        super().__init__(array, color_of, cell_size, cell_height=cell_height, **kwargs)
        self.shear = float(shear)
        h, w = self.grid_shape
        rows, cols = np.divmod(np.arange(h * w), w)
        offset = self.shear * cell_size * (h - 1 - rows)
        x0 = cols * cell_size + offset
        y0 = -rows * cell_height
        self._set_absolute_rects(np.stack([x0, y0, x0 + cell_size, y0 - cell_height], axis=1))
        self.regular = False
        self.center()

    @property
    def cell_size(self) -> float:
        x0, _, x1, _ = self.absolute_rects()[0]
        return float(x1 - x0)

    @property
    def cell_height(self) -> float:
        _, y0, _, y1 = self.absolute_rects()[0]
        return float(y0 - y1)

    def block_center(self, i: int, j: int, h: int = 1, w: int = 1) -> np.ndarray:
        cells = [self.cell_center(r, c) for r in range(i, i + h) for c in range(j, j + w)]
        return np.mean(cells, axis=0)

    def window(self, i: int, j: int, h: int, w: int, color: str, stroke_width: float = 4) -> Rectangle:
        rect = Rectangle(width=w * self.cell_size, height=h * self.cell_height, color=color, stroke_width=stroke_width)
        return rect.move_to(self.block_center(i, j, h, w))


def plane_mark_on(mark: str, grid: str, cells: Callable[..., tuple[int, int]], shear: float = PLANE_SHEAR):
    """A binding relation: a mark with role (mark, *idx) sits on cell cells(*idx) = (i, j) of the plane with
    role (grid,), a PlaneGrid: its position recomputed here from the plane's box and the shear."""

    def relation(step: str, items) -> list[str]:
        problems = []
        planes = [i for i in items if i.kind == "grid" and i.role == (grid,)]
        for m in [i for i in items if i.kind != "grid" and i.role and i.role[0] == mark]:
            if not planes:
                problems.append(f"step {step}: {mark} {list(m.role[1:])} is drawn without the plane {grid}")
                continue
            i, j = cells(*m.role[1:])
            left, bottom, right, top = planes[0].bbox
            rows, cols = planes[0].array.shape
            sx = (right - left) / (cols + shear * (rows - 1))
            sy = (top - bottom) / rows
            want = np.array([left + shear * sx * (rows - 1 - i) + (j + 0.5) * sx, top - (i + 0.5) * sy])
            if np.linalg.norm(m.center - want) > 0.3 * min(sx, sy):
                problems.append(f"step {step}: {mark} {list(m.role[1:])} is not on cell {(i, j)} of the plane {grid}")
        return problems

    return relation


def plane_grid(plane: np.ndarray, channel: int, theme: Theme, cell_size: float, depth: bool = False) -> CellGrid:
    """One (H,W) channel of the photo, tinted by its channel, with role ``PLANE_ROLES[channel]``; ``depth``:
    seen in depth (a PlaneGrid, squashed and sheared)."""
    if depth:
        return PlaneGrid(
            plane,
            channel_tint(channel),
            cell_size,
            cell_size * PLANE_SQUASH,
            stroke_color=theme.grid_stroke,
            role=PLANE_ROLES[channel],
        )
    return CellGrid(plane, channel_tint(channel), cell_size, stroke_color=theme.grid_stroke, role=PLANE_ROLES[channel])


def true_grey(a: float) -> ManimColor:
    """An intensity in [0,1] as grey on any theme (black 0, white 1): a photo, not a map."""
    return ManimColor.from_rgb((float(np.clip(a, 0.0, 1.0)),) * 3)


def output_grid(values, key: str, theme: Theme, cell_size: float, role: str, visible: bool = False) -> CellGrid:
    """fig4's output map: true grey when ``values['y_is_grey']`` (the default weights give the grey
    photo), else the theme's signed colours."""
    y = values[key]
    if bool(values["y_is_grey"]):
        return CellGrid(y, true_grey, cell_size, stroke_color=theme.grid_stroke, role=role, visible=visible)
    return signed_grid(y, theme, cell_size, role=role, visible=visible)


class RGBInput(VGroup):
    """The photo x with its R, G and B planes stacked beside it: ``photo`` (titled 'x 3×H×W'),
    ``planes`` (each a CellGrid with role 'plane-R' …; with ``depth``, PlaneGrids seen obliquely, and a negative
    ``plane_gap`` lets each lie in front of the next one's back rows) and ``names`` (R, G, B, left of each plane).

    The photo's top lines up with the R plane's, so its copies travel right and down into the planes
    (``split``), never across its title.
    """

    def __init__(
        self,
        values,
        theme: Theme,
        photo_cell: float,
        plane_cell: float,
        left: float,
        top: float,
        gap: float = 0.7,
        plane_gap: float = 0.28,
        depth: bool = True,
    ):
        x = values["x"]
        self.photo = photo_grid(x, theme, photo_cell)
        self.photo.move_to([left + self.photo.width / 2, top - self.photo.height / 2, 0])
        self.title = titled(self.photo, Math("x", theme), ShapeLabel(values, "x", theme, role="photo"))
        self.planes = VGroup(*(plane_grid(x[c], c, theme, plane_cell, depth) for c in range(3)))
        plane_left = self.photo.get_right()[0] + gap
        for c, plane in enumerate(self.planes):
            plane.move_to([plane_left + plane.width / 2, top - plane.height / 2 - c * (plane.height + plane_gap), 0])
            plane.set_z_index(
                0.1 * (len(self.planes) - c)
            )  # a negative gap: each plane in front of the next one's back rows
        self.names = VGroup(
            *(
                Label(name, theme, LABEL_SIZE, color).next_to(plane, LEFT, buff=0.14)
                for name, color, plane in zip(CHANNEL_NAMES, channel_colors(theme), self.planes)
            )
        )
        super().__init__(self.photo, self.title, self.planes, self.names)

    def split(self) -> list[Animation]:
        """The photo's copies becoming the three planes, cell by cell (each cell takes its channel's tint); the
        planes join the scene back to front (B, G, R), the order they are drawn in (their z-index)."""
        return [ReplacementTransform(self.photo.copy(), plane) for plane in reversed(self.planes)]

    def travel(self, i: int, j: int, cells: Sequence["ValueCell"], run_time: float = 1.5) -> AnimationGroup:
        """Pixel (i, j) of each plane, as a one-cell grid of its own, travelling into its cell of ``cells`` (fig4a's
        worked column, fig4b's input slots)."""
        return AnimationGroup(
            *(ReplacementTransform(plane.sub([i], [j]), cell.grid) for plane, cell in zip(self.planes, cells)),
            run_time=run_time,
        )

    @property
    def grids(self) -> list[CellGrid]:
        """The photo, then the R, G, B planes."""
        return [self.photo, *self.planes]


class ValueCell(VGroup):
    """One number in one filled cell: a 1×1 CellGrid coloured by ``color_of(value)`` with the Num
    inside; both carry ``role``. ``grid`` and ``num`` are the parts; ``approx`` draws the number after "≈"."""

    def __init__(
        self,
        values,
        key: str,
        index,
        theme: Theme,
        role: tuple,
        color_of: Callable[[float], object] | None = None,
        width: float = 0.9,
        height: float | None = None,
        *,
        decimals: int,  # no default: each quantity's precision comes from the precision rule (issue #17 item 1)
        font_size: float = SMALL_SIZE,
        stroke_color: str | None = None,
        stroke_width: float = 1.5,
        approx: bool = False,
    ):
        self.num = Num(values, key, index, theme, decimals, font_size, role=role, approx=approx)
        color_of = color_of or (lambda a: theme.background)
        self.grid = CellGrid(
            np.array([[self.num.value]]),
            color_of,
            width,
            stroke_color=stroke_color or theme.muted,
            stroke_width=stroke_width,
            role=role,
            cell_height=height,
        )
        self.num.set_color(theme.ink_on(self.grid.rgba[0, :3]))
        self.num.inside = True
        fit_inside(self.num, self.grid, margin=0.88)
        super().__init__(self.grid, self.num)
        self.holds_text_inside = True


def pixel_cells(values, theme: Theme, i: int, j: int, role: tuple, width: float, height: float) -> list[ValueCell]:
    """Pixel (i, j)'s r, g and b, each in a cell tinted by its channel, with role ``role + (c,)`` (fig4a's worked
    column, fig4b's input slots), to the precision rule's pixel decimals."""
    return [
        ValueCell(values, "x", (c, i, j), theme, (*role, c), channel_tint(c), width, height, decimals=PIXEL_DECIMALS)
        for c in range(3)
    ]


def column(cells: Sequence[VMobject]) -> VGroup:
    """Cells stacked top to bottom, touching (a vector drawn as a column)."""
    group = VGroup(*cells)
    for above, below in zip(cells, cells[1:]):
        below.next_to(above, direction=np.array([0.0, -1.0, 0.0]), buff=0)
    return group


def pixel_marks(grids: Sequence[CellGrid], i: int, j: int, color: str, stroke_width: float = 3) -> list:
    """An outline around pixel (i,j) of each grid: small mobjects to move."""
    return [g.window(i, j, 1, 1, color, stroke_width=stroke_width).set_z_index(2) for g in grids]


class PixelSweep(Animation):
    """A 1×1 window visiting every pixel row by row: each mark in ``marks`` (mark, grid) moves to the
    pixel on its grid while that pixel's cell appears in every map of ``outputs`` (shown cells stay)."""

    def __init__(self, marks: Sequence[tuple[VMobject, CellGrid]], shape, outputs: Sequence[CellGrid], **kwargs):
        self.marks, self.outputs = list(marks), list(outputs)
        h, w = shape
        self.positions = [(i, j) for i in range(h) for j in range(w)]
        self.centers = [np.array([g.block_center(i, j) for i, j in self.positions]) for _, g in self.marks]
        kwargs.setdefault("rate_func", linear)
        super().__init__(Group(*(m for m, _ in self.marks), *self.outputs), **kwargs)

    def begin(self) -> None:
        self.already = [grid.alpha.copy() for grid in self.outputs]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        k = min(int(alpha * len(self.positions)), len(self.positions) - 1)
        for (mark, _), centers in zip(self.marks, self.centers):
            mark.move_to(centers[k])
        flat = np.arange(len(self.positions))
        for grid, before in zip(self.outputs, self.already):
            grid.alpha = np.maximum(before, (flat <= k).astype(float))


def kernel_rod(marks: list, color: str) -> Line:
    """The filter passing through the planes: a rod from above the first plane's marked pixel to below the
    last's, through the middle one's (the planes lie one under another, so the same pixel lines up)."""
    top, bottom = marks[0].get_top() + 0.3 * UP, marks[-1].get_bottom() + 0.3 * DOWN
    return Line(top, bottom, color=color, stroke_width=3).set_z_index(2)


def output_colours(values, key: str, *roles: str):
    """A binding relation: fig4's output map (grids with these roles, drawing ``values[key]``) is the photo in
    true grey, every cell an opaque (y, y, y), when ``values['y_is_grey']`` (``output_grid``), else not grey (the
    theme's signed colours)."""
    y = np.clip(np.asarray(values[key], dtype=np.float64).ravel(), 0.0, 1.0)
    want = np.column_stack([y, y, y, np.ones_like(y)])
    grey = bool(values["y_is_grey"])

    def relation(step: str, items) -> list[str]:
        problems = []
        for g in [i for i in items if i.kind == "grid" and i.role and i.role[0] in roles]:
            drawn_grey = g.rgba.shape == want.shape and np.abs(g.rgba - want).max() <= 1.5 / 255
            if drawn_grey != grey:
                what = "the photo in opaque grey (y, y, y)" if grey else "in signed colours (y leaves [0, 1])"
                problems.append(f"step {step}: the {g.role[0]} map is not drawn {what}")
        return problems

    return relation


def top_to_bottom(name: str, touching: bool = False):
    """A binding relation: the cells with role (name, …, c), one per channel c, are stacked in channel order from
    top to bottom (R, G, B, as the planes are), centred on one vertical line; ``touching``: each cell's top on the
    bottom of the one above it (a vector drawn as a ``column``)."""

    def relation(step: str, items) -> list[str]:
        stacks: dict[tuple, dict] = {}
        for i in items:
            if i.kind == "grid" and i.role and i.role[0] == name:
                stacks.setdefault(tuple(i.role[1:-1]), {})[i.role[-1]] = i
        problems = []
        for key, cells in stacks.items():
            ordered = [cells[c] for c in sorted(cells)]
            for c, (above, below) in enumerate(zip(ordered, ordered[1:])):
                apart = above.bbox[1] - below.bbox[3]  # the upper cell's bottom minus the lower one's top
                if apart < -0.01 or abs(above.center[0] - below.center[0]) > 0.01 or (touching and abs(apart) > 0.01):
                    where = "right on top of" if touching else "above"
                    problems.append(
                        f"step {step}: {name} {[*key, c]} is not {where} {name} {[*key, c + 1]} in one column"
                    )
        return problems

    return relation


def level_with(name: str, other: str):
    """A binding relation: each cell with role (name, *idx) is level with the cell (other, *idx): the same height
    and centre line (fig4a's products on their pixels' rows)."""

    def relation(step: str, items) -> list[str]:
        cells = {i.role[1:]: i for i in items if i.kind == "grid" and i.role and i.role[0] == other}
        problems = []
        for i in [i for i in items if i.kind == "grid" and i.role and i.role[0] == name]:
            partner = cells.get(i.role[1:])
            if partner is None:
                continue
            (_, y0, _, y1), (_, b0, _, b1) = i.bbox, partner.bbox
            if abs(y0 - b0) > 0.01 or abs(y1 - b1) > 0.01:
                problems.append(f"step {step}: {name} {list(i.role[1:])} is not level with {other} {list(i.role[1:])}")
        return problems

    return relation


def photo_colors(values, role: str = "photo"):
    """A binding relation: the grid with role ``role`` is coloured, cell by cell, by the photo's r, g, b."""
    x = values["x"]
    want = np.clip(x.reshape(3, -1).T, 0.0, 1.0)

    def relation(step: str, items) -> list[str]:
        problems = []
        for g in [i for i in items if i.kind == "grid" and i.role == (role,)]:
            if g.rgba.shape[0] != want.shape[0] or np.abs(g.rgba[:, :3] - want).max() > 1.5 / 255:
                problems.append(f"step {step}: the {role} grid is not coloured by the photo's r, g, b")
        return problems

    return relation


__all__ = [
    "CHANNEL_COLORS",
    "CHANNEL_COLORS_LIGHT",
    "CHANNEL_NAMES",
    "PLANE_ROLES",
    "PLANE_SHEAR",
    "PlaneGrid",
    "PixelFocus",
    "PixelSweep",
    "RGBInput",
    "ValueCell",
    "channel_colors",
    "channel_tint",
    "column",
    "kernel_rod",
    "level_with",
    "output_colours",
    "output_grid",
    "photo_colors",
    "photo_grid",
    "bind_rgb_input",
    "pixel_cells",
    "pixel_marks",
    "plane_grid",
    "plane_mark_on",
    "top_to_bottom",
    "true_grey",
]


def pixel_of(values, p: int, c: int) -> float:
    """Channel c of the photo at worked pixel p (fig4a, fig4b: ``values["x"]`` (3,H,W), ``values["shown"]``)."""
    i, j = values["shown"][p]
    return float(values["x"][c, i, j])


def marks_to(marks: list, spot, rod, rgb, i: int, j: int) -> list:
    """Animations taking the three plane marks, the photo's spot and the 1×1×3 rod through the planes to
    pixel (i, j) (fig4a, fig4b)."""
    moves = [m.animate.move_to(g.block_center(i, j)) for m, g in zip(marks + [spot], [*rgb.planes, rgb.photo])]
    return moves + [rod.animate.move_to(rgb.planes[1].block_center(i, j))]


class PixelFocus:
    """The pixel a 1×1 figure works on (fig4a, fig4b), outlined in every picture of it: on the R, G and B planes
    (``marks``, roles ``names``) with the ``rod`` through them (the 1×1×3 filter, or the unit's window), on the
    photo (``spot``) and on the output map (``target``). Made on pixel (i, j); ``bind(p)`` gives them worked pixel
    p's roles (None: between worked pixels), ``moves`` take them to another pixel, ``sweep`` visits every pixel."""

    def __init__(self, rgb: RGBInput, output: CellGrid, names: Sequence[str], i: int, j: int, color: str):
        self.rgb, self.output, self.names, self.color = rgb, output, tuple(names), color
        self.marks = pixel_marks(rgb.planes, i, j, color)
        self.rod = kernel_rod(self.marks, color)
        self.spot = pixel_marks([rgb.photo], i, j, color)[0]
        self.target = self.new_target(i, j)

    def new_target(self, i: int, j: int) -> Rectangle:
        """An outline of pixel (i, j) of the output map (the one the focus made is faded out during a sweep)."""
        return self.output.window(i, j, 1, 1, self.color, stroke_width=3)

    def bind(self, p: int | None) -> "PixelFocus":
        for mark, name in zip(self.marks, self.names):
            bind(mark, None if p is None else (name, p))
        bind(self.spot, None if p is None else ("spot", p))
        bind(self.target, None if p is None else ("target", p))
        return self

    def moves(self, i: int, j: int, target: bool = True) -> list:
        """Animations taking the outlines and the rod to pixel (i, j); the target's too unless ``target`` is False."""
        moves = marks_to(self.marks, self.spot, self.rod, self.rgb, i, j)
        return moves + ([self.target.animate.move_to(self.output.block_center(i, j))] if target else [])

    def sweep(self, outputs: Sequence[CellGrid], **kwargs) -> "PixelSweep":
        """The outlines and the rod visiting every pixel, row by row, while ``outputs`` fill in."""
        pictures = [*self.rgb.planes, self.rgb.photo, self.rgb.planes[1]]
        return PixelSweep(
            list(zip([*self.marks, self.spot, self.rod], pictures)), self.output.grid_shape, outputs, **kwargs
        )


def bind_rgb_input(b, values, marks: Sequence[str], output: str, px: float = 24) -> None:
    """What fig4a and fig4b draw of the photo, in their bindings ``b``: the photo (cells in row-major order,
    coloured by their r, g, b), its R, G, B planes and the channels' identity colours; the worked pixel
    ``shown[p]`` outlined on the photo ('spot'), on each plane seen in depth (``marks``) and on the map with role
    ``output`` ('target'), each at least ``px`` pixels at 1080p."""
    x = values["x"]
    _, h, w = x.shape
    b.grid("photo", lambda: np.arange(h * w).reshape(h, w))
    for c, role in enumerate(PLANE_ROLES):
        b.grid(role, lambda c=c: x[c])
    b.shape("photo", lambda: x.shape)
    b.relations.append(photo_colors(values))
    b.identity_colours(*CHANNEL_COLORS, *CHANNEL_COLORS_LIGHT)  # R, G, B: the channels' own colours
    worked = lambda p: tuple(values["shown"][p])  # noqa: E731 — the pixel worked at position p
    b.mark_on("spot", "photo", lambda p: (*worked(p), 1, 1))
    for mark, role in zip(marks, PLANE_ROLES):
        b.relations.append(plane_mark_on(mark, role, worked))  # the planes are seen in depth: sheared
    b.mark_on("target", output, lambda p: (*worked(p), 1, 1))
    for name in (*marks, "spot", "target"):  # the pixel we look at, in every picture of it
        b.at_least(name, px)
