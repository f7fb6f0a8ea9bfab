"""fig5a: the trained network's head is ten 1×1 filters; each weighs the 64 feature maps at every pixel
and makes one class map, a map of "threeishness" for the filter of class 3.

Layout: the digit x and its shown feature maps (left column); the head's weights k, one filter per row,
over the 64 features of the worked pixel (top middle); that pixel's dot product with the focus class's
filter (the true class; for the user's own image, whose class is unknown, the predicted one), spelled out
for the shown channels (top right); the worked pixel's neighbourhood in each shown map, enlarged (left of the
maps); the ten class maps and their shared colour scale (bottom). The poster shows the digit and its maps big in
a row; the filter bank is stretched over the free top while it is the subject of its step.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Rectangle,
    ReplacementTransform,
    Restore,
    Succession,
    VGroup,
)

from compute.values.classmaps import FEATURE_DECIMALS, PRODUCT_DECIMALS, WEIGHT_DECIMALS
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import FadeCells, bind, ellipsis, note, row
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import Label, Math, Num, ShapeLabel
from scenes.mobjects.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE
from scenes.parts.classmap import (
    Appear,
    ClassMaps,
    Patch,
    Slide,
    Vanish,
    Zoom,
    approximate,
    class_map_bindings,
    digit_and_features,
    feature_bindings,
    feature_color,
    feature_poster,
    feature_rgba,
    features_step,
    mark_key,
    mark_on_grids,
    patch_bindings,
    recomputed,
    routed,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

LEFT_X = -5.45  # centre of the digit and feature column
BANK_LEFT = -3.7  # left edge of the filter bank
BANK_CELL = (0.05, 0.2)  # width, height of one weight in the bank (and one feature in the strip)
BIG_BANK_CELL = (0.15, 0.24)  # a weight while the filters are the subject: 20×32 px at 1080p
BIG_BANK = (-3.55, 2.62)  # left edge and top of the bank then
STRIP_HEIGHT = 0.14  # height of the strip of the worked pixel's features
MAPS_LEFT, MAPS_BOTTOM = -2.3, -3.52  # bottom-left corner of the ten class maps
ZOOM_CENTER = (-4.05, -3.0)  # centre of the enlarged block of the focus class's map
PATCHES_AT = (-4.4, -1.05)  # left edge and centre height of the enlarged patches of the feature maps
PATCH_GAP = 0.1  # between two patches
WORK_LEFT = -0.1  # left edge of the worked dot product
COLUMN = 1.0  # width of one shown channel's column in the worked table

# One precision per kind of quantity (docs/writing-a-figure.md), declared apart from the constants the scene draws
# with (compute/values/classmaps.py, which also decides the "≈" from them): a 1×1 filter's weight and its bias
# with 3 decimals, as in every sliding figure, so that a product to 1 decimal checks by hand from a feature with 2.
DRAWN_DECIMALS = {"weight": 3, "bias": 3, "pixel_feature": 2, "product": 1}

STEPS = StepNames("features", "filters", "pixel", "filter", "dot", "class-map", "ten-maps", "true-class")
# a user's own image (label −1) has no true class: its last step is named for the prediction instead
USER_STEPS = StepNames(*STEPS.names[:-1], "predicted-class")


def bindings(v) -> Bindings:
    """What fig5a draws, by meaning."""
    net = recomputed(v)
    known = int(v["label"]) >= 0  # a user's own image has no true class: the prediction is worked instead
    f = int(v["label"]) if known else int(np.argmax(net["maps"].sum(axis=(1, 2))))
    i, j = (int(a) for a in v["pixel"])
    channels = v["channels"]
    steps = STEPS if known else USER_STEPS
    b = Bindings(v)
    feature_bindings(b, v, net)
    class_map_bindings(b, net["maps"], v)
    b.grid("filters", lambda: net["k"])
    b.shape("filters", lambda: net["k"].shape)
    b.number("filter_label", lambda f_: f_)
    b.grid("pixel_features", lambda: net["features"][:, i, j][None, :])
    b.shape("pixel_features", lambda: net["features"].shape[:1])
    b.number("focus_class", lambda: f).number("row", lambda: i).number("col", lambda: j)
    b.number("pixel_feature", lambda s: net["features"][channels[s], i, j])
    b.number("weight", lambda s: net["k"][f, channels[s]])
    b.number("product", lambda s: net["k"][f, channels[s]] * net["features"][channels[s], i, j])
    b.number("bias", lambda: net["b"][f])
    for name, decimals in DRAWN_DECIMALS.items():  # the house's precisions, apart from the constants drawn with
        b.decimals(name, decimals)
    b.number("dotted", lambda: float(np.dot(net["k"][f], net["features"][:, i, j]) + net["b"][f]))
    b.product_of("product", "weight", "pixel_feature")  # a reader's weight × feature gives the drawn product
    mark_on_grids(b, "window", lambda s: ("feature", s), lambda s: (i, j, 1, 1))
    patch_bindings(b, v, net["features"], lambda: (i, j), lambda: v["patch"])
    mark_on_grids(b, "target", lambda f_: ("class_map", f_), lambda f_: (i, j, 1, 1))
    mark_on_grids(b, "filter", lambda: ("filters",), lambda: (f, 0, 1, net["k"].shape[1]))
    b.at_least("filter", 24)  # the focus class's row of weights
    # the poster: the digit and the feature maps big in a row, then the filter bank across the top
    b.at_least("input", 230, steps=[STEPS.features]).at_least("feature", 180, steps=[STEPS.features])
    b.at_least("filters", 300, steps=[STEPS.filters])
    mark_on_grids(b, "channel_mark", lambda s: ("pixel_features",), lambda s: (0, channels[s], 1, 1))
    # the worked table fills in with the story: the pixel's features first, then the filter's weights and products
    shown = range(len(channels))
    b.present("pixel_feature", {steps.filters: [], steps.pixel: shown, steps.filter: shown})
    b.present("weight", {steps.pixel: [], steps.filter: shown})
    b.present("product", {steps.pixel: [], steps.filter: shown})
    before = dict.fromkeys([steps.features, steps.filters, steps.pixel, steps.filter], 0)
    b.reveals("class_map", [(i, j)], {**before, steps.dot: 1, steps.class_map: None, steps.ten_maps: None}, which=(f,))
    for g in set(range(len(net["b"]))) - {f}:  # the other maps fill in only when their filters turn
        b.reveals("class_map", [], {**before, steps.dot: 0, steps.class_map: 0, steps.ten_maps: None}, which=(g,))
    return b


class Fig5a(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        f = int(v["focus"])  # the true class, or the prediction for a user's image (label −1)
        known = int(v["label"]) >= 0
        which, steps = ("true class", STEPS) if known else ("predicted class", USER_STEPS)
        i, j = (int(a) for a in v["pixel"])
        channels = [int(c) for c in v["channels"]]
        n_classes, n_channels = v["k"].shape

        x_part, features = digit_and_features(v, t, LEFT_X)

        bank = CellGrid(
            v["k"], t.signed_scale(v["k"]), BANK_CELL[0], t.grid_stroke, 0.5, role="filters", cell_height=BANK_CELL[1]
        )
        bank.align_to([BANK_LEFT, 0, 0], LEFT).align_to([0, 2.62, 0], UP)
        bank_labels = VGroup(
            *(
                Num(v, "classes", (g,), t, 0, SMALL_SIZE, t.muted, role=("filter_label", g)).move_to(
                    bank.cell_center(g, 0) + LEFT * 0.3
                )
                for g in range(n_classes)
            )
        )
        bank_title = (
            row(
                Math("k", t),
                ShapeLabel(v, "k", t, role="filters", font_size=SMALL_SIZE),
                note("one filter per row", t),
                buff=0.2,
            )
            .next_to(bank, UP, buff=0.12)
            .align_to(bank, LEFT)
        )
        strip = CellGrid(
            v["features"][:, i, j][None, :],
            feature_color(v, t),
            BANK_CELL[0],
            t.grid_stroke,
            0.5,
            role="pixel_features",
            cell_height=STRIP_HEIGHT,
        ).next_to(bank, DOWN, buff=0.48)
        strip_title = (
            row(
                Math("x(i, j)", t),
                ShapeLabel(v, "k", t, dims=1, role="pixel_features", font_size=SMALL_SIZE),
                Label("features", t, SMALL_SIZE, t.muted),
                buff=0.15,
            )
            .next_to(strip, UP, buff=0.1)
            .align_to(strip, LEFT)
        )
        filters = VGroup(bank, bank_labels, bank_title)

        maps = ClassMaps(v, t, "y", cols=5, buff=(0.3, 0.14))
        maps.align_to([MAPS_LEFT, 0, 0], LEFT).align_to([0, MAPS_BOTTOM, 0], DOWN)
        legend = maps.legend(v, t, height=1.0)
        legend.next_to(maps, RIGHT, buff=0.3).align_to(maps.maps[0], UP)
        outlines = [maps.outline(int(v["predicted"]), t.prediction, 0.11, 3, role="predicted-class")]
        if known:
            outlines.insert(0, maps.outline(int(v["label"]), t.truth, 0.04, 3, role="true-class"))
        mean_labels = maps.mean_labels(t, buff=0.18)  # clear of the enlarged block and the class outlines
        key = mark_key(t, truth=known).next_to(legend, DOWN, buff=0.3).align_to(legend, LEFT)
        zoom = Zoom(v, t, maps, f)
        zoom.shift([*ZOOM_CENTER, 0] - zoom.grid.get_center())

        work = self.worked(f, i, j, channels)
        patches = VGroup(*(Patch(v, t, s, (i, j), v["patch"], t.accent) for s in range(len(channels))))
        patches.arrange(RIGHT, buff=PATCH_GAP).align_to([PATCHES_AT[0], 0, 0], LEFT).set_y(PATCHES_AT[1])
        patches.add(note("enlarged", t).next_to(patches, UP, buff=0.12))  # the worked pixel, seen from afar

        poster = feature_poster(self, x_part, features)
        self.add(x_part)  # the poster: title and input from the first frame
        features_step(self, steps.features, features)
        big_bank(filters, bank, bank_labels, bank_title)  # the filters are the subject of their step: big
        with self.step(
            steps.filters,
            f"Its head is {n_classes} filters of {n_channels} weights each (a 1×1 convolution), one filter per class.",
        ):
            self.play(self.to_place(poster), run_time=1.0)
            self.play(Appear(filters), *maps.enter(self), run_time=1.5)
        with self.step(steps.pixel, f"Take one pixel: its {n_channels} features, one from each map, line up as a row."):
            self.play(Restore(filters), run_time=1.0)
            windows = features.windows(i, j, t.accent)
            self.play(Appear(windows), Appear(patches), run_time=0.8)
            travellers = [g.cell_square(i, j) for g in features.maps]
            landed = [strip.cell_square(0, c) for c in channels]
            strip.hide([(0, c) for c in channels])
            self.add(strip, *travellers)
            gap_x = (features.get_right()[0] + bank_labels.get_left()[0]) / 2  # a lane clear of every label
            lane_y = strip.get_center()[1]
            self.play(
                *(
                    ReplacementTransform(a, b, path_func=routed([gap_x, a.get_y(), 0], [gap_x, lane_y, 0]))
                    for a, b in zip(travellers, landed)
                ),
                Appear(strip_title),
                run_time=1.5,
            )
            self.remove(*landed)
            strip.show()
            marks = VGroup(
                *(bind(strip.window(0, c, 1, 1, t.accent, 2.5), ("channel_mark", s)) for s, c in enumerate(channels))
            )
            self.play(Appear(marks), Appear(work["head"]), Appear(work["features"]), run_time=1.2)
        with self.step(
            steps.filter, f"The {which}'s filter weighs each feature; the weighted features are the products."
        ):
            row_mark = bind(bank.window(f, 0, 1, n_channels, t.accent, 3), ("filter",))
            self.play(Appear(row_mark), Appear(work["weights"]), run_time=1.2)
            self.play(Appear(work["products"]), run_time=1.2)
        with self.step(
            steps.dot,
            f"All {n_channels} products plus the bias b sum to one number: that pixel of the {which}'s map.",
        ):
            self.play(Appear(work["sum"]), run_time=1.2)
            target = bind(maps.maps[f].window(i, j, 1, 1, t.accent, 3), ("target", f))
            zoom.grid.hide()
            zoom.grid.show([(i - int(v["zoom"][0]), j - int(v["zoom"][1]))])
            self.play(Appear(target), FadeCells(maps.maps[f], [(i, j)]), Appear(zoom), run_time=1.2)
        with self.step(
            steps.class_map,
            "The same filter at every pixel fills the whole class map, coloured by its positive part: bright "
            "where the features look like the class.",
        ):
            for w in windows:
                bind(w, None)
            bind(target, None)
            dimmed = VGroup(work["features"], work["weights"], work["products"], work["sum"]).save_state()
            self.play(dimmed.animate.set_opacity(0.25), run_time=0.6)
            colours = feature_rgba(v, t, np.moveaxis(v["features"], 0, -1))  # (H,W,C,4)
            self.play(
                Slide(
                    maps.maps[f].shape,
                    background=t.background,
                    windows=[*zip(windows, features.maps), (target, maps.maps[f])],
                    fills=[maps.maps[f]],
                    follow=[(strip, colours)],
                ),
                run_time=5.0,
            )
            for s, w in enumerate(windows):
                bind(w, ("window", s))
            bind(target, ("target", f))
            self.play(
                *(w.animate.move_to(g.block_center(i, j)) for w, g in zip(windows, features.maps)),
                target.animate.move_to(maps.maps[f].block_center(i, j)),
                Restore(dimmed),
                FadeCells(zoom.grid),
                Appear(legend),
                run_time=1.0,
            )
        others = [g for g in range(n_classes) if g != f]
        with self.step(steps.ten_maps, f"Each of the other filters makes its own map: {n_classes} class maps in all."):
            bind(row_mark, None)  # between filters while it moves
            # the maps are drawn once, whole, under covers of the background that fade one after another:
            # a frame redraws a cover and the moving mark, not nine grids
            covers = {g: cover(maps.maps[g], t) for g in others}
            for g in others:
                maps.maps[g].show()
            self.add(*covers.values())
            turns = [
                AnimationGroup(
                    row_mark.animate.move_to(bank.block_center(g, 0, 1, n_channels)), Vanish(covers[g]), run_time=1.0
                )
                for g in others
            ]
            back = row_mark.animate(run_time=0.6).move_to(bank.block_center(f, 0, 1, n_channels))
            self.play(Succession(*turns, back))
            bind(row_mark, ("filter",))
        with self.step(
            steps.names[-1],
            "Under each map, its mean: the largest is the prediction"
            + (", here the true class" if known and int(v["label"]) == int(v["predicted"]) else "")
            + "; each map's colour is its positive part, its evidence for its class.",
        ):
            self.play(*(Appear(m) for m in maps.means), Appear(mean_labels), run_time=1.2)
            self.play(*(Appear(o) for o in outlines), Appear(key), run_time=1.2)

    def worked(self, f: int, i: int, j: int, channels: list[int]) -> dict[str, VGroup]:
        """The worked dot product at pixel (i,j) with filter f, for the shown channels (the rest elided)."""
        v, t = self.values, self.theme
        top = 2.85
        pixel = row(
            Label("(", t, LABEL_SIZE),
            Num(v, "pixel", (0,), t, 0, LABEL_SIZE, role="row"),
            Label(",", t, LABEL_SIZE),
            Num(v, "pixel", (1,), t, 0, LABEL_SIZE, role="col"),
            Label(")", t, LABEL_SIZE),
            buff=0.06,
        )
        head = row(
            Label("filter", t, SMALL_SIZE, t.muted),
            Math("f =", t),
            Num(v, "focus", (), t, 0, LABEL_SIZE, t.accent, role="focus_class"),
            Label("at pixel", t, SMALL_SIZE, t.muted),
            Math("(i, j) =", t),
            pixel,
            buff=0.12,
        )
        head.align_to([WORK_LEFT, 0, 0], LEFT).align_to([0, top, 0], UP)

        names = [
            Math("c", t),
            Math("x_c (i, j)", t),
            Math("k_(f c)", t),
            Math("k_(f c) x_c (i, j)", t),
        ]
        label_right = WORK_LEFT + max(n.width for n in names)
        ys = [head.get_bottom()[1] - 0.28 - 0.42 * r for r in range(len(names))]
        for name, y in zip(names, ys):
            name.move_to([0, y, 0]).align_to([label_right, 0, 0], RIGHT)
        cells = [
            lambda s, c: Num(v, "channels", (s,), t, 0, SMALL_SIZE, t.muted, role=("channel", s)),
            lambda s, c: Num(v, "features", (c, i, j), t, FEATURE_DECIMALS, NUMBER_SIZE, role=("pixel_feature", s)),
            lambda s, c: Num(v, "k", (f, c), t, WEIGHT_DECIMALS, NUMBER_SIZE, role=("weight", s)),
            lambda s, c: approximate(v, "products", (s,), t, PRODUCT_DECIMALS, ("product", s)),
        ]
        rows = []
        for name, make, y in zip(names, cells, ys):
            parts = [name]
            for s, c in enumerate(channels):
                parts.append(make(s, c).move_to([label_right + (s + 0.55) * COLUMN, y, 0]))
            dots = ellipsis(t, "h").move_to([label_right + (len(channels) + 0.25) * COLUMN, y, 0])
            parts.append(dots)
            rows.append(VGroup(*parts))
        # the bias, a last column of the filter: its name over it in the channel row, its value in the weight row
        bias_x = label_right + (len(channels) + 1.1) * COLUMN
        rows[0].add(Math("b_f", t).move_to([bias_x, ys[0], 0]))
        rows[2].add(Num(v, "b", (f,), t, WEIGHT_DECIMALS, NUMBER_SIZE, role="bias").move_to([bias_x, ys[2], 0]))
        result = row(
            Math("y_f (i, j) = inline(sum_c) k_(f c) x_c (i, j) + b_f =", t),
            Num(v, "y", (f, i, j), t, 2, LABEL_SIZE + 6, t.accent, role="dotted"),
            buff=0.15,
        )
        result.align_to([WORK_LEFT, 0, 0], LEFT).align_to([0, ys[-1] - 0.25, 0], UP)
        total = VGroup(result)
        return {
            "head": VGroup(head, rows[0]),
            "features": rows[1],
            "weights": rows[2],
            "products": rows[3],
            "sum": total,
        }


def big_bank(filters: VGroup, bank: CellGrid, labels: VGroup, title: VGroup) -> VGroup:
    """The filter bank as the subject of its step: its weights stretched over the free top of the stage
    (cells BIG_BANK_CELL), its class labels and title beside it at their own size; the place the later steps
    need it in is saved (``Restore(filters)``)."""
    filters.save_state()
    left, top = BIG_BANK
    bank.stretch_to_fit_width(BIG_BANK_CELL[0] * bank.array.shape[1])
    bank.stretch_to_fit_height(BIG_BANK_CELL[1] * bank.array.shape[0])
    bank.align_to([left, 0, 0], LEFT).align_to([0, top, 0], UP)
    for g, label in enumerate(labels):
        label.move_to(bank.cell_center(g, 0) + LEFT * 0.3)
    title.next_to(bank, UP, buff=0.12).align_to(bank, LEFT)
    return filters


def cover(grid, theme) -> Rectangle:
    """The empty frame of ``grid`` drawn over it, filled with the background: hides the grid until removed."""
    rect = Rectangle(width=grid.width + 0.008, height=grid.height + 0.008, stroke_color=theme.muted, stroke_width=1.5)
    return rect.set_fill(theme.background, 1.0).move_to(grid)


__all__ = ["Fig5a", "bindings"]
