"""A small Network-in-Network digit classifier, trained in NumPy, so class maps and kernels are real.

Architecture of the committed weights (channels first, as in PyTorch)::

    x (N,1,28,28)
    conv1 3×3, 1→8,   padding 1  -> (N,8,28,28)   ReLU
    max pool 2×2                 -> (N,8,14,14)
    conv2 5×5, 8→16,  padding 2  -> (N,16,14,14)  ReLU
    conv3 3×3, 16→32, padding 1  -> (N,32,14,14)  ReLU
    conv4 3×3, 32→32, padding 1  -> (N,32,14,14)  ReLU
    conv5 1×1, 32→64             -> (N,64,14,14)  ReLU     = features(x)      (an "mlpconv" layer)
    head  1×1, 64→10             -> (N,10,14,14)           = class_maps(x)
    global average pooling       -> (N,10)                 = logits(x)
    softmax                                                (in the loss)

The layer count, channels and kernel sizes are read from the weights (``conv1_w`` … ``convL_w``),
so ``Network`` also holds tiny variants for tests. Each feature-map pixel sees a 20×20 patch of
the digit. The public forward pass (``features``, ``class_maps``, ``logits``, ``predict``) is the
project's own ``conv2d`` and ``conv1x1``. Training (``loss_and_grads``) runs the same arithmetic as
im2col matrix products in a (C,H,W,N) layout, keeping the im2col matrices for the hand-written,
vectorised backward pass (tests check both forwards agree); nothing loops over pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from compute.conv import conv1x1, conv2d

ASSETS = Path(__file__).parent / "assets"
WEIGHTS_PATH = ASSETS / "network.npz"

N_CLASSES = 10
HISTORY_KEYS = ("train_loss", "train_acc", "heldout_acc", "seconds")

SPLIT_SEED = 1998  # fixes which digits are held out; independent of the training seed
N_TRAIN = 8000
N_HELDOUT = 2000


def split_indices(
    seed: int = SPLIT_SEED, n_train: int = N_TRAIN, n_heldout: int = N_HELDOUT
) -> tuple[np.ndarray, np.ndarray]:
    """The fixed train / held-out split of the shipped digits.

    A permutation of ``range(n_train + n_heldout)`` from ``numpy.random.default_rng(seed)``:
    its first ``n_train`` positions train, the remaining ``n_heldout`` are held out.
    Returns (train_idx (n_train,), heldout_idx (n_heldout,)), both int64 and sorted.
    """
    perm = np.random.default_rng(seed).permutation(n_train + n_heldout)
    return np.sort(perm[:n_train]), np.sort(perm[n_train:])


# ----------------------------------------------------------------------------- layers


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0)


def _pool_views(shape_or_x, axes: tuple[int, int]):
    """Index tuples of the four stride-2 sub-grids (di, dj) of the two pooled axes, q = 2·di + dj."""
    ndim = len(shape_or_x)
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
    inside the window; the first maximum on ties), for ``maxpool2x2_backward``. Four strided
    sub-grids are compared in turn (a loop over the window's 4 offsets, not pixels).
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


def conv2d_backward(x: np.ndarray, w: np.ndarray, dy: np.ndarray, padding: int = 0):
    """Gradients of y = conv2d(x, w, b, stride=1, padding) given dy = ∂L/∂y.

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


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits z (..., K)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _as_batch(x, dtype=np.float64) -> tuple[np.ndarray, bool]:
    """(H,W) or (1,H,W) -> one image; (N,1,H,W) or (N,H,W) with N > 1 -> a batch.

    Returns ((N,1,H,W) as dtype, batched).
    """
    x = np.asarray(x, dtype=dtype)
    if x.ndim == 2:
        return x[None, None], False
    if x.ndim == 3:
        return (x[None], False) if x.shape[0] == 1 else (x[:, None], True)
    if x.ndim == 4 and x.shape[1] == 1:
        return x, True
    raise ValueError(f"x must be (H,W), (1,H,W), (N,H,W) or (N,1,H,W) with even H, W; got shape {x.shape}")


