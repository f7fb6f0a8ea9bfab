"""Shared pieces of fig5a–c: the digit, the feature maps the trained network feeds its 1×1 head, and
the ten class maps the head makes — plus the relations their marks must satisfy.

Every grid is one CellGrid with a role; every number a Num with a role. Class maps share one signed
colour scale (``legend``: a ColorBar whose ends are the min and max over all ten).
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Animation, Group, Rectangle, VGroup, VMobject, linear

from compute.values.classmaps import MAP_DECIMALS, MEAN_DECIMALS, PATCH, ZOOM
from scenes.checks.bindings import Bindings
from scenes.checks.inspect import Item
from scenes.mobjects.components import (
    ColorBar,
    Label,
    Num,
    ShapeLabel,
    bind,
    ellipsis,
    frame_of,
    outlined_block,
    pixel_grid,
    row,
)
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.theme import NUMBER_SIZE, SMALL_SIZE, PixelScale, Theme, cmap_rgba

MAP_CELL = 0.082  # a class map's cell: 14 cells are 1.15 units, 155 px at 1080p (at least 150)
ZOOM_CELL = 0.24  # an enlarged class-map cell: 32 px at 1080p (a focus pixel at least 24)
PATCH_CELL = 0.2  # an enlarged feature-map cell: 27 px at 1080p (a focus pixel at least 24)


def feature_color(values, theme: Theme, key: str = "features") -> PixelScale:
    """Colour of a non-negative (post-ReLU) value of ``values[key]``: the pixel map scaled to its largest."""
    return theme.pixel_scale(float(np.max(values[key])) or 1.0)


def feature_rgba(values, theme: Theme, array: np.ndarray, key: str = "features") -> np.ndarray:
    """(…,4) the colours ``feature_color`` gives every value of ``array``, computed at once (for a grid
    that follows a sliding window and changes colours every frame)."""
    limit = float(np.max(values[key])) or 1.0
    return cmap_rgba(theme.pixel_cmap, np.clip(np.asarray(array) / limit, 0.0, 1.0))


def digit_input(values, theme: Theme, cell: float) -> VGroup:
    """The digit (28×28 pixels, role 'input') titled 'digit 28×28': every figure's poster. (Here x names
    the features, as in the article's formulas, so the digit is named in words.)"""
    grid = pixel_grid(values["x"], theme, cell, role="input")
    title = row(Label("digit", theme, SMALL_SIZE), ShapeLabel(values, "x", theme, role="input"), buff=0.2)
    group = VGroup(title, grid).arrange(DOWN, buff=0.12)
    group.grid, group.title = grid, title
    return group


class FeatureColumn(VGroup):
    """'features C×H×W' over the shown feature maps (``values['channels']``), one under another, each
    under 'channel c', then '⋮ N more'.

    ``maps[s]`` is the CellGrid of channel ``channels[s]`` (role ('feature', s)).
    """

    def __init__(self, values, theme: Theme, cell: float = 0.07, buff: float = 0.1, title: bool = True):
        v, t = values, theme
        color_of = feature_color(v, t)
        self.maps = [
            CellGrid(v["features"][c], color_of, cell, stroke_color=t.grid_stroke, role=("feature", s))
            for s, c in enumerate(v["channels"])
        ]
        self.labels = [
            row(
                Label("channel", t, SMALL_SIZE, t.muted),
                Num(v, "channels", (s,), t, 0, SMALL_SIZE, t.muted, role=("map_label", s)),
                buff=0.1,
            )
            for s in range(len(self.maps))
        ]
        self.more = row(
            ellipsis(t),
            Num(v, "channels_hidden", (), t, 0, SMALL_SIZE, t.muted, role="channels-hidden"),
            Label("more", t, SMALL_SIZE, t.muted),
            buff=0.15,
        )
        parts = [VGroup(label, grid).arrange(DOWN, buff=0.07) for label, grid in zip(self.labels, self.maps)]
        self.title = VGroup(
            Label("features", t, SMALL_SIZE), ShapeLabel(v, "features", t, role="features", font_size=SMALL_SIZE)
        ).arrange(DOWN, buff=0.08)
        super().__init__(*([self.title] if title else []), *parts, self.more)
        self.arrange(DOWN, buff=buff)

    def windows(self, i: int, j: int, color: str, position: tuple = (), stroke_width: float = 3) -> VGroup:
        """An outline around pixel (i,j) of every shown map, role ('window', s, *position)."""
        return VGroup(
            *(
                bind(g.window(i, j, 1, 1, color, stroke_width), ("window", s, *position))
                for s, g in enumerate(self.maps)
            )
        )


