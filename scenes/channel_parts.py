"""Visual pieces for channel stacks: an RGB photo, its R/G/B planes, and C channels of a 1×1 tensor.

Colours here are display mappings of values (a pixel's own RGB, a channel's tint); every number
drawn is still a Num read from the values.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    FadeIn,
    LaggedStart,
    ManimColor,
    Rectangle,
    ReplacementTransform,
    Square,
    VGroup,
)

from scenes.components import Label, Math, PixelGrid, frame_of, shape_label, titled
from scenes.theme import SMALL_SIZE, Theme

CHANNEL_COLORS = ("#ff3b30", "#34c759", "#1e7bff")  # R, G, B
CHANNEL_NAMES = ("R", "G", "B")
BLACK = ManimColor("#000000")


def rgb_grid(x: np.ndarray, theme: Theme, cell_size: float = 0.18) -> PixelGrid:
    """A (3,H,W) image in [0,1] as H·W squares, each filled with its own RGB colour."""
    c, h, w = x.shape
    colors = [ManimColor.from_rgb(tuple(np.clip(rgb, 0.0, 1.0))) for rgb in x.reshape(c, -1).T]
    index = np.arange(h * w).reshape(h, w)
    return PixelGrid(index, lambda i: colors[int(i)], cell_size, stroke_color=theme.grid_stroke)


def channel_plane(plane: np.ndarray, channel: int, theme: Theme, cell_size: float = 0.18) -> PixelGrid:
    """One (H,W) channel in [0,1], tinted from black (0) to its channel's colour (1)."""
    tint = ManimColor(CHANNEL_COLORS[channel])
    return PixelGrid(
        plane, lambda a: BLACK.interpolate(tint, float(np.clip(a, 0.0, 1.0))), cell_size, stroke_color=theme.grid_stroke
    )


def grey_grid(y: np.ndarray, theme: Theme, cell_size: float = 0.18) -> PixelGrid:
    """An (H,W) intensity in [0,1] as true grey (black 0, white 1) on any theme: a photo, not a map."""
    return PixelGrid(y, lambda a: ManimColor.from_rgb((float(a),) * 3), cell_size, stroke_color=theme.grid_stroke)


def output_map(values, key: str, theme: Theme, cell_size: float = 0.18) -> PixelGrid:
    """fig4's output: a grey photo when ``values['y_is_grey']``, else signed colours."""
    y = values[key]
    return grey_grid(y, theme, cell_size) if bool(values["y_is_grey"]) else PixelGrid.signed(y, theme, cell_size)


class RGBInput(VGroup):
    """The photo in colour with its R, G and B planes stacked beside it, each titled.

    ``photo``, ``planes`` and ``titles`` are the parts; ``split()`` animates the photo into its planes.
    """

    def __init__(
        self, x: np.ndarray, theme: Theme, photo_cell: float = 0.18, plane_cell: float = 0.12, gap: float = 0.9
    ):
        self.photo = rgb_grid(x, theme, photo_cell)
        self.planes = VGroup(*(channel_plane(x[c], c, theme, plane_cell) for c in range(len(x))))
        self.planes.arrange(DOWN, buff=0.22).next_to(self.photo, RIGHT, buff=gap)
        self.photo_title = titled(self.photo, theme, Math("x", theme), shape_label(x, theme))
        self.titles = VGroup(
            *(
                Label(name, theme, font_size=SMALL_SIZE + 2, color=color).next_to(plane, LEFT, buff=0.12)
                for name, color, plane in zip(CHANNEL_NAMES, CHANNEL_COLORS, self.planes)
            )
        )
        super().__init__(self.photo, self.photo_title, self.planes, self.titles)

    @classmethod
    def on_left(cls, x: np.ndarray, theme: Theme) -> "RGBInput":
        """fig4a/fig4b's layout: photo at the left edge, planes beside it, centred below the header."""
        rgb = cls(x, theme, photo_cell=0.24, plane_cell=0.13, gap=0.75)
        return rgb.move_to([0, -0.3, 0]).align_to([-6.9, 0, 0], LEFT)

    def split(self, **kwargs) -> list:
        """The photo's copies turning into the three planes (each square takes its channel's tint)."""
        return [ReplacementTransform(self.photo.copy(), plane, **kwargs) for plane in self.planes]

    def introduce(self, scene, *also) -> None:
        """Play: the photo (with ``also``), then its copies peeling off into the R, G, B planes."""
        scene.play(FadeIn(self.photo), FadeIn(self.photo_title), *(FadeIn(m) for m in also))
        scene.play(LaggedStart(*self.split(), lag_ratio=0.4), run_time=2.0)
        scene.play(FadeIn(self.titles), run_time=0.5)

    @property
    def grids(self) -> list[PixelGrid]:
        return [self.photo, *self.planes]


