"""A small Network-in-Network digit classifier, trained in NumPy, so class maps and kernels are real.

Architecture (channels first, as in PyTorch; C1, C2 set by the weights)::

    x (N,1,28,28)
    conv 3×3, 1→C1, padding 1   -> (N,C1,28,28)  ReLU
    max pool 2×2                -> (N,C1,14,14)
    conv 3×3, C1→C2, padding 1  -> (N,C2,14,14)  ReLU      = features(x)
    1×1 conv, C2→10             -> (N,10,14,14)            = class_maps(x)
    global average pooling      -> (N,10)                  = logits(x)
    softmax                                                 (in the loss)

The forward pass uses the project's own ``conv2d`` and ``conv1x1``; the backward pass is
hand-written and vectorised (one tensordot per weight gradient, the input gradient of a
stride-1 convolution being another ``conv2d`` with the flipped, transposed kernels).
Nothing here loops over pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from compute.conv import conv1x1, conv2d, pad2d

ASSETS = Path(__file__).parent / "assets"
WEIGHTS_PATH = ASSETS / "network.npz"

N_CLASSES = 10
HISTORY_KEYS = ("train_loss", "train_acc", "heldout_acc", "seconds")

SPLIT_SEED = 1998  # fixes which digits are held out; independent of the training seed
N_TRAIN = 8000
N_HELDOUT = 2000


def split_indices(seed: int = SPLIT_SEED, n_train: int = N_TRAIN, n_heldout: int = N_HELDOUT) -> tuple[np.ndarray, np.ndarray]:
    """The fixed train / held-out split of the shipped digits.

    A permutation of ``range(n_train + n_heldout)`` from ``numpy.random.default_rng(seed)``:
    its first ``n_train`` positions train, the remaining ``n_heldout`` are held out.
    Returns (train_idx (n_train,), heldout_idx (n_heldout,)), both int64 and sorted.
    """
    perm = np.random.default_rng(seed).permutation(n_train + n_heldout)
    return np.sort(perm[:n_train]), np.sort(perm[n_train:])


# ----------------------------------------------------------------------------- layers


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def maxpool2x2(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2×2 max pooling, stride 2. x (N,C,H,W), H and W even.

    Returns y (N,C,H/2,W/2) and the winner of each window, arg (N,C,H/2,W/2) in 0..3
    (row-major inside the window; the first maximum on ties), for ``maxpool2x2_backward``.
    """
    n, c, h, w = x.shape
    if h % 2 or w % 2:
        raise ValueError(f"maxpool2x2 needs even H and W, got {h}x{w}")
    blocks = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
    arg = blocks.argmax(axis=-1)
    y = np.take_along_axis(blocks, arg[..., None], axis=-1)[..., 0]
    return y, arg


def maxpool2x2_backward(dy: np.ndarray, arg: np.ndarray) -> np.ndarray:
    """Gradient of ``maxpool2x2``: dy (N,C,h,w) routed to each window's winner -> (N,C,2h,2w)."""
    n, c, h, w = dy.shape
    blocks = (np.arange(4) == arg[..., None]) * dy[..., None]  # N,C,h,w,4
    return blocks.reshape(n, c, h, w, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, 2 * h, 2 * w)


def im2col(x: np.ndarray, k: int, padding: int) -> np.ndarray:
    """The k×k windows of a stride-1 convolution as one matrix: x (N,C,H,W) -> (C·k·k, N·H'·W').

    Row (c,u,v), column (n,i,j) holds x_pad[n,c,i+u,j+v]. Built from k² shifted slices
    (a loop over kernel offsets, not pixels), which copies far faster than a strided window view.
    """
    n, c, h, w = x.shape
    xp = pad2d(x, padding)
    ho, wo = h + 2 * padding - k + 1, w + 2 * padding - k + 1
    cols = np.empty((c, k, k, n, ho, wo), dtype=x.dtype)
    xt = xp.transpose(1, 0, 2, 3)  # C,N,Hp,Wp
    for u in range(k):
        for v in range(k):
            cols[:, u, v] = xt[:, :, u : u + ho, v : v + wo]
    return cols.reshape(c * k * k, n * ho * wo)


