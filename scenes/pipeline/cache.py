"""The on-disk cache of things that cost time to make and never change for the same inputs: typeset text,
compiled formulas, colour-map tables. One entry per file, written to a temporary name and renamed, so
renders running at the same time never read half an entry; an unwritable cache only costs time."""

from __future__ import annotations

import hashlib
import os
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from compute.files import atomic_write


def cache_dir() -> Path:
    """$ONEBYONE_CACHE, else $XDG_CACHE_HOME/onebyone, else ~/.cache/onebyone."""
    root = os.environ.get("ONEBYONE_CACHE")
    if root:
        return Path(root)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "onebyone"


@lru_cache(maxsize=None)
def version_of(distribution: str) -> str:
    """The installed version of ``distribution`` (part of every key made from its output), without importing it."""
    from importlib.metadata import version

    return version(distribution)


def entry(kind: str, *key: str) -> Path:
    """The file of the entry of ``kind`` ('text', 'math', 'cmap') for ``key``."""
    digest = hashlib.sha256("\0".join(key).encode()).hexdigest()[:24]
    return cache_dir() / kind / f"{digest}.npz"


def load(path: Path) -> dict[str, np.ndarray] | None:
    """The arrays of an entry, or None if there is none (or it cannot be read)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile):  # none, or half of one
        return None


def save(path: Path, **arrays: np.ndarray) -> None:
    """np.savez through ``atomic_write`` (a temporary file, then a rename): readers never see half a file."""

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:  # a handle: given a name, np.savez would append ".npz" to it
            np.savez(fh, **arrays)

    try:
        atomic_write(path, write)
    except OSError:
        pass  # no writable cache: make it again next time


def cached_array(kind: str, key: tuple[str, ...], make: Callable[[], np.ndarray]) -> np.ndarray:
    """``make()``, or the array it gave last time for the same ``key``; read-only."""
    path = entry(kind, *key)
    found = load(path)
    if found is not None and "array" in found:
        array = found["array"]
    else:
        array = np.asarray(make())
        save(path, array=array)
    array.setflags(write=False)
    return array
