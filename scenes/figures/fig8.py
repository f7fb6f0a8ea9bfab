"""fig8 (beyond the article): the bottleneck — 1×1 convolutions reduce the depth, a 3×3 convolution works on
the thin stack, a 1×1 convolution restores the depth — against one direct 3×3 convolution, on the trained NiN
network's real 64×14×14 features of the digit.

Layout: the features (top left); the direct path to its right (top row); the bottleneck's three stages
(middle row); the count table under them — per kernel its shape F × C × k × k, its weights and its
multiply-adds at the map size — and, at the end, the same count for ResNet-50's 256-d block (right).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, VGroup

from compute.values.beyond import BOTTLENECK_SEED, RESNET_CHANNELS, RESNET_WIDTH
from compute.values.beyond_extra import RESNET_DEPTH
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import Label, Math, Num, ShapeLabel, note, row
from scenes.mobjects.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE
from scenes.parts.beyond import FeatureStack, arrow, depth_of, product_of_all, quotient_of
from scenes.parts.classmap import Appear
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

ROW_A, ROW_B = 2.25, 0.39  # centre lines of the direct path and of the bottleneck (the direct map over the last)
X_AT = -5.62  # the input features
STAGE_X = {"reduce": -3.13, "mid": -0.84, "expand": 1.45}  # the bottleneck's outputs
CELL = 0.08  # a feature map's cell: a 14×14 map 151 px at 1080p (declared: at_least 150)
SEED_X = 2.55  # left edge of the note on the kernels, right of the direct map
TABLE_TOP = -0.78  # the table's first header line
PITCH = 0.4  # between table rows
NAME_X = -6.45  # left edge of the row names
FACTOR_X = -4.75  # left edge of the factors
WEIGHTS_X = -0.75  # right edge of the weights
MACS_X = 1.45  # right edge of the multiply-adds
RESNET_X = 2.35  # left edge of ResNet's factors
RESNET_WEIGHTS_X = 6.45  # right edge of ResNet's weights
STAGES = ("direct", "reduce", "mid", "expand")  # the table's kernel rows, as in kernel_shapes
STEPS = StepNames("direct", "reduce", "middle", "expand", "totals", "resnet")
NAMES = {"direct": "direct", "reduce": "reduce", "mid": "middle", "expand": "expand"}


def _kernel_shape(v, stage: str) -> tuple[int, int, int, int]:
    """(F, C, k, k) of a stage's kernel from what it maps: input channels to output channels, k from the path."""
    c, r = v["x"].shape[0], v["y_reduce"].shape[0]
    mid_k = v["k_mid"].shape[-1]
    return {
        "direct": (v["y_direct"].shape[0], c, v["k_direct"].shape[-1], v["k_direct"].shape[-1]),
        "reduce": (r, c, 1, 1),
        "mid": (v["y_mid"].shape[0], r, mid_k, mid_k),
        "expand": (v["y_bottleneck"].shape[0], v["y_mid"].shape[0], 1, 1),
    }[stage]


def _resnet_shape(stage: str) -> tuple[int, int, int, int]:
    """ResNet-50's conv2_x block (He et al. 2015): 1×1 256→64, 3×3 64→64, 1×1 64→256; direct: 3×3 256→256."""
    big, small = RESNET_CHANNELS, RESNET_WIDTH
    return {
        "direct": (big, big, 3, 3),
        "reduce": (small, big, 1, 1),
        "mid": (small, small, 3, 3),
        "expand": (big, small, 1, 1),
    }[stage]


