"""fig7a (beyond the article): PointNet's "shared MLP" is a 1×1 convolution. The digit becomes a cloud of
points; one layer (2 → C₁) is applied to every point on its own, with the same weights — a dense layer slid
over the points — and, computed separately, as a 1×1 convolution over the (2, N) tensor, channels first, as
PointNet's own code does; the two maps are equal (EqualityView).

Layout: the digit and its cloud (left); the shared weights of one channel and three worked points (top
middle); the dense layer's map (64×24 drawn, 9.5 px cells), filled point by point, each worked point's
column enlarged beside it (81 px wide, the written-out channel outlined), then the convolution's map in
that place (right); under the table, the compared element enlarged in both maps and |A − B|.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import Label, Math, Num, ShapeLabel, bind, frame_of, note, row
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.grid import CellGrid, FadeCells
from scenes.mobjects.theme import NUMBER_SIZE, SMALL_SIZE
from scenes.parts.beyond import Enlarged, digit_and_cloud, enlarged_bindings
from scenes.parts.classmap import Appear
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

LEFT_EDGE = -6.4
DIGIT_CELL, CLOUD_SIDE = 0.075, 2.3  # the digit (28 cells) and its cloud, in the left column
TABLE_X = -3.85  # left edge of the worked table
TABLE_TOP = 2.75  # the layer's line
ROW_PITCH = 0.5
MAP_CELL = 0.07  # a cell of the two maps: 9.5 px at 1080p; 64 channels make them 605 px tall
MAP_X, MAP_TOP = 2.2, 2.35  # the top-left corner of the per-point map; the convolution's map is to its right
MAP_GAP = 0.55
COLUMN_WIDTH, COLUMN_GAP = 0.6, 0.25  # a worked point's column, enlarged (81 px wide) right of the map
DIFF_SIDE, DIFF_X, DIFF_TOP = 1.8, 0.55, -0.55  # |A − B| (64 cells tall, centred at DIFF_X), under the table
ENLARGED_CELL = 0.22  # a cell of the enlarged blocks: 30 px
ENLARGED_X, ENLARGED_Y = (-3.3, -1.55), -1.45  # centres of the two enlarged blocks, under the table
STEPS = StepNames("cloud", "layer", "every-point", "convolution", numbered=("point",))


def bindings(v) -> Bindings:
    """What fig7a draws, by meaning."""
    points, W1, b1 = v["points"], v["W1"], v["b1"]
    c = int(v["channel"])
    shown = [int(n) for n in v["shown"]]
    per_point = np.stack([W1 @ p + b1 for p in points], axis=1)  # (C1, N): the layer at each point, a column each
    conv = np.einsum("oc,cn->on", W1, points.T) + b1[:, None]  # a 1×1 convolution over the (2, N) tensor
    at = (c, shown[0])
    b = Bindings(v)
    b.grid("input", lambda: v["x"]).shape("input", lambda: v["x"].shape)
    b.shape("points", lambda: points.shape)
    b.number("channel", lambda: c)
    b.number("weight", lambda m: W1[c, m]).number("bias", lambda: b1[c])
    b.number("coord", lambda p, m: points[shown[p], m])
    b.number("h", lambda p: W1[c] @ points[shown[p]] + b1[c])
    b.weighted_sum_of("h", "weight", "coord", plus="bias")
    # the maps draw the first `drawn` points' columns; their shapes are the whole maps'
    drawn = v["h_dense_t_shown"].shape[1]
    b.grid("dense_map", lambda: per_point[:, :drawn]).grid("conv_map", lambda: conv[:, :drawn])
    b.grid("abs_diff", lambda: np.abs(v["h_conv"] - v["h_dense"].T)[:, :drawn])
    b.number("not-shown", lambda: points.shape[0] - drawn)
    b.shape("dense_map", lambda: per_point.shape).shape("conv_map", lambda: conv.shape)
    b.shape("kernel", lambda: (1, 1))
    b.size("inputs", points.shape[1]).size("outputs", W1.shape[0])
    b.number("value-dense", lambda: per_point[at]).number("value-conv", lambda: conv[at])
    b.number("max_diff", lambda: np.abs(v["h_conv"] - v["h_dense"].T)[:, :drawn].max())  # over the drawn part
    b.mark_on("worked-mark", "dense_map", lambda p: (0, shown[p], W1.shape[0], 1))  # the point's column
    b.grid("worked-column", lambda p: per_point[:, shown[p]][:, None])  # that column, enlarged beside the map
    b.mark_on("worked-cell", "worked-column", lambda p: (c, 0, 1, 1))  # in it, the channel written out: h
    b.mark_on("mark-dense", "dense_map", lambda: (*at, 1, 1)).mark_on("mark-conv", "conv_map", lambda: (*at, 1, 1))
    b.equal("max_abs_diff", v["h_conv"], v["h_dense"].T)  # the badge: over all the points
    enlarged_bindings(b, "enlarged-dense", per_point[:, :drawn], at)  # the compared element, 30 px a cell
    enlarged_bindings(b, "enlarged-conv", conv[:, :drawn], at)
    # seen from the back of a room: the maps ≥ 150 px, their cells ≥ 8 px, the worked column ≥ 24 px wide
    for role in ("dense_map", "conv_map"):
        b.at_least(role, 150).at_least(role, 8, per_cell=True)
    b.at_least("worked-column", 24).at_least("enlarged-dense", 24, per_cell=True)
    b.at_least("enlarged-conv", 24, per_cell=True)
    # the layer's map fills a column per worked point, then every other column
    order = [(i, k) for k in shown for i in range(W1.shape[0])]
    b.reveals(
        "dense_map",
        order,
        {
            STEPS.layer: 0,
            **{STEPS.point(p + 1): (p + 1) * W1.shape[0] for p in range(len(shown))},
            STEPS.every_point: None,
        },
    )
    return b


class Fig7a(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        n, c1 = v["points"].shape[0], v["W1"].shape[0]
        c = int(v["channel"])
        shown = [int(k) for k in v["shown"]]

        digit, cloud_group = digit_and_cloud(v, t, cell=DIGIT_CELL, side=CLOUD_SIDE, left=LEFT_EDGE, top=3.0)
        cloud = cloud_group.cloud

        # the shared layer: one channel's weights, written once
        layer = row(
            Label("one layer,", t, SMALL_SIZE, t.muted),
            Math("{i} arrow {o}", t, i=_size(v, "points", 1, "inputs"), o=_size(v, "W1", 0, "outputs")),
            Label("channels; channel", t, SMALL_SIZE, t.muted),
            Num(v, "channel", (), t, 0, SMALL_SIZE, t.muted, role="channel"),
            buff=0.14,
        )
        weights = row(
            Math("w =", t),
            Label("(", t, NUMBER_SIZE),
            Num(v, "W1", (c, 0), t, 3, NUMBER_SIZE, role=("weight", 0)),
            Label(",", t, NUMBER_SIZE),
            Num(v, "W1", (c, 1), t, 3, NUMBER_SIZE, role=("weight", 1)),
            Label(")", t, NUMBER_SIZE),
            Math("b =", t),
            Num(v, "b1", c, t, 3, NUMBER_SIZE, role="bias"),
            buff=0.1,
        )
        weights[6].shift(0.25 * RIGHT), weights[7].shift(0.25 * RIGHT)
        rule = Math("h = w_x x + w_y y + b", t)
        head = VGroup(layer, weights, rule).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        head.move_to([0, TABLE_TOP - head.height / 2 + 0.15, 0]).align_to([TABLE_X, 0, 0], LEFT)

        rows = []
        for p, k in enumerate(shown):
            y = head.get_bottom()[1] - 0.35 - p * ROW_PITCH
            r = row(
                Math("(x, y) =", t),
                Label("(", t, NUMBER_SIZE),
                Num(v, "points", (k, 0), t, 3, NUMBER_SIZE, role=("coord", p, 0)),
                Label(",", t, NUMBER_SIZE),
                Num(v, "points", (k, 1), t, 3, NUMBER_SIZE, role=("coord", p, 1)),
                Label(")", t, NUMBER_SIZE),
                Math("arrow h", t),
                Num(v, "h_dense", (k, c), t, 2, NUMBER_SIZE, t.focus, role=("h", p), approx=True),
                buff=0.1,
            )
            r[6].shift(0.2 * RIGHT), r[7].shift(0.2 * RIGHT)
            rows.append(r.move_to([0, y, 0]).align_to([TABLE_X, 0, 0], LEFT))
        same = note("shared by all points", t).next_to(rule, RIGHT, buff=0.35)

        def conv_name():
            return row(
                ShapeLabel(v, "W1_kernel", t, dims=2, role="kernel", font_size=SMALL_SIZE),
                Label("conv", t, SMALL_SIZE, t.muted),
                buff=0.1,
            )

        def map_name(name, key, role):  # two lines: the maps are narrow (24 columns)
            shape = ShapeLabel(v, key, t, role=role, font_size=SMALL_SIZE)
            return VGroup(name, shape).arrange(DOWN, buff=0.1)

        view = EqualityView(
            v,
            t,
            a="h_dense_t_shown",
            b="h_conv_shown",
            diff="abs_diff_shown",
            at=v["at"],
            names=(
                map_name(Label("per point", t, SMALL_SIZE, t.muted), "h_dense_t", "dense_map"),
                map_name(conv_name(), "h_conv", "conv_map"),
            ),
            diff_name="|A − B|",
            grid_roles=("dense_map", "conv_map", "abs_diff"),
            shape_roles=None,
            mark_roles=(("mark-dense",), ("mark-conv",)),
            value_roles=(("value-dense",), ("value-conv",)),
            max_role=("max_diff",),
            side=MAP_CELL * c1,
            diff_side=DIFF_SIDE,
            decimals=2,
            gap=MAP_GAP,
        )
        # the two maps on the right, as tall as the stage allows (a cell MAP_CELL: 8 px at 1080p)
        view.shift(np.array([MAP_X, MAP_TOP, 0]) - view.grid_a.get_corner(UP + LEFT))
        # under the table (step "convolution"): |A − B| with its max and colour under it
        view.panel_diff.shift(np.array([DIFF_X, DIFF_TOP, 0]) - view.grid_diff.get_top())
        for g in (view.grid_a, view.grid_b, view.grid_diff):
            g.line_width = 0  # lines would hide cells of 8 px (4 px in |A − B|)
        more = row(
            Label("…", t, SMALL_SIZE, t.muted),
            Num(v, "points_not_shown", (), t, 0, SMALL_SIZE, t.muted, role="not-shown"),
            Label("more points", t, SMALL_SIZE, t.muted),
            buff=0.1,
        )
        lowest = min(view.value_a.get_bottom()[1], view.value_b.get_bottom()[1])
        more.move_to([(view.grid_a.get_left()[0] + view.grid_b.get_right()[0]) / 2, lowest - 0.3, 0])
        more_first = more.copy().next_to(view.grid_a, DOWN, buff=0.2)  # under the map, before B takes the room
        view.check.move_to([more.get_center()[0], more.get_bottom()[1] - 0.4, 0])
        map_frame = frame_of(view.grid_a, t)  # the map's extent, before its cells are filled
        view.grid_a.hide()
        conv_note = VGroup(
            note("the convolution runs", t), note("over the points, channels", t), note("first, as in PointNet", t)
        ).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
        conv_note.next_to(cloud_group, DOWN, buff=0.3).align_to([LEFT_EDGE, 0, 0], LEFT)  # the (2, N) layout
        # the compared element enlarged in both maps (a map's cell is 8 px), its value under each
        enlarged = [
            Enlarged(v[key], v["at"], view.grid_a.color_of, t, name, role, cell=ENLARGED_CELL)
            for key, name, role in (
                ("h_dense_t_shown", Label("per point", t, SMALL_SIZE, t.muted), "enlarged-dense"),
                ("h_conv_shown", conv_name(), "enlarged-conv"),
            )
        ]
        for e, x in zip(enlarged, ENLARGED_X):
            e.shift(np.array([x, ENLARGED_Y, 0]) - e.grid.get_center())
        enlarged_values = [
            Num(v, key, tuple(v["at"]), t, 2, NUMBER_SIZE, t.focus, role=role).next_to(e.grid, DOWN, buff=0.12)
            for key, role, e in (
                ("h_dense_t_shown", "value-dense", enlarged[0]),
                ("h_conv_shown", "value-conv", enlarged[1]),
            )
        ]
        enlarged_equals = Math("=", t).move_to((enlarged[0].grid.get_right() + enlarged[1].grid.get_left()) / 2)
        enlarged_note = note("enlarged", t).next_to(VGroup(*enlarged), UP, buff=0.12)
        zoom = VGroup(*enlarged, *enlarged_values, enlarged_equals, enlarged_note)

        # each worked point's whole column of outputs, enlarged beside the map, row for row
        columns, column_marks = [], []
        for p, k in enumerate(shown):
            col = CellGrid(
                v["h_dense_t_shown"][:, k : k + 1],
                view.grid_a.color_of,
                COLUMN_WIDTH,
                stroke_width=0,
                role=("worked-column", p),
                cell_height=view.grid_a.cell_height,
            )
            col.next_to(view.grid_a, RIGHT, buff=COLUMN_GAP).align_to(view.grid_a, UP)  # where B comes later
            columns.append(col)
            column_marks.append(bind(col.window(c, 0, 1, 1, t.focus, stroke_width=3), ("worked-cell", p)))
        h_at = Math("h", t).next_to(column_marks[0], RIGHT, buff=0.15)  # the written-out channel: h
        column_note = VGroup(note("its column,", t), note("enlarged", t)).arrange(DOWN, buff=0.08)
        column_note.next_to(columns[0], UP, buff=0.15)

        poster = self.centre_stage(VGroup(digit, cloud_group))
        self.add(digit)  # the poster: the digit
        with self.step(
            STEPS.cloud,
            f"The digit becomes a cloud of {n} points, sampled where the ink is, brighter pixels more often.",
        ):
            self.play(Appear(cloud_group, lag=0.5), run_time=1.8)
        with self.step(
            STEPS.layer, f"One layer maps each point's 2 numbers to {c1}; one channel's weights are written out."
        ):
            self.play(self.to_place(poster), run_time=1.0)
            self.play(Appear(head), Appear(same), run_time=1.5)
            self.play(Appear(VGroup(view.title_a, view.grid_a, map_frame)), run_time=0.8)
        ring = mark = column = None
        for p, k in enumerate(shown):
            caption = (
                "A point's (x, y) through the shared weights: one column of outputs, one channel written out."
                if p == 0
                else "The next point, through the very same weights: the layer is shared by all points."
            )
            with self.step(STEPS.point(p + 1), caption):
                new_ring = cloud.ring(k, t.focus)
                new_mark = bind(
                    view.grid_a.window(0, k, c1, 1, t.focus, stroke_width=3), ("worked-mark", p)
                )  # its column
                new_column = VGroup(columns[p], column_marks[p], h_at.copy())
                fade = [Appear(VGroup(ring, mark, column), out=True)] if ring is not None else []
                previous = [rows[p - 1][7].animate.set_color(t.text)] if p else []  # the focus moves on
                self.play(*fade, *previous, Appear(new_ring), run_time=0.8)
                self.play(
                    Appear(rows[p]),
                    FadeCells(view.grid_a, [(i, k) for i in range(c1)]),
                    Appear(new_mark),
                    Appear(new_column),
                    *([Appear(column_note)] if p == 0 else []),
                    run_time=1.5,
                )
                ring, mark, column = new_ring, new_mark, new_column
        with self.step(
            STEPS.every_point, f"Slid over all {n} points, the same layer fills a {c1}×{n} map, a column per point."
        ):
            drawn = v["h_dense_t_shown"].shape[1]
            rest = [(i, j) for j in range(drawn) if j not in shown for i in range(c1)]
            self.play(
                Appear(VGroup(ring, mark, column, column_note, map_frame), out=True), Appear(more_first), run_time=0.5
            )
            self.play(FadeCells(view.grid_a, rest, lag=0.9), run_time=2.5)
        with self.step(STEPS.convolution, "Computed separately as a 1×1 convolution over the points: the same map."):
            self.play(Appear(more_first, out=True), run_time=0.4)  # the second map takes its place
            self.play(Appear(VGroup(view.title_b, view.equals, view.grid_b, more)), run_time=1.5)
            self.play(Appear(VGroup(view.mark_a, view.mark_b, view.value_a, view.value_b)), Appear(zoom), run_time=1.2)
            self.play(Appear(VGroup(view.panel_diff, conv_note, view.check)), run_time=1.0)


def _size(v, key, axis, role):
    from scenes.mobjects.text import Size

    return Size(v, key, axis, role)


__all__ = ["Fig7a", "bindings"]