def digit_and_features(values, theme: Theme, center_x: float = -5.45, top: float = 3.02):
    """The left column of fig5a/fig5b: the digit x over its shown feature maps, top-aligned at ``top``."""
    x_part = digit_input(values, theme, cell=0.042)
    features = FeatureColumn(values, theme, cell=0.066, buff=0.1)
    VGroup(x_part, features).arrange(DOWN, buff=0.22).move_to([center_x, 0, 0]).align_to([0, top, 0], UP)
    return x_part, features


def feature_poster(scene, x_part: VGroup, features: FeatureColumn, fill: float = 0.95) -> VGroup:
    """fig5a/fig5b's poster: the digit and its shown feature maps, built in their column (where later steps
    need them), shown big in a row across the middle of the stage; ``scene.to_place(poster)`` moves them back
    into the column. Returns the poster (both groups)."""
    group = VGroup(x_part, features)
    column = group.copy()  # the place the later steps need them in
    title, *maps, more = features.submobjects
    VGroup(*maps, more).arrange(RIGHT, buff=0.35)
    title.next_to(VGroup(*maps), UP, buff=0.2)  # over the maps: the row is as narrow as their labels
    group.arrange(RIGHT, buff=0.6)
    scene.centre_stage(group, fill=fill)
    group.saved_state = column
    return group


def features_step(scene, step: str, features: FeatureColumn) -> None:
    """fig5a/fig5b's first step: the shown feature maps fade in under the digit."""
    n, h, w = scene.values["features"].shape
    with scene.step(
        step, f"The trained network turns the digit into {n} feature maps of {h}×{w} pixels; a few are drawn."
    ):
        scene.play(Appear(features), run_time=1.5)


def approximate(values, key: str, index: tuple, theme: Theme, decimals: int, role) -> Num:
    """``values[key][index]`` as a number, written with "≈" where ``values[key + '_approx'][index]`` says that
    redoing it by hand from the drawn (rounded) numbers would miss it by more than half its last digit."""
    approx = bool(values[f"{key}_approx"][index])
    return Num(values, key, index, theme, decimals, NUMBER_SIZE, role=role, approx=approx)


def value_box(num: Num, fill, theme: Theme, width: float = 0.8, height: float = 0.42) -> VGroup:
    """A number in a filled box (an input unit showing its value); the ink follows the fill."""
    box = Rectangle(width=width, height=height, stroke_color=theme.muted, stroke_width=1.5)
    box.set_fill(fill, 1.0)
    num.set_color(theme.ink_on(fill)).move_to(box)
    num.inside = True
    group = VGroup(box, num)
    group.holds_text_inside = True
    group.box, group.num = box, num
    return group


