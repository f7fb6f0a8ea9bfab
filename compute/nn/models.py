"""The two trained networks behind one small interface, and ``MODELS``, the registry of their names.

Every model holds ``params`` (name -> float array), ``config`` (its architecture, plain ints and
tuples: nothing is guessed from the parameter names), ``meta`` (what training recorded: seed, split,
accuracy…) and ``history`` (per-epoch arrays, HISTORY_KEYS), and offers

    Model.create(config=None, seed=0)        fresh parameters, drawn from default_rng(seed)
    model.inputs(images, rng=None)           digits (B,28,28) -> the model's input batch
    model.logits(x) / model.predict(x)       forward pass (float64 unless the params are float32)
    model.fast_logits(x)                     the training forward, batched (used while training)
    model.loss_and_grads(x, y)               (mean cross-entropy, grads like params, logits (B,10))

**NiN** (``"nin"``, the network of fig5a–c), channels first::

    x (N,1,28,28) → conv1 3×3 (C1) → ReLU → max pool 2×2 → conv2 … convL (padding k//2) → ReLU
      = features (N,CL,14,14) → 1×1 head (10) = class maps (N,10,14,14) → spatial mean = logits (N,10)

Its public forward (``features``, ``class_maps``, ``logits``) is the project's ``conv2d``/``conv1x1``;
training runs the same arithmetic as im2col products in a (C,H,W,N) layout (tests check both agree).

**PointNet** (``"pointnet"``), on a digit's ink as P points (``compute.nn.points``)::

    x (B,2,P) → shared MLP: 1×1 conv 2→64 → ReLU → 64→64 → ReLU → 64→128 → ReLU = point features (B,128,P)
      → max over the P points = global feature (B,128) → dense 128→64 → ReLU → 64→10 = logits (B,10)

The same shared MLP is applied to every point (a 1×1 convolution over the (2,P) tensor), and the
max is symmetric, so the logits do not depend on the order of the points.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from compute.conv import conv1x1, conv2d
from compute.nn.layers import (
    conv1x1_backward,
    conv1x1_forward,
    conv_backward,
    conv_forward,
    dense_backward,
    dense_forward,
    max_over_points,
    max_over_points_backward,
    maxpool2x2,
    maxpool2x2_backward,
    relu,
    relu_backward,
    softmax,
    softmax_cross_entropy,
)
from compute.nn.points import N_POINTS, POINTS_SEED, point_clouds

N_CLASSES = 10
HISTORY_KEYS = ("train_loss", "train_acc", "heldout_acc", "seconds")


def _he_normal(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """He normal: std sqrt(2 / fan_in), fan_in = the product of shape[1:]."""
    return rng.normal(0.0, np.sqrt(2.0 / int(np.prod(shape[1:]))), size=shape)


def _glorot_uniform(rng: np.random.Generator, fan_out: int, fan_in: int) -> np.ndarray:
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_out, fan_in))


class Model:
    """What both networks share: parameters, config, metadata, history; construction and checks.

    A subclass sets ``name``, ``DEFAULT_CONFIG``, ``TRAINING`` (default training settings: epochs,
    seed, batch_size, lr, dtype, …), ``WEIGHTS_FILE`` (its committed weights in compute/assets/) and
    implements ``check_config``, ``param_shapes``, ``logits_weights``, ``inputs``, ``fast_logits``,
    ``loss_and_grads``.
    """

    name: ClassVar[str]
    DEFAULT_CONFIG: ClassVar[dict]
    TRAINING: ClassVar[dict]
    WEIGHTS_FILE: ClassVar[str]

    def __init__(self, params: dict[str, np.ndarray], config: dict | None = None, meta=None, history=None):
        self.config = self.check_config({**self.DEFAULT_CONFIG, **(config or {})})
        shapes = self.param_shapes(self.config)
        if set(params) != set(shapes):
            raise ValueError(f"{self.name} parameters {sorted(params)} do not match its config's {list(shapes)}")
        for key, shape in shapes.items():
            if np.shape(params[key]) != shape:
                raise ValueError(f"{self.name} parameter {key} has shape {np.shape(params[key])}, config needs {shape}")
        self.params = {k: params[k] for k in shapes}  # in forward order
        self.meta = dict(meta or {})
        self.history = dict(history or {})

    # --- construction
    @classmethod
    def check_config(cls, config: dict) -> dict:
        """The config with its values normalised (tuples of ints…); ValueError if it is not valid."""
        raise NotImplementedError

    @classmethod
    def param_shapes(cls, config: dict) -> dict[str, tuple[int, ...]]:
        """Every parameter's name and shape for ``config``, in forward order."""
        raise NotImplementedError

    @classmethod
    def logits_weights(cls, config: dict) -> str:
        """The name of the last (logits) layer's weights: the one layer no ReLU follows."""
        raise NotImplementedError

    @classmethod
    def init_params(cls, config: dict, rng: np.random.Generator) -> dict[str, np.ndarray]:
        """Weights followed by a ReLU: He normal; the logits layer's (``logits_weights``): Glorot uniform;
        biases zero. Drawn in ``param_shapes`` order, so a seed fixes every array."""
        last = cls.logits_weights(config)
        params = {}
        for key, shape in cls.param_shapes(config).items():
            if key == last:
                params[key] = _glorot_uniform(rng, *shape)
            elif key.endswith("_w"):
                params[key] = _he_normal(rng, shape)
            else:
                params[key] = np.zeros(shape)
        return params

    @classmethod
    def create(cls, config: dict | None = None, seed: int = 0) -> "Model":
        """An untrained model: float64 parameters drawn from ``default_rng(seed)`` (``init_params``)."""
        config = cls.check_config({**cls.DEFAULT_CONFIG, **(config or {})})
        return cls(cls.init_params(config, np.random.default_rng(seed)), config)

    # --- views
    @property
    def param_keys(self) -> list[str]:
        return list(self.params)

    @property
    def n_params(self) -> int:
        return int(sum(p.size for p in self.params.values()))

    @property
    def dtype(self):
        return next(iter(self.params.values())).dtype

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
    def inputs(self, images, rng: np.random.Generator | None = None) -> np.ndarray:
        """Digits (B,28,28) in [0,1] -> this model's input batch; ``rng`` (training) may augment."""
        raise NotImplementedError

    def fast_logits(self, x, batch_size: int = 250) -> np.ndarray:
        """Logits (B,10) of an input batch through the training forward, in chunks, in the params' dtype."""
        xb = np.asarray(x, dtype=self.dtype)
        return np.concatenate([self._forward(xb[i : i + batch_size])[0] for i in range(0, len(xb), batch_size)])

    def _forward(self, xb: np.ndarray) -> tuple[np.ndarray, dict]:
        raise NotImplementedError

    def predict(self, x, batch_size: int = 500) -> np.ndarray | int:
        """The predicted digit: an int for one input, (B,) int64 for a batch (evaluated in chunks)."""
        xb, batched = self._as_batch(x)
        out = np.concatenate(
            [self.logits(xb[i : i + batch_size]).argmax(axis=1) for i in range(0, len(xb), batch_size)]
        )
        return out if batched else int(out[0])

    def probabilities(self, x) -> np.ndarray:
        """softmax(logits): (10,) or (B,10)."""
        return softmax(self.logits(x))

    def loss_and_grads(self, x_batch, y_batch) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """Mean softmax cross-entropy over the batch and its gradient for every parameter.

        Computed in the parameters' dtype. Returns (loss, grads (keys and shapes of ``params``), logits (B,10)).
        """
        raise NotImplementedError

    def numeric_grads(self, key: str, x_batch, y_batch, eps: float = 1e-6) -> np.ndarray:
        """The loss's gradient for parameter ``key`` by central differences, (L(p+ε) − L(p−ε)) / 2ε element by
        element: what ``loss_and_grads`` is checked against (slow: two forward passes per element)."""
        p = self.params[key]
        found = np.empty_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = self.loss_and_grads(x_batch, y_batch)[0]
            p[i] = old - eps
            down = self.loss_and_grads(x_batch, y_batch)[0]
            p[i] = old
            found[i] = (up - down) / (2 * eps)
        return found


