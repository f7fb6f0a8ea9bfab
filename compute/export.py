"""Writing a figure's values: full arrays (JSON or NPZ) and the committed regression snapshot.

Every write goes through a temporary file and a rename, so a failed run never leaves a
half-written file or destroys an earlier one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np

FULL_LIMIT = 1024  # arrays up to this many elements are kept whole in a snapshot
SAMPLES = 16


def atomic_write(path: Path | str, write: Callable[[str], None]) -> Path:
    """Call ``write(tmp_path)`` for a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:  # name the file the user asked for, not a temporary one
        raise OSError(error.errno, error.strerror, str(path)) from None
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_text(path: Path | str, text: str) -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    return atomic_write(path, write)


def to_jsonable(values: dict[str, np.ndarray]) -> dict:
    """Every array in full: {name: {"shape": [...], "dtype": "...", "data": nested lists}}."""
    return {
        key: {"shape": list(np.shape(a)), "dtype": str(np.asarray(a).dtype), "data": np.asarray(a).tolist()}
        for key, a in values.items()
    }


def write_values(values: dict[str, np.ndarray], path: Path | str) -> Path:
    """All arrays in full, as .json or .npz (chosen by the suffix)."""
    path = Path(path)
    if path.suffix == ".npz":

        def write(tmp: str) -> None:
            with open(tmp, "wb") as fh:
                np.savez(fh, **{k: np.asarray(v) for k, v in values.items()})

        return atomic_write(path, write)
    if path.suffix == ".json":
        return _write_text(path, json.dumps(to_jsonable(values), indent=1) + "\n")
    raise ValueError(f"values file must end in .json or .npz, got {path.name!r}")


def summarize(array: np.ndarray) -> dict:
    """A snapshot entry: the whole array when small, else statistics and fixed samples."""
    a = np.asarray(array)
    entry: dict = {"shape": list(a.shape), "dtype": str(a.dtype)}
    if a.size <= FULL_LIMIT:
        entry["data"] = a.tolist()
        return entry
    flat = a.astype(np.float64).ravel()
    picks = np.linspace(0, flat.size - 1, SAMPLES).round().astype(int)
    entry.update(
        sum=float(flat.sum()),
        abs_sum=float(np.abs(flat).sum()),
        min=float(flat.min()),
        max=float(flat.max()),
        std=float(flat.std()),
        sample_at=picks.tolist(),
        samples=flat[picks].tolist(),
    )
    return entry


def snapshot(values: dict[str, np.ndarray]) -> dict:
    """The regression snapshot of a figure's values, as committed in ``figures/<id>.values.json``."""
    return {key: summarize(a) for key, a in values.items()}


def write_snapshot(values: dict[str, np.ndarray], path: Path | str) -> Path:
    return _write_text(path, json.dumps(snapshot(values), indent=1, sort_keys=True) + "\n")


def snapshot_mismatches(
    expected: dict, values: dict[str, np.ndarray], rtol: float = 1e-9, atol: float = 1e-12
) -> list[str]:
    """What differs between a committed snapshot and freshly computed values (empty when equal)."""
    problems = []
    if set(expected) != set(values):
        problems.append(f"keys differ: committed {sorted(expected)}, computed {sorted(values)}")
    for key in sorted(set(expected) & set(values)):
        want, got = expected[key], summarize(values[key])
        if want["shape"] != got["shape"]:
            problems.append(f"{key}: shape {got['shape']} != committed {want['shape']}")
            continue
        for field in ("data", "sum", "abs_sum", "min", "max", "std", "samples"):
            if field in want and not np.allclose(
                np.asarray(got[field], float), np.asarray(want[field], float), rtol=rtol, atol=atol
            ):
                problems.append(f"{key}: {field} differs from the committed snapshot")
    return problems
