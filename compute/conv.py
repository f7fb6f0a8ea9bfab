"""Convolutions and fully connected layers, and the weight rearrangements between them.

Every function is vectorised (sliding windows + one BLAS contraction); none loops over pixels.
The convolution is cross-correlation exactly as PyTorch's ``conv2d`` defines it.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _pair(value: int | tuple[int, int], name: str, minimum: int) -> tuple[int, int]:
    pair = (value, value) if np.isscalar(value) else tuple(value)
    if len(pair) != 2 or any(int(v) != v or v < minimum for v in pair):
        raise ValueError(f"{name} must be an integer >= {minimum} or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _as_batch(x: np.ndarray) -> tuple[np.ndarray, bool]:
    x = np.asarray(x)
    if x.ndim == 3:
        return x[None], False
    if x.ndim == 4:
        return x, True
    raise ValueError(f"x must be (C,H,W) or (N,C,H,W), got shape {x.shape}")


def pad2d(x: np.ndarray, padding: int | tuple[int, int]) -> np.ndarray:
    """Zero-pad the last two axes of x (...,H,W) by ``padding`` on each side."""
    ph, pw = _pair(padding, "padding", 0)
    widths = [(0, 0)] * (x.ndim - 2) + [(ph, ph), (pw, pw)]
    return np.pad(x, widths)


def windows(x: np.ndarray, size: tuple[int, int], stride=1, padding=0) -> np.ndarray:
    """Every kh×kw window a convolution sees, as a read-only view.

    x (N,C,H,W) -> (N,C,H',W',kh,kw), with H' = (H + 2p - kh) // s + 1.
    """
    sh, sw = _pair(stride, "stride", 1)
    xp = pad2d(x, padding)
    kh, kw = size
    if kh > xp.shape[-2] or kw > xp.shape[-1]:
        raise ValueError(f"kernel {kh}x{kw} is larger than the padded input {xp.shape[-2]}x{xp.shape[-1]}")
    return sliding_window_view(xp, (kh, kw), axis=(-2, -1))[..., ::sh, ::sw, :, :]


def conv2d(x, w, b=None, stride=1, padding=0) -> np.ndarray:
    """2-D cross-correlation, as ``torch.nn.functional.conv2d``.

    x (C,H,W) or (N,C,H,W); w (F,C,kh,kw); b (F,) or None.
    Returns (F,H',W') or (N,F,H',W') with
    y[n,f,i,j] = Σ_{c,u,v} x_pad[n,c,i·s+u,j·s+v] · w[f,c,u,v] + b[f].
    """
    xb, batched = _as_batch(x)
    w = np.asarray(w)
    if w.ndim != 4 or w.shape[1] != xb.shape[1]:
        raise ValueError(f"w must be (F,C,kh,kw) with C={xb.shape[1]}, got shape {w.shape}")
    win = windows(xb, w.shape[2:], stride, padding)  # N,C,H',W',kh,kw
    y = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3]))  # N,H',W',F
    y = np.moveaxis(y, -1, 1)
    if b is not None:
        y = y + _bias(b, w.shape[0])[:, None, None]
    y = np.ascontiguousarray(y)
    return y if batched else y[0]


def _bias(b, n: int) -> np.ndarray:
    b = np.asarray(b)
    if b.shape != (n,):
        raise ValueError(f"b must have shape ({n},), got {b.shape}")
    return b


def dense(x, W, b=None) -> np.ndarray:
    """A fully connected layer: y = W x + b.

    x (D,) or (N,D); W (O,D) as [out, in]; b (O,) or None. Returns (O,) or (N,O).
    """
    x, W = np.asarray(x), np.asarray(W)
    if W.ndim != 2 or x.shape[-1] != W.shape[1] or x.ndim not in (1, 2):
        raise ValueError(f"dense needs x (D,) or (N,D) and W (O,D); got x {x.shape}, W {W.shape}")
    y = x @ W.T
    return y if b is None else y + _bias(b, W.shape[0])


def conv1x1(x, w, b=None) -> np.ndarray:
    """A 1×1 convolution: at every pixel, a weighted sum over channels.

    x (C,H,W) or (N,C,H,W); w (F,C) or (F,C,1,1); b (F,) or None.
    Returns (F,H,W) or (N,F,H,W) with y[n,f,i,j] = Σ_c w[f,c] · x[n,c,i,j] + b[f].
    """
    xb, batched = _as_batch(x)
    w = np.asarray(w)
    if w.ndim == 4:
        if w.shape[2:] != (1, 1):
            raise ValueError(f"conv1x1 needs 1x1 kernels, got w of shape {w.shape}")
        w = w[:, :, 0, 0]
    if w.ndim != 2 or w.shape[1] != xb.shape[1]:
        raise ValueError(f"w must be (F,C) or (F,C,1,1) with C={xb.shape[1]}, got shape {w.shape}")
    y = np.einsum("fc,nchw->nfhw", w, xb)
    if b is not None:
        y = y + _bias(b, w.shape[0])[:, None, None]
    return y if batched else y[0]


def flatten_to_channels(x) -> np.ndarray:
    """Reshape an image to a 1×1 image with one channel per value.

    x (C,H,W), or (H,W) read as C=1 -> (C·H·W, 1, 1), in row-major order.
    """
    x = np.asarray(x)
    if x.ndim not in (2, 3):
        raise ValueError(f"x must be (H,W) or (C,H,W), got shape {x.shape}")
    return x.reshape(-1, 1, 1)


def fc_as_conv_kernels(W, image_shape: tuple[int, int, int]) -> np.ndarray:
    """An FC layer's weights as conv filters, one full-size kernel per output.

    W (O, C·H·W) -> (O,C,H,W): filter o is neuron o's weight row reshaped to the image.
    """
    W = np.asarray(W)
    return W.reshape(W.shape[0], *image_shape)


def fc_as_1x1_kernels(W) -> np.ndarray:
    """An FC layer's weights as 1×1 conv filters over the flattened image.

    W (O,D) -> (O,D,1,1): filter o has D kernels of size 1×1, one per input value.
    """
    W = np.asarray(W)
    return W.reshape(*W.shape, 1, 1)


def sliding_dense(x, w, b=None, size=(3, 3), stride=1, padding=0) -> np.ndarray:
    """One fully connected unit slid over the image, seeing one window at a time.

    x (C,H,W); w (O, C·kh·kw) the unit's weights, inputs ordered (c,u,v); b (O,) or None.
    At output (i,j) the unit's inputs are the pixels (c, i·s+u, j·s+v) of the zero-padded image,
    gathered by explicit index arithmetic (not ``windows``, so the two paths are independent),
    flattened and fed to ``dense``; returns (O,H',W'). This is the article's "sliding FC";
    it equals ``conv2d`` with w reshaped to (O,C,kh,kw).
    """
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"x must be (C,H,W), got shape {x.shape}")
    (kh, kw), (sh, sw), (ph, pw) = size, _pair(stride, "stride", 1), _pair(padding, "padding", 0)
    c = x.shape[0]
    xp = np.zeros((c, x.shape[1] + 2 * ph, x.shape[2] + 2 * pw), dtype=x.dtype)
    xp[:, ph : ph + x.shape[1], pw : pw + x.shape[2]] = x
    ho, wo = (xp.shape[1] - kh) // sh + 1, (xp.shape[2] - kw) // sw + 1
    if ho < 1 or wo < 1:
        raise ValueError(f"kernel {kh}x{kw} is larger than the padded input {xp.shape[1]}x{xp.shape[2]}")
    rows = (np.arange(ho) * sh)[:, None] + np.arange(kh)  # (H',kh): input row of each window row
    cols = (np.arange(wo) * sw)[:, None] + np.arange(kw)  # (W',kw)
    patches = xp[:, rows[:, None, :, None], cols[None, :, None, :]]  # C,H',W',kh,kw
    inputs = np.moveaxis(patches, 0, 2).reshape(ho * wo, c * kh * kw)  # one row per position
    y = dense(inputs, np.asarray(w).reshape(-1, c * kh * kw), b)  # (H'·W', O)
    return y.T.reshape(-1, ho, wo)
