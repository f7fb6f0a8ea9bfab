"""How figures are shown, in one manim-free module: output formats, qualities, frame rates, themes,
pacing and the names a figure writes on screen.

The command line's shared options take their choices and defaults from here (``onebyone.cli.options``), as
do the Python API and the scenes. What a user may choose as a figure's *input* is ``compute.inputs``.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---- output ---------------------------------------------------------------------------------------

VIDEO_FORMATS = ("mp4", "webm", "gif", "mov")
STILL_FORMATS = ("svg", "png")
FORMATS = VIDEO_FORMATS + STILL_FORMATS
ALPHA_FORMATS = ("mov", "webm", "png", "svg")  # the formats that can be transparent
DECK_FORMATS = ("html", "pptx")  # render.py slides: one slide per step (reveal.js HTML or PowerPoint)


@dataclass(frozen=True)
class Quality:
    """A manim quality preset: its config name, frame size and default frame rate."""

    code: str
    manim_name: str
    width: int
    height: int
    fps: int

    def describe(self) -> str:
        return f"{self.height}p{self.fps}"


QUALITIES: dict[str, Quality] = {
    q.code: q
    for q in (
        Quality("l", "low_quality", 854, 480, 15),
        Quality("m", "medium_quality", 1280, 720, 30),
        Quality("h", "high_quality", 1920, 1080, 60),
        Quality("p", "production_quality", 2560, 1440, 60),
        Quality("k", "fourk_quality", 3840, 2160, 60),
    )
}
FPS_RANGE = (1, 120)  # --fps overrides the quality's frame rate (e.g. 1080p30)
DEFAULT_QUALITY = "m"  # every command and the API render at 720p30 unless their purpose says otherwise …
LECTURE_QUALITY = "h"  # … as `render.py all` and `slides` do: lecture videos, 1080p …
LECTURE_FPS = 30  # … at 30 frames per second
STILL_QUALITY = "h"  # the frame size stills are drawn at (vector: only the aspect and units matter)


THEME_NAMES = ("dark", "light")
DEFAULT_THEME = "dark"

# ---- pacing (lecture-ready steps) -----------------------------------------------------------------

PACE_RANGE = (0.1, 5.0)  # --pace scales every hold and run time
STEP_HOLD = 2.0  # seconds the picture holds still after each step (at pace 1)
FINAL_HOLD = 3.0  # … and after the last step


# ---- on-screen names (fig2a/fig2b) ------------------------------------------------------------------

KERNEL_TITLES = {  # how a figure names its kernel on screen
    "sobel-x": "Sobel x",
    "sobel-y": "Sobel y",
    "box": "box blur",
    "laplace": "Laplace",
    "learned": "learned",
    "custom": "your kernel",
}


KERNEL_NOTES = {  # one sentence on what the finished map shows
    "sobel-x": "Sobel x responds to vertical edges: positive where ink begins (left to right), negative where it ends.",
    "sobel-y": "Sobel y responds to horizontal edges: positive where ink begins (top down), negative where it ends.",
    "box": "The box kernel averages each window: a blurred copy of the digit.",
    "laplace": "The Laplace kernel responds where a pixel differs from its four neighbours: the strokes' outline.",
    "learned": "A kernel the trained network learned in its first layer, applied alike at every position.",
    "custom": "Your own kernel, applied the same way at every position.",
}

__all__ = [name for name in dir() if name.isupper() or name == "Quality"]
