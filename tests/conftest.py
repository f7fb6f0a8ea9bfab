"""Shared fixtures: figures are built once per session (building a scene costs seconds)."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scenes.registry import FIGURES, get


@lru_cache(maxsize=None)
def default_values(figure_id: str):
    """A figure's values for the default inputs (computed once per test session)."""
    return get(figure_id).values()


@lru_cache(maxsize=None)
def built_scene(figure_id: str, theme: str = "dark"):
    """The figure's scene after an instant run of construct (its last frame, no video)."""
    from scenes.output import build_scene

    return build_scene(get(figure_id), default_values(figure_id), theme=theme)


@pytest.fixture(params=sorted(FIGURES))
def figure_id(request) -> str:
    return request.param


@pytest.fixture(autouse=True, scope="session")
def private_media_dir(tmp_path_factory):
    """manim's text cache and working files go to a folder of this test run, not the user's media/."""
    import scenes.output

    scenes.output.MEDIA_DIR = tmp_path_factory.mktemp("media")
    yield


def rasterize_svg(svg: Path, png: Path, width: int = 480, height: int = 270) -> np.ndarray:
    """An SVG drawn by librsvg (independent of cairo's SVG writer), as (H,W,3) float RGB."""
    subprocess.run(["rsvg-convert", "-w", str(width), "-h", str(height), str(svg), "-o", str(png)], check=True)
    return read_rgb(png)


def read_rgb(png: Path) -> np.ndarray:
    return np.asarray(Image.open(png).convert("RGB"), dtype=float)


def assert_same_picture(a: np.ndarray, b: np.ndarray, what: str) -> None:
    """Two renderings of one frame agree but for anti-aliasing: mean difference under 2 levels
    of 255, and under 0.2 % of pixels off by more than 64."""
    assert a.shape == b.shape, what
    difference = np.abs(a - b).max(axis=2)
    assert difference.mean() < 2.0, f"{what}: mean difference {difference.mean():.2f}"
    assert (difference > 64).mean() < 0.002, f"{what}: {100 * (difference > 64).mean():.2f}% of pixels differ"