class ClassMaps(VGroup):
    """The ten class maps, ``cols`` to a row, each under its class label (a Num of ``values['classes']``,
    role ('class_label', f)) and over its mean (role ('map_mean', f)): parts of ``slots``, added to the scene
    by the figure when it shows them (never the whole group at once).

    Each map is drawn by its positive part, ``values[evidence][f]`` = max(y_f, 0): the evidence *for* its
    class, on one sequential scale from 0 to the largest such value over the ten maps (the positive half of
    the signed colour map; everything at or under 0 takes the colour of zero, close to the background's). So
    the map of the class the
    digit looks like lights up, and a map that is negative everywhere stays dark, whatever the other maps'
    negative extremes are (issue 17, item 4). ``legend`` states that scale.

    ``maps[f]`` is the CellGrid of map f (role ('class_map', f)); cells start hidden unless ``visible``.
    """

    def __init__(
        self,
        values,
        theme: Theme,
        key: str = "y",
        cols: int = 5,
        cell: float = MAP_CELL,
        buff: tuple[float, float] = (0.3, 0.2),
        visible: bool = False,
        label_size: float = SMALL_SIZE,
        evidence: str = "evidence",
        means: str = "means",
    ):
        y = np.asarray(values[evidence])
        self.key, self.evidence = key, evidence
        self.color_of = theme.signed_scale(y)  # symmetric about 0 up to the largest positive part: its top half
        self.maps = [
            CellGrid(y[f], self.color_of, cell, stroke_color=theme.grid_stroke, role=("class_map", f), visible=visible)
            for f in range(len(y))
        ]
        self.frames = [frame_of(m, theme) for m in self.maps]
        self.labels = [
            Num(values, "classes", (f,), theme, 0, label_size, role=("class_label", f)) for f in range(len(y))
        ]
        self.means = [
            Num(values, means, (f,), theme, MEAN_DECIMALS, SMALL_SIZE, theme.muted, role=("map_mean", f))
            for f in range(len(y))
        ]
        self.slots = [
            VGroup(label, VGroup(frame, grid), mean).arrange(DOWN, buff=0.06)
            for label, frame, grid, mean in zip(self.labels, self.frames, self.maps, self.means)
        ]
        super().__init__(*self.slots)
        self.arrange_in_grid(rows=-(-len(self.slots) // cols), cols=cols, buff=buff)

    def enter(self, scene) -> list[Animation]:
        """Put the maps' (hidden) cells in ``scene`` and return the fading in of their frames and labels."""
        scene.add(*self.maps)
        return [Appear(m) for m in self.frames + self.labels]

    def mean_labels(self, theme: Theme, cols: int = 5, buff: float = 0.2) -> VGroup:
        """'mean' to the left of each row's means (``cols`` maps a row)."""
        labels = []
        for f in range(0, len(self.means), cols):
            label = Label("mean", theme, SMALL_SIZE, theme.muted)
            label.move_to([self.maps[f].get_left()[0] - buff - label.width / 2, 0, 0])
            labels.append(label.shift(UP * (self.means[f].baseline - label.baseline)))
        return VGroup(*labels)

    def outline(self, f: int, color: str, pad: float = 0.1, stroke_width: float = 4, role: str = "true-class"):
        """A highlight around class f's label, map and mean (clear of all by ``pad``), role (role,)."""
        rect = frame_of(VGroup(self.labels[f], self.maps[f], self.means[f]), None, color, pad, stroke_width)
        return bind(rect, (role,))

    def targets(self, i: int, j: int, color: str, position: tuple = (), stroke_width: float = 2.5) -> VGroup:
        """An outline around pixel (i,j) of every map, role ('target', f, *position)."""
        return VGroup(
            *(
                bind(g.window(i, j, 1, 1, color, stroke_width), ("target", f, *position))
                for f, g in enumerate(self.maps)
            )
        )

    def legend(self, values, theme: Theme, height: float) -> VGroup:
        """The shared colour scale of the maps' positive parts: its ends are the min (0) and the max over all
        ten, over "colour: each map's positive part" (a map's negative part is drawn in the background's colour)."""
        bar = ColorBar(values, self.evidence, theme, self.maps[0], height=height)
        bar.ramp.role = ("colorbar", "class_map")
        bar.top.role, bar.bottom.role = ("colorbar-max", "class_map"), ("colorbar-min", "class_map")
        title = VGroup(
            *(Label(words, theme, SMALL_SIZE, theme.muted) for words in ("colour:", "positive", "part"))
        ).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        title.next_to(bar, DOWN, buff=0.2).align_to(bar, LEFT)
        group = VGroup(bar, title)
        group.bar, group.title = bar, title
        return group


class Zoom(VGroup):
    """The ZOOM×ZOOM block of class map f around the worked pixel, enlarged so the pixel can be seen from the
    back of a room (role (role, f)), the pixel outlined in the focus colour (role (role + '_target', f)), under
    'map f' and ``caption`` (e.g. 'enlarged'); with ``value`` = (key, role), that pixel's value is written
    under the block (the element an equality marks in both of its sides)."""

    def __init__(
        self,
        values,
        theme: Theme,
        maps: ClassMaps,
        f: int,
        cell: float = ZOOM_CELL,
        evidence: str | None = None,
        role: str = "zoom",
        caption: str = "enlarged",
        value: tuple[str, str] | None = None,
    ):
        r0, c0 = (int(a) for a in values["zoom"])
        i, j = (int(a) for a in values["pixel"])
        block = np.asarray(values[evidence or maps.evidence])[f, r0 : r0 + ZOOM, c0 : c0 + ZOOM]
        self.grid, self.target = outlined_block(
            block, maps.color_of, cell, theme, (role, f), (i - r0, j - c0), (f"{role}_target", f), theme.focus
        )
        self.frame = frame_of(self.grid, theme)
        self.title = VGroup(
            row(
                Label("map", theme, SMALL_SIZE, theme.muted),
                Num(values, "focus", (), theme, 0, SMALL_SIZE, theme.focus, role="zoom_class"),
                buff=0.12,
            ),
            Label(caption, theme, SMALL_SIZE, theme.muted),
        ).arrange(DOWN, buff=0.1)
        self.title.next_to(self.grid, UP, buff=0.15)
        parts = [self.title, self.frame, self.grid, self.target]
        self.value = None
        if value is not None:
            key, name = value
            self.value = Num(values, key, (f, i, j), theme, MAP_DECIMALS, NUMBER_SIZE, theme.focus, role=name)
            parts.append(self.value.next_to(self.grid, DOWN, buff=0.12))
        super().__init__(*parts)


class Patch(VGroup):
    """The PATCH×PATCH block of shown feature map s (channel ``values['channels'][s]``) whose top-left cell is
    ``origin``, enlarged so the worked pixel (i, j) in it can be seen from the back of a room (role ('patch', s,
    *position)), that pixel outlined (role ('patch_target', s, *position))."""

    def __init__(self, values, theme: Theme, s: int, pixel, origin, color: str, position: tuple = ()):
        (i, j), (r0, c0) = (tuple(int(a) for a in pair) for pair in (pixel, origin))
        block = np.asarray(values["features"])[int(values["channels"][s]), r0 : r0 + PATCH, c0 : c0 + PATCH]
        self.grid, self.target = outlined_block(
            block,
            feature_color(values, theme),
            PATCH_CELL,
            theme,
            ("patch", s, *position),
            (i - r0, j - c0),
            ("patch_target", s, *position),
            color,
            stroke_width=3,
        )
        super().__init__(self.grid, self.target)


def patch_bindings(b: Bindings, values, features: np.ndarray, pixel_of: Callable, origin_of: Callable) -> Bindings:
    """A Patch with role ('patch', s, *p): the block of ``features[channels[s]]`` at ``origin_of(*p)``, its target on
    ``pixel_of(*p)`` (the worked pixel, or worked pixel p), every cell at least 24 px."""
    channels = values["channels"]

    def block(s, *p):
        r0, c0 = (int(a) for a in origin_of(*p))
        return features[channels[s], r0 : r0 + PATCH, c0 : c0 + PATCH]

    def cells(s, *p):
        (i, j), (r0, c0) = (tuple(int(a) for a in pair) for pair in (pixel_of(*p), origin_of(*p)))
        assert 0 <= i - r0 < PATCH and 0 <= j - c0 < PATCH, "the enlarged block holds the worked pixel"
        return (i - r0, j - c0, 1, 1)

    b.grid("patch", block)
    mark_on_grids(b, "patch_target", lambda s, *p: ("patch", s, *p), cells)
    b.at_least("patch", 24, per_cell=True).at_least("patch_target", 24)
    return b


def mark_key(theme: Theme, truth: bool = True) -> VGroup:
    """What the two class outlines mean: 'true class' in the truth colour, 'prediction' in the prediction's."""
    parts = [Label("prediction", theme, SMALL_SIZE, theme.prediction)]
    if truth:
        parts.insert(0, Label("true class", theme, SMALL_SIZE, theme.truth))
    return VGroup(*parts).arrange(DOWN, buff=0.12, aligned_edge=LEFT)


class Slide(Animation):
    """A 1×1 window visiting every pixel row by row, in one animation.

    ``windows``: (mark, grid) pairs, each mark moved onto the current pixel of its grid; ``fills``: grids
    whose cells appear as the window passes (cells already shown stay); ``follow``: (grid, rgba (H,W,N,4))
    pairs whose N cells take the colours of the current pixel (a column of that pixel's features);
    ``background``: the colour the not-yet-filled cells are covered with.

    The filled grids are drawn whole, once, behind the moving pieces, and the cells still to come are
    hidden by a cover (one path per grid, a few rectangles) that shrinks: a frame then redraws a few
    rectangles instead of every grid.
    """

    def __init__(self, shape: tuple[int, int], windows=(), fills=(), follow=(), background="#000000", **kwargs):
        h, w = shape
        self.positions = [(i, j) for i in range(h) for j in range(w)]
        self.windows = [(m, g) for m, g in windows]
        self.fills = list(fills)
        self.follow = list(follow)
        self.covers = [VMobject(fill_color=background, fill_opacity=1.0, stroke_width=0) for _ in self.fills]
        kwargs.setdefault("rate_func", linear)
        mobs = self.covers + [m for m, _ in self.windows] + [g for g, _ in self.follow]
        super().__init__(Group(*mobs), **kwargs)

    def begin(self) -> None:
        self.already = [grid.alpha.copy() > 0 for grid in self.fills]
        self.colors = [grid.rgba.copy() for grid, _ in self.follow]
        for grid in self.fills:
            grid.show()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        n = len(self.positions)
        k = min(int(alpha * n), n - 1) if alpha < 1.0 else n
        i, j = self.positions[min(k, n - 1)]
        for mark, grid in self.windows:
            mark.move_to(grid.block_center(i, j))
        for grid, shown, cover in zip(self.fills, self.already, self.covers):
            hidden = ~shown & (np.arange(n) > k)
            _cover_cells(cover, grid, hidden.reshape(grid.shape))
        for (grid, rgba), before in zip(self.follow, self.colors):
            grid.rgba = before if alpha >= 1.0 else rgba[i, j]


def _cover_cells(cover: VMobject, grid: CellGrid, hidden: np.ndarray) -> None:
    """Make ``cover`` the rectangles over the runs of hidden cells of each row of ``grid`` (none: no points)."""
    left, top, width, height = grid.box()
    h, w = hidden.shape
    sx, sy = width / w, height / h
    inset = 0.01  # the grid's outline stays visible
    cover.clear_points()
    for i in range(h):
        cols = np.flatnonzero(hidden[i])
        if not len(cols):
            continue
        breaks = np.flatnonzero(np.diff(cols) > 1)
        for a, b in zip(np.r_[cols[0], cols[breaks + 1]], np.r_[cols[breaks], cols[-1]]):
            x0, x1 = left + a * sx + inset, left + (b + 1) * sx - inset
            y0, y1 = top - i * sy, top - (i + 1) * sy
            y0, y1 = (y0 - inset if i == 0 else y0), (y1 + inset if i == h - 1 else y1 - 0.004)  # no seams
            cover.start_new_path(np.array([x0, y0, 0.0]))
            cover.add_points_as_corners(np.array([[x1, y0, 0.0], [x1, y1, 0.0], [x0, y1, 0.0], [x0, y0, 0.0]]))


class Appear(Animation):
    """Fade a mobject in (or out, ``out=True``) by scaling the opacity of its fills and strokes: no copy,
    no point interpolation, so a frame costs only the drawing (manim's FadeIn interpolates every point
    of every glyph each frame). ``lag``: the share of the run time over which the starts of its direct
    parts are spread (one after another). An introducer (a remover when fading out)."""

    ATTRS = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")

    def __init__(self, mobject, out: bool = False, lag: float = 0.0, **kwargs):
        self.out, self.lag = out, lag
        kwargs.setdefault("introducer", not out)
        kwargs.setdefault("remover", out)
        super().__init__(mobject, **kwargs)

    def create_starting_mobject(self):
        return self.mobject  # nothing is interpolated from a copy

    def begin(self) -> None:
        groups = self.mobject.submobjects if self.lag and self.mobject.submobjects else [self.mobject]
        self.groups = [
            [
                (m, {name: getattr(m, name)[:, 3].copy() for name in self.ATTRS if len(getattr(m, name, ()))})
                for m in group.get_family()
            ]
            for group in groups
        ]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        n = len(self.groups)
        offsets = np.linspace(0.0, self.lag, n) if n > 1 else np.zeros(1)
        for group, offset in zip(self.groups, offsets):
            level = float(np.clip((alpha - offset) / max(1.0 - self.lag, 1e-9), 0.0, 1.0))
            level = 1.0 - level if self.out else level
            for m, saved in group:
                for name, opacity in saved.items():
                    getattr(m, name)[:, 3] = opacity * level

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        for group in self.groups:  # a removed piece keeps its own opacity, should it come back
            for m, saved in group:
                for name, opacity in saved.items():
                    getattr(m, name)[:, 3] = opacity


def Vanish(mobject, **kwargs) -> Appear:
    """Fade a mobject out and remove it (the opposite of Appear)."""
    return Appear(mobject, out=True, **kwargs)


def routed(*waypoints) -> Callable:
    """A path_func for Transform: the piece's centre runs along straight legs through ``waypoints`` (scene
    points; the start and end centres are added), at constant speed, while its shape changes evenly. Used
    to take a piece around labels instead of through them."""
    legs = [np.asarray(w, dtype=float) for w in waypoints]

    def path(start: np.ndarray, end: np.ndarray, alpha: float) -> np.ndarray:
        a, b = start.mean(axis=0), end.mean(axis=0)
        points = np.array([a, *legs, b])
        lengths = np.linalg.norm(np.diff(points, axis=0), axis=1)
        run = np.r_[0.0, np.cumsum(lengths)]
        at = alpha * run[-1]
        k = min(int(np.searchsorted(run, at, side="right")) - 1, len(lengths) - 1)
        part = 0.0 if lengths[k] == 0 else (at - run[k]) / lengths[k]
        centre = points[k] + part * (points[k + 1] - points[k])
        shape = start + alpha * (end - start)
        return shape - (a + alpha * (b - a)) + centre

    return path


# ---- relations the tests check (marks on the right grid, outlines around the right map) --------------


def mark_on_grids(b: Bindings, mark: str, grid_of: Callable[..., tuple], cells: Callable[..., tuple]) -> Bindings:
    """A mark with role (mark, *idx) outlines the block cells(*idx) = (i, j, h, w) of the grid whose role is
    grid_of(*idx) (a window on feature map s, a target on class map f)."""

    def relation(step: str, items: list[Item]) -> list[str]:
        problems = []
        grids = {i.role: i for i in items if i.kind == "grid" and i.role}
        for m in [i for i in items if i.kind != "grid" and i.role and i.role[0] == mark]:
            role = tuple(grid_of(*m.role[1:]))
            if role not in grids:
                problems.append(f"step {step}: {mark} {list(m.role[1:])} is drawn without the grid {role}")
                continue
            i, j, h, w = cells(*m.role[1:])
            left, bottom, right, top = grids[role].bbox
            rows, cols = grids[role].array.shape
            sx, sy = (right - left) / cols, (top - bottom) / rows
            want = np.array([left + (j + w / 2) * sx, top - (i + h / 2) * sy])
            if np.linalg.norm(m.center - want) > 0.3 * min(sx, sy):
                problems.append(f"step {step}: {mark} {list(m.role[1:])} is not on cells {(i, j)}+{(h, w)} of {role}")
        return problems

    b.relations.append(relation)
    return b


def on_line_of(b: Bindings, pairs: dict[str, str]) -> Bindings:
    """The equality mark of key k (role ("check", k)) sits on the line of the grid with role pairs[k]: the
    badge beside |A − B| judges A against B, not another pair of arrays."""

    def relation(step: str, items: list[Item]) -> list[str]:
        problems = []
        grids = {i.role[0]: i for i in items if i.kind == "grid" and i.role and i.role[0] in pairs.values()}
        for m in [i for i in items if i.role and i.role[0] == "check" and i.role[1] in pairs]:
            grid = grids.get(pairs[m.role[1]])
            if grid is None:
                problems.append(f"step {step}: the {m.role[1]} badge is drawn without its grid {pairs[m.role[1]]}")
                continue
            y = (m.bbox[1] + m.bbox[3]) / 2
            if not grid.bbox[1] <= y <= grid.bbox[3]:
                problems.append(f"step {step}: the {m.role[1]} badge is not on the line of {pairs[m.role[1]]}")
        return problems

    b.relations.append(relation)
    return b


def named(b: Bindings, number: str, word: str) -> Bindings:
    """A label's text is free, so the words that say what a number is are declared: every number with role
    (number, …) is read after the label ``word`` just left of it on its line ("channel 12", not "filter 12")."""

    def relation(step: str, items: list[Item]) -> list[str]:
        problems = []
        labels = [i for i in items if i.kind == "label"]
        for num in [i for i in items if i.kind == "number" and i.role and i.role[0] == number]:
            y = (num.bbox[1] + num.bbox[3]) / 2
            left = [lab for lab in labels if lab.bbox[2] <= num.bbox[0] + 1e-6 and lab.bbox[1] <= y <= lab.bbox[3]]
            nearest = max(left, key=lambda lab: lab.bbox[2], default=None)
            if nearest is None or nearest.text != word:
                said = nearest.text if nearest else None
                problems.append(f"step {step}: number {num.text} {num.role} is named {said!r}, not {word!r}")
        return problems

    b.relations.append(relation)
    return b


def encloses(b: Bindings, mark: str, grid_role: Callable[[], tuple], family: str) -> Bindings:
    """The outline with role (mark,) encloses the grid grid_role() and no other grid of ``family``, and
    no text straddles its border (nothing touches the outline)."""

    def relation(step: str, items: list[Item]) -> list[str]:
        problems = []
        want = tuple(grid_role())
        for m in [i for i in items if i.kind != "grid" and i.role == (mark,)]:
            x0, y0, x1, y1 = m.bbox
            inside = [
                g.role for g in items if g.kind == "grid" and g.role and g.role[0] == family and _within(g.bbox, m.bbox)
            ]
            if inside != [want]:
                problems.append(f"step {step}: {mark} encloses {inside}, should enclose {want} alone")
            for t in [i for i in items if i.kind in ("number", "label", "shape-label", "math")]:
                if _within(t.bbox, m.bbox) or not _overlaps(t.bbox, m.bbox):
                    continue
                problems.append(f"step {step}: {t.kind} {t.text!r} touches the {mark} outline")
        return problems

    b.relations.append(relation)
    return b


def on_row_of(b: Bindings, name: str, grid: str, index: Callable[..., int], left: bool = True) -> Bindings:
    """Everything with role (name, *idx) — a number or a mark — sits on the row of the grid (grid, index(*idx))
    (its vertical centre within that grid's height), and to its left if ``left``: a row label, a pointer."""

    def relation(step: str, items: list[Item]) -> list[str]:
        problems = []
        grids = {i.role: i for i in items if i.kind == "grid" and i.role}
        for m in [i for i in items if i.kind != "grid" and i.role and i.role[0] == name]:
            role = (grid, int(index(*m.role[1:])))
            if role not in grids:
                problems.append(f"step {step}: {name} {list(m.role[1:])} is drawn without the grid {role}")
                continue
            x0, y0, x1, y1 = grids[role].bbox
            if not y0 <= m.center[1] <= y1 or left and m.bbox[2] > x0 + 1e-6:
                where = "left of" if left else "on the row of"
                problems.append(f"step {step}: {name} {m.text or ''} {list(m.role[1:])} is not {where} {role}")
        return problems

    b.relations.append(relation)
    return b


def _within(inner, outer, slack: float = 1e-6) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _overlaps(a, b) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def class_map_bindings(b: Bindings, maps: np.ndarray, values=None, positions=None) -> Bindings:
    """What every fig5 figure's class maps mean: map f is the positive part of ``maps[f]`` (the evidence for
    class f), labelled f above it, its mean under it, at least 150 px at 1080p; their colour bar spans all
    ten. With ``values``: the enlarged block of the focus class's map around the worked pixel, at least
    24 px a cell, its pixel marked (at ``positions[p]`` for a mark with role (…, f, p)); the true class and
    the prediction outlined."""
    b.grid("class_map", lambda f: np.maximum(maps[f], 0.0))
    b.number("class_label", lambda f: f)
    b.number("map_mean", lambda f: float(np.mean(maps[f])))
    b.label_over("class_label", "class_map")
    b.number_under("map_mean", "class_map")
    b.at_least("class_map", 150)
    if values is None:
        return b
    label = int(values["label"])
    predicted = int(np.argmax(maps.mean(axis=(1, 2))))
    focus = label if label >= 0 else predicted
    i, j = (int(a) for a in values["pixel"])
    r0, c0 = (int(a) for a in values["zoom"])
    assert maps[focus][i, j] == maps[focus].max(), "the worked pixel is where the focus class's map peaks"
    assert r0 <= i < r0 + ZOOM and c0 <= j < c0 + ZOOM, "the enlarged block holds the worked pixel"
    zoom_bindings(b, "zoom", maps, values, positions)
    b.number("zoom_class", lambda: focus)
    if label >= 0:
        encloses(b, "true-class", lambda: ("class_map", label), "class_map")
    encloses(b, "predicted-class", lambda: ("class_map", predicted), "class_map")
    return b


def zoom_bindings(b: Bindings, role: str, maps: np.ndarray, values, positions=None) -> Bindings:
    """A Zoom with role (role, f): the positive part of ``maps[f]`` on the block at ``values['zoom']``, its
    target (role (role + '_target', f)) on the worked pixel — or, with role (…, f, p), on ``positions[p]`` —
    at least 24 px, as is every cell of the block."""
    i, j = (int(a) for a in values["pixel"])
    r0, c0 = (int(a) for a in values["zoom"])

    def cells(f, *p):
        y, x = (int(a) for a in positions[p[0]]) if p else (i, j)
        return (y - r0, x - c0, 1, 1)

    b.grid(role, lambda f: np.maximum(maps[f], 0.0)[r0 : r0 + ZOOM, c0 : c0 + ZOOM])
    mark_on_grids(b, f"{role}_target", lambda f, *p: (role, f), cells)
    b.at_least(role, ZOOM * 24).at_least(f"{role}_target", 24)  # every enlarged cell at least 24 px
    return b


def recomputed(values) -> dict[str, np.ndarray]:
    """The network's own arrays for the drawn digit, recomputed from its committed weights (what the
    figures mean): features (C,H,W), k (10,C), b (10,), maps (10,H,W) = Σ_c k[f,c]·features[c] + b[f]."""
    from compute.nn.weights import load_trained

    net = load_trained("nin")
    features = np.asarray(net.features(values["x"]), dtype=np.float64)
    k = np.asarray(net.params["head_w"], dtype=np.float64)
    b = np.asarray(net.params["head_b"], dtype=np.float64)
    maps = np.tensordot(k, features, axes=(1, 0)) + b[:, None, None]
    return {"features": features, "k": k, "b": b, "maps": maps}


def feature_bindings(b: Bindings, values, net: dict) -> Bindings:
    """The feature column: map s is channel channels[s] of the network's features, labelled by it."""
    channels = values["channels"]
    b.grid("feature", lambda s: net["features"][channels[s]])
    b.grid("input", lambda: values["x"])
    b.number("channel", lambda s: channels[s]).number("map_label", lambda s: channels[s])
    b.label_over("map_label", "feature")
    named(b, "map_label", "channel")
    b.number("channels-hidden", lambda: net["features"].shape[0] - len(channels))
    b.shape("input", lambda: values["x"].shape).shape("features", lambda: net["features"].shape)
    return b


__all__ = [
    "Appear",
    "ClassMaps",
    "MAP_CELL",
    "Zoom",
    "Patch",
    "PATCH_CELL",
    "patch_bindings",
    "approximate",
    "feature_poster",
    "features_step",
    "mark_key",
    "zoom_bindings",
    "Vanish",
    "digit_and_features",
    "value_box",
    "FeatureColumn",
    "Slide",
    "class_map_bindings",
    "digit_input",
    "encloses",
    "feature_bindings",
    "feature_color",
    "feature_rgba",
    "mark_on_grids",
    "named",
    "on_line_of",
    "on_row_of",
    "recomputed",
    "routed",
]
