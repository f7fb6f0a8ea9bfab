"""fig1a, fig1b, fig3: one fully connected neuron, a fully connected layer, and that layer as a convolution.

All three use the same layer, ``compute.init.fc_layer()``: W (784,784) as [out, in], Glorot uniform
from ``default_rng(FC_SEED)``, and b (784,) from U(-0.1, 0.1). fig1a's neuron is the layer's neuron 0.
Indices are 0-based (they index the arrays); the ``*_i`` arrays are the same indices 1-based, as the
article's formula y = Σ_{i=1}^{784} w_i x_i + b counts them.
"""

from __future__ import annotations

import numpy as np

from compute.conv import conv2d, dense, fc_as_conv_kernels
from compute.data import load_digit
from compute.init import FC_BIAS_LIMIT, FC_SEED, fc_layer
from compute.values import FigureInputs, Values, equality, rounding_bound, scalar

N_SHOWN_INPUTS = 2  # connections drawn per neuron, as in the article
SHOWN_NEURONS = (0, 1, 2, -1)  # fig1b: the first three neurons and the last, with an ellipsis between
SHOWN_FILTERS = (0, -1)  # fig3: the first filter and the last (each drawn kernel is 784 cells of SVG)


def stroke_inputs(x: np.ndarray, count: int = N_SHOWN_INPUTS) -> np.ndarray:
    """(count,) flat indices of bright pixels spread along the stroke (the first and last for count=2).

    Bright means >= half the digit's maximum, so each drawn x_i is clearly non-zero. The first and last
    pixels are never picked: a column of inputs draws them anyway (``_column``).
    """
    bright = np.flatnonzero(x.ravel() >= 0.5 * x.max())
    bright = bright[(bright > 0) & (bright < x.size - 1)]
    picks = np.linspace(0, len(bright) - 1, count).round().astype(np.int64)
    return bright[picks].astype(np.int64)


def _indices(chosen, n: int) -> np.ndarray:
    return np.array([c % n for c in chosen], dtype=np.int64)


