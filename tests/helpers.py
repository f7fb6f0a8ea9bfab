"""Helpers the tests share: figures built once per session, inputs to try, pictures to compare."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from compute.values import FigureInputs
from scenes.registry import get

ROOT = Path(__file__).resolve().parents[1]
FIGURES_DIR = ROOT / "figures"

# Inputs besides the defaults that every figure is built with, by the options it reads.
OTHER_INPUTS = {
    ("digit", "index"): [FigureInputs(digit=7, index=12), FigureInputs(digit=0, index=5)],
    ("digit", "index", "kernel", "padding", "stride"): [
        FigureInputs(digit=7, index=12, kernel="learned:4", padding=2, stride=3),
        FigureInputs(digit=0, index=5, kernel="laplace", padding=1, stride=2),
    ],
    ("rgb_weights",): [FigureInputs(rgb_weights=(1.0, -1.0, 0.5)), FigureInputs(rgb_weights=(0.0, 0.0, 1.0))],
}


def input_cases(figure_id: str) -> list[FigureInputs | None]:
    """None (the defaults) and the other inputs this figure reads."""
    return [None] + OTHER_INPUTS.get(tuple(get(figure_id).options), [])


@lru_cache(maxsize=None)
def default_values(figure_id: str):
    """A figure's values for the default inputs (computed once per test session)."""
    return get(figure_id).values()


@lru_cache(maxsize=None)
def values_for(figure_id: str, inputs: FigureInputs | None):
    return get(figure_id).values(inputs)


@lru_cache(maxsize=None)
def built_scene(figure_id: str, theme: str = "dark", inputs: FigureInputs | None = None, probe: bool = True):
    """The figure's scene after an instant run of construct, sampled midway through every animation."""
    from scenes.output import build_scene

    figure = get(figure_id)
    return build_scene(figure, values_for(figure_id, inputs), theme=theme, probe=probe, inputs=inputs)


def rasterize_svg(svg: Path, png: Path, width: int = 480, height: int = 270) -> np.ndarray:
    """An SVG drawn by librsvg (independent of cairo's SVG writer), as (H,W,3) float RGB."""
    subprocess.run(["rsvg-convert", "-w", str(width), "-h", str(height), str(svg), "-o", str(png)], check=True)
    return read_rgb(png)


def read_rgb(png: Path) -> np.ndarray:
    return np.asarray(Image.open(png).convert("RGB"), dtype=float)


def assert_same_picture(a: np.ndarray, b: np.ndarray, what: str) -> None:
    """Two renderings of one frame by two renderers agree but for anti-aliasing: mean difference
    under 2 levels of 255, and under 0.2 % of pixels off by more than 64."""
    assert a.shape == b.shape, what
    difference = np.abs(a - b).max(axis=2)
    assert difference.mean() < 2.0, f"{what}: mean difference {difference.mean():.2f}"
    assert (difference > 64).mean() < 0.002, f"{what}: {100 * (difference > 64).mean():.2f}% of pixels differ"
