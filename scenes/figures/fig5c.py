"""fig5c (the article's footnote 3): summing each class map over space gives one score per class, the same
as a fully connected layer on the spatially summed features (plus H·W times the bias); divided by H·W it
is the network's own output (global average pooling), and its largest entry is the prediction.

Layout: the digit and its summed features s (left column); the ten class maps, 155 px each, in two rows of
five, each map over its three numbers — A its sum, B the layer on s, z the network's output — the rows
named on the left (middle); the colour scale, the true class and the prediction (right). Under it all, A, B
and z defined, then each equality as evidence: the ten differences as cells (the colour of zero), their max
and the badge; the true class's A and B are marked, the same drawn number twice. In the first step the maps
alone are shown at 200 px, in the room their numbers take later.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, LaggedStart, VGroup

from compute.values.classmaps import MEAN_DECIMALS, SUM_DECIMALS
from scenes.checks.bindings import Bindings
from scenes.mobjects.components import EqualityCheck, bind, ellipsis, frame_of, row
from scenes.mobjects.grid import CellGrid
from scenes.mobjects.text import Label, Math, Num, ShapeLabel, Size
from scenes.mobjects.theme import LABEL_SIZE, NUMBER_SIZE, SMALL_SIZE
from scenes.parts.classmap import (
    Appear,
    ClassMaps,
    approximate,
    class_map_bindings,
    digit_input,
    encloses,
    feature_color,
    on_line_of,
    recomputed,
)
from scenes.pipeline.base import FigureScene
from scenes.pipeline.steps import StepNames

LEFT_X = -5.45  # centre of the digit
PANEL_LEFT = -6.45  # left edge of the digit's column
MAPS_LEFT, MAPS_TOP = -2.1, 3.05  # top-left corner of the ten class maps
NUMBER_PITCH = 0.29  # vertical distance between the numbers under a map
HEADER_RIGHT = -2.22  # right edge of the row names
BAND_LEFT = PANEL_LEFT  # left edge of the definitions and equalities under the maps
BAND_TOP = -2.1  # top of the definitions and equalities
RIGHT_EDGE = 6.45  # right edge of the colour scale and the key
DIFF_GAP = 0.25  # between the parts of a line of differences
BIG_MAPS = 1.3  # the maps' scale while they are the subject: 200 px each at 1080p
BIG_MAPS_AT = (0.6, -0.25, 0)  # their centre then, right of the digit (then moved up to the colour scale)
BIG_MAPS_GAP = 0.3  # between the big maps and the colour scale
ROWS = ("score", "dense", "logit")  # the numbers under each map, top to bottom

STEPS = StepNames("class-maps", "sum", "summed-features", "dense", "average", "prediction")


def bindings(v) -> Bindings:
    """What fig5c draws, by meaning."""
    from compute.nn.weights import load_trained

    net = recomputed(v)
    maps, features = net["maps"], net["features"]
    _, h, w = features.shape
    scores = maps.sum(axis=(1, 2))
    sums = features.sum(axis=(1, 2))
    dense = net["k"] @ sums + h * w * net["b"]
    logits = load_trained("nin").logits(v["x"])
    channels = v["channels"]
    label = int(v["label"])
    marked = label if label >= 0 else int(np.argmax(scores))
    b = Bindings(v)
    class_map_bindings(b, maps)
    b.grid("input", lambda: v["x"]).shape("input", lambda: v["x"].shape)
    b.grid("feature", lambda s: features[channels[s]])
    b.number("channel", lambda s: channels[s])
    b.number("channels-hidden", lambda: features.shape[0] - len(channels))
    b.number("feature_sum", lambda s: sums[channels[s]])
    b.shape("feature_sums", lambda: sums.shape)
    b.number("score", lambda f: scores[f])
    b.number("dense", lambda f: dense[f])
    b.number("logit", lambda f: logits[f])
    b.number("predicted", lambda: int(np.argmax(scores)))
    b.number("true_label", lambda: label)
    b.size("height", h).size("width", w)
    b.equal("max_abs_diff", scores, v["scores_dense"])
    b.equal("logits_diff", scores / (h * w), v["logits"])
    on_line_of(b, {"max_abs_diff": "score_diff", "logits_diff": "logit_diff"})
    b.grid("score_diff", lambda: np.abs(scores - dense)[None, :])
    b.grid("logit_diff", lambda: np.abs(scores / (h * w) - logits)[None, :])
    b.at_least("score_diff", 24, per_cell=True).at_least("logit_diff", 24, per_cell=True)  # each class's difference
    b.at_least("same", 24)  # the marked element of the equality
    b.at_least("class_map", 190, steps=[STEPS.class_maps])  # the maps big while they are the subject
    b.number("score_diff_max", lambda: float(np.max(np.abs(scores - dense))))
    b.number("logit_diff_max", lambda: float(np.max(np.abs(scores / (h * w) - logits))))
    b.argmax("predicted", "score")
    for name in ROWS:
        b.number_under(name, "class_map")
    first_line_close(b, ROWS[0], ROWS[1], "class_map")
    if label >= 0:
        encloses(b, "true-class", lambda: ("class_map", label), "class_map")
    encloses(b, "predicted-class", lambda: ("class_map", int(np.argmax(scores))), "class_map")
    surrounds(b, "same", {0: ("score", marked), 1: ("dense", marked)})
    b.quotient_of("logit", "score", h * w)  # z_f = A_f / (H·W), as a reader redoes it from the drawn A
    return b


def first_line_close(b: Bindings, first: str, second: str, grid: str) -> Bindings:
    """The numbers under a map read as its caption: the first line, (first, f), sits no farther under the map
    (grid, f) — its centre from the map's bottom — than the next line, (second, f), sits under it (their centres'
    distance, the table's pitch)."""

    def relation(step: str, items) -> list[str]:
        problems = []
        grids = {i.role: i for i in items if i.kind == "grid" and i.role and i.role[0] == grid}
        seconds = {i.role[1:]: i for i in items if i.kind == "number" and i.role and i.role[0] == second}
        for num in [i for i in items if i.kind == "number" and i.role and i.role[0] == first]:
            under, below = grids.get((grid, *num.role[1:])), seconds.get(num.role[1:])
            if under is None or below is None:
                continue
            gap, pitch = under.bbox[1] - num.center[1], num.center[1] - below.center[1]
            if gap > pitch + 1e-6:
                problems.append(
                    f"step {step}: {first} {list(num.role[1:])} sits {gap:.2f} under its map, farther than the "
                    f"{pitch:.2f} between its lines: it reads apart from the map"
                )
        return problems

    b.relations.append(relation)
    return b


