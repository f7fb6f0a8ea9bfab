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
        """Raise ValueError with a one-line message naming the bad field and what is allowed."""
        sample_position(self.digit, self.index)
        resolve_kernel(self.kernel)
        if self.padding not in (0, 1, 2):
            raise ValueError(f"padding must be 0, 1 or 2, got {self.padding}")
        if self.stride not in (1, 2, 3):
            raise ValueError(f"stride must be 1, 2 or 3, got {self.stride}")
        if len(self.rgb_weights) != 3 or not all(np.isfinite(self.rgb_weights)):
            raise ValueError(f"rgb weights must be three finite numbers r,g,b, got {self.rgb_weights}")
        return self


def scalar(value, dtype=np.float64) -> np.ndarray:
    """A 0-d array, the form every scalar takes in a Values dict."""
    return np.asarray(value, dtype=dtype)


def max_abs_diff(a, b) -> np.ndarray:
    """max |a - b| over all elements, as a 0-d float64 array: the evidence behind a drawn '='."""
    return scalar(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))
