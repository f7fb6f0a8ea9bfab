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
