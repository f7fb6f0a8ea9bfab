"""The settings of the computation: input ranges, kernel names, image limits and equality tolerance.

The value functions, ``compute.inputs`` (which checks every input) and the tests read them from here.
How figures are shown — formats, qualities, frame rates, themes, pacing, on-screen names — is
``scenes.settings``.
"""

from __future__ import annotations

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


def kernel_kind(name: str) -> str:
    """'sobel-x' … for a named kernel, 'learned' for learned:N, 'custom' for nine numbers."""
    if name in NAMED_KERNELS:
        return name
    return "learned" if name.startswith(LEARNED_PREFIX) else "custom"


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


__all__ = [name for name in dir() if name.isupper() or name == "kernel_choices"]
