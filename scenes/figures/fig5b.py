"""fig5b: the head's ten 1×1 filters are a fully connected layer of 64 inputs and 10 outputs applied at
every pixel: one pixel's 64 features in, ten class scores out (one pixel of each class map); slid over
all pixels it rebuilds the ten class maps, equal to the 1×1 convolution's.

Layout: the digit x and its shown feature maps (left column); beside each shown map, the layer's input
for that channel, then the layer's weights as lines to its ten output units and their scores (middle);
the ten class maps the layer builds, 155 px each (top right); under them, the equality made visible: the
focus class's map from the layer and from the head's convolution, enlarged side by side with the same
pixel marked and its value written under both, the difference |A − B| of all ten maps (black, with its
max), the colour scale and the marks' key (bottom right). Between each shown map and its input box, while pixels
are worked, that pixel's neighbourhood enlarged; the poster shows the digit and its maps big in a row.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Line, Rectangle, ReplacementTransform, Restore, VGroup

from compute.values.classmaps import MAP_DECIMALS, ZOOM
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import EqualityCheck, FadeCells, Neuron, bind, ellipsis, frame_of, row
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.text import Label, Math, Num, ShapeLabel
from scenes.mobjects.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE
from scenes.parts.classmap import (
    Appear,
    ClassMaps,
    Patch,
    Slide,
    Vanish,
    class_map_bindings,
    digit_and_features,
    feature_bindings,
    feature_color,
    feature_poster,
    features_step,
    mark_key,
    mark_on_grids,
    patch_bindings,
    recomputed,
    value_box,
    zoom_bindings,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

LEFT_X = -5.45  # centre of the digit and feature column
NODE_X = -3.75  # centre of the layer's input boxes
UNIT_X = -2.45  # centre of the layer's output units
UNIT_PITCH = 0.5  # vertical distance between output units
WHERE_X = -2.15  # centre of "pixel (i, j) = …" under the layer
UNIT_RADIUS = 0.19
MAPS_TOP = 3.05  # top of the class maps (right)
MAPS_LEFT = -0.12  # left edge of the class maps
COMPARE_TOP = -0.58  # top of the comparison under the maps
RIGHT_EDGE = 6.45  # right edge of the colour scale
ZOOM_SIDE = 1.0  # the compared blocks (5×5): a cell of 0.2, 27 px at 1080p
BOX = (0.8, 0.42)  # an input box

STEPS = StepNames("features", "layer", "slide", "equal", "prediction", numbered=("pixel", "scores"))


def bindings(v) -> Bindings:
    """What fig5b draws, by meaning."""
    net = recomputed(v)
    shown, channels = v["shown"], v["channels"]
    c, h, w = net["features"].shape

    def dense_at(i, j):  # the fully connected layer on one pixel's C features
        return net["k"] @ net["features"][:, i, j] + net["b"]

    sliding = np.stack([dense_at(i, j) for i in range(h) for j in range(w)], axis=1).reshape(-1, h, w)
    i, j = (int(a) for a in v["pixel"])
    b = Bindings(v)
    feature_bindings(b, v, net)
    class_map_bindings(b, sliding, v, shown)  # A enlarged is built pixel by pixel with the maps
    zoom_bindings(b, "zoom_conv", net["maps"], v)
    f = int(v["focus"])
    assert f == (int(v["label"]) if int(v["label"]) >= 0 else int(np.argmax(net["maps"].mean(axis=(1, 2)))))
    b.number("layer_value", lambda: sliding[f, i, j])
    b.number("conv_value", lambda: net["maps"][f, i, j])
    r0, c0 = (int(a) for a in v["zoom"])
    block = (slice(r0, r0 + ZOOM), slice(c0, c0 + ZOOM))
    b.grid("zoom_diff", lambda g: np.abs(sliding[g] - net["maps"][g])[block])
    b.at_least("zoom_diff", ZOOM * 24)  # as big as the blocks it compares
    b.at_least("input", 230, steps=[STEPS.features]).at_least("feature", 180, steps=[STEPS.features])  # the poster
    b.number("max_diff", lambda: float(np.abs(sliding[f] - net["maps"][f])[block].max()))
    b.number("input", lambda s, p: net["features"][channels[s], shown[p][0], shown[p][1]])
    b.number("score", lambda f, p: dense_at(*shown[p])[f])
    b.decimals("score", MAP_DECIMALS).decimals("layer_value", MAP_DECIMALS).decimals("conv_value", MAP_DECIMALS)
    b.number("unit_label", lambda f: f)
    b.number("row", lambda p: shown[p][0]).number("col", lambda p: shown[p][1])
    b.shape("weights", lambda: net["k"].shape)
    b.equal("max_abs_diff", v["y_fc"], net["maps"])

    # a mark (…, p) is on worked pixel p; once the slide is over, a mark (…) without p rests on the pixel the
    # comparison marks in both maps (where the focus class's map peaks)
    def on(*p):
        return (*(shown[p[0]] if p else (i, j)), 1, 1)

    mark_on_grids(b, "window", lambda s, *p: ("feature", s), lambda s, *p: on(*p))
    patch_bindings(b, v, net["features"], lambda p: shown[p], lambda p: v["shown_patch"][p])
    b.between("patch", "feature", "input")  # map s's enlarged pixel between map s and the layer's input s
    mark_on_grids(b, "target", lambda f, *p: ("class_map", f), lambda f, *p: on(*p))
    n = len(shown)
    revealed = {
        STEPS.features: 0,
        STEPS.layer: 0,
        **{STEPS.pixel(p + 1): p for p in range(n)},
        **{STEPS.scores(p + 1): p + 1 for p in range(n)},
    } | {STEPS.slide: None, STEPS.equal: None, STEPS.prediction: None}
    b.reveals("class_map", shown, revealed)
    b.reveals("zoom", np.asarray(shown) - np.asarray(v["zoom"]), revealed, which=(f,))
    return b


class Fig5b(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        shown = [tuple(int(a) for a in pos) for pos in v["shown"]]
        n_classes, n_channels = v["k"].shape
        h, w = v["y_fc"].shape[1:]

        x_part, features = digit_and_features(v, t, LEFT_X)
        layer = self.layer(features)
        maps = ClassMaps(v, t, "y_fc", cols=5, buff=(0.18, 0.1), evidence="evidence_fc")
        maps.align_to([MAPS_LEFT, 0, 0], LEFT).align_to([0, MAPS_TOP, 0], UP)
        compare = self.comparison(maps)
        view, f_focus = compare["view"], int(v["focus"])
        origin = np.asarray(v["zoom"])
        zoom_frame = frame_of(view.grid_a, t)
        view.grid_a.hide()
        known = int(v["label"]) >= 0
        outlines = [maps.outline(int(v["predicted"]), t.prediction, 0.075, 3, role="predicted-class")]
        if known:
            outlines.insert(0, maps.outline(int(v["label"]), t.truth, 0.055, 3, role="true-class"))

        poster = feature_poster(self, x_part, features)
        self.add(x_part)  # the poster: title and input from the first frame
        features_step(self, STEPS.features, features)
        with self.step(
            STEPS.layer,
            f"The head's weights as a fully connected layer: {n_channels} inputs, {n_classes} outputs, one per class.",
        ):
            self.play(self.to_place(poster), run_time=1.0)
            # the maps the layer will fill, and the enlarged block of the focus class's map: empty frames
            self.play(
                Appear(layer["static"]), *maps.enter(self), Appear(VGroup(view.title_a, zoom_frame)), run_time=2.0
            )

        windows = targets = inputs = scores = where = patches = None
        patch_x = (features.maps[0].get_right()[0] + layer["slots"][0].get_left()[0]) / 2  # between map and box
        for p, (i, j) in enumerate(shown):
            new_patches = VGroup(  # each shown map's pixels around this one, enlarged: the pixel seen from afar
                *(
                    Patch(v, t, s, (i, j), v["shown_patch"][p], t.accent, (p,)).move_to([patch_x, g.get_y(), 0])
                    for s, g in enumerate(features.maps)
                )
            )
            new_inputs = self.input_boxes(layer, p)
            new_scores = self.score_column(layer, p)
            new_where = self.where_label(p).move_to(layer["where_slot"])
            first = p == 0
            with self.step(
                STEPS.pixel(p + 1),
                f"At one pixel, the {n_channels} features (one from each map) are the layer's inputs."
                if first
                else "One pixel on: new inputs meet the same weights.",
            ):
                if first:
                    windows = features.windows(i, j, t.accent, (p,))
                    self.play(Appear(windows), Appear(new_where), Appear(new_patches), run_time=1.0)
                else:
                    for s, win in enumerate(windows):
                        bind(win, ("window", s, p))
                    self.play(
                        *(win.animate.move_to(g.block_center(i, j)) for win, g in zip(windows, features.maps)),
                        Vanish(inputs),
                        Vanish(scores),
                        Vanish(where),
                        Vanish(patches),
                        Appear(new_where),
                        Appear(new_patches),
                        run_time=1.0,
                    )
                travellers = [g.cell_square(i, j) for g in features.maps]
                landed = [box.box.copy() for box in new_inputs]
                self.add(*travellers)
                self.play(*(ReplacementTransform(a, b) for a, b in zip(travellers, landed)), run_time=1.2)
                self.remove(*landed)
                self.play(Appear(new_inputs), run_time=0.8)
            with self.step(
                STEPS.scores(p + 1),
                f"Its {n_classes} outputs are this pixel of each of the {n_classes} class maps (the focus class's "
                "enlarged below)."
                if first
                else f"{n_classes} new scores: the next pixel of every class map.",
            ):
                cell = (i - int(origin[0]), j - int(origin[1]))  # the pixel in the enlarged block of A
                bind(view.mark_a, ("zoom_target", f_focus, p))
                if first:
                    targets = maps.targets(i, j, t.accent, (p,))
                    self.play(Appear(new_scores, lag=0.5), run_time=1.5)
                    view.grid_a.show([cell])
                    view.mark_a.move_to(view.grid_a.block_center(*cell))
                    self.play(
                        Appear(targets),
                        *(FadeCells(g, [(i, j)]) for g in maps.maps),
                        Appear(VGroup(view.grid_a, view.mark_a)),
                        run_time=1.2,
                    )
                else:
                    for f, target in enumerate(targets):
                        bind(target, ("target", f, p))
                    self.play(Appear(new_scores, lag=0.5), run_time=1.5)
                    self.play(
                        *(target.animate.move_to(g.block_center(i, j)) for target, g in zip(targets, maps.maps)),
                        *(FadeCells(g, [(i, j)]) for g in maps.maps),
                        FadeCells(view.grid_a, [cell]),
                        view.mark_a.animate.move_to(view.grid_a.block_center(*cell)),
                        run_time=1.2,
                    )
            inputs, scores, where, patches = new_inputs, new_scores, new_where, new_patches

        with self.step(
            STEPS.slide,
            f"Slid over all {h}×{w} pixels, the same layer rebuilds all {n_classes} class maps, coloured by their "
            "positive part.",
        ):
            for mark in [*windows, *targets, view.mark_a]:
                bind(mark, None)
            worked = VGroup(inputs, scores, where).save_state()
            self.play(worked.animate.set_opacity(0.25), Vanish(patches), run_time=0.6)
            self.play(
                Slide(
                    (h, w),
                    background=t.background,
                    windows=[*zip(windows, features.maps), *zip(targets, maps.maps)],
                    fills=maps.maps,
                ),
                run_time=6.0,
            )
            i, j = (int(a) for a in v["pixel"])  # the marks rest on the pixel the comparison marks
            for s, win in enumerate(windows):
                bind(win, ("window", s))
            for f, target in enumerate(targets):
                bind(target, ("target", f))
            self.play(
                *(win.animate.move_to(g.block_center(i, j)) for win, g in zip(windows, features.maps)),
                *(target.animate.move_to(g.block_center(i, j)) for target, g in zip(targets, maps.maps)),
                Restore(worked),
                Appear(compare["legend"]),
                FadeCells(view.grid_a),
                run_time=1.0,
            )
            bind(view.mark_a, ("zoom_target", f_focus))
        with self.step(
            STEPS.equal,
            "The layer's maps equal the head's convolution's: one pixel reads the same in both; their difference "
            "is the colour of zero.",
        ):
            self.play(
                Appear(VGroup(view.equals, view.title_b, view.grid_b, view.mark_b, view.value_a, view.value_b)),
                run_time=1.5,
            )
            self.play(Appear(VGroup(view.panel_diff, view.check)), run_time=1.5)
        with self.step(
            STEPS.prediction,
            "Under each map, its mean: the largest is the prediction; the colours show each map's positive part.",
        ):
            self.play(*(Appear(m) for m in maps.means), Appear(maps.mean_labels(t, buff=0.08)), run_time=1.2)
            self.play(*(Appear(o) for o in outlines), Appear(compare["key"]), run_time=1.2)

    # ---- the equality, made visible ----------------------------------------------------------------

    def comparison(self, maps: ClassMaps) -> dict:
        """Under the maps, the equality as evidence (EqualityView): the block of the focus class's map around the
        worked pixel from the layer and from the head's convolution, enlarged side by side on the maps' colour
        scale, the pixel marked in both with its value, their difference |A − B| and its max, the badge (for
        all ten maps) under them; then the colour scale and the marks' key."""
        v, t = self.values, self.theme
        f = int(v["focus"])
        r0, c0 = (int(a) for a in v["zoom"])
        i, j = (int(a) for a in v["pixel"])

        def name(words: str) -> VGroup:
            return VGroup(
                Label(words, t, SMALL_SIZE, t.muted),
                row(
                    Label("map", t, SMALL_SIZE, t.muted),
                    Num(v, "focus", (), t, 0, SMALL_SIZE, t.focus, role="zoom_class"),
                    buff=0.1,
                ),
            ).arrange(DOWN, buff=0.1)

        view = EqualityView(
            v,
            t,
            a="zoom_layer",
            b="zoom_conv",
            diff="zoom_diff",
            at=(i - r0, j - c0),
            names=(name("A: layer"), name("B: convolution")),
            grid_roles=(("zoom", f), ("zoom_conv", f), ("zoom_diff", f)),
            mark_roles=(("zoom_target", f), ("zoom_conv_target", f)),
            value_roles=(("layer_value",), ("conv_value",)),
            max_role=("max_diff",),
            color_of=maps.color_of,
            side=ZOOM_SIDE,
            gap=0.45,
            decimals=MAP_DECIMALS,
        )
        # the badge at the smaller size, so that it fits under everything above the frame's margin
        view.remove(view.check)
        view.check = EqualityCheck(v, t, font_size=SMALL_SIZE).align_to(view.grid_a, LEFT)
        view.add(view.check.set_y(view.diff_note.get_bottom()[1] - 0.15 - view.check.height / 2))
        view.align_to([MAPS_LEFT, 0, 0], LEFT).align_to([0, COMPARE_TOP, 0], UP)
        legend = maps.legend(v, t, height=0.8)
        legend.align_to([RIGHT_EDGE, 0, 0], RIGHT).align_to(view, UP)
        key = mark_key(t, truth=int(v["label"]) >= 0).next_to(legend, DOWN, buff=0.15)
        key.align_to([RIGHT_EDGE, 0, 0], RIGHT)
        return {"view": view, "legend": legend, "key": key}

    # ---- the layer --------------------------------------------------------------------------------

    def layer(self, features) -> dict:
        """The layer's static parts: an empty input box beside each shown map (⋮ for the others), the
        output units labelled by class, the weights from the drawn inputs as lines, and the title."""
        v, t = self.values, self.theme
        n_classes = v["k"].shape[0]
        limit = float(np.max(np.abs(v["k"])))
        slots = [
            Rectangle(width=BOX[0], height=BOX[1], stroke_color=t.muted, stroke_width=1.5).move_to(
                [NODE_X, g.get_center()[1], 0]
            )
            for g in features.maps
        ]
        dots = VGroup(
            *(
                ellipsis(t).move_to([NODE_X, (a.get_y() + b.get_y()) / 2, 0])
                for a, b in zip(slots, slots[1:] + [None])
                if b is not None
            ),
            ellipsis(t).move_to([NODE_X, features.more.get_y(), 0]),
        )
        top = 2.3
        units = [
            Neuron(t, UNIT_RADIUS, Num(v, "classes", (f,), t, 0, SMALL_SIZE, role=("unit_label", f))).move_to(
                [UNIT_X, top - f * UNIT_PITCH, 0]
            )
            for f in range(n_classes)
        ]
        lines = VGroup(
            *(
                Line(
                    slot.get_right(),
                    unit.port(LEFT),
                    stroke_width=2,
                    color=t.signed_color(v["k"][f, c], limit),
                )
                for c, slot in zip(v["channels"], slots)
                for f, unit in enumerate(units)
            )
        )
        title = row(
            Label("fully connected", t, SMALL_SIZE),
            Math("k", t),
            ShapeLabel(v, "k", t, role="weights", font_size=SMALL_SIZE),
            buff=0.15,
        )
        title.move_to([(NODE_X + UNIT_X) / 2 + 0.3, 2.85, 0])
        where_slot = np.array([WHERE_X, -3.25, 0])
        return {
            "static": VGroup(lines, *slots, dots, *units, title),
            "slots": slots,
            "units": units,
            "where_slot": where_slot,
        }

    def input_boxes(self, layer: dict, p: int) -> VGroup:
        """The shown channels' features at worked pixel p, in the input boxes."""
        v, t = self.values, self.theme
        color_of = feature_color(v, t)
        return VGroup(
            *(
                value_box(
                    Num(v, "pixel_features", (p, c), t, 2, NUMBER_SIZE, role=("input", s, p)),
                    color_of(v["pixel_features"][p, c]),
                    t,
                    *BOX,
                ).move_to(slot)
                for s, (c, slot) in enumerate(zip(v["channels"], layer["slots"]))
            )
        )

    def score_column(self, layer: dict, p: int) -> VGroup:
        """The ten outputs at worked pixel p, beside their units."""
        v, t = self.values, self.theme
        i, j = v["shown"][p]
        return VGroup(
            *(
                Num(v, "y_fc", (f, i, j), t, 2, NUMBER_SIZE, t.accent, role=("score", f, p)).next_to(
                    unit, RIGHT, buff=0.15
                )
                for f, unit in enumerate(layer["units"])
            )
        )

    def where_label(self, p: int) -> VGroup:
        """'pixel (i, j) = (8, 1)' for worked position p."""
        v, t = self.values, self.theme
        return row(
            Label("pixel", t, SMALL_SIZE, t.muted),
            Math("(i, j) =", t),
            row(
                Label("(", t, LABEL_SIZE),
                Num(v, "shown", (p, 0), t, 0, LABEL_SIZE, role=("row", p)),
                Label(",", t, LABEL_SIZE),
                Num(v, "shown", (p, 1), t, 0, LABEL_SIZE, role=("col", p)),
                Label(")", t, LABEL_SIZE),
                buff=0.06,
            ),
            buff=0.12,
        )


__all__ = ["Fig5b", "bindings"]
