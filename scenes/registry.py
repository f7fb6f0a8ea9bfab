"""The one registry: every figure is named here once.

Importing this module does not import manim: scene classes are referenced as ``module:Class``
and loaded only when a figure is drawn, so ``render.py values`` and ``list`` stay fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from compute.values import FigureInputs, Values, beyond_extra, classmaps, fc, onebyone, sliding

DIGIT = ("digit", "index", "image")  # an MNIST sample, or the user's own image of a digit


@dataclass(frozen=True)
class Figure:
    """One panel of the article: its id, what it says, how its values are computed and drawn."""

    id: str
    title: str
    caption: str
    compute: Callable[[FigureInputs], Values]
    scene_ref: str  # "scenes.figures.fig2a:Fig2a"
    options: tuple[str, ...] = DIGIT  # the FigureInputs fields this figure reads
    step_stills: tuple[int, ...] = ()  # steps whose end is committed as a still too: figures/<id>-step<N>.svg

    def committed_stills(self) -> list[tuple[int | None, str]]:
        """(step, file name) of every committed still: the last frame (step None), then ``step_stills``."""
        return [(None, f"{self.id}.svg")] + [(n, f"{self.id}-step{n}.svg") for n in self.step_stills]

    def values(self, inputs: FigureInputs | None = None) -> Values:
        """The figure's arrays for ``inputs`` (defaults when None)."""
        return self.compute((inputs or FigureInputs()).validate())

    def scene_class(self) -> type:
        """The Manim scene class (imports manim). It constructs with no arguments: default inputs."""
        module, name = self.scene_ref.split(":")
        return getattr(importlib.import_module(module), name)

    def module(self):
        """The scene's module, which also declares the figure's ``bindings`` (imports manim)."""
        return importlib.import_module(self.scene_ref.split(":")[0])


