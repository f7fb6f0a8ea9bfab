"""The layers both trained networks are built from: forward passes and hand-written backward passes.

Training layouts put channels first and the batch last, so every layer is one matrix product:

* images      (C,H,W,N)  — ``conv_forward`` / ``conv_backward`` (im2col), ``maxpool2x2`` on axes (1,2)
* point sets  (C,M)      — M = B·P points of B clouds of P points; ``conv1x1_forward`` / ``conv1x1_backward``
* vectors     (D,B)      — ``dense_forward`` / ``dense_backward`` (a 1×1 convolution over one "pixel")

``max_over_points`` pools (C,B,P) -> (C,B) and sends the gradient back to each channel's winning point;
``softmax_cross_entropy`` takes logits (B,K) and labels (B,). The public (N,C,H,W) convolution is
``compute.conv.conv2d``; ``conv2d_backward`` is its gradient in that layout. Nothing loops over pixels
or points: loops run over kernel offsets or the 4 offsets of a pooling window.
"""

from __future__ import annotations

import numpy as np

# ----------------------------------------------------------------------------- elementwise


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0)


def relu_backward(dy: np.ndarray, out: np.ndarray) -> np.ndarray:
    """∂L/∂(pre-activation) from dy = ∂L/∂relu and the ReLU's output ``out`` (same shape)."""
    return dy * (out > 0)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits z (..., K)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_cross_entropy(z: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(z) against labels, and its gradient.

    z (B,K) logits; y (B,) ints in 0..K−1. Returns (loss, dz (B,K) = (softmax(z) − onehot(y)) / B).
    """
    n = len(y)
    zs = z - z.max(axis=1, keepdims=True)
    logp = zs - np.log(np.exp(zs).sum(axis=1, keepdims=True))
    loss = float(-logp[np.arange(n), y].mean())
    dz = np.exp(logp)
    dz[np.arange(n), y] -= 1.0
    dz /= n
    return loss, dz


# ----------------------------------------------------------------------------- pooling


def _pool_views(shape, axes: tuple[int, int]):
    """Index tuples of the four stride-2 sub-grids (di, dj) of the two pooled axes, q = 2·di + dj."""
    ndim = len(shape)
    out = []
    for q in range(4):
        index = [slice(None)] * ndim
        index[axes[0]] = slice(q // 2, None, 2)
        index[axes[1]] = slice(q % 2, None, 2)
        out.append(tuple(index))
    return out


def maxpool2x2(x: np.ndarray, axes: tuple[int, int] = (-2, -1)) -> tuple[np.ndarray, np.ndarray]:
    """2×2 max pooling, stride 2, over two axes (default the last two, as in (N,C,H,W)); both even.

    Returns y (those axes halved) and arg, the winner of each window in 0..3 (2·row + column
    inside the window; the first maximum on ties), for ``maxpool2x2_backward``.
    """
    if x.shape[axes[0]] % 2 or x.shape[axes[1]] % 2:
        raise ValueError(f"maxpool2x2 needs even sizes on axes {axes}, got shape {x.shape}")
    views = _pool_views(x.shape, axes)
    y = x[views[0]].copy()
    arg = np.zeros(y.shape, dtype=np.int8)
    for q in range(1, 4):
        candidate = x[views[q]]
        better = candidate > y
        np.copyto(y, candidate, where=better)
        arg[better] = q
    return y, arg


def maxpool2x2_backward(dy: np.ndarray, arg: np.ndarray, axes: tuple[int, int] = (-2, -1)) -> np.ndarray:
    """Gradient of ``maxpool2x2``: dy (pooled shape) routed to each window's winner -> the input shape."""
    shape = list(dy.shape)
    shape[axes[0]] *= 2
    shape[axes[1]] *= 2
    dx = np.zeros(shape, dtype=dy.dtype)
    for q, index in enumerate(_pool_views(shape, axes)):
        dx[index] = dy * (arg == q)
    return dx


def max_over_points(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PointNet's symmetric function: x (C,B,P) -> (y (C,B) = max over the P points, arg (C,B) int64).

    arg is the winning point of each channel of each cloud (the first on ties).
    """
    arg = x.argmax(axis=2)
    return np.take_along_axis(x, arg[:, :, None], axis=2)[:, :, 0], arg


def max_over_points_backward(dy: np.ndarray, arg: np.ndarray, n_points: int) -> np.ndarray:
    """Gradient of ``max_over_points``: dy (C,B) goes to the winning point only -> (C,B,P), zero elsewhere."""
    dx = np.zeros((*dy.shape, n_points), dtype=dy.dtype)
    np.put_along_axis(dx, arg[:, :, None], dy[:, :, None], axis=2)
    return dx


# ----------------------------------------------------------------------------- 1×1 convolution and dense


def conv1x1_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A 1×1 convolution in the training layout: x (C,M) (M pixels or points), w (F,C), b (F,) -> (F,M)."""
    out = w @ x
    out += b[:, None]
    return out


def conv1x1_backward(x: np.ndarray, w: np.ndarray, dy: np.ndarray, need_dx: bool = True):
    """Gradients of ``conv1x1_forward`` given dy (F,M): (dx (C,M) or None, dw (F,C), db (F,))."""
    return (w.T @ dy if need_dx else None), dy @ x.T, dy.sum(axis=1)


def dense_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A fully connected layer on column vectors: x (D,B), w (O,D), b (O,) -> (O,B).

    The same arithmetic as ``conv1x1_forward`` on B "pixels": a dense layer is a 1×1 convolution."""
    return conv1x1_forward(x, w, b)


def dense_backward(x: np.ndarray, w: np.ndarray, dy: np.ndarray, need_dx: bool = True):
    """Gradients of ``dense_forward`` given dy (O,B): (dx (D,B) or None, dw (O,D), db (O,))."""
    return conv1x1_backward(x, w, dy, need_dx)


# ----------------------------------------------------------------------------- k×k convolution (im2col)


def im2col(x: np.ndarray, k: int, padding: int) -> np.ndarray:
    """The k×k windows of a stride-1 convolution as one matrix: x (C,H,W,N) -> (C·k·k, H'·W'·N).

    Channels outermost, batch innermost (so each copied run is W'·N long). Row (c,u,v), column
    (i,j,n) holds x_pad[c,i+u,j+v,n], so a convolution is ``w.reshape(F, C·k·k) @ im2col(x)``
    -> (F, H'·W'·N). Built from k² shifted slices (a loop over kernel offsets, not pixels).
    """
    c, h, w, n = x.shape
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding), (0, 0)))
    ho, wo = h + 2 * padding - k + 1, w + 2 * padding - k + 1
    cols = np.empty((c, k, k, ho, wo, n), dtype=x.dtype)
    for u in range(k):
        for v in range(k):
            cols[:, u, v] = xp[:, u : u + ho, v : v + wo]
    return cols.reshape(c * k * k, ho * wo * n)


def col2im(cols: np.ndarray, shape: tuple[int, int, int, int], k: int, padding: int) -> np.ndarray:
    """The adjoint (transpose) of ``im2col``: cols (C·k·k, H'·W'·N) summed back into shape (C,H,W,N)."""
    c, h, w, n = shape
    ho, wo = h + 2 * padding - k + 1, w + 2 * padding - k + 1
    cols = cols.reshape(c, k, k, ho, wo, n)
    xp = np.zeros((c, h + 2 * padding, w + 2 * padding, n), dtype=cols.dtype)
    for u in range(k):
        for v in range(k):
            xp[:, u : u + ho, v : v + wo] += cols[:, u, v]
    return xp[:, padding : padding + h, padding : padding + w]


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A stride-1 k×k convolution with padding k//2 in the training layout.

    x (C,H,W,N); w (F,C,k,k), k odd; b (F,). Returns (y (F,H,W,N), cols), cols the im2col matrix
    (C·k·k, H·W·N) kept for ``conv_backward`` (for k = 1 simply x as (C, H·W·N)).
    """
    f, c, k, _ = w.shape
    cols = x.reshape(c, -1) if k == 1 else im2col(x, k, k // 2)
    out = conv1x1_forward(cols, w.reshape(f, -1), b)
    return out.reshape(f, *x.shape[1:]), cols


def conv_backward(dy: np.ndarray, cols: np.ndarray, w: np.ndarray, in_shape, need_dx: bool = True):
    """Gradients of ``conv_forward`` given dy (F,H,W,N): (dx (C,H,W,N) or None, dw (F,C,k,k), db (F,)).

    dw = dY · colsᵀ; dx = col2im(Wᵀ · dY) — every window hands its gradient back to the pixels it read.
    """
    f, c, k, _ = w.shape
    dcols, dw, db = conv1x1_backward(cols, w.reshape(f, -1), dy.reshape(f, -1), need_dx)
    dx = None
    if need_dx:
        dx = dcols.reshape(in_shape) if k == 1 else col2im(dcols, in_shape, k, k // 2)
    return dx, dw.reshape(w.shape), db


def conv2d_backward(x: np.ndarray, w: np.ndarray, dy: np.ndarray, padding: int = 0):
    """Gradients of y = compute.conv.conv2d(x, w, b, stride=1, padding) given dy = ∂L/∂y.

    x (N,C,H,W); w (F,C,k,k); dy (N,F,H',W'). Returns (dx (N,C,H,W), dw (F,C,k,k), db (F,)):
      dw = dY · im2col(x)ᵀ    i.e. dw[f,c,u,v] = Σ_{n,i,j} dy[n,f,i,j] · x_pad[n,c,i+u,j+v]
      dx = col2im(Wᵀ · dY)    every window hands its gradient back to the pixels it read
    with dY = dy as (F, H'·W'·N) and W = w as (F, C·k·k).
    """
    f, c, k, k2 = w.shape
    if k != k2:
        raise ValueError(f"conv2d_backward needs square kernels, got {w.shape}")
    xt = np.asarray(x).transpose(1, 2, 3, 0)  # C,H,W,N
    dy_mat = np.asarray(dy).transpose(1, 2, 3, 0).reshape(f, -1)
    dw = (dy_mat @ im2col(xt, k, padding).T).reshape(w.shape)
    dx = col2im(w.reshape(f, -1).T @ dy_mat, xt.shape, k, padding).transpose(3, 0, 1, 2)
    return dx, dw, dy_mat.sum(axis=1)