def pixel_markers(grids, i: int, j: int, color: str) -> VGroup:
    """Outlines around pixel (i,j) on each of ``grids`` (drawn above them): small mobjects to move."""
    return VGroup(*(g.window(i, j, 1, 1, color, stroke_width=3) for g in grids)).set_z_index(2)


def move_markers(markers: VGroup, grids, i: int, j: int) -> list:
    """Animations taking each marker to pixel (i,j) of its grid."""
    return [m.animate.move_to(g.block_center(i, j)) for m, g in zip(markers, grids)]


class ChannelColumn(VGroup):
    """C channels of a 1×1 tensor as a column of C thin slabs, channel 0 on top.

    ``segment(s, n)`` is the VGroup of slabs s·n .. s·n+n−1 (e.g. one image row of n pixels);
    ``slab(c)`` one slab; ``bracket(c, n, color)`` an outline around n slabs from c.
    """

    def __init__(self, array: np.ndarray, color_of, height: float = 6.0, width: float = 0.3):
        array = np.asarray(array).ravel()
        self.slab_height = height / array.size
        model = Rectangle(width=width, height=self.slab_height, stroke_width=0, fill_opacity=1.0)
        slabs = [
            model.copy().set_fill(color_of(a), 1.0).move_to([0.0, -c * self.slab_height, 0.0])
            for c, a in enumerate(array)
        ]  # copying one rectangle is ~8× faster than building 784
        super().__init__(*slabs)
        self.center()

    @classmethod
    def pixels(cls, array, theme: Theme, **kwargs) -> "ChannelColumn":
        return cls(array, theme.pixel_color, **kwargs)

    @classmethod
    def signed(cls, array, theme: Theme, limit: float | None = None, **kwargs) -> "ChannelColumn":
        limit = float(np.max(np.abs(array))) if limit is None else limit
        return cls(array, lambda a: theme.signed_color(a, limit), **kwargs)

    def slab(self, c: int) -> Rectangle:
        return self.submobjects[c]

    def segment(self, s: int, n: int) -> VGroup:
        return VGroup(*self.submobjects[s * n : (s + 1) * n])

    def bracket(self, c: int, n: int, color: str, stroke_width: float = 2.5, pad: float = 0.06) -> Rectangle:
        top, bottom = self.slab(c).get_top(), self.slab(c + n - 1).get_bottom()
        rect = Rectangle(
            width=self.width + 2 * pad, height=top[1] - bottom[1] + 2 * pad, color=color, stroke_width=stroke_width
        )
        return rect.move_to((top + bottom) / 2)

    def frame(self, theme: Theme) -> Rectangle:
        return frame_of(self, theme)


def reshape_rows(grid: PixelGrid, column: ChannelColumn, back: bool = False, **kwargs) -> list:
    """Each image row of ``grid`` flying (as a copy) into its run of slabs: row i -> channels i·W .. i·W+W−1.

    With ``back``, the column's runs fly into the grid's rows instead (channels laid out as an image).
    28 animations of 28 parts each, so nothing with 784 parts moves as one.
    """
    h, w = grid.shape
    pairs = [(grid.row(i), column.segment(i, w)) for i in range(h)]
    return [ReplacementTransform((b if back else a).copy(), a if back else b, **kwargs) for a, b in pairs]


def dots(theme: Theme, vertical: bool = True, size: float = 0.05) -> VGroup:
    """An ellipsis of three dots (⋮ or ⋯), for channels or filters left out."""
    group = VGroup(
        *(Square(side_length=size, stroke_width=0, fill_color=theme.muted, fill_opacity=1.0) for _ in range(3))
    )
    return group.arrange(DOWN if vertical else RIGHT, buff=size * 1.6)
