"""fig5a: the head's ten filters of C 1×1 kernels turn the C feature maps into ten class maps."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, FadeOut, VGroup

from scenes.base import FigureScene
from scenes.classmap_parts import ClassMaps, FeatureColumn, FilterBank, true_class_key
from scenes.components import Math
from scenes.theme import LABEL_SIZE


class Fig5a(FigureScene):
    figure_id = "fig5a"

    def construct(self):
        v, t = self.values, self.theme
        label = int(v["label"])

        features = FeatureColumn(v, t).move_to([-5.9, -0.5, 0])
        bank = FilterBank(v, t).move_to([-3.2, -0.4, 0])
        maps = ClassMaps(v, t, "y", cols=5, cell=0.09).move_to([2.2, 0.35, 0])
        legend = maps.legend(v, t, title="y").next_to(maps, RIGHT, buff=0.25)
        formula = Math("y_f (i, j) = sum_c k_(f c) x_c (i, j) + b_f", t, font_size=LABEL_SIZE + 4)
        formula.next_to(maps, DOWN, buff=0.55)
        key = true_class_key(t, t.accent).next_to(formula, DOWN, buff=0.35)

        self.play(FadeIn(self.header()), FadeIn(features), FadeIn(bank), FadeIn(maps.skeleton), FadeIn(formula))
        column = bank.column(0, t.accent)
        self.play(Create(column), run_time=0.4)
        for f in range(len(maps.maps)):
            self.play(column.animate.move_to(bank.column_center(f)), FadeIn(maps.maps[f]), run_time=0.5)
        self.play(FadeOut(column), FadeIn(legend), run_time=0.5)
        self.play(Create(maps.outline(label, t.accent)), FadeIn(key), run_time=0.8)
        self.wait(1.5)
