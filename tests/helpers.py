"""Helpers the tests share: figures built once per session, inputs to try (stills are compared by
onebyone.check)."""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from compute.values import FigureInputs
from scenes.registry import get

ROOT = Path(__file__).resolve().parents[1]
FIGURES_DIR = ROOT / "figures"

# Inputs besides the defaults that every figure is built with, by the options it reads.
OTHER_INPUTS = {
    ("digit", "index"): [
        FigureInputs(digit=7, index=12),
        FigureInputs(digit=0, index=5),
        FigureInputs(digit=9, index=1),
    ],
    ("digit", "index", "kernel", "padding", "stride"): [
        FigureInputs(digit=7, index=12, kernel="learned:4", padding=2, stride=3),
        FigureInputs(digit=0, index=5, kernel="laplace", padding=1, stride=2),
    ],
    ("rgb_weights",): [FigureInputs(rgb_weights=(1.0, -1.0, 0.5)), FigureInputs(rgb_weights=(0.0, 0.0, 1.0))],
}


def input_cases(figure_id: str) -> list[FigureInputs | None]:
    """None (the defaults) and the other inputs this figure reads."""
    reads = tuple(option for option in get(figure_id).options if option != "image")  # image: tests/test_images.py
    return [None] + OTHER_INPUTS.get(reads, [])


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
    from scenes.pipeline.output import build_scene

    figure = get(figure_id)
    return build_scene(figure, values_for(figure_id, inputs), theme=theme, probe=probe, inputs=inputs)


def problems_of(figure_id: str, inputs: FigureInputs | None = None) -> list[str]:
    """Everything the figure's own checks report (bindings and readability) of a scene built afresh, probed."""
    from scenes.checks.verdict import scene_problems
    from scenes.pipeline.output import build_scene

    figure = get(figure_id)
    values = figure.values(inputs)
    return scene_problems(build_scene(figure, values, probe=True, inputs=inputs), figure, values)


def problems_with(figure_id: str, module: str, old: str, new: str, inputs: FigureInputs | None = None) -> list[str]:
    """``problems_of`` the figure built with the source text ``old`` replaced by ``new`` in ``module`` (a planted
    bug, as the mutation run plants them)."""
    from scenes.checks.mutation import mutated

    with mutated(module, old, new):
        return problems_of(figure_id, inputs)


CHROMIUM = Path("/usr/bin/chromium")  # Debian's package, installed by `make test` (never `playwright install`)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium():
    """Debian's chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "chromium is missing: `make test` installs it (apt package chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


# ---- the tool as a user runs it ---------------------------------------------------------------------

SOURCE_PARTS = ("render.py", "compute", "scenes", "onebyone")  # what `python render.py …` needs


def repo_copy(folder: Path) -> Path:
    """A copy of the code (render.py and its packages) in ``folder``, to edit a module for real and run
    ``python render.py …`` there (its subprocesses then import the edited copy too). Returns ``folder``."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for part in SOURCE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / part)
    return folder


def run_tool(*args: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 900):
    """``python render.py ARGS`` in a process of its own (as a user runs it): CompletedProcess, text."""
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "render.py", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def tiny_video(path: Path, frames: int = 4, fps: int = 2, size: tuple[int, int] = (64, 36)) -> Path:
    """A real, playable video of a few grey frames (PyAV, no manim): for pages that only link videos."""
    import av
    import numpy as np

    path.parent.mkdir(parents=True, exist_ok=True)
    codec = {".webm": "libvpx-vp9", ".mp4": "libx264"}[path.suffix]
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for k in range(frames):
            picture = np.full((size[1], size[0], 3), 40 * k, np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    """Every cue of a WebVTT file: (start s, end s, text), read independently of the product's reader."""
    text = path.read_text(encoding="utf-8")
    import re

    assert text.startswith("WEBVTT\n\n"), text[:40]

    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(rest)

    cues = []
    for block in text.split("\n\n")[1:]:
        if not block.strip():
            continue
        timing, content = block.split("\n", 1)
        start, end = timing.split(" --> ")
        assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", start) and re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3}", end), timing
        cues.append((seconds(start), seconds(end), content.strip()))
    return cues
