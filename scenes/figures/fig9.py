"""fig9 (beyond the article): a depthwise-separable convolution — a depthwise 3×3 convolution (one kernel per
channel, no sum over channels) followed by a pointwise 1×1 convolution — equals one ordinary convolution whose
kernels are K[f, c] = P[f, c] · D[c], at a fraction of the weights and multiply-adds (MobileNet's 1/F + 1/k²).

Layout: the photo and its R, G, B planes, each plane's own kernel D[c] and its depthwise map (left); the
pointwise weights P and filter f folded into one ordinary kernel K[f] with one product written out (top right);
filter f's map, as big as the comparison's, then the two maps side by side as an EqualityView (bottom right); the
counts (bottom left). Two posters first: the photo and its planes, then the whole depthwise pass, big in the middle.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, ReplacementTransform, VGroup

from scenes.checks.bindings import Bindings
from scenes.mobjects.components import Label, Math, Num, ShapeLabel, Size, bind, row, stage_area, titled
from scenes.mobjects.equality import EqualityView
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.theme import LABEL_SIZE, SMALL_SIZE
from scenes.parts.beyond import arrow, quotient_of
from scenes.parts.classmap import Appear, mark_on_grids
from scenes.parts.rgb import CHANNEL_NAMES, PLANE_ROLES, RGBInput, photo_colors
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

TOP = 2.4  # top of the photo and of the R plane
D_X = -2.1  # centre of the depthwise kernels
DW_X = -0.45  # centre of the depthwise maps
DW_CELL = 0.115  # the depthwise maps' cells: a 10×10 map 155 px at 1080p (at the steps' ends before the counts)
P_AT = np.array([0.9, 1.75, 0.0])  # centre of the pointwise weights
K_AT = np.array([4.95, 2.2, 0.0])  # centre of the folded kernels' row
VIEW_LEFT, VIEW_Y = 0.3, -0.92  # left edge and centre line of the EqualityView's first map
RIGHT_MARGIN = 6.45
COUNT_TOP = -2.25  # the counts' header line
KERNEL_CELL = 0.24
STEPS = StepNames("channels", "depthwise", "pointwise", "fold", "equal", "cost")


def _windows(plane: np.ndarray, k: int) -> np.ndarray:
    """(H',W',k,k) every k×k window of a plane (no padding)."""
    return np.lib.stride_tricks.sliding_window_view(plane, (k, k))


def bindings(v) -> Bindings:
    """What fig9 draws, by meaning."""
    x, D, P = v["x"], v["D"], v["P"]
    c_count, k = D.shape[0], D.shape[-1]
    f_count = P.shape[0]
    f = int(v["filter"])
    depthwise = np.stack([np.einsum("ijuw,uw->ij", _windows(x[c], k), D[c]) for c in range(c_count)])
    separable = np.einsum("c,cij->ij", P[f], depthwise)  # filter f of the pointwise 1×1 on the depthwise maps
    kernel = P[f][:, None, None] * D  # filter f folded: (C,k,k)
    full = sum(np.einsum("ijuw,uw->ij", _windows(x[c], k), kernel[c]) for c in range(c_count))
    ho, wo = depthwise.shape[1:]
    c_, u, w = (int(a) for a in v["worked"])
    at = tuple(int(a) for a in v["at"])
    b = Bindings(v)
    b.grid("photo", lambda: np.arange(x.shape[1] * x.shape[2]).reshape(x.shape[1:])).shape("photo", lambda: x.shape)
    b.relations.append(photo_colors(v))
    for c, role in enumerate(PLANE_ROLES):
        b.grid(role, lambda c=c: x[c])
    b.grid("D", lambda c: D[c]).shape("D", lambda: D.shape)
    b.grid("depthwise", lambda c: depthwise[c]).shape("depthwise", lambda: depthwise.shape)
    b.grid("P", lambda: P).shape("P", lambda: P.shape)
    b.grid("K", lambda c: kernel[c]).shape("K", lambda: kernel.shape)
    b.grid("separable_map", lambda: separable).grid("full_map", lambda: full)
    b.grid("abs_diff", lambda: np.abs(separable - full))
    b.shape("separable_map", lambda: separable.shape).shape("full_map", lambda: full.shape)
    b.number("filter", lambda: f)
    b.named("filter", "filter")  # "filter f" over filter f's map
    b.number("P-worked", lambda: P[f, c_]).number("D-worked", lambda: D[c_, u, w])
    b.number("K-worked", lambda: P[f, c_] * D[c_, u, w])
    b.product_of("K-worked", "P-worked", "D-worked")
    b.number("value-sep", lambda: separable[at]).number("value-full", lambda: full[at])
    b.number("max_diff", lambda: np.abs(separable - full).max())
    b.mark_on("filter-row", "P", lambda: (f, 0, 1, c_count))
    b.mark_on("P-mark", "P", lambda: (f, c_, 1, 1))
    mark_on_grids(b, "D-mark", lambda: ("D", c_), lambda: (u, w, 1, 1))
    mark_on_grids(b, "K-mark", lambda: ("K", c_), lambda: (u, w, 1, 1))
    b.mark_on("sep-mark", "separable_map", lambda: (*at, 1, 1)).mark_on("full-mark", "full_map", lambda: (*at, 1, 1))
    b.equal("max_abs_diff", v["y"], v["y_full"])
    b.size("channels", c_count).size("kernel", k).size("filters", f_count)
    # the counts, from the shapes: C·k·k + F·C against F·C·k·k, and the multiply-adds at H'×W'
    b.number("w-part", lambda i: (c_count * k * k, f_count * c_count)[i])
    b.number("w-separable", lambda: c_count * k * k + f_count * c_count)
    b.number("w-full", lambda: f_count * c_count * k * k)
    b.number("m-part", lambda i: (c_count * k * k * ho * wo, f_count * c_count * ho * wo)[i])
    b.number("m-separable", lambda: (c_count * k * k + f_count * c_count) * ho * wo)
    b.number("m-full", lambda: f_count * c_count * k * k * ho * wo)
    b.number("ratio", lambda: (c_count * k * k + f_count * c_count) / (f_count * c_count * k * k))
    b.number("formula", lambda: 1 / f_count + 1 / k**2)  # MobileNet's (Howard et al. 2017, eq. 5)
    b.sum_of("w-separable", "w-part").sum_of("m-separable", "m-part")
    quotient_of(b, "ratio", "m-separable", "m-full")
    b.equal("cost_ratio_diff", v["cost_ratio"], 1 / f_count + 1 / k**2)
    # sizes at 1080p: each kernel 97 px, P 97 px wide, each depthwise map 155 px, filter f's two maps 243 px
    b.at_least("D", 95).at_least("K", 95).at_least("P", 95).at_least("sep-mark", 24).at_least("full-mark", 24)
    b.at_least("depthwise", 150).at_least("separable_map", 240).at_least("full_map", 240)
    b.titled("D", "D").titled("K", "K_f")  # each title's letter over its own kernels
    return b


class Fig9(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        c_count, k = v["D"].shape[0], v["D"].shape[-1]
        f_count = v["P"].shape[0]
        f = int(v["filter"])
        c_, u, w = (int(a) for a in v["worked"])

        rgb = RGBInput(v, t, photo_cell=0.11, plane_cell=0.1, left=-6.25, top=TOP, gap=0.5, plane_gap=0.45)
        VGroup(rgb.photo, rgb.title).shift((rgb.planes[1].get_y() - rgb.photo.get_y()) * UP)  # level with G
        # the planes' names in the text colour (the tint of each plane says which channel it is)
        names = VGroup(*(Label(name, t, LABEL_SIZE).move_to(n) for name, n in zip(CHANNEL_NAMES, rgb.names)))
        kernel_scale = t.signed_scale(np.concatenate([v["D"].ravel(), v["K"].ravel()]))
        dw_scale = t.signed_scale(v["y_depthwise"])
        kernels = [
            CellGrid(v["D"][c], kernel_scale, KERNEL_CELL, stroke_color=t.grid_stroke, role=("D", c)).move_to(
                [D_X, plane.get_y(), 0]
            )
            for c, plane in enumerate(rgb.planes)
        ]
        stars = [
            Math("*", t).move_to([(plane.get_right()[0] + kernels[0].get_left()[0]) / 2, plane.get_y(), 0])
            for plane in rgb.planes
        ]
        maps = [
            CellGrid(v["y_depthwise"][c], dw_scale, DW_CELL, stroke_color=t.grid_stroke, role=("depthwise", c)).move_to(
                [DW_X, plane.get_y(), 0]
            )
            for c, plane in enumerate(rgb.planes)
        ]
        arrows = [arrow(kg.get_right(), mg.get_left(), t) for kg, mg in zip(kernels, maps)]
        d_title = VGroup(Math("D", t), ShapeLabel(v, "D", t, role="D", font_size=SMALL_SIZE)).arrange(DOWN, buff=0.08)
        d_title.next_to(kernels[0], UP, buff=0.12)
        dw_title = (
            VGroup(
                Label("depthwise", t, SMALL_SIZE, t.muted),
                ShapeLabel(v, "y_depthwise", t, role="depthwise", font_size=SMALL_SIZE),
            )
            .arrange(DOWN, buff=0.08)
            .next_to(maps[0], UP, buff=0.12)
        )

        # pointwise: P (F×C), filter f's row, its map
        p_grid = CellGrid(v["P"], t.signed_scale(v["P"]), 0.24, stroke_color=t.grid_stroke, role="P").move_to(P_AT)
        p_title = titled(p_grid, Math("P", t), ShapeLabel(v, "P", t, role="P", font_size=SMALL_SIZE))
        f_row = bind(p_grid.window(f, 0, 1, c_count, t.focus, stroke_width=3), ("filter-row",))
        sep_scale = t.signed_scale(np.concatenate([v["y_f"].ravel(), v["y_full_f"].ravel()]))

        # filter f folded into one ordinary kernel, K[f, c] = P[f, c] · D[c], one product written out
        folded = [
            CellGrid(v["K_f"][c], kernel_scale, KERNEL_CELL, stroke_color=t.grid_stroke, role=("K", c))
            for c in range(c_count)
        ]
        VGroup(*folded).arrange(RIGHT, buff=0.25).move_to(K_AT)
        k_title = titled(VGroup(*folded), Math("K_f", t), ShapeLabel(v, "K_f", t, role="K", font_size=SMALL_SIZE))
        rule = Math("K_(f c) = P_(f c) D_c", t).next_to(VGroup(*folded), DOWN, buff=0.22)
        marks = [
            bind(p_grid.window(f, c_, 1, 1, t.focus, stroke_width=4), ("P-mark",)),
            bind(kernels[c_].window(u, w, 1, 1, t.focus, stroke_width=4), ("D-mark",)),
            bind(folded[c_].window(u, w, 1, 1, t.focus, stroke_width=4), ("K-mark",)),
        ]
        worked = row(
            Num(v, "P", (f, c_), t, 3, SMALL_SIZE, role="P-worked"),
            Label("×", t, SMALL_SIZE, t.muted),
            Num(v, "D", (c_, u, w), t, 3, SMALL_SIZE, role="D-worked"),
            Num(v, "K_f", (c_, u, w), t, 2, SMALL_SIZE, t.focus, role="K-worked", approx=True),
            buff=0.12,
        )
        worked.next_to(rule, DOWN, buff=0.15)

        view = EqualityView(
            v,
            t,
            a="y_f",
            b="y_full_f",
            diff="abs_diff",
            at=v["at"],
            names=(Label("separable", t, SMALL_SIZE, t.muted), Math("x * K_f", t)),
            grid_roles=("separable_map", "full_map", "abs_diff"),
            shape_roles=(None, "full_map"),
            mark_roles=(("sep-mark",), ("full-mark",)),
            value_roles=(("value-sep",), ("value-full",)),
            max_role=("max_diff",),
            color_of=sep_scale,
            side=1.8,  # a cell 24 px at 1080p
            diff_side=1.0,
            decimals=2,
            gap=0.3,
        )
        view.shift(np.array([VIEW_LEFT, VIEW_Y, 0]) - view.grid_a.get_left())
        # under the values: the badge (under the two maps) and the difference's remarks (to the frame's margin)
        lowest = min(view.value_a.get_bottom()[1], view.value_b.get_bottom()[1])
        view.diff_note.next_to([0, lowest, 0], DOWN, buff=0.2).align_to([RIGHT_MARGIN, 0, 0], RIGHT)
        view.check.next_to([0, lowest, 0], DOWN, buff=0.06).align_to(view.grid_a, LEFT)  # above the note's long line

        # filter f's map, as big as the comparison's maps, where the ordinary convolution's map will be drawn
        y_grid = CellGrid(
            v["y_f"], sep_scale, view.grid_a.width / v["y_f"].shape[1], stroke_color=t.grid_stroke, role="separable_map"
        ).move_to(view.grid_b)
        y_title = titled(
            y_grid,
            Label("filter", t, SMALL_SIZE, t.muted),
            Num(v, "filter", (), t, 0, SMALL_SIZE, t.focus, role="filter"),
            ShapeLabel(v, "y_f", t, role="separable_map", font_size=SMALL_SIZE),
        )
        p_arrow = arrow(f_row.get_right(), y_title.get_corner(UP + LEFT), t, buff=0.15)  # filter f's row → its map

        counts = self.counts(c_count, k, f_count)

        # two posters, each shown until the next step needs the room: the depthwise pass big in the middle, and
        # within it, first, the photo and its planes
        pictures = VGroup(rgb.photo, *rgb.planes, names)  # not rgb.names: fig9's are in the text colour
        depthwise = self.centre_stage(VGroup(pictures, rgb.title, *kernels, *stars, *arrows, *maps, d_title, dw_title))
        photo = self.centre_stage(pictures, fill=0.9)
        # on the first poster the photo's title stands beside it, so the copies that become the planes travel right,
        # clear of it; it fades out as the title over the photo fades in
        beside = rgb.title.copy().next_to(rgb.photo, LEFT, buff=0.3)
        left, bottom, right, top = stage_area()
        VGroup(pictures, beside).move_to([(left + right) / 2, (bottom + top) / 2, 0])
        self.add(rgb.photo, beside)  # the poster: the photo
        with self.step(STEPS.channels, f"The photo is {c_count} channels: red, green and blue."):
            self.play(*rgb.split(), run_time=1.5)
            self.play(Appear(names), run_time=0.6)
        with self.step(
            STEPS.depthwise,
            "Depthwise: each channel is convolved with its own 3×3 kernel; nothing is summed over channels.",
        ):
            self.play(self.to_place(photo), Appear(beside, out=True), Appear(rgb.title), run_time=1.0)
            self.play(Appear(VGroup(*kernels, *stars, d_title)), run_time=1.2)
            self.play(Appear(VGroup(*arrows, *maps, dw_title), lag=0.4), run_time=1.6)
        with self.step(
            STEPS.pointwise,
            f"Pointwise: P weighs the {c_count} depthwise maps at every pixel, pixel by pixel; "
            f"one of its {f_count} filters is drawn.",
        ):
            self.play(self.to_place(depthwise), run_time=1.2)
            self.play(Appear(VGroup(p_grid, p_title)), run_time=1.0)
            self.play(Appear(f_row), Appear(VGroup(p_arrow, y_grid, y_title)), run_time=1.4)
        with self.step(
            STEPS.fold,
            "Folded together, filter f is one ordinary 3×3 kernel per channel: its weight times the channel's kernel.",
        ):
            self.play(Appear(VGroup(*folded, k_title, rule)), run_time=1.4)
            self.play(*(Appear(m) for m in marks), Appear(worked), run_time=1.4)
        with self.step(
            STEPS.equal,
            "One ordinary convolution of the photo with these kernels gives the same map, computed separately.",
        ):
            self.play(Appear(VGroup(*marks), out=True), run_time=0.5)
            self.play(  # filter f's map moves into the comparison as its left side
                ReplacementTransform(y_grid, view.grid_a),
                Appear(VGroup(p_arrow, y_title), out=True),
                Appear(VGroup(view.title_a, view.title_b, view.equals, view.grid_b)),
                run_time=1.5,
            )
            self.play(Appear(VGroup(view.mark_a, view.mark_b, view.value_a, view.value_b)), run_time=1.0)
            self.play(Appear(VGroup(view.panel_diff, view.check)), run_time=1.0)
        with self.step(
            STEPS.cost,
            "Counted from the arrays: weights and multiply-adds of both, and the ratio beside MobileNet's formula.",
        ):
            self.play(Appear(counts, lag=0.5), run_time=2.5)

    def counts(self, c_count: int, k: int, f_count: int) -> VGroup:
        """Weights and multiply-adds of the separable pair against the one ordinary convolution, and their ratio."""
        v, t = self.values, self.theme
        sizes = dict(c=Size(v, "D", 0, "channels"), k=Size(v, "D", 1, "kernel"), f=Size(v, "P", 0, "filters"))

        def num(key, role, decimals=0, color=None):
            style = "count" if decimals == 0 else "fixed"  # weights and multiply-adds: 21,600
            return Num(v, key, (), t, decimals, SMALL_SIZE, color, style=style, role=role)

        def two_parts(kind, part, whole):
            """depthwise + pointwise = separable, for one kind of count ('params' or 'macs')."""
            plus, equals = Label("+", t, SMALL_SIZE, t.muted), Label("=", t, SMALL_SIZE, t.muted)
            parts = [num(f"{kind}_{name}", (part, i)) for i, name in enumerate(("depthwise", "pointwise"))]
            return row(parts[0], plus, parts[1], equals, num(f"{kind}_separable", (whole,)), buff=0.1)

        left = -6.45
        x_weights, x_macs = -3.35, -0.05  # right edges of the two number columns
        head = VGroup(
            Label("weights", t, SMALL_SIZE, t.muted).move_to([0, COUNT_TOP, 0]).align_to([x_weights, 0, 0], RIGHT),
            Label("multiply-adds", t, SMALL_SIZE, t.muted).move_to([0, COUNT_TOP, 0]).align_to([x_macs, 0, 0], RIGHT),
        )
        ys = [COUNT_TOP - 0.42 * (n + 1) for n in range(3)]
        sep_w, sep_m = two_parts("params", "w-part", "w-separable"), two_parts("macs", "m-part", "m-separable")
        full_w, full_m = num("params_full", ("w-full",)), num("macs_full", ("m-full",))
        ratio = num("cost_ratio", ("ratio",), 3, t.focus)
        lines = VGroup(
            *(
                Label(name, t, SMALL_SIZE).move_to([0, y, 0]).align_to([left, 0, 0], LEFT)
                for name, y in zip(("separable", "one convolution", "ratio"), ys)
            )
        )
        for mob, x_right, y in (
            (sep_w, x_weights, ys[0]),
            (sep_m, x_macs, ys[0]),
            (full_w, x_weights, ys[1]),
            (full_m, x_macs, ys[1]),
            (ratio, x_macs, ys[2]),
        ):
            mob.move_to([0, y, 0]).align_to([x_right, 0, 0], RIGHT)
        formula = row(
            Label("MobileNet:", t, SMALL_SIZE, t.muted),
            Math("({c} dot {k} dot {k} + {f} dot {c}) \\/ ({f} dot {c} dot {k} dot {k}) =", t, font_size=28, **sizes),
            num("cost_ratio_formula", ("formula",), 3, t.focus),
            buff=0.15,
        )
        formula.move_to([0, ys[2], 0]).align_to([6.4, 0, 0], RIGHT)
        return VGroup(head, lines, sep_w, sep_m, full_w, full_m, ratio, formula)


__all__ = ["Fig9", "bindings"]