FIGURES: dict[str, Figure] = {  # in the article's order
    f.id: f
    for f in [
        Figure(
            "fig1a",
            "One fully connected neuron",
            "y = Σ wᵢxᵢ + b over all 784 pixels; two of the 784 connections are drawn.",
            fc.fig1a,
            "scenes.figures.fig1a:Fig1a",
        ),
        Figure(
            "fig1b",
            "A fully connected layer",
            "784 neurons, each connected to all 784 pixels; four neurons and two inputs each are drawn.",
            fc.fig1b,
            "scenes.figures.fig1b:Fig1b",
        ),
        Figure(
            "fig2a",
            "A 3×3 kernel sliding over a digit",
            "The kernel's 9 weights multiply the 9 pixels under it; their sum is one output pixel.",
            sliding.fig2a,
            "scenes.figures.fig2a:Fig2a",
            DIGIT + ("kernel", "padding", "stride"),
            step_stills=(3,),
        ),
        Figure(
            "fig2b",
            "The 3×3 kernel as a sliding fully connected unit",
            "9 adjacent inputs, 9 weights, one output, slid over the digit: the same map as the convolution.",
            sliding.fig2b,
            "scenes.figures.fig2b:Fig2b",
            DIGIT + ("kernel", "padding", "stride"),
        ),
        Figure(
            "fig3",
            "A fully connected layer as a convolution",
            "784 filters, each one 28×28 kernel covering the whole digit: each gives one output, as a neuron does.",
            fc.fig3,
            "scenes.figures.fig3:Fig3",
        ),
        Figure(
            "fig4a",
            "One filter of three 1×1 kernels over an RGB image",
            "Each pixel's r, g, b times the filter's three weights, summed over channels: one output map.",
            onebyone.fig4a,
            "scenes.figures.fig4a:Fig4a",
            ("rgb_weights", "image"),
        ),
        Figure(
            "fig4b",
            "A 1×1 convolution is a sliding fully connected layer",
            "Three inputs (one pixel's r, g, b) into one unit, slid over every pixel: the same output.",
            onebyone.fig4b,
            "scenes.figures.fig4b:Fig4b",
            ("rgb_weights", "image"),
        ),
        Figure(
            "fig5a",
            "Ten 1×1 filters: one class map per digit",
            "Each filter weighs the feature maps at every pixel: a map of “oneishness”, “twoishness”… per digit.",
            classmaps.fig5a,
            "scenes.figures.fig5a:Fig5a",
        ),
        Figure(
            "fig5b",
            "Ten class maps from a sliding fully connected layer",
            "One pixel's features in, ten class scores out; slid over every pixel it rebuilds the ten class maps.",
            classmaps.fig5b,
            "scenes.figures.fig5b:Fig5b",
        ),
        Figure(
            "fig5c",
            "Summing the class maps: one score per digit",
            "A class map's sum = a fully connected layer on the summed features; the largest sum is the prediction.",
            classmaps.fig5c,
            "scenes.figures.fig5c:Fig5c",
        ),
        Figure(
            "fig6a",
            "Reshape to 784×1×1: one filter of 784 1×1 kernels",
            "The 28 rows become 784 channels of one pixel; one filter sums them: the FC neuron's output.",
            onebyone.fig6a,
            "scenes.figures.fig6a:Fig6a",
        ),
        Figure(
            "fig6b",
            "784 filters of 784 1×1 kernels: a whole FC layer",
            "Each filter gives one output channel; together they are the fully connected layer's 784 outputs.",
            onebyone.fig6b,
            "scenes.figures.fig6b:Fig6b",
        ),
        Figure(
            "fig7a",
            "Beyond the article: PointNet's shared MLP is a 1×1 conv",
            "Beyond the article: a digit as 128 points; one layer applied to every point is a 1×1 convolution.",
            beyond_extra.fig7a,
            "scenes.figures.fig7a:Fig7a",
        ),
        Figure(
            "fig7b",
            "Beyond the article: PointNet ignores the points' order",
            "Beyond the article: a PointNet trained here; max over points, so shuffling them changes nothing.",
            beyond_extra.fig7b,
            "scenes.figures.fig7b:Fig7b",
        ),
        Figure(
            "fig8",
            "Beyond the article: 1×1 convolutions in a bottleneck",
            "Beyond the article: 1×1 convolutions reduce the depth, a 3×3 works on it, a 1×1 restores it.",
            beyond_extra.fig8,
            "scenes.figures.fig8:Fig8",
        ),
        Figure(
            "fig9",
            "Beyond the article: depthwise-separable convolution",
            "Beyond the article: a depthwise 3×3, then a pointwise 1×1: one convolution, at a fraction of the cost.",
            beyond_extra.fig9,
            "scenes.figures.fig9:Fig9",
            ("image",),
        ),
    ]
}


def get(figure_id: str) -> Figure:
    """The registered figure ``figure_id``; KeyError lists the known ids."""
    try:
        return FIGURES[figure_id]
    except KeyError:
        raise KeyError(f"unknown figure {figure_id!r}; known: {', '.join(FIGURES)}") from None


def figure_of_scene(scene_class: type) -> Figure:
    """The registry entry whose scene is ``scene_class`` (or one it derives from, as ``scene_for``'s classes
    do): a scene learns its figure id from the registry, which alone writes it."""
    for cls in scene_class.__mro__:
        for figure in FIGURES.values():
            if figure.scene_ref.split(":")[1] == cls.__name__:
                return figure
    raise KeyError(f"{scene_class.__name__} is no registered figure's scene; known: {', '.join(FIGURES)}")


def scene_for(figure_id: str, **inputs) -> type:
    """A scene class of ``figure_id`` bound to other inputs, constructible with no arguments, e.g. for
    Jupyter's ``%%manim -qm Fig2aSobelY`` after ``Fig2aSobelY = scene_for("fig2a", kernel="sobel-y")``."""
    figure = get(figure_id)
    chosen = FigureInputs(**inputs).validate()
    base = figure.scene_class()
    suffix = "".join(f"_{k}_{v}" for k, v in inputs.items())
    name = base.__name__ + "".join(ch if ch.isalnum() else "_" for ch in suffix)
    return type(name, (base,), {"default_inputs": chosen, "__module__": base.__module__})