# ----------------------------------------------------------------------------- the model


def init_params(
    channels: tuple[int, ...] = (8, 16, 32, 32, 64), kernels: tuple[int, ...] | None = (3, 5, 3, 3, 1), seed: int = 0
) -> dict[str, np.ndarray]:
    """Fresh float64 parameters from ``numpy.random.default_rng(seed)``, drawn layer by layer.

    channels (C1, …, CL) and kernels (k1, …, kL) (odd; None means all 3; k1 must be 3) give conv
    layers conv{l}_w (Cl, C(l-1), kl, kl) with C0 = 1, and conv{l}_b (Cl,); then head_w (10, CL),
    head_b (10,). Convolutions: He normal, std sqrt(2 / fan_in); head: Glorot uniform; biases zero.
    """
    kernels = (3,) * len(channels) if kernels is None else tuple(kernels)
    if len(kernels) != len(channels) or len(channels) < 2 or kernels[0] != 3 or any(k % 2 == 0 for k in kernels):
        raise ValueError(f"need >= 2 conv layers, the first 3×3, all odd; got channels {channels}, kernels {kernels}")
    rng = np.random.default_rng(seed)
    params: dict[str, np.ndarray] = {}
    c_in = 1
    for layer, (c, k) in enumerate(zip(channels, kernels), start=1):
        params[f"conv{layer}_w"] = rng.normal(0.0, np.sqrt(2.0 / (c_in * k * k)), size=(c, c_in, k, k))
        params[f"conv{layer}_b"] = np.zeros(c)
        c_in = c
    limit = np.sqrt(6.0 / (c_in + N_CLASSES))
    params["head_w"] = rng.uniform(-limit, limit, size=(N_CLASSES, c_in))
    params["head_b"] = np.zeros(N_CLASSES)
    return params


def _conv_layers(names) -> list[str]:
    """Names of the conv layers in order: ["conv1", "conv2", …]."""
    layers = []
    while f"conv{len(layers) + 1}_w" in names:
        layers.append(f"conv{len(layers) + 1}")
    return layers