def col2im(cols: np.ndarray, shape: tuple[int, int, int, int], k: int, padding: int) -> np.ndarray:
    """The adjoint of ``im2col``: cols (C·k·k, N·H'·W') summed back into an image of ``shape`` (N,C,H,W)."""
    n, c, h, w = shape
    ho, wo = h + 2 * padding - k + 1, w + 2 * padding - k + 1
    cols = cols.reshape(c, k, k, n, ho, wo)
    xp = np.zeros((c, n, h + 2 * padding, w + 2 * padding), dtype=cols.dtype)
    for u in range(k):
        for v in range(k):
            xp[:, :, u : u + ho, v : v + wo] += cols[:, u, v]
    return xp[:, :, padding : padding + h, padding : padding + w].transpose(1, 0, 2, 3)


def conv2d_backward(x: np.ndarray, w: np.ndarray, dy: np.ndarray, padding: int, need_dx: bool = True):
    """Gradients of y = conv2d(x, w, b, stride=1, padding) given dy = ∂L/∂y.

    x (N,C,H,W); w (F,C,k,k); dy (N,F,H',W').
    Returns (dx (N,C,H,W) or None, dw (F,C,k,k), db (F,)), as matrix products over im2col:
      dw[f,c,u,v] = Σ_{n,i,j} dy[n,f,i,j] · x_pad[n,c,i+u,j+v]        = dY · im2col(x)ᵀ
      dx          = col2im(Wᵀ · dY)   (every window hands its gradient back to the pixels it read)
    with dY = dy as (F, N·H'·W') and W = w as (F, C·k·k).
    """
    f, c, k, k2 = w.shape
    if k != k2:
        raise ValueError(f"conv2d_backward needs square kernels, got {w.shape}")
    dy_mat = dy.transpose(1, 0, 2, 3).reshape(f, -1)  # F, N·H'·W'
    dw = (dy_mat @ im2col(x, k, padding).T).reshape(w.shape)
    db = dy_mat.sum(axis=1)
    dx = col2im(w.reshape(f, -1).T @ dy_mat, x.shape, k, padding) if need_dx else None
    return dx, dw, db


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax of logits z (..., K)."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _as_batch(x, dtype=np.float64) -> tuple[np.ndarray, bool]:
    """(H,W) or (1,H,W) -> one image; (N,1,H,W) -> a batch. Returns ((N,1,H,W) as dtype, batched)."""
    x = np.asarray(x, dtype=dtype)
    if x.ndim == 2:
        return x[None, None], False
    if x.ndim == 3 and x.shape[0] == 1:
        return x[None], False
    if x.ndim == 4 and x.shape[1] == 1:
        return x, True
    raise ValueError(f"x must be (H,W), (1,H,W) or (N,1,H,W) with even H, W; got shape {x.shape}")


# ----------------------------------------------------------------------------- the model


def init_params(channels: tuple[int, ...] = (16, 32), kernels: tuple[int, ...] | None = None, seed: int = 0) -> dict[str, np.ndarray]:
    """Fresh float64 parameters from ``numpy.random.default_rng(seed)``, drawn layer by layer.

    channels (C1, C2, …, CL) and kernels (k1, …, kL) (odd; default all 3) give conv layers
    conv{l}_w (Cl, C(l-1), kl, kl) with C0 = 1, and conv{l}_b (Cl,); then head_w (10, CL), head_b (10,).
    Convolutions: He normal, std sqrt(2 / fan_in); head: Glorot uniform; biases zero.
    """
    kernels = (3,) * len(channels) if kernels is None else tuple(kernels)
    if len(kernels) != len(channels) or len(channels) < 2 or any(k % 2 == 0 for k in kernels):
        raise ValueError(f"need >= 2 conv layers with odd kernels; got channels {channels}, kernels {kernels}")
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


def _conv_layers(params: dict[str, np.ndarray]) -> list[str]:
    """Names of the conv layers in order: ["conv1", "conv2", …]."""
    layers = []
    while f"conv{len(layers) + 1}_w" in params:
        layers.append(f"conv{len(layers) + 1}")
    return layers