# ----------------------------------------------------------------------------- Network-in-Network


class NiN(Model):
    """The Network-in-Network digit classifier of fig5a–c. ``params`` (float64):
    conv1_w (C1,1,3,3), conv1_b (C1,), …, convL_w (CL,C(L−1),kL,kL), convL_b (CL,),
    head_w (10,CL) — the 1×1 head's weights —, head_b (10,). config: channels (C1,…,CL), kernels (k1,…,kL).
    """

    name = "nin"
    DEFAULT_CONFIG = {"channels": (8, 16, 32, 32, 64), "kernels": (3, 5, 3, 3, 1)}
    TRAINING = {"epochs": 12, "seed": 11, "batch_size": 32, "lr": 3e-3, "dtype": "float32"}
    WEIGHTS_FILE = "network.npz"

    @classmethod
    def check_config(cls, config: dict) -> dict:
        channels = tuple(int(c) for c in np.atleast_1d(config["channels"]))
        kernels = config.get("kernels")
        kernels = (3,) * len(channels) if kernels is None else tuple(int(k) for k in np.atleast_1d(kernels))
        if (
            len(kernels) != len(channels)
            or len(channels) < 2
            or kernels[0] != 3
            or any(k % 2 == 0 or k < 1 for k in kernels)
            or min(channels) < 1
        ):
            raise ValueError(
                f"need >= 2 conv layers, the first 3×3, all odd; got channels {channels}, kernels {kernels}"
            )
        return {"channels": channels, "kernels": kernels}

    @classmethod
    def param_shapes(cls, config: dict) -> dict[str, tuple[int, ...]]:
        shapes, c_in = {}, 1
        for layer, (c, k) in enumerate(zip(config["channels"], config["kernels"]), start=1):
            shapes[f"conv{layer}_w"] = (c, c_in, k, k)
            shapes[f"conv{layer}_b"] = (c,)
            c_in = c
        shapes["head_w"] = (N_CLASSES, c_in)
        shapes["head_b"] = (N_CLASSES,)
        return shapes

    @classmethod
    def logits_weights(cls, config: dict) -> str:
        return "head_w"  # the 1×1 head; every convolution before it is followed by a ReLU

    @classmethod
    def initialise(
        cls,
        channels: tuple[int, ...] = (8, 16, 32, 32, 64),
        kernels: tuple[int, ...] | None = (3, 5, 3, 3, 1),
        seed: int = 0,
    ) -> "NiN":
        """An untrained network: ``create({"channels": channels, "kernels": kernels}, seed)``."""
        return cls.create({"channels": channels, "kernels": kernels}, seed)

    @property
    def layers(self) -> list[str]:
        """Conv layer names in order, e.g. ["conv1", …, "conv5"] (the head not included)."""
        return [f"conv{i}" for i in range(1, len(self.config["channels"]) + 1)]

    @property
    def channels(self) -> tuple[int, ...]:
        """Output channels of each conv layer, (C1, …, CL); CL feeds the head."""
        return self.config["channels"]

    @property
    def kernel_sizes(self) -> tuple[int, ...]:
        return self.config["kernels"]

    def inputs(self, images, rng=None) -> np.ndarray:
        """Digits (B,28,28) -> (B,1,28,28) float64 (no augmentation)."""
        return np.asarray(images, dtype=np.float64)[:, None]

    @staticmethod
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

    # --- the public forward pass, on the project's conv2d and conv1x1
    def _conv(self, layer: str, x: np.ndarray) -> np.ndarray:
        w, b = self.params[f"{layer}_w"], self.params[f"{layer}_b"]
        if w.shape[-1] == 1:
            return conv1x1(x, w, b)
        return conv2d(x, w, b, padding=w.shape[-1] // 2)

    def features(self, x) -> np.ndarray:
        """The feature maps fed to the 1×1 head: x (28,28) -> (CL,14,14); x (N,1,28,28) -> (N,CL,14,14)."""
        xb, batched = self._as_batch(x, self.dtype)
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

    # --- training
    def _forward(self, xb: np.ndarray) -> tuple[np.ndarray, dict]:
        """The training forward: xb (N,1,H,W) -> (logits (N,10), what the backward needs).

        Same arithmetic as ``logits`` but as im2col products in a (C,H,W,N) layout, in the
        parameters' dtype; keeps each layer's input shape, im2col matrix and ReLU output.
        """
        p = self.params
        a = xb.transpose(1, 2, 3, 0)  # 1,H,W,N
        saved, arg = [], None
        for i, layer in enumerate(self.layers):
            out, cols = conv_forward(a, p[f"{layer}_w"], p[f"{layer}_b"])
            out = np.maximum(out, 0, out=out)  # ReLU; F,H,W,N
            saved.append((a.shape, cols, out))
            a = out
            if i == 0:
                a, arg = maxpool2x2(out, axes=(1, 2))
        feat = a  # CL,h,w,N
        feat_mean = feat.reshape(feat.shape[0], -1, feat.shape[3]).mean(axis=1)  # CL,N
        z = dense_forward(feat_mean, p["head_w"], p["head_b"]).T  # N,10: the spatial mean of the class maps
        return z, {"saved": saved, "arg": arg, "feat": feat, "feat_mean": feat_mean}

    def loss_and_grads(self, x_batch, y_batch) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """x_batch (N,1,H,W) or (N,H,W); y_batch (N,) ints in 0..9 (see ``Model.loss_and_grads``)."""
        p = self.params
        xb = np.asarray(x_batch, dtype=self.dtype)
        xb = xb[:, None] if xb.ndim == 3 else xb
        y = np.asarray(y_batch, dtype=np.int64)
        layers = self.layers
        z, cache = self._forward(xb)
        loss, dz = softmax_cross_entropy(z, y)
        feat = cache["feat"]
        dfeat_mean, g_hw, g_hb = dense_backward(cache["feat_mean"], p["head_w"], dz.T)
        g = {"head_w": g_hw, "head_b": g_hb}
        # through the spatial mean: ∂L/∂feat[c,i,j,n] = ∂L/∂feat_mean[c,n] / (h·w)
        da = np.broadcast_to(dfeat_mean[:, None, None, :] / (feat.shape[1] * feat.shape[2]), feat.shape)
        for i in range(len(layers) - 1, -1, -1):
            in_shape, cols, out = cache["saved"][i]
            if i == 0:
                da = maxpool2x2_backward(da, cache["arg"], axes=(1, 2))
            dy = relu_backward(da, out)
            da, g[f"{layers[i]}_w"], g[f"{layers[i]}_b"] = conv_backward(
                dy, cols, p[f"{layers[i]}_w"], in_shape, need_dx=i > 0
            )
        return loss, {key: g[key] for key in self.params}, z


# ----------------------------------------------------------------------------- PointNet


class PointNet(Model):
    """A tiny PointNet on a digit's ink as a point cloud. ``params`` (float64), for config
    mlp (64, 64, 128) and head (64,): mlp1_w (64,2), mlp1_b (64,), mlp2_w (64,64), mlp2_b,
    mlp3_w (128,64), mlp3_b (128,) — the shared MLP, 1×1 convolutions over the points —;
    fc1_w (64,128), fc1_b (64,), fc2_w (10,64), fc2_b (10,) — the dense head.
    config: n_points P, mlp (channels of the shared MLP), head (hidden widths of the head),
    points_seed (the fixed evaluation sample, ``compute.nn.points``).
    """

    name = "pointnet"
    DEFAULT_CONFIG = {"n_points": N_POINTS, "mlp": (64, 64, 128), "head": (64,), "points_seed": POINTS_SEED}
    TRAINING = {"epochs": 60, "seed": 7, "batch_size": 64, "lr": 3e-3, "dtype": "float32", "jitter": 0.02}
    WEIGHTS_FILE = "pointnet.npz"

    @classmethod
    def check_config(cls, config: dict) -> dict:
        mlp = tuple(int(c) for c in np.atleast_1d(config["mlp"]))
        head = tuple(int(c) for c in np.atleast_1d(config["head"]))
        n_points = int(config["n_points"])
        if not mlp or min(mlp) < 1 or min(head, default=1) < 1 or n_points < 1:
            raise ValueError(
                f"need >= 1 shared layer, positive widths and points; got mlp {mlp}, head {head}, n_points {n_points}"
            )
        return {"n_points": n_points, "mlp": mlp, "head": head, "points_seed": int(config["points_seed"])}

    @classmethod
    def param_shapes(cls, config: dict) -> dict[str, tuple[int, ...]]:
        shapes, c_in = {}, 2
        for i, c in enumerate(config["mlp"], start=1):
            shapes[f"mlp{i}_w"], shapes[f"mlp{i}_b"] = (c, c_in), (c,)
            c_in = c
        for i, c in enumerate((*config["head"], N_CLASSES), start=1):
            shapes[f"fc{i}_w"], shapes[f"fc{i}_b"] = (c, c_in), (c,)
            c_in = c
        return shapes

    @classmethod
    def logits_weights(cls, config: dict) -> str:
        return f"fc{len(config['head']) + 1}_w"

    @property
    def mlp_layers(self) -> list[str]:
        return [f"mlp{i}" for i in range(1, len(self.config["mlp"]) + 1)]

    @property
    def head_layers(self) -> list[str]:
        return [f"fc{i}" for i in range(1, len(self.config["head"]) + 2)]

    def inputs(self, images, rng=None, jitter: float | None = None) -> np.ndarray:
        """Digits (B,28,28) -> clouds (B,2,P): with ``rng`` a fresh sample plus ± jitter (training;
        default ``TRAINING["jitter"]``), without it the fixed evaluation sample (``points_seed``)."""
        c = self.config
        if rng is None:
            return point_clouds(images, c["n_points"], seed=c["points_seed"])
        jitter = self.TRAINING["jitter"] if jitter is None else jitter
        return point_clouds(images, c["n_points"], rng=rng, jitter=jitter)

    @staticmethod
    def _as_batch(x, dtype=np.float64) -> tuple[np.ndarray, bool]:
        """(2,P) -> one cloud; (B,2,P) -> a batch. Returns ((B,2,P) as dtype, batched)."""
        x = np.asarray(x, dtype=dtype)
        if x.ndim == 2 and x.shape[0] == 2:
            return x[None], False
        if x.ndim == 3 and x.shape[1] == 2:
            return x, True
        raise ValueError(f"points must be (2,P) or (B,2,P), channels first; got shape {x.shape}")

    def _forward(self, xb: np.ndarray) -> tuple[np.ndarray, dict]:
        """xb (B,2,P) -> (logits (B,10), every layer's output for the backward), in the params' dtype.

        The shared MLP runs on all B·P points at once as (C, B·P) matrices (1×1 convolutions)."""
        p = self.params
        n_batch, _, n_points = xb.shape
        a = xb.transpose(1, 0, 2).reshape(2, n_batch * n_points)
        point_acts = [a]
        for layer in self.mlp_layers:
            a = conv1x1_forward(a, p[f"{layer}_w"], p[f"{layer}_b"])
            np.maximum(a, 0, out=a)
            point_acts.append(a)
        g, arg = max_over_points(a.reshape(a.shape[0], n_batch, n_points))  # C,B
        head_acts = [g]
        for i, layer in enumerate(self.head_layers):
            g = dense_forward(g, p[f"{layer}_w"], p[f"{layer}_b"])
            if i < len(self.head_layers) - 1:
                np.maximum(g, 0, out=g)
            head_acts.append(g)
        return g.T, {"point_acts": point_acts, "head_acts": head_acts, "arg": arg, "shape": (n_batch, n_points)}

    def point_features(self, x) -> np.ndarray:
        """The shared MLP's output at every point: (2,P) -> (C,P); (B,2,P) -> (B,C,P)."""
        xb, batched = self._as_batch(x, self.dtype)
        _, cache = self._forward(xb)
        f = cache["point_acts"][-1].reshape(-1, *cache["shape"]).transpose(1, 0, 2)
        return f if batched else f[0]

    def global_feature(self, x) -> tuple[np.ndarray, np.ndarray]:
        """(global feature, winning point): (2,P) -> ((C,), (C,) int64); (B,2,P) -> ((B,C), (B,C))."""
        xb, batched = self._as_batch(x, self.dtype)
        _, cache = self._forward(xb)
        g, arg = cache["head_acts"][0].T, cache["arg"].T
        return (g, arg) if batched else (g[0], arg[0])

    def logits(self, x) -> np.ndarray:
        """Class scores: (2,P) -> (10,); (B,2,P) -> (B,10)."""
        xb, batched = self._as_batch(x, self.dtype)
        z = self._forward(xb)[0]
        return z if batched else z[0]

    def loss_and_grads(self, x_batch, y_batch) -> tuple[float, dict[str, np.ndarray], np.ndarray]:
        """x_batch (B,2,P); y_batch (B,) ints in 0..9 (see ``Model.loss_and_grads``).

        The max over points sends each channel's gradient to its winning point only."""
        p = self.params
        xb = np.asarray(x_batch, dtype=self.dtype)
        y = np.asarray(y_batch, dtype=np.int64)
        z, cache = self._forward(xb)
        loss, dz = softmax_cross_entropy(z, y)
        g = {}
        d = dz.T  # 10,B
        head_acts = cache["head_acts"]
        for i in range(len(self.head_layers) - 1, -1, -1):
            layer = self.head_layers[i]
            if i < len(self.head_layers) - 1:
                d = relu_backward(d, head_acts[i + 1])
            d, g[f"{layer}_w"], g[f"{layer}_b"] = dense_backward(head_acts[i], p[f"{layer}_w"], d)
        n_batch, n_points = cache["shape"]
        d = max_over_points_backward(d, cache["arg"], n_points).reshape(d.shape[0], n_batch * n_points)
        point_acts = cache["point_acts"]
        for i in range(len(self.mlp_layers) - 1, -1, -1):
            layer = self.mlp_layers[i]
            d = relu_backward(d, point_acts[i + 1])
            d, g[f"{layer}_w"], g[f"{layer}_b"] = conv1x1_backward(point_acts[i], p[f"{layer}_w"], d, need_dx=i > 0)
        return loss, {key: g[key] for key in self.params}, z


MODELS: dict[str, type[Model]] = {cls.name: cls for cls in (NiN, PointNet)}


def model_class(name: str) -> type[Model]:
    """The model class registered as ``name``; ValueError naming the known models otherwise."""
    try:
        return MODELS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown model {name!r}; known models: {', '.join(MODELS)}") from None
