"""The one weights format of both networks, read and written here only.

A plain compressed .npz (no pickles: read with ``allow_pickle=False``) with the keys

    format            () int64, FORMAT_VERSION
    model             () str, a name in ``MODELS`` ("nin", "pointnet")
    config_<key>      the architecture (ints, int tuples as (K,) int64)
    param_<name>      every parameter, float64, in the shape the config gives
    history_<key>     (E,) float64 per epoch, for HISTORY_KEYS
    meta_<key>        what training recorded: seed, split_seed, n_train, n_heldout, heldout_idx (2000,) int16,
                      epochs, batch_size, learning_rate, heldout_accuracy, heldout_correct, train_seconds,
                      train_dtype (str), and any model-specific setting (e.g. jitter)

``load(path, model)`` refuses — with ``WeightsError``, a ValueError whose one-line message names the
file and the problem — a missing, damaged or truncated file, one without these keys, one of
another model, and parameters whose shapes do not fit the config; nothing is ever loaded into the
wrong network. ``load_trained(name)`` reads the committed weights in compute/assets/ (cached, read-only).
"""

from __future__ import annotations

import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.lib.npyio import NpzFile

from compute.files import atomic_write
from compute.nn.models import HISTORY_KEYS, MODELS, Model, model_class

ASSETS = Path(__file__).resolve().parents[1] / "assets"
FORMAT_VERSION = 2
REQUIRED_META = (
    "seed",
    "split_seed",
    "n_train",
    "n_heldout",
    "heldout_idx",
    "epochs",
    "batch_size",
    "learning_rate",
    "heldout_accuracy",
    "heldout_correct",
    "train_seconds",
    "train_dtype",
)


class WeightsError(ValueError):
    """A weights file that cannot be used; the message is one line: '<file>: <problem>'."""

    def __init__(self, path, problem: str):
        self.path, self.problem = Path(path), " ".join(str(problem).split())
        super().__init__(f"{self.path}: {self.problem}")


def weights_path(name: str) -> Path:
    """The committed weights of model ``name``: compute/assets/<its WEIGHTS_FILE>."""
    return ASSETS / model_class(name).WEIGHTS_FILE


def _to_array(value) -> np.ndarray:
    if isinstance(value, str):
        return np.array(value)
    if isinstance(value, (tuple, list)):
        return np.asarray(value, dtype=np.int64)
    if isinstance(value, (bool, np.bool_)):
        return np.asarray(value)
    if isinstance(value, (int, np.integer)):
        return np.int64(value)
    if isinstance(value, (float, np.floating)):
        return np.float64(value)
    return np.asarray(value)


def _from_array(a: np.ndarray, tuple_ok: bool = False):
    if a.ndim == 0:
        if a.dtype.kind == "U":
            return str(a)
        if a.dtype.kind == "b":
            return bool(a)
        return int(a) if a.dtype.kind in "iu" else float(a)
    if tuple_ok and a.ndim == 1 and a.dtype.kind in "iu":
        return tuple(int(v) for v in a)
    out = a.copy()
    out.setflags(write=False)
    return out


def save(model: Model, path: str | Path, history: dict[str, np.ndarray] | None = None) -> Path:
    """Write ``model`` (params as float64, config, meta, history — ``history`` replaces ``model.history``)
    to ``path`` in the format above, atomically (a temporary name, then renamed). Returns the path."""
    history = model.history if history is None else history
    missing = [k for k in REQUIRED_META if k not in model.meta]
    if missing:
        raise ValueError(f"cannot save a {model.name} model without meta {', '.join(missing)} (train it first)")
    arrays = {"format": np.int64(FORMAT_VERSION), "model": np.array(model.name)}
    arrays |= {f"config_{k}": _to_array(v) for k, v in model.config.items()}
    arrays |= {f"param_{k}": np.asarray(v, dtype=np.float64) for k, v in model.params.items()}
    arrays |= {f"history_{k}": np.asarray(history[k], dtype=np.float64) for k in HISTORY_KEYS}
    meta = dict(model.meta)
    meta["heldout_idx"] = np.asarray(meta["heldout_idx"], dtype=np.int16)  # dataset positions < 10,000
    arrays |= {f"meta_{k}": _to_array(v) for k, v in meta.items()}

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:  # np.savez_compressed(path) would append ".npz" to other names
            np.savez_compressed(fh, **arrays)

    return atomic_write(path, write)