@dataclass
class Network:
    """The classifier: ``params`` maps names to float64 arrays (shapes in ``init_params``).

    conv1 (3×3, 1→C1, padding 1) → ReLU → 2×2 max pool, then conv2 … convL (padding k//2) each
    followed by ReLU (the features, (CL,14,14) for a 28×28 digit), then the 1×1 head (10, CL)
    and global average pooling. ``meta`` holds what ``load_trained`` read next to the weights
    (seed, split, epochs, accuracy…); ``history`` the per-epoch training record (HISTORY_KEYS).
    """

    params: dict[str, np.ndarray]
    meta: dict = field(default_factory=dict)
    history: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def initialise(cls, channels: tuple[int, ...] = (16, 32), kernels: tuple[int, ...] | None = None, seed: int = 0) -> "Network":
        """An untrained network (see ``init_params``)."""
        return cls(init_params(channels, kernels, seed))

    @property
    def layers(self) -> list[str]:
        """Conv layer names in order, e.g. ["conv1", "conv2", "conv3"]."""
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

    # --- forward
    def _conv(self, layer: str, x: np.ndarray) -> np.ndarray:
        w = self.params[f"{layer}_w"]
        return conv2d(x, w, self.params[f"{layer}_b"], padding=w.shape[-1] // 2)

    def _forward(self, xb: np.ndarray) -> dict:
        """Every intermediate for a batch xb (N,1,H,W): a1 (N,C1,H,W) after ReLU, arg (pool winners),
        acts [pool (N,C1,H/2,W/2), a2, …, aL] (the inputs of conv2…convL, then the features),
        maps (N,10,H/2,W/2), logits (N,10)."""
        layers = self.layers
        a1 = relu(self._conv(layers[0], xb))
        pool, arg = maxpool2x2(a1)
        acts = [pool]
        for layer in layers[1:]:
            acts.append(relu(self._conv(layer, acts[-1])))
        maps = conv1x1(acts[-1], self.params["head_w"], self.params["head_b"])
        return {"x": xb, "a1": a1, "arg": arg, "acts": acts, "maps": maps, "logits": maps.mean(axis=(2, 3))}

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
        xb, batched = _as_batch(x)
        out = np.concatenate([self.logits(xb[i : i + batch_size]).argmax(axis=1) for i in range(0, len(xb), batch_size)])
        return out if batched else int(out[0])

    # --- training
    def loss_and_grads(self, x_batch, y_batch) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """Mean softmax cross-entropy over the batch and its gradient for every parameter.

        x_batch (N,1,H,W) (or (N,H,W)); y_batch (N,) ints in 0..9.
        Returns (loss, grads, logits): grads has the keys of ``params`` and their shapes; logits (N,10).
        """
        dtype = self.params["head_w"].dtype  # float64, or float32 when training in single precision
        x = np.asarray(x_batch, dtype=dtype)
        if x.ndim == 3:
            x = x[:, None]
        xb, _ = _as_batch(x, dtype)
        y = np.asarray(y_batch, dtype=np.int64)
        n = len(y)
        p = self.params
        layers = self.layers
        c = self._forward(xb)
        z = c["logits"]
        zs = z - z.max(axis=1, keepdims=True)
        logp = zs - np.log(np.exp(zs).sum(axis=1, keepdims=True))
        loss = float(-logp[np.arange(n), y].mean())

        dz = np.exp(logp)  # softmax
        dz[np.arange(n), y] -= 1.0
        dz /= n  # ∂L/∂logits, N,10
        acts = c["acts"]
        feat = acts[-1]
        hw = feat.shape[2] * feat.shape[3]
        g = {"head_w": dz.T @ feat.mean(axis=(2, 3)), "head_b": dz.sum(axis=0)}
        # through GAP and the 1×1 conv: ∂L/∂feat[n,c,i,j] = Σ_f dz[n,f] head_w[f,c] / (H·W)
        da = np.broadcast_to((dz @ p["head_w"])[:, :, None, None] / hw, feat.shape)
        for i in range(len(layers) - 1, 0, -1):  # convL … conv2: ReLU, then the conv
            layer = layers[i]
            dy = da * (acts[i] > 0)
            w = p[f"{layer}_w"]
            da, g[f"{layer}_w"], g[f"{layer}_b"] = conv2d_backward(acts[i - 1], w, dy, padding=w.shape[-1] // 2)
        da1 = maxpool2x2_backward(da, c["arg"]) * (c["a1"] > 0)
        w1 = p[f"{layers[0]}_w"]
        _, g[f"{layers[0]}_w"], g[f"{layers[0]}_b"] = conv2d_backward(xb, w1, da1, padding=w1.shape[-1] // 2, need_dx=False)
        return loss, {k: g[k] for k in self.param_keys}, z


# ----------------------------------------------------------------------------- the committed weights


def _param_names(names) -> list[str]:
    layers = _conv_layers(dict.fromkeys(names))
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
        }
    for arr in (*params.values(), *history.values(), meta["heldout_idx"]):
        arr.setflags(write=False)
    return Network(params, meta, history)


@lru_cache(maxsize=1)
def load_trained() -> Network:
    """The committed trained network, from ``compute/assets/network.npz`` (arrays read-only)."""
    return network_from_npz(WEIGHTS_PATH)