def surrounds(b: Bindings, mark: str, numbers: dict) -> Bindings:
    """The mark with role (mark, k) surrounds the drawn number with role numbers[k], and no other number (the
    same element marked in both sides of an equality)."""

    def relation(step: str, items) -> list[str]:
        problems = []
        texts = [i for i in items if i.kind == "number" and i.role]
        for m in [i for i in items if i.kind != "grid" and i.role and i.role[0] == mark]:
            want = tuple(numbers[m.role[1]])
            inside = [t.role for t in texts if _within(t.bbox, m.bbox)]
            if inside != [want]:
                problems.append(f"step {step}: {mark} {list(m.role[1:])} surrounds {inside}, should be {[want]}")
        return problems

    b.relations.append(relation)
    return b


def _within(inner, outer) -> bool:
    return inner[0] >= outer[0] and inner[1] >= outer[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


class Fig5c(FigureScene):
    def construct(self):
        v, t = self.values, self.theme
        n_classes, n_channels = v["k"].shape
        _, h, w = v["features"].shape
        label = int(v["label"]) if int(v["label"]) >= 0 else None  # unknown for a user's image
        predicted = int(v["predicted"])
        marked = label if label is not None else predicted

        digit = digit_input(v, t, cell=0.042).move_to([LEFT_X, 0, 0]).align_to([0, 3.02, 0], UP)
        sums = self.summed_features().next_to(digit, DOWN, buff=0.25).align_to([PANEL_LEFT, 0, 0], LEFT)

        maps = ClassMaps(v, t, "y", cols=5, buff=(0.3, 0.2))
        numbers = self.numbers(maps)  # placed under the maps, one row each: A, B, z
        for f, slot in enumerate(maps.slots):
            slot.remove(maps.means[f])  # fig5c writes the sum, the layer and the output instead of the mean
            slot.add(*(numbers[name][f] for name in ROWS))
        maps.means = numbers["logit"]  # the lowest number of each slot: the class outlines reach down to it
        maps.arrange_in_grid(rows=2, cols=5, buff=(0.3, 0.2))
        maps.align_to([MAPS_LEFT, 0, 0], LEFT).align_to([0, MAPS_TOP, 0], UP)
        heads = self.row_names(maps, numbers)
        legend = maps.legend(v, t, height=1.0).align_to([RIGHT_EDGE, 0, 0], RIGHT).align_to(maps.maps[0], UP)

        same = VGroup(
            *(
                bind(frame_of(numbers[name][marked], None, t.focus, 0.06, 2.5), ("same", k))
                for k, name in enumerate(("score", "dense"))
            )
        )
        definitions, band = self.equalities(maps)

        outlines = [maps.outline(predicted, t.prediction, 0.12, 3, role="predicted-class")]
        if label is not None:
            outlines.insert(0, maps.outline(label, t.truth, 0.05, 3, role="true-class"))
        verdict = [
            row(
                Label("prediction", t, SMALL_SIZE, t.prediction),
                Num(v, "predicted", (), t, 0, LABEL_SIZE, t.prediction, role="predicted"),
                buff=0.12,
            )
        ]
        if label is not None:
            verdict.insert(
                0,
                row(
                    Label("true class", t, SMALL_SIZE, t.truth),
                    Num(v, "label", (), t, 0, LABEL_SIZE, t.truth, role="true_label"),
                    buff=0.12,
                ),
            )
        key = VGroup(*verdict).arrange(DOWN, buff=0.15, aligned_edge=LEFT)
        key.next_to(legend, DOWN, buff=0.3).align_to([RIGHT_EDGE, 0, 0], RIGHT)

        def written(name: str) -> list[Appear]:  # a row of numbers under the maps, its name and its definition
            return [Appear(heads[name]), Appear(definitions[name]), Appear(VGroup(*numbers[name]), lag=0.5)]

        # the maps are the subject of the first step: shown big in the room the numbers will take, then back
        shown = VGroup(*maps.maps, *maps.frames, *maps.labels).save_state()  # frames drawn over their maps
        shown.scale(BIG_MAPS).move_to(BIG_MAPS_AT).align_to(legend, UP)
        shown.shift(RIGHT * (legend.get_left()[0] - BIG_MAPS_GAP - shown.get_right()[0]))

        self.add(digit)  # the poster: title and input from the first frame
        with self.step(
            STEPS.class_maps,
            "The network's class maps for this digit, one per class, coloured by their positive part.",
        ):
            for m in maps.maps:
                m.show()
            self.play(*maps.enter(self), Appear(legend), run_time=1.5)
        with self.step(
            STEPS.sum,
            "Summing each class map over all its pixels gives one score per class, A.",
        ):
            self.play(self.to_place(shown), run_time=1.0)
            self.play(Appear(heads["score"]), Appear(definitions["score"]), run_time=0.8)
            travellers = [m.copy() for m in maps.maps]
            self.add(*travellers)
            # each map shrinks into its sum as that sum appears: the starts of both are spread over the
            # first ``lag`` of the play, so traveller f and number f start together
            lag, last = 0.6, len(travellers) - 1
            shrink = [
                m.animate.scale(0.2).move_to(numbers["score"][f]).set_opacity(0) for f, m in enumerate(travellers)
            ]
            self.play(
                LaggedStart(*shrink, lag_ratio=lag / last / (1 - lag)),
                Appear(VGroup(*numbers["score"]), lag=lag),
                run_time=2.5,
            )
            self.remove(*travellers)
        with self.step(
            STEPS.summed_features,
            f"Sum the features instead: each of the {n_channels} feature maps becomes one number, s.",
        ):
            self.play(Appear(sums), run_time=1.5)
        with self.step(
            STEPS.dense,
            "A fully connected layer on s, plus H·W·b_f, gives B: the same scores, class by class; their "
            "differences are the colour of zero.",
        ):
            self.play(*written("dense"), run_time=2.0)
            self.play(Appear(same), Appear(band[0]), run_time=1.5)
        with self.step(
            STEPS.average,
            "Divided by H·W (global average pooling), the scores are the network's own output z.",
        ):
            self.play(*written("logit"), run_time=2.0)
            self.play(Appear(band[1]), run_time=1.2)
        ending = "; the true class is marked too." if label is not None else "."
        with self.step(STEPS.prediction, "The largest score is the network's prediction" + ending):
            self.play(*(Appear(o) for o in outlines), Appear(key), run_time=1.5)

    def numbers(self, maps: ClassMaps) -> dict[str, list[Num]]:
        """The three numbers under each map: A its sum, B the layer on s, z the network's output (with "≈" where
        A / (H·W) drawn would differ from z drawn by more than half its last digit)."""
        v, t = self.values, self.theme
        made = {"score": [], "dense": [], "logit": []}
        for f in range(len(maps.maps)):
            made["score"].append(Num(v, "scores", (f,), t, SUM_DECIMALS, NUMBER_SIZE, role=("score", f)))
            made["dense"].append(Num(v, "scores_dense", (f,), t, SUM_DECIMALS, NUMBER_SIZE, role=("dense", f)))
            made["logit"].append(approximate(v, "logits", (f,), t, MEAN_DECIMALS, ("logit", f)))
        for f in range(len(maps.maps)):  # stacked under the map, at a fixed pitch
            top = maps.maps[f].get_bottom()[1] - 0.1
            for r, name in enumerate(ROWS):
                made[name][f].move_to([maps.maps[f].get_x(), top - (r + 0.5) * NUMBER_PITCH, 0])
        return made

    def row_names(self, maps: ClassMaps, numbers) -> dict[str, VGroup]:
        """A, B and z named left of each row of numbers (both rows of maps); defined under the maps."""
        t = self.theme
        names = {"score": lambda: Math("A", t), "dense": lambda: Math("B", t), "logit": lambda: Math("z", t)}
        heads = {}
        for name, make in names.items():
            parts = []
            for f in (0, 5):
                head = make()
                head.move_to([HEADER_RIGHT - head.width / 2, numbers[name][f].get_y(), 0])
                parts.append(head)
            heads[name] = VGroup(*parts)
        return heads

    def equalities(self, maps: ClassMaps) -> list[VGroup]:
        """Under the maps, a line defining A, B and z, then one line per equality: |A − B| (and |A / (H·W) − z|)
        as ten cells on the maps' colour scale — the colour of zero — their max, and the badge."""
        v, t = self.values, self.theme
        lines = []
        specs = [
            (Math("|A - B|", t), "scores_diff", "score_diff", SUM_DECIMALS, "max_abs_diff"),
            (
                Math(
                    "|A \\/ ({h} dot.c {w}) - z|",
                    t,
                    h=Size(v, "features", 1, "height"),
                    w=Size(v, "features", 2, "width"),
                ),
                "logits_abs_diff",
                "logit_diff",
                MEAN_DECIMALS,
                "logits_diff",
            ),
        ]
        words = []  # each line without its cells: its name, then max, its value, the badge (and the note)
        for name, key, role, decimals, check in specs:
            worst = int(np.argmax(v[key]))
            words.append(
                [
                    name,
                    Label("max", t, SMALL_SIZE, t.muted),
                    Num(v, key, (worst,), t, decimals, SMALL_SIZE, role=f"{role}_max"),
                    EqualityCheck(v, t, check, SMALL_SIZE),
                ]
            )
        words[0].append(Label("each cell: the colour of zero", t, SMALL_SIZE, t.muted))
        # the differences are the evidence: their cells take all the room the longer line leaves in the band
        n = len(v[specs[0][1]])
        room = RIGHT_EDGE - BAND_LEFT - max(sum(p.width for p in ws) + len(ws) * DIFF_GAP for ws in words)
        for (_, key, role, _, _), (head, *rest) in zip(specs, words):
            cells = CellGrid(v[key][None, :], maps.color_of, room / n, t.grid_stroke, 0.5, (role,))
            lines.append(row(head, cells, *rest, buff=DIFF_GAP))
        definitions = {
            "score": Math("A = inline(sum_(i, j)) y_f", t),
            "dense": Math("B = k_f dot.c s + H W b_f", t),
            "logit": row(Math("z_f", t), Label("the network's output", t, SMALL_SIZE, t.muted), buff=0.15),
        }
        top = VGroup(*definitions.values()).arrange(RIGHT, buff=0.6)
        group = VGroup(top, *lines).arrange(DOWN, buff=0.12, aligned_edge=LEFT)
        group.align_to([BAND_LEFT, 0, 0], LEFT).align_to([0, BAND_TOP, 0], UP)
        return definitions, lines

    def summed_features(self) -> VGroup:
        """'s = Σ x(i, j)  64' over the shown channels' maps, each → its sum, then '⋮ 61 more'."""
        v, t = self.values, self.theme
        color_of = feature_color(v, t)
        head = VGroup(
            Math("s = inline(sum_(i, j)) x(i, j)", t),
            row(
                ShapeLabel(v, "feature_sums", t, role="feature_sums", font_size=SMALL_SIZE),
                Label("channel sums", t, SMALL_SIZE, t.muted),
                buff=0.12,
            ),
        ).arrange(DOWN, buff=0.15)
        rows = []
        for s, c in enumerate(v["channels"]):  # channel | its map | its sum, in columns from PANEL_LEFT
            channel = Num(v, "channels", (s,), t, 0, SMALL_SIZE, t.muted, role=("channel", s))
            grid = CellGrid(v["features"][c], color_of, 0.036, t.grid_stroke, 0, ("feature", s))
            total = Num(v, "feature_sums", (c,), t, 1, NUMBER_SIZE, role=("feature_sum", s))
            y = -0.56 * s
            channel.move_to([0, y, 0]).align_to([PANEL_LEFT + 0.35, 0, 0], RIGHT)
            grid.move_to([PANEL_LEFT + 0.75, y, 0])
            total.next_to(grid, RIGHT, buff=0.15)
            rows.append(VGroup(channel, grid, total))
        more = row(
            ellipsis(t),
            Num(v, "channels_hidden", (), t, 0, SMALL_SIZE, t.muted, role="channels-hidden"),
            Label("more", t, SMALL_SIZE, t.muted),
            buff=0.15,
        )
        more.next_to(rows[-1], DOWN, buff=0.15).align_to([PANEL_LEFT, 0, 0], LEFT)
        head.next_to(rows[0], UP, buff=0.25).align_to([PANEL_LEFT, 0, 0], LEFT)
        return VGroup(head, *rows, more)


__all__ = ["Fig5c", "bindings"]