def _read_all(path: Path) -> dict[str, np.ndarray]:
    """Every array of the .npz, fully decompressed (so a damaged member fails here, not later)."""
    if not path.is_file():
        raise WeightsError(path, "no such file")
    try:
        data = np.load(path, allow_pickle=False)
        if not isinstance(data, NpzFile):
            raise WeightsError(path, "not an .npz archive (a single .npy array)")
        with data:
            return {k: data[k] for k in data.files}
    except WeightsError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError) as error:
        kind = type(error).__name__
        raise WeightsError(path, f"damaged or truncated weights file, not a readable .npz ({kind}: {error})") from None


def load(path: str | Path, model: str | None = None) -> Model:
    """Read a weights file written by ``save``; ``model`` (a name in MODELS) if given must match the file's.

    Returns the model with float64 parameters, its config, meta and history (arrays read-only).
    Raises ``WeightsError`` (one line: the file and the problem) for anything it cannot trust.
    """
    path = Path(path)
    if model is not None:
        model_class(model)  # an unknown expected name is a ValueError naming the known ones
    data = _read_all(path)
    if "model" not in data:
        if "conv1_w" in data:
            raise WeightsError(path, "weights in the old format (no 'model' key); re-save with compute.nn.weights.save")
        raise WeightsError(path, "not a onebyone weights file (no 'model' key)")
    if data["model"].ndim != 0 or data["model"].dtype.kind != "U":
        raise WeightsError(path, "its 'model' key is not a name")
    name = str(data["model"])
    if name not in MODELS:
        raise WeightsError(path, f"holds an unknown model {name!r}; known models: {', '.join(MODELS)}")
    if model is not None and name != model:
        raise WeightsError(path, f"holds a {name!r} network, not {model!r}")
    version = data.get("format")
    if version is None or version.ndim != 0 or int(version) != FORMAT_VERSION:
        raise WeightsError(
            path, f"weights format {None if version is None else version.tolist()}, expected {FORMAT_VERSION}"
        )
    cls = model_class(name)
    config = {k[len("config_") :]: _from_array(v, tuple_ok=True) for k, v in data.items() if k.startswith("config_")}
    missing = [k for k in cls.DEFAULT_CONFIG if k not in config]
    if missing:
        raise WeightsError(path, f"{name} config lacks {', '.join(missing)}")
    try:
        config = cls.check_config(config)
    except (ValueError, TypeError) as error:
        raise WeightsError(path, f"bad {name} config: {error}") from None
    shapes = cls.param_shapes(config)
    stored = {k[len("param_") :] for k in data if k.startswith("param_")}
    if stored != set(shapes):
        lacking, extra = sorted(set(shapes) - stored), sorted(stored - set(shapes))
        raise WeightsError(
            path, f"{name} parameters do not fit its config: missing {lacking or 'none'}, unexpected {extra or 'none'}"
        )
    params = {}
    for key, shape in shapes.items():
        value = data[f"param_{key}"]
        if value.shape != shape or value.dtype.kind != "f":
            raise WeightsError(
                path, f"parameter {key} is {value.dtype} {value.shape}, the {name} config needs float {shape}"
            )
        if not np.all(np.isfinite(value)):
            raise WeightsError(path, f"parameter {key} holds non-finite values")
        params[key] = value.astype(np.float64)
        params[key].setflags(write=False)
    missing = [k for k in REQUIRED_META if f"meta_{k}" not in data] + [
        k for k in HISTORY_KEYS if f"history_{k}" not in data
    ]
    if missing:
        raise WeightsError(path, f"lacks {', '.join(missing)}")
    meta = {k[len("meta_") :]: _from_array(v) for k, v in data.items() if k.startswith("meta_")}
    meta["heldout_idx"] = np.asarray(meta["heldout_idx"], dtype=np.int64)
    meta["heldout_idx"].setflags(write=False)
    history = {k: _from_array(data[f"history_{k}"]) for k in HISTORY_KEYS}
    if any(h.shape != (meta["epochs"],) for h in history.values()):
        raise WeightsError(path, f"its history does not have one entry per epoch ({meta['epochs']})")
    return cls(params, config, meta, history)


@lru_cache(maxsize=None)
def load_trained(name: str = "nin") -> Model:
    """The committed trained model ``name`` (compute/assets/, arrays read-only), read once per process."""
    return load(weights_path(name), name)
