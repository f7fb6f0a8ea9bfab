"""fig5a: the head's ten filters of C 1×1 kernels turn the C feature maps into ten class maps."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, Arrow, Create, FadeIn, FadeOut, VGroup

from scenes.base import FigureScene
from scenes.classmap_parts import ClassMaps, FeatureColumn, FilterBank, true_class_key
from scenes.components import Math
from scenes.theme import LABEL_SIZE

ARROW = dict(buff=0.15, stroke_width=2, max_tip_length_to_length_ratio=0.15)


class Fig5a(FigureScene):
    figure_id = "fig5a"

    def construct(self):
        v, t = self.values, self.theme
        label = int(v["label"])

        features = FeatureColumn(v, t).move_to([-6.05, -0.55, 0])
        bank = FilterBank(v, t, cell=0.08).move_to([-4.0, -0.5, 0])
        maps = ClassMaps(v, t, "y", cols=5, cell=0.1).move_to([1.4, 0.35, 0])
        legend = maps.legend(v, t, title="y").next_to(maps, RIGHT, buff=0.2)
        arrows = VGroup(
            Arrow(features.get_right(), bank.get_left(), color=t.muted, **ARROW),
            Arrow(bank.get_right() * RIGHT + maps.get_left() * UP, maps.get_left(), color=t.muted, **ARROW),
        )
        formula = Math("y_f (i, j) = sum_c k_(f c) x_c (i, j) + b_f", t, font_size=LABEL_SIZE + 4)
        formula.next_to(maps, DOWN, buff=0.6)
        key = true_class_key(t, t.accent).next_to(formula, DOWN, buff=0.4)

        self.play(
            FadeIn(self.header()),
            FadeIn(features),
            FadeIn(bank),
            FadeIn(arrows),
            FadeIn(maps.skeleton),
            FadeIn(formula),
        )
        column = bank.column(0, t.accent)
        self.play(Create(column), run_time=0.4)
        for f in range(len(maps.maps)):
            self.play(column.animate.move_to(bank.column_center(f)), FadeIn(maps.maps[f]), run_time=0.5)
        self.play(FadeOut(column), FadeIn(legend), run_time=0.5)
        self.play(Create(maps.outline(label, t.accent)), FadeIn(key), run_time=0.8)
        self.wait(1.5)
