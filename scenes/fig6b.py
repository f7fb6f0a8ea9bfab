"""fig6b: 784 filters of 784 1×1 kernels over the reshaped digit: fig1b's fully connected layer again."""

from __future__ import annotations

from manim import DOWN, UP, FadeIn, FadeOut, LaggedStart, Succession, VGroup

from scenes.base import FigureScene
from scenes.channel_parts import ChannelColumn, dots, reshape_rows
from scenes.components import EqualityCheck, Label, Math, Num, PixelGrid, shape_label, titled
from scenes.theme import NUMBER_SIZE, SMALL_SIZE

HEIGHT, WIDTH, TOP = 5.3, 0.3, 1.9  # every channel column: height, width, top edge


def column(col: ChannelColumn, x: float) -> ChannelColumn:
    return col.move_to([x, TOP - HEIGHT / 2, 0])


class Fig6b(FigureScene):
    figure_id = "fig6b"

    def construct(self):
        v, t = self.values, self.theme
        h, w = v["x"].shape
        size = {"height": HEIGHT, "width": WIDTH}
        k_limit = float(abs(v["K"]).max())
        y_limit = float(abs(v["y"]).max())

        x_grid = PixelGrid.pixels(v["x"], t, cell_size=0.085).move_to([-5.75, 0.4, 0])
        x_title = titled(x_grid, t, Math("x", t), shape_label(v["x"], t))
        order = Math(f"c = {w}(i - 1) + j", t, font_size=SMALL_SIZE + 6).next_to(x_grid, DOWN, 0.25)
        v_col = column(ChannelColumn.pixels(v["v"], t, **size), -4.05)
        v_frame = v_col.frame(t)
        v_title = Math("v", t).next_to(v_frame, UP, 0.1)
        v_shape = shape_label(v["v"], t).next_to(v_frame, DOWN, 0.12)

        xs = [-3.0, -2.3, -1.6, -0.45]  # the last shown filter sits past the ellipsis
        filters = [column(ChannelColumn.signed(v["K"][f], t, limit=k_limit, **size), x) for f, x in zip(v["shown"], xs)]
        frames = [f.frame(t) for f in filters]
        indices = [
            Num(v, "shown_i", p, t, decimals=0, font_size=NUMBER_SIZE - 2, color=t.muted).next_to(fr, UP, 0.1)
            for p, fr in enumerate(frames)
        ]
        gap = dots(t, vertical=False).move_to([(xs[-2] + xs[-1]) / 2, TOP - HEIGHT / 2, 0])
        outputs = [
            Num(v, "y", f, t, decimals=2, font_size=NUMBER_SIZE - 4, color=t.accent).next_to(fr, DOWN, 0.12)
            for f, fr in zip(v["shown"], frames)
        ]
        filters_title = Label("filters", t, SMALL_SIZE, t.muted).next_to(VGroup(*indices), UP, 0.12)

        y_col = column(ChannelColumn.signed(v["y"], t, limit=y_limit, **size), 0.6)
        d_col = column(ChannelColumn.signed(v["y_dense"], t, limit=y_limit, **size), 1.8)
        y_frame, d_frame = y_col.frame(t), d_col.frame(t)
        y_title = Math("K ⋆ v + b", t, font_size=SMALL_SIZE + 6).next_to(y_frame, UP, 0.1)
        d_title = Math("W x + b", t, font_size=SMALL_SIZE + 6).next_to(d_frame, UP, 0.1).align_to(y_title, DOWN)
        y_marks = VGroup(*(y_col.bracket(int(f), 1, t.accent, stroke_width=2, pad=0.04) for f in v["shown"]))
        y_shape = shape_label(v["y"], t).next_to(VGroup(y_frame, d_frame), DOWN, 0.12)

        y_map = PixelGrid.signed(v["y_map"], t, cell_size=0.1, limit=y_limit).move_to([4.95, 0.35, 0])
        map_title = titled(y_map, t, Math("y", t), shape_label(v["y_map"], t))
        check = EqualityCheck(v, t, font_size=SMALL_SIZE + 4).next_to(y_map, DOWN, 0.45)
        check_note = Label("convolution vs dense, all outputs", t, SMALL_SIZE - 2, t.muted).next_to(check, DOWN, 0.1)

        self.play(
            FadeIn(self.header()),
            FadeIn(x_grid),
            FadeIn(x_title),
            FadeIn(v_frame),
            FadeIn(v_title),
            FadeIn(v_shape),
            FadeIn(order),
        )
        self.play(LaggedStart(*reshape_rows(x_grid, v_col), lag_ratio=0.1), run_time=2.5)
        self.play(
            LaggedStart(*(FadeIn(VGroup(f, fr, i)) for f, fr, i in zip(filters, frames, indices)), lag_ratio=0.4),
            FadeIn(gap),
            FadeIn(filters_title),
            run_time=1.5,
        )
        self.play(FadeIn(y_frame), FadeIn(y_title), FadeIn(y_shape))
        lit = [fr.copy().set_stroke(t.accent, width=3) for fr in frames]
        self.play(
            LaggedStart(
                *(
                    Succession(FadeIn(VGroup(glow, out, y_col.slab(int(f)), mark)), FadeOut(glow))
                    for f, glow, out, mark in zip(v["shown"], lit, outputs, y_marks)
                ),
                lag_ratio=0.6,
            ),
            run_time=4.0,
        )
        drawn = set(v["shown"].tolist())
        rest = VGroup(*(slab for c, slab in enumerate(y_col) if c not in drawn))
        self.play(FadeIn(rest), run_time=1.0)
        self.play(FadeIn(d_col), FadeIn(d_frame), FadeIn(d_title))
        self.play(FadeIn(map_title))
        self.play(LaggedStart(*reshape_rows(y_map, y_col, back=True), lag_ratio=0.1), run_time=2.5)
        self.play(FadeIn(check), FadeIn(check_note))
        self.wait(1.5)