def _positions(flat: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """(K,2) row, column of each flat index on an (H,W) grid, row-major (how the image is flattened)."""
    return np.stack(np.unravel_index(flat, shape), axis=1).astype(np.int64)


def _shown(name: str, flat: np.ndarray, shape: tuple[int, int]) -> Values:
    return {name: flat, f"{name}_i": flat + 1, f"{name}_rc": _positions(flat, shape)}


def _column(shown: np.ndarray, n: int) -> np.ndarray:
    """(K+2,) the inputs a column draws, top to bottom: the first, the shown ones, the last (flat indices)."""
    return np.concatenate([[0], shown, [n - 1]]).astype(np.int64)


def _init_values(n_in: int, n_out: int) -> Values:
    """How W and b were drawn, to be stated in the scene: seed, Glorot limit a, bias range."""
    return {
        "seed": scalar(FC_SEED, np.int64),
        "glorot_limit": scalar(np.sqrt(6.0 / (n_in + n_out))),
        "bias_range": np.array([-FC_BIAS_LIMIT, FC_BIAS_LIMIT]),
    }


def fig1a(inputs: FigureInputs) -> Values:
    """One fully connected neuron over a digit's 784 pixels: y = Σ_{i=1}^{784} w_i x_i + b.

    x (28,28) in [0,1]; w (784,) = W[0] and b () = b[0] of ``fc_layer()`` (so y == fig1b's y[0]);
    y () over all 784 inputs; shown (2,) the flat indices of the two connections drawn (on the stroke),
    shown_i (2,) 1-based, shown_rc (2,2) their pixels (row, col); products (2,) = w[shown]·x[shown];
    column (4,) the inputs drawn in the column (first, shown, last) with column_i, column_rc.
    """
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    W, b = fc_layer(x.size, x.size)
    w, b0 = W[0], b[0]
    y = dense(x.ravel(), w[None], b0[None])[0]
    shown = stroke_inputs(x)
    return {
        "x": x,
        "w": w,
        "b": scalar(b0),
        "y": scalar(y),
        **_shown("shown", shown, x.shape),
        **_shown("column", _column(shown, x.size), x.shape),
        "products": w[shown] * x.ravel()[shown],
        **_init_values(x.size, x.size),
    }


def fig1b(inputs: FigureInputs) -> Values:
    """A fully connected layer of 784 neurons over a digit's 784 pixels: y = W x + b.

    x (28,28); W (784,784) as [out, in], Glorot uniform seeded by FC_SEED; b (784,) from U(-0.1, 0.1);
    y (784,) = dense(x.ravel(), W, b); y_map (28,28) = y laid out row-major for display;
    shown_neurons (4,), shown_inputs (2,) the drawn neurons and inputs (flat indices), with their
    1-based ``_i`` (K,) and grid positions ``_rc`` (K,2); column (4,) the inputs drawn in the column (first,
    shown, last) with column_i, column_rc; seed (), glorot_limit (), bias_range (2,).
    """
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    W, b = fc_layer(x.size, x.size)
    y = dense(x.ravel(), W, b)
    shown_inputs = stroke_inputs(x)
    return {
        "x": x,
        "W": W,
        "b": b,
        "y": y,
        "y_map": y.reshape(x.shape),
        **_shown("shown_neurons", _indices(SHOWN_NEURONS, W.shape[0]), x.shape),
        **_shown("shown_inputs", shown_inputs, x.shape),
        **_shown("column", _column(shown_inputs, x.size), x.shape),
        **_init_values(*W.shape[::-1]),
    }


def fig3(inputs: FigureInputs) -> Values:
    """fig1b's layer as a convolution: 784 filters, each one 28×28 kernel covering the whole image.

    x (28,28); K (784,28,28), filter n = neuron n's weight row reshaped; b (784,);
    y_conv (784,1,1) = conv2d(x (1,28,28), K (784,1,28,28), b): 784 channels of size 1×1;
    y (784,) = y_conv flattened;
    y_dense (784,) = dense(x.ravel(), K.reshape(784,784), b), a separate computation;
    max_abs_diff () = max |y - y_dense|; y_map (28,28) = y row-major; shown_filters (2,) with
    shown_filters_i (2,) 1-based and shown_filters_rc (2,2) their output pixel; glorot_limit ().

    The multiplication, spelled out: kernel_products (2,28,28) = K[n] ⊙ x for each shown filter n (the map
    of its 784 products at its one position); product_sums (2,) their sums (so y[n] = product_sums + b[n]);
    shown_b (2,) = b[shown_filters]; picked () the pixel whose product is written out (fig1a's first drawn
    input), picked_i () 1-based, picked_rc (2,); picked_weights (2,) = K[n] at it, picked_pixel (),
    picked_products (2,) their products.
    The comparison: y_dense_map (28,28); abs_diff_map (28,28) = |y_map − y_dense_map|; conv_madds () the
    multiply-adds conv2d does (outputs × weights per output: C·kh·kw), dense_madds () those dense does (O·D).
    """
    x = load_digit(inputs.digit, inputs.index, inputs.image)
    W, b = fc_layer(x.size, x.size)
    K4 = fc_as_conv_kernels(W, (1, *x.shape))  # (784,1,28,28)
    y_conv = conv2d(x[None], K4, b)  # (784,1,1): one 1×1 output per filter
    y = y_conv.reshape(-1)
    K = K4[:, 0]
    y_dense = dense(x.ravel(), K.reshape(K.shape[0], -1), b)
    shown = _indices(SHOWN_FILTERS, K.shape[0])
    kernel_products = K[shown] * x  # (2,28,28): each weight times the pixel it covers
    picked = int(stroke_inputs(x)[0])
    pr, pc = divmod(picked, x.shape[1])
    return {
        "x": x,
        "K": K,
        "b": b,
        "y_conv": y_conv,
        "y": y,
        "y_dense": y_dense,
        **equality(y, y_dense),
        "y_map": y.reshape(x.shape),
        **_shown("shown_filters", shown, x.shape),
        **_init_values(x.size, x.size),
        "kernel_products": kernel_products,
        "product_sums": kernel_products.sum(axis=(1, 2)),
        "shown_b": b[shown],
        "picked": scalar(picked, np.int64),
        "picked_i": scalar(picked + 1, np.int64),
        "picked_rc": np.array([pr, pc], dtype=np.int64),
        "picked_weights": K[shown, pr, pc],
        "picked_pixel": scalar(x[pr, pc]),
        "picked_products": kernel_products[:, pr, pc],
        "y_dense_map": y_dense.reshape(x.shape),
        "abs_diff_map": np.abs(y.reshape(x.shape) - y_dense.reshape(x.shape)),
        "abs_diff_map_bound": rounding_bound(y, y_dense),  # only "under it" is drawn (and snapshot)
        "conv_madds": scalar(y_conv.size * int(np.prod(K4.shape[1:])), np.int64),
        "dense_madds": scalar(K.shape[0] * x.size, np.int64),
    }