@dataclass
class Network:
    """The classifier. ``params`` maps names to arrays (float64; shapes in ``init_params``):
    conv1_w (C1,1,3,3), conv1_b (C1,), …, convL_w (CL,C(L-1),kL,kL), convL_b (CL,),
    head_w (10,CL) — the 1×1 head's weights —, head_b (10,).

    conv1 → ReLU → 2×2 max pool, then conv2 … convL (padding k//2) each followed by ReLU give the
    features, (CL,14,14) for a 28×28 digit; the 1×1 head turns them into ten class maps, whose
    spatial means are the logits. ``meta`` holds what ``load_trained`` read next to the weights
    (seed, split, epochs, held-out accuracy…); ``history`` the per-epoch record (HISTORY_KEYS).
    """

    params: dict[str, np.ndarray]
    meta: dict = field(default_factory=dict)
    history: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def initialise(
        cls,
        channels: tuple[int, ...] = (8, 16, 32, 32, 64),
        kernels: tuple[int, ...] | None = (3, 5, 3, 3, 1),
        seed: int = 0,
    ) -> "Network":
        """An untrained network (see ``init_params``)."""
        return cls(init_params(channels, kernels, seed))

    @property
    def layers(self) -> list[str]:
        """Conv layer names in order, e.g. ["conv1", …, "conv5"] (the head not included)."""
        return _conv_layers(self.params)

    @property
    def param_keys(self) -> list[str]:
        """Parameter names in forward order: conv1_w, conv1_b, …, head_w, head_b."""
        return [f"{l}_{s}" for l in self.layers for s in "wb"] + ["head_w", "head_b"]

    @property
    def channels(self) -> tuple[int, ...]:
        """Output channels of each conv layer, (C1, …, CL); CL feeds the head."""
        return tuple(self.params[f"{l}_w"].shape[0] for l in self.layers)

    @property
    def kernel_sizes(self) -> tuple[int, ...]:
        return tuple(self.params[f"{l}_w"].shape[-1] for l in self.layers)

    @property
    def n_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    # --- convenience views of the metadata
    @property
    def seed(self) -> int | None:
        return self.meta.get("seed")

    @property
    def epochs(self) -> int | None:
        return self.meta.get("epochs")

    @property
    def heldout_accuracy(self) -> float | None:
        return self.meta.get("heldout_accuracy")

    # --- the forward pass, on the project's conv2d and conv1x1
    def _conv(self, layer: str, x: np.ndarray) -> np.ndarray:
        w, b = self.params[f"{layer}_w"], self.params[f"{layer}_b"]
        if w.shape[-1] == 1:
            return conv1x1(x, w, b)
        return conv2d(x, w, b, padding=w.shape[-1] // 2)

    def features(self, x) -> np.ndarray:
        """The feature maps fed to the 1×1 head: x (28,28) -> (CL,14,14); x (N,1,28,28) -> (N,CL,14,14)."""
        xb, batched = _as_batch(x, self.params["head_w"].dtype)
        layers = self.layers
        a, _ = maxpool2x2(relu(self._conv(layers[0], xb)))
        for layer in layers[1:]:
            a = relu(self._conv(layer, a))
        return a if batched else a[0]

    def class_maps(self, x) -> np.ndarray:
        """Ten class-evidence maps, conv1x1(features, head_w, head_b): (10,14,14) or (N,10,14,14)."""
        return conv1x1(self.features(x), self.params["head_w"], self.params["head_b"])

    def logits(self, x) -> np.ndarray:
        """Class scores, the class maps averaged over space (global average pooling): (10,) or (N,10)."""
        return self.class_maps(x).mean(axis=(-2, -1))

    def probabilities(self, x) -> np.ndarray:
        """softmax(logits): (10,) or (N,10)."""
        return softmax(self.logits(x))

    def predict(self, x, batch_size: int = 500) -> np.ndarray | int:
        """The predicted digit: an int for one image, (N,) int64 for a batch (evaluated in chunks)."""
        xb, batched = _as_batch(x, self.params["head_w"].dtype)
        out = np.concatenate(
            [self.logits(xb[i : i + batch_size]).argmax(axis=1) for i in range(0, len(xb), batch_size)]
        )
        return out if batched else int(out[0])

    # --- training
    def _forward_cols(self, xb: np.ndarray) -> tuple[np.ndarray, dict]:
        """The training forward: xb (N,1,H,W) -> (logits (N,10), what the backward needs).

        Same arithmetic as ``logits`` but as im2col products in a (C,H,W,N) layout, in the
        parameters' dtype; keeps each layer's input shape, im2col matrix and ReLU output.
        """
        p = self.params
        layers = self.layers
        a = xb.transpose(1, 2, 3, 0)  # 1,H,W,N
        saved = []
        arg = None
        for i, layer in enumerate(layers):
            w, b = p[f"{layer}_w"], p[f"{layer}_b"]
            f, c, k, _ = w.shape
            cols = a.reshape(c, -1) if k == 1 else im2col(a, k, k // 2)  # C·k·k, H·W·N
            out = w.reshape(f, -1) @ cols
            out += b[:, None]
            out = np.maximum(out, 0, out=out).reshape(f, *a.shape[1:])  # ReLU; F,H,W,N
            saved.append((a.shape, cols, out))
            a = out
            if i == 0:
                a, arg = maxpool2x2(out, axes=(1, 2))
        feat = a  # CL,h,w,N
        feat_mean = feat.reshape(feat.shape[0], -1, feat.shape[3]).mean(axis=1)  # CL,N
        z = (p["head_w"] @ feat_mean).T + p["head_b"]  # N,10: the spatial mean of the class maps
        return z, {"saved": saved, "arg": arg, "feat": feat, "feat_mean": feat_mean}

    def fast_logits(self, x, batch_size: int = 250) -> np.ndarray:
        """``logits`` for a batch x (N,1,H,W) through the training forward (quicker; equal up to rounding)."""
        xb = np.asarray(x, dtype=self.params["head_w"].dtype)
        return np.concatenate([self._forward_cols(xb[i : i + batch_size])[0] for i in range(0, len(xb), batch_size)])

    def loss_and_grads(self, x_batch, y_batch) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """Mean softmax cross-entropy over the batch and its gradient for every parameter.

        x_batch (N,1,H,W) or (N,H,W); y_batch (N,) ints in 0..9. Computed in the parameters' dtype.
        Returns (loss, grads, logits): grads has the keys and shapes of ``params``; logits (N,10).
        """
        p = self.params
        xb = np.asarray(x_batch, dtype=p["head_w"].dtype)
        xb = xb[:, None] if xb.ndim == 3 else xb
        y = np.asarray(y_batch, dtype=np.int64)
        n = len(y)
        layers = self.layers
        z, cache = self._forward_cols(xb)
        zs = z - z.max(axis=1, keepdims=True)
        logp = zs - np.log(np.exp(zs).sum(axis=1, keepdims=True))
        loss = float(-logp[np.arange(n), y].mean())

        dz = np.exp(logp)  # softmax
        dz[np.arange(n), y] -= 1.0
        dz /= n  # ∂L/∂logits, N,10
        feat = cache["feat"]
        g = {"head_w": dz.T @ cache["feat_mean"].T, "head_b": dz.sum(axis=0)}
        # through GAP and the 1×1 head: ∂L/∂feat[c,i,j,n] = Σ_f head_w[f,c] dz[n,f] / (h·w)
        da = np.broadcast_to((p["head_w"].T @ dz.T)[:, None, None, :] / (feat.shape[1] * feat.shape[2]), feat.shape)
        for i in range(len(layers) - 1, -1, -1):
            layer = layers[i]
            in_shape, cols, out = cache["saved"][i]
            if i == 0:
                da = maxpool2x2_backward(da, cache["arg"], axes=(1, 2))
            dy = (da * (out > 0)).reshape(out.shape[0], -1)  # through the ReLU: F, H·W·N
            w = p[f"{layer}_w"]
            f, c, k, _ = w.shape
            g[f"{layer}_w"] = (dy @ cols.T).reshape(w.shape)
            g[f"{layer}_b"] = dy.sum(axis=1)
            if i > 0:
                dcols = w.reshape(f, -1).T @ dy  # C·k·k, H·W·N
                da = dcols.reshape(in_shape) if k == 1 else col2im(dcols, in_shape, k, k // 2)
        return loss, {key: g[key] for key in self.param_keys}, z


# ----------------------------------------------------------------------------- the committed weights


def _param_names(names) -> list[str]:
    layers = _conv_layers(set(names))
    return [f"{l}_{s}" for l in layers for s in "wb"] + ["head_w", "head_b"]


def network_from_npz(path: str | Path) -> Network:
    """Read a weights file written by ``compute.train.save`` (``allow_pickle=False``)."""
    with np.load(path, allow_pickle=False) as data:
        params = {k: data[k].astype(np.float64) for k in _param_names(data.files)}
        history = {k: data["history_" + k].copy() for k in HISTORY_KEYS if "history_" + k in data}
        meta = {
            "seed": int(data["seed"]),
            "split_seed": int(data["split_seed"]),
            "n_train": int(data["n_train"]),
            "n_heldout": int(data["n_heldout"]),
            "heldout_idx": data["heldout_idx"].astype(np.int64),
            "epochs": int(data["epochs"]),
            "batch_size": int(data["batch_size"]),
            "learning_rate": float(data["learning_rate"]),
            "heldout_accuracy": float(data["heldout_accuracy"]),
            "heldout_correct": int(data["heldout_correct"]),
            "train_seconds": float(data["train_seconds"]),
            "train_dtype": str(data["train_dtype"]),
        }
    for arr in (*params.values(), *history.values(), meta["heldout_idx"]):
        arr.setflags(write=False)
    return Network(params, meta, history)


@lru_cache(maxsize=1)
def load_trained() -> Network:
    """The committed trained network, from ``compute/assets/network.npz`` (arrays read-only)."""
    return network_from_npz(WEIGHTS_PATH)
