"""fig2a and fig2b: a 3×3 kernel sliding over a digit, and the same as a sliding FC unit."""

from __future__ import annotations

import numpy as np

from compute.conv import conv2d, sliding_dense, windows
from compute.data import load_digit
from compute.kernels import resolve_kernel
from compute.values import FigureInputs, Values, equality, scalar

N_SHOWN = 3  # positions whose arithmetic is spelled out


def shown_positions(y: np.ndarray, count: int = N_SHOWN) -> np.ndarray:
    """(count,2) consecutive output positions (i,j) on the row where |y| peaks: ending at the peak,
    or starting at the row's first column when the peak is nearer the edge than ``count``.

    The first positions of the slide are blank background; these are where the kernel meets the stroke.
    """
    i, j = np.unravel_index(np.argmax(np.abs(y)), y.shape)
    start = min(max(j - count + 1, 0), y.shape[1] - count)
    return np.array([(i, start + t) for t in range(count)], dtype=np.int64)


def window_origins(out_shape: tuple[int, int], stride: int, padding: int) -> np.ndarray:
    """(H',W',2) int64: for each output pixel, the input pixel under its window's top-left corner."""
    rows, cols = np.indices(out_shape)
    return np.stack([rows * stride - padding, cols * stride - padding], axis=-1).astype(np.int64)


def fig2a(inputs: FigureInputs) -> Values:
    """A 3×3 kernel sliding over a 28×28 digit.

    x (28,28) in [0,1]; k (3,3); b () (0 for named kernels, the learned bias for learned:N);
    stride, padding (); y (H',W') from conv2d;
    origin (H',W',2) int64 the input pixel (row, col) under each window's top-left corner,
    i·stride − padding (negative in the zero border); shown (P,2) the positions spelled out;
    patch (P,3,3) the window at each; products (P,3,3) = patch·k.
    """
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    k, b = resolve_kernel(inputs.kernel)
    y = conv2d(x[None], k[None, None], np.array([b]), stride=inputs.stride, padding=inputs.padding)[0]
    shown = shown_positions(y)
    win = windows(x[None, None], (3, 3), inputs.stride, inputs.padding)[0, 0]  # H',W',3,3
    patch = win[shown[:, 0], shown[:, 1]]
    return {
        "x": x,
        "k": k,
        "b": scalar(b),
        "stride": scalar(inputs.stride, np.int64),
        "padding": scalar(inputs.padding, np.int64),
        "y": y,
        "origin": window_origins(y.shape, inputs.stride, inputs.padding),
        "shown": shown,
        "patch": patch,
        "products": patch * k,
    }


def fig2b(inputs: FigureInputs) -> Values:
    """fig2a as a sliding fully connected unit: 9 inputs -> 1 output, slid over the digit.

    fig2a's arrays plus w9 (9,) = k.ravel(); y_fc (H',W') from ``sliding_dense`` (a separate
    computation, never copied from conv2d); max_abs_diff () = max |y_fc - y|; abs_diff (H',W') = |y_fc − y|,
    the difference map drawn (abs_diff_bound: the same rounding bound).
    """
    values = fig2a(inputs)
    w9 = values["k"].ravel()
    y_fc = sliding_dense(
        values["x"][None], w9[None], np.array([float(values["b"])]), (3, 3), inputs.stride, inputs.padding
    )[0]
    values.update(w9=w9, y_fc=y_fc, **equality(y_fc, values["y"]))
    values.update(abs_diff=np.abs(y_fc - values["y"]), abs_diff_bound=values["max_abs_diff_bound"])
    return values
