"""Every user-facing setting, in one manim-free module.

The command line (``render.py``), the Python API (``onebyone``), the scenes and the value functions
all read their choices and ranges from here, so none of them keeps a copy: formats, qualities, frame
rates, theme names, pacing, input ranges, kernel names, image limits and display precision.
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
LECTURE_QUALITY = "h"  # what `make figures` renders: 1080p …
LECTURE_FPS = 30  # … at 30 frames per second
STILL_QUALITY = "h"  # the frame size stills are drawn at (vector: only the aspect and units matter)
STEP_STILLS = {"fig2a": (3,)}  # committed stills of a step's end besides the last frame: figures/<id>-step<N>.svg


def committed_stills(figure_id: str) -> list[tuple[int | None, str]]:
    """(step, file name) of every committed still of a figure: its last frame (step None), then STEP_STILLS."""
    return [(None, f"{figure_id}.svg")] + [(n, f"{figure_id}-step{n}.svg") for n in STEP_STILLS.get(figure_id, ())]


THEME_NAMES = ("dark", "light")
DEFAULT_THEME = "dark"

# ---- pacing (lecture-ready steps) -----------------------------------------------------------------

PACE_RANGE = (0.1, 5.0)  # --pace scales every hold and run time
STEP_HOLD = 2.0  # seconds the picture holds still after each step (at pace 1)
FINAL_HOLD = 3.0  # … and after the last step

# ---- inputs ---------------------------------------------------------------------------------------

DIGITS = range(10)
DEFAULT_DIGIT = 3
DEFAULT_INDEX = 0
PADDINGS = (0, 1, 2)
STRIDES = (1, 2, 3)
RGB_WEIGHT_LIMIT = 5.0  # fig4a/fig4b: |w| <= 5 keeps outputs readable and the equality exact to 1e-9
LUMA_BT601 = (0.299, 0.587, 0.114)
PHOTO_SIZE = 12  # fig4a/fig4b's RGB grid is PHOTO_SIZE × PHOTO_SIZE

NAMED_KERNELS: dict[str, tuple[tuple[float, ...], ...]] = {
    # Sobel: responds to vertical edges (x gradient) / horizontal edges (y gradient).
    "sobel-x": ((-1.0, 0.0, 1.0), (-2.0, 0.0, 2.0), (-1.0, 0.0, 1.0)),
    "sobel-y": ((-1.0, -2.0, -1.0), (0.0, 0.0, 0.0), (1.0, 2.0, 1.0)),
    "box": ((1 / 9,) * 3,) * 3,
    "laplace": ((0.0, 1.0, 0.0), (1.0, -4.0, 1.0), (0.0, 1.0, 0.0)),
}
KERNEL_TITLES = {  # how a figure names its kernel on screen
    "sobel-x": "Sobel x",
    "sobel-y": "Sobel y",
    "box": "box blur",
    "laplace": "Laplace",
    "learned": "learned",
    "custom": "your kernel",
}


def kernel_kind(name: str) -> str:
    """'sobel-x' … for a named kernel, 'learned' for learned:N, 'custom' for nine numbers."""
    if name in NAMED_KERNELS:
        return name
    return "learned" if name.startswith(LEARNED_PREFIX) else "custom"


KERNEL_NOTES = {  # one sentence on what the finished map shows
    "sobel-x": "Sobel x responds to vertical edges: positive where ink begins (left to right), negative where it ends.",
    "sobel-y": "Sobel y responds to horizontal edges: positive where ink begins (top down), negative where it ends.",
    "box": "The box kernel averages each window: a blurred copy of the digit.",
    "laplace": "The Laplace kernel responds where a pixel differs from its four neighbours: the strokes' outline.",
    "learned": "A kernel the trained network learned in its first layer, applied alike at every position.",
    "custom": "Your own kernel, applied the same way at every position.",
}
DEFAULT_KERNEL = "sobel-x"
LEARNED_PREFIX = "learned:"
KERNEL_VALUE_LIMIT = 100.0  # a kernel given as nine numbers: each finite, |k| <= 100


def kernel_choices() -> str:
    """The allowed --kernel values, for help and error messages."""
    return ", ".join(NAMED_KERNELS) + f", {LEARNED_PREFIX}N or nine numbers a,b,c,d,e,f,g,h,i"


# ---- the user's own image (--image) ---------------------------------------------------------------

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
IMAGE_FORMATS = ("PNG", "JPEG")  # what --image reads (by content, whatever the suffix)
IMAGE_MAX_PIXELS = 40_000_000  # larger non-JPEG images are refused (JPEGs are decoded reduced)
IMAGE_MAX_JPEG_PIXELS = 160_000_000  # a JPEG is decoded at 1/8 scale at most: larger ones are refused
IMAGE_MAX_SIDE = 1024  # images are reduced to at most this side before any processing
IMAGE_MIN_INK = 0.1  # a digit's ink must stand out from the paper by 10 % of full brightness
MNIST_BOX = 20  # MNIST scales a digit's ink to fit a 20×20 box …
MNIST_SIZE = 28  # … centred by centre of mass in 28×28

# ---- display precision ----------------------------------------------------------------------------

EQUALITY_RTOL = 1e-12  # a max |Δ| under 10^⌈log10(1e-12 · scale)⌉ is rounding: drawn as that bound ("< 1e−12")
TEST_TOLERANCE = 1e-9  # the article's equalities are tested to this, in float64


__all__ = [name for name in dir() if name.isupper() or name in ("Quality", "kernel_choices")]
