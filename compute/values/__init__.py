"""Each figure's values: one pure function per figure, ``FigureInputs -> Values``.

A ``Values`` dict maps a name to a NumPy array (scalars are 0-d arrays); every number a scene
draws is read from it, and the tests check the article's identities on it.
"""

from __future__ import annotations

import numpy as np

from compute.errors import InputError
from compute.inputs import FigureInputs
from compute.settings import EQUALITY_RTOL

Values = dict[str, np.ndarray]


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


__all__ = ["FigureInputs", "InputError", "Values", "equality", "max_abs_diff", "rounding_bound", "scalar"]
