"""Each figure's values: one pure function per figure, ``FigureInputs -> Values``.

A ``Values`` dict maps a name to a NumPy array (scalars are 0-d arrays); every number a scene
draws is read from it, and the tests check the article's identities on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from compute.data import sample_position
from compute.kernels import resolve_kernel
from compute.settings import (
    DEFAULT_DIGIT,
    DEFAULT_INDEX,
    DEFAULT_KERNEL,
    EQUALITY_RTOL,
    LUMA_BT601,
    PADDINGS,
    RGB_WEIGHT_LIMIT,
    STRIDES,
)

Values = dict[str, np.ndarray]


@dataclass(frozen=True)
class FigureInputs:
    """What a user may choose for a figure; each figure reads only the fields it declares."""

    digit: int = DEFAULT_DIGIT
    index: int = DEFAULT_INDEX
    kernel: str = DEFAULT_KERNEL
    padding: int = 0
    stride: int = 1
    rgb_weights: tuple[float, float, float] = LUMA_BT601
    image: str | None = None  # the user's own PNG/JPEG: replaces the MNIST sample (digit, index) or the photo

    def validate(self) -> "FigureInputs":
        """Raise InputError (a ValueError) with a one-line message naming the bad field and what is allowed.
        An image is checked from its header here (exists, PNG/JPEG, not too large); reading it may still
        find it truncated or without ink: ``compute.images.ImageError``, an InputError too."""
        if self.image is not None:
            from compute.images import check_image

            check_image(self.image)
        try:
            sample_position(self.digit, self.index)
        except ValueError as error:
            raise InputError("index" if str(error).startswith("index") else "digit", str(error)) from None
        try:
            resolve_kernel(self.kernel)
        except ValueError as error:
            raise InputError("kernel", str(error)) from None
        if self.padding not in PADDINGS:
            raise InputError("padding", f"padding must be one of {', '.join(map(str, PADDINGS))}, got {self.padding}")
        if self.stride not in STRIDES:
            raise InputError("stride", f"stride must be one of {', '.join(map(str, STRIDES))}, got {self.stride}")
        weights = np.asarray(self.rgb_weights, dtype=np.float64)
        if weights.shape != (3,) or not np.all(np.abs(weights) <= RGB_WEIGHT_LIMIT):
            raise InputError(
                "rgb_weights",
                f"rgb weights must be three numbers r,g,b in [-{RGB_WEIGHT_LIMIT:g}, {RGB_WEIGHT_LIMIT:g}], "
                f"got {self.rgb_weights}",
            )
        return self


class InputError(ValueError):
    """A FigureInputs field out of range; ``field`` names it (digit, index, kernel, …)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def scalar(value, dtype=np.float64) -> np.ndarray:
    """A 0-d array, the form every scalar takes in a Values dict."""
    return np.asarray(value, dtype=dtype)


def max_abs_diff(a, b) -> np.ndarray:
    """max |a - b| over all elements, as a 0-d float64 array: the evidence behind a drawn '='."""
    return scalar(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))


def rounding_bound(a, b) -> np.ndarray:
    """The power of ten under which a difference between ``a`` and ``b`` is only rounding:
    10^⌈log10(EQUALITY_RTOL · max(1, |a|, |b|))⌉. It depends on the arrays' magnitude, not on the
    order a BLAS sums in, so the drawn bound is the same on every machine."""
    scale = max(1.0, float(np.max(np.abs(a))), float(np.max(np.abs(b))))
    return scalar(10.0 ** np.ceil(np.log10(EQUALITY_RTOL * scale)))


def equality(a, b, key: str = "max_abs_diff") -> Values:
    """{key: max |a − b|, key_bound: the rounding bound}: what a figure's '=' is drawn from."""
    return {key: max_abs_diff(a, b), f"{key}_bound": rounding_bound(a, b)}
