"""fig5b: a C → 10 fully connected layer, applied at one pixel and slid over all: fig5a's class maps."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, FadeIn, FadeOut, VGroup, linear

from scenes.base import FigureScene
from scenes.classmap_parts import ClassMaps, DenseLayer, FeatureColumn
from scenes.components import EqualityCheck, Label, Math
from scenes.theme import LABEL_SIZE, SMALL_SIZE


class Fig5b(FigureScene):
    figure_id = "fig5b"

    def construct(self):
        v, t = self.values, self.theme
        shown = v["shown"]
        h, w = v["y_fc"].shape[1:]

        features = FeatureColumn(v, t).move_to([-6.2, -0.5, 0])
        layer = DenseLayer(v, t, cell=0.075).move_to([-3.6, -0.6, 0])
        layer_titles = VGroup(
            Math("x(i, j)", t, font_size=SMALL_SIZE + 4).next_to(layer.slots, UP, buff=0.15),
            Math("y(i, j)", t, font_size=SMALL_SIZE + 4).next_to(layer.neurons, UP, buff=0.15),
        )
        maps = ClassMaps(v, t, "y_fc", cols=5, cell=0.082).move_to([2.35, 0.55, 0])
        legend = maps.legend(v, t, title="y").next_to(maps, RIGHT, buff=0.2)
        formula = Math("y(i, j) = k space x(i, j) + b", t, font_size=LABEL_SIZE + 2)
        check = VGroup(
            Label("sliding fully connected layer vs the head's convolution:", t, font_size=SMALL_SIZE),
            EqualityCheck(v, t, font_size=SMALL_SIZE + 2),
        ).arrange(DOWN, buff=0.15)
        VGroup(formula, check).arrange(DOWN, buff=0.35).next_to(maps, DOWN, buff=0.45)

        self.play(
            FadeIn(self.header()),
            FadeIn(features),
            FadeIn(layer),
            FadeIn(layer_titles),
            FadeIn(maps.skeleton),
            FadeIn(formula),
        )

        i0, j0 = shown[0]
        windows, targets = features.windows(i0, j0, t.accent), maps.windows(i0, j0, t.accent)
        self.play(FadeIn(windows), FadeIn(targets), run_time=0.5)
        spelled = VGroup()
        for p, (i, j) in enumerate(shown):
            inputs, outputs = layer.inputs(v, "pixel_features", p, t), layer.outputs(v, "y_fc", i, j, t, t.accent)
            self.play(
                windows.animate.shift(features.shift_to(windows, i, j)),
                targets.animate.shift(maps.shift_to(targets, i, j)),
                FadeOut(spelled),
                run_time=0.5,
            )
            self.play(FadeIn(inputs), run_time=0.5)
            self.play(FadeIn(outputs, lag_ratio=0.1), run_time=0.7)
            self.play(FadeIn(maps.pixel(i, j)), run_time=0.4)
            spelled = VGroup(inputs, outputs)
            self.wait(0.3)

        self.play(FadeOut(spelled), FadeOut(targets), run_time=0.3)
        for i in range(h):
            windows.shift(features.shift_to(windows, i, 0))
            self.play(
                windows.animate(rate_func=linear).shift(features.shift_to(windows, i, w - 1)),
                FadeIn(maps.row(i, skip=shown), lag_ratio=0.1),
                run_time=0.25,
            )

        i, j = shown[-1]
        windows.shift(features.shift_to(windows, i, j))
        targets = maps.windows(i, j, t.accent)
        last = VGroup(layer.inputs(v, "pixel_features", len(shown) - 1, t), layer.outputs(v, "y_fc", i, j, t, t.accent))
        self.play(FadeIn(targets), FadeIn(last), FadeIn(legend), run_time=0.6)
        self.play(FadeIn(check), run_time=0.8)
        self.wait(1.5)
