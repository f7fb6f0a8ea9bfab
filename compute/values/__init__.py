"""Each figure's values: one pure function per figure, ``FigureInputs -> Values``.

A ``Values`` dict maps a name to a NumPy array (scalars are 0-d arrays); every number a scene
draws is read from it, and the tests check the article's identities on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from compute.data import DEFAULT_DIGIT, DEFAULT_INDEX, sample_position
from compute.kernels import DEFAULT_KERNEL, resolve_kernel

Values = dict[str, np.ndarray]

LUMA_BT601 = (0.299, 0.587, 0.114)
RGB_WEIGHT_LIMIT = 5.0  # fig4a/fig4b's weights: |w| <= 5 keeps outputs readable and the equality exact to 1e-9


@dataclass(frozen=True)
class FigureInputs:
    """What a user may choose for a figure; each figure reads only the fields it declares."""

    digit: int = DEFAULT_DIGIT
    index: int = DEFAULT_INDEX
    kernel: str = DEFAULT_KERNEL
    padding: int = 0
    stride: int = 1
    rgb_weights: tuple[float, float, float] = LUMA_BT601

    def validate(self) -> "FigureInputs":
        """Raise InputError (a ValueError) with a one-line message naming the bad field and what is allowed."""
        try:
            sample_position(self.digit, self.index)
        except ValueError as error:
            raise InputError("index" if str(error).startswith("index") else "digit", str(error)) from None
        try:
            resolve_kernel(self.kernel)
        except ValueError as error:
            raise InputError("kernel", str(error)) from None
        if self.padding not in (0, 1, 2):
            raise InputError("padding", f"padding must be 0, 1 or 2, got {self.padding}")
        if self.stride not in (1, 2, 3):
            raise InputError("stride", f"stride must be 1, 2 or 3, got {self.stride}")
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