def bindings(v) -> Bindings:
    """What fig8 draws, by meaning."""
    x, k_reduce, k_mid, k_expand = v["x"], v["k_reduce"], v["k_mid"], v["k_expand"]
    from compute.conv import conv2d

    reduce = np.maximum(np.einsum("rc,chw->rhw", k_reduce, x), 0.0)  # 1×1: a dense layer at every pixel
    mid = np.maximum(conv2d(reduce, k_mid, padding=1), 0.0)
    expand = np.einsum("cr,rhw->chw", k_expand, mid)
    direct = conv2d(x, v["k_direct"], padding=1)
    h, w = x.shape[1:]
    front = int(v["channel"])
    b = Bindings(v)
    b.grid("features", lambda: x[front]).shape("features", lambda: x.shape)
    b.grid("y_reduce", lambda: reduce[0]).shape("y_reduce", lambda: reduce.shape)
    b.grid("y_mid", lambda: mid[0]).shape("y_mid", lambda: mid.shape)
    b.grid("y_bottleneck", lambda: expand[0]).shape("y_bottleneck", lambda: expand.shape)
    b.grid("y_direct", lambda: direct[0]).shape("y_direct", lambda: direct.shape)
    b.shape("k-direct", lambda: v["k_direct"].shape[-2:]).shape("k-mid", lambda: k_mid.shape[-2:])
    b.shape("k-reduce", lambda: (1, 1)).shape("k-expand", lambda: (1, 1))
    b.shape("map", lambda: (h, w))
    b.number("seed", lambda: BOTTLENECK_SEED)
    b.number("channel", lambda: front)
    # the NiN table: every count from the shapes of what each kernel maps
    b.number("factor", lambda s, k: _kernel_shape(v, STAGES[s])[k])
    b.number("weights", lambda s: np.prod(_kernel_shape(v, STAGES[s])))
    b.number("macs", lambda s: np.prod(_kernel_shape(v, STAGES[s])) * h * w)
    bottleneck = sum(np.prod(_kernel_shape(v, s)) for s in STAGES[1:])
    b.number("total", lambda: bottleneck).number("macs-total", lambda: bottleneck * h * w)
    b.number("ratio", lambda: bottleneck / np.prod(_kernel_shape(v, "direct")))
    b.number("macs-ratio", lambda: bottleneck / np.prod(_kernel_shape(v, "direct")))
    b.number("direct-weights", lambda: np.prod(_kernel_shape(v, "direct")))
    b.number("direct-macs", lambda: np.prod(_kernel_shape(v, "direct")) * h * w)
    # ResNet-50's block, from the paper's sizes
    b.number("resnet-depth", lambda: RESNET_DEPTH).number("resnet-channels", lambda: RESNET_CHANNELS)
    b.number("resnet-factor", lambda s, k: _resnet_shape(STAGES[s])[k])
    b.number("resnet-weights", lambda s: np.prod(_resnet_shape(STAGES[s])))
    resnet = sum(np.prod(_resnet_shape(s)) for s in STAGES[1:])
    b.number("resnet-total", lambda: resnet)
    b.number("resnet-direct", lambda: np.prod(_resnet_shape("direct")))
    b.number("resnet-ratio", lambda: resnet / np.prod(_resnet_shape("direct")))
    # arithmetic a reader can redo from the table
    product_of_all(b, "weights", "factor")
    product_of_all(b, "direct-weights", "direct-factor")
    product_of_all(b, "resnet-weights", "resnet-factor")
    product_of_all(b, "resnet-direct", "resnet-direct-factor")
    product_of_all(b, "macs", "factor", times=h * w)
    product_of_all(b, "direct-macs", "direct-factor", times=h * w)
    b.number("direct-factor", lambda k: _kernel_shape(v, "direct")[k])
    b.number("resnet-direct-factor", lambda k: _resnet_shape("direct")[k])
    b.sum_of("total", "weights").sum_of("macs-total", "macs").sum_of("resnet-total", "resnet-weights")
    quotient_of(b, "ratio", "total", "direct-weights")
    quotient_of(b, "macs-ratio", "macs-total", "direct-macs")
    quotient_of(b, "resnet-ratio", "resnet-total", "resnet-direct")
    for feature_map in ("features", "y_reduce", "y_mid", "y_bottleneck", "y_direct"):  # each map: 151 px
        b.at_least(feature_map, 150)
    b.unsigned("features")  # ReLU features: intensities, not signs
    return b


class Fig8(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        c, h, w = v["x"].shape
        r = v["y_reduce"].shape[0]

        def stack(key, role, channel, signed):
            array = v[key][channel]
            color_of = t.signed_scale(array) if signed else t.pixel_scale(float(array.max()) or 1.0)
            return FeatureStack(v, key, channel, t, color_of, role, CELL, depth_of(v[key].shape[0]), offset=0.04)

        front = int(v["channel"])
        x_stack = stack("x", "features", front, False)
        x_stack.shift(np.array([X_AT, ROW_B, 0]) - x_stack.grid.get_center())
        x_title = VGroup(
            Label("features of the digit", t, SMALL_SIZE),
            Label("(trained NiN network)", t, SMALL_SIZE, t.muted),
            row(
                Label("channel", t, SMALL_SIZE, t.muted),
                Num(v, "channel", (), t, 0, SMALL_SIZE, t.muted, role="channel"),
            ),
        ).arrange(DOWN, buff=0.08, aligned_edge=LEFT)
        x_title.move_to([0, ROW_A + 0.15, 0]).align_to([NAME_X, 0, 0], LEFT)
        outs = {
            "direct": stack("y_direct", "y_direct", 0, True),
            "reduce": stack("y_reduce", "y_reduce", 0, False),
            "mid": stack("y_mid", "y_mid", 0, False),
            "expand": stack("y_bottleneck", "y_bottleneck", 0, True),
        }
        for name, s in outs.items():
            y = ROW_A if name == "direct" else ROW_B
            x = STAGE_X["expand"] if name == "direct" else STAGE_X[name]
            s.shift(np.array([x, y, 0]) - s.grid.get_center())

        def kernel_arrow(start, end, kernel_key, role, word):
            line = arrow(start, end, t, buff=0.08, tip=0.12)
            shape = ShapeLabel(v, kernel_key, t, dims=2, role=role, font_size=SMALL_SIZE)
            tag = row(shape, *([Label(word, t, SMALL_SIZE, t.muted)] if word else []), buff=0.12)
            tag.next_to(line, UP, buff=0.08)
            rise = (end[1] - start[1]) / max(end[0] - start[0], 1e-9)  # a sloped line: clear it under the tag's edges
            if abs(rise) > 1e-6:
                mid = (np.asarray(start) + np.asarray(end)) / 2
                edge = mid[1] + abs(rise) * tag.width / 2
                tag.move_to([mid[0], edge + 0.12 + tag.height / 2, 0])
            return VGroup(line, tag)

        side = x_stack.grid.get_right() + 0.36 * RIGHT
        a_direct = kernel_arrow(side + 0.3 * UP, outs["direct"].grid.get_left(), "k_direct", "k-direct", "convolution")
        a_reduce = kernel_arrow(side, outs["reduce"].grid.get_left(), "k_reduce_4d", "k-reduce", "")
        a_mid = kernel_arrow(
            outs["reduce"].grid.get_right() + 0.12 * RIGHT, outs["mid"].grid.get_left(), "k_mid", "k-mid", ""
        )
        a_expand = kernel_arrow(
            outs["mid"].grid.get_right() + 0.12 * RIGHT, outs["expand"].grid.get_left(), "k_expand_4d", "k-expand", ""
        )
        seed = VGroup(
            Label("kernels: He normal,", t, SMALL_SIZE),
            row(Label("seed", t, SMALL_SIZE), Num(v, "seed", (), t, 0, SMALL_SIZE, role="seed")),
            note("the counts below do not", t),
            note("depend on them", t),
        ).arrange(DOWN, buff=0.1, aligned_edge=LEFT)
        seed.move_to([0, ROW_A, 0]).align_to([SEED_X, 0, 0], LEFT)

        # ---- the table ----
        ys = [TABLE_TOP - 0.72 - k * PITCH for k in range(6)]
        head1 = TABLE_TOP
        heads = VGroup(
            Math("F times C times k times k", t, font_size=LABEL_SIZE + 6).move_to(
                [(FACTOR_X + WEIGHTS_X - 1.6) / 2, head1 - 0.3, 0]
            ),
            Label("weights", t, SMALL_SIZE, t.muted).move_to([WEIGHTS_X - 0.5, head1 - 0.3, 0]),
            VGroup(
                Label("multiply-adds", t, SMALL_SIZE, t.muted),
                row(
                    Label("at", t, SMALL_SIZE, t.muted),
                    ShapeLabel(v, "y_direct", t, dims=2, role="map", font_size=SMALL_SIZE),
                ),
            )
            .arrange(DOWN, buff=0.06)
            .move_to([MACS_X - 0.7, head1 - 0.3, 0]),
        )
        names = [Label(NAMES[s], t, SMALL_SIZE, t.muted) for s in STAGES] + [
            Label("bottleneck", t, SMALL_SIZE),
            Label("bottleneck ÷ direct", t, SMALL_SIZE, t.muted),
        ]
        for name, y in zip(names, ys):
            name.move_to([0, y, 0]).align_to([NAME_X, 0, 0], LEFT)

        def factors(key, s, role, x_left, y, index=True):
            parts = []
            for k in range(4):
                r_ = (role, s, k) if index else (role, k)
                parts.append(Num(v, key, (s, k), t, 0, NUMBER_SIZE, role=r_))
                if k < 3:
                    parts.append(Label("×", t, NUMBER_SIZE, t.muted))
            group = row(*parts, buff=0.1)
            return group.move_to([0, y, 0]).align_to([x_left, 0, 0], LEFT)

        def right(num, x_right, y):
            return num.move_to([0, y, 0]).align_to([x_right, 0, 0], RIGHT)

        table = {}
        for s, stage in enumerate(STAGES):
            direct = stage == "direct"
            fac = factors(
                "kernel_shapes", s, "direct-factor" if direct else "factor", FACTOR_X, ys[s], index=not direct
            )
            eq = Label("=", t, NUMBER_SIZE, t.muted).next_to(fac, RIGHT, buff=0.15)
            wr = ("direct-weights",) if direct else ("weights", s)
            mr = ("direct-macs",) if direct else ("macs", s)
            weights = right(Num(v, "stage_weights", s, t, 0, NUMBER_SIZE, style="count", role=wr), WEIGHTS_X, ys[s])
            macs = right(Num(v, "stage_macs", s, t, 0, NUMBER_SIZE, style="count", role=mr), MACS_X, ys[s])
            table[stage] = VGroup(names[s], fac, eq, weights, macs)
        total = right(Num(v, "params_bottleneck", (), t, 0, NUMBER_SIZE, style="count", role="total"), WEIGHTS_X, ys[4])
        macs_total = right(
            Num(v, "macs_bottleneck", (), t, 0, NUMBER_SIZE, style="count", role="macs-total"), MACS_X, ys[4]
        )
        sum_note = note("sum of the three", t).move_to([0, ys[4], 0]).align_to([FACTOR_X, 0, 0], LEFT)
        ratio = right(Num(v, "params_ratio", (), t, 3, NUMBER_SIZE, t.focus, role="ratio"), WEIGHTS_X, ys[5])
        macs_ratio = right(Num(v, "macs_ratio", (), t, 3, NUMBER_SIZE, t.focus, role="macs-ratio"), MACS_X, ys[5])
        totals = VGroup(names[4], sum_note, total, macs_total)
        ratios = VGroup(names[5], ratio, macs_ratio)

        # ResNet-50's 256-d block, counted by the same table
        resnet_parts = [
            Label("ResNet-", t, SMALL_SIZE),
            Num(v, "resnet_depth", (), t, 0, SMALL_SIZE, role="resnet-depth"),
            Label("'s", t, SMALL_SIZE),
            Num(v, "resnet_shapes", (0, 0), t, 0, SMALL_SIZE, role="resnet-channels"),
            Label("-d block (paper)", t, SMALL_SIZE),
        ]
        resnet_head = row(*resnet_parts, buff=0.02)
        for part in resnet_parts[3:]:  # a word space after "'s"
            part.shift(0.12 * RIGHT)
        resnet_head.move_to([(RESNET_X + RESNET_WEIGHTS_X) / 2, head1 - 0.3, 0])
        resnet = VGroup(resnet_head)
        for s, stage in enumerate(STAGES):
            direct = stage == "direct"
            fac = factors(
                "resnet_shapes",
                s,
                "resnet-direct-factor" if direct else "resnet-factor",
                RESNET_X,
                ys[s],
                index=not direct,
            )
            role = ("resnet-direct",) if direct else ("resnet-weights", s)
            num = right(
                Num(v, "resnet_weights", s, t, 0, NUMBER_SIZE, style="count", role=role), RESNET_WEIGHTS_X, ys[s]
            )
            eq = Label("=", t, NUMBER_SIZE, t.muted).next_to(fac, RIGHT, buff=0.15)
            resnet.add(VGroup(fac, eq, num))
        resnet.add(
            right(
                Num(v, "params_resnet_block", (), t, 0, NUMBER_SIZE, style="count", role="resnet-total"),
                RESNET_WEIGHTS_X,
                ys[4],
            )
        )
        resnet.add(
            right(Num(v, "resnet_ratio", (), t, 3, NUMBER_SIZE, t.focus, role="resnet-ratio"), RESNET_WEIGHTS_X, ys[5])
        )

        def now(*groups):
            """The rows just added in the focus colour, every earlier row back in the text colour."""
            for stage in STAGES:
                for num in table[stage][3:]:
                    num.set_color(t.text)
            for group in groups:
                for num in group:
                    num.set_color(t.focus)

        self.add(x_stack, x_title)  # the poster: the real features
        with self.step(STEPS.direct, f"A direct 3×3 convolution keeps all {c} channels: its kernel is F × C × k × k."):
            self.play(Appear(a_direct), Appear(outs["direct"]), Appear(seed), run_time=1.5)
            now(table["direct"][3:])
            self.play(Appear(heads), Appear(table["direct"]), run_time=1.2)
        with self.step(STEPS.reduce, f"A 1×1 convolution first reduces the depth from {c} to {r}, pixel by pixel."):
            self.play(Appear(a_reduce), Appear(outs["reduce"]), run_time=1.5)
            now(table["reduce"][3:])
            self.play(Appear(table["reduce"]), run_time=1.0)
        with self.step(STEPS.middle, f"The 3×3 convolution now works on only {r} channels."):
            self.play(Appear(a_mid), Appear(outs["mid"]), run_time=1.5)
            now(table["mid"][3:])
            self.play(Appear(table["mid"]), run_time=1.0)
        with self.step(STEPS.expand, f"A second 1×1 convolution restores the depth from {r} to {c}."):
            self.play(Appear(a_expand), Appear(outs["expand"]), run_time=1.5)
            now(table["expand"][3:])
            self.play(Appear(table["expand"]), run_time=1.0)
        with self.step(
            STEPS.totals, "Added up, the bottleneck needs about a ninth of the weights and of the multiply-adds."
        ):
            now()
            self.play(Appear(totals), run_time=1.2)
            self.play(Appear(ratios), run_time=1.2)
        with self.step(STEPS.resnet, "The same count for ResNet-50's 256-d block gives the paper's numbers."):
            self.play(Appear(resnet, lag=0.5), run_time=2.5)


__all__ = ["Fig8", "bindings"]
