"""Whether a figure's files are up to date: what it is made from, and the stamps that record it.

A figure has two *parts*, its still (value snapshot and SVG, in the figures folder) and its video
(video, captions, step videos and poster, in the media folder). A part's *key* is a digest of
everything that decides its files:

* the figure's values (a digest of every array) — recomputed only when the *values key*, a digest of
  compute/'s sources and data and of NumPy & co.'s versions, changed;
* the source of the figure's scene module and of every project module it and the render pipeline
  import (read from their ``import`` statements, not run: a scene's own ``*_parts.py`` counts,
  another figure's scene does not, and the value functions count through the values);
* the versions of Python, manim, numpy, scipy, matplotlib, pycairo, PyAV, Pillow and typst;
* for the video, the quality, frame rate and pace.

A part is up to date when its key is the one in the figure's stamp (``<media>/.stamps/<id>.json``)
and every file the stamp lists is there with the size and modification time it had when stamped.
"""

from __future__ import annotations

import ast
import hashlib
import json
import sys
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

import numpy as np

from compute.files import atomic_write
from onebyone.batch_options import Options
from scenes.registry import Figure, get
from scenes.settings import DEFAULT_THEME

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("compute", "scenes", "onebyone")  # the project's own modules: their sources are inputs
VALUE_PACKAGES = ("compute.values",)  # value functions: they reach a figure through its values' digest
PIPELINE = ("scenes.pipeline.output",)  # what draws and writes a figure besides its scene module
VERSIONED = ("manim", "numpy", "scipy", "matplotlib", "pycairo", "av", "pillow", "typst")
STAMPS = ".stamps"
FORMAT = 1  # of the stamps: a stamp of another format is not trusted


# ---- what a figure is made from --------------------------------------------------------------------


def module_path(name: str) -> Path | None:
    """The source file of project module ``name`` (a module or a package's __init__), or None."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _is_project(name: str) -> bool:
    return name.split(".")[0] in PACKAGES


def imported_modules(name: str) -> set[str]:
    """The project modules that module ``name`` imports anywhere in its source (read, not run)."""
    path = module_path(name)
    if path is None:
        return set()
    info = path.stat()
    return set(_imports(name, str(path), info.st_size, info.st_mtime_ns))


@lru_cache(maxsize=1024)
def _imports(name: str, path: str, size: int, mtime_ns: int) -> frozenset[str]:
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(Path(path).read_bytes(), path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from scenes import text`
    return frozenset(m for m in found if m and _is_project(m) and module_path(m) is not None)


def module_closure(roots: Iterable[str], skip: tuple[str, ...] = ()) -> list[str]:
    """``roots`` and every project module they import, directly or not (not descending into ``skip``)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or any(name == s or name.startswith(s + ".") for s in skip):
            continue
        seen.add(name)
        todo.extend(imported_modules(name))
    return sorted(seen)


def scene_modules(figure: Figure) -> list[str]:
    """The modules that draw ``figure``: its scene module, the pipeline, and what they import."""
    return module_closure([figure.scene_ref.split(":")[0], *PIPELINE], skip=VALUE_PACKAGES)


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else json.dumps(part, sort_keys=True, default=str).encode())
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes (read again only when its size or modification time changed)."""
    info = path.stat()
    return _file_digest(str(path), info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=4096)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def sources_digest(modules: Iterable[str]) -> str:
    return _digest(*(item for name in modules for item in (name, file_digest(module_path(name)))))


@lru_cache(maxsize=1)
def versions() -> dict[str, str | None]:
    """Installed versions of what draws and encodes the figures (and Python's)."""
    found: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def values_key(figure: Figure) -> str:
    """What ``figure``'s values are computed from: compute/'s sources and data, NumPy & co.'s versions."""
    compute = ROOT / "compute"
    files = sorted(p for p in compute.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    contents = (item for p in files for item in (str(p.relative_to(ROOT)), file_digest(p)))
    return _digest(figure.id, figure.compute.__module__, figure.compute.__name__, versions(), *contents)


def values_digest(values: dict[str, np.ndarray]) -> str:
    """A digest of every array: its name, dtype, shape and bytes."""
    h = hashlib.sha256()
    for key in sorted(values):
        a = np.ascontiguousarray(values[key])
        h.update(json.dumps([key, a.dtype.str, a.shape]).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def part_keys(figure: Figure, digest: str, options: Options) -> dict[str, str]:
    """The key of each part of ``figure`` whose values have digest ``digest``."""
    drawn = _digest(digest, sources_digest(scene_modules(figure)), versions(), DEFAULT_THEME)
    return {
        "still": _digest("still", drawn),
        "video": _digest("video", drawn, options.quality, options.fps, float(options.pace)),
    }


# ---- stamps -------------------------------------------------------------------------------------------


def stamp_dir(media: Path) -> Path:
    return Path(media) / STAMPS


def read_stamp(media: Path, figure_id: str) -> dict:
    """The stamp of ``figure_id`` ({} when there is none, or it is unreadable or of another format)."""
    try:
        stamp = json.loads((stamp_dir(media) / f"{figure_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) and stamp.get("format") == FORMAT else {}


def write_stamp(media: Path, figure_id: str, stamp: dict) -> Path:
    text = json.dumps({**stamp, "format": FORMAT}, indent=1, sort_keys=True) + "\n"
    return atomic_write(stamp_dir(media) / f"{figure_id}.json", lambda tmp: Path(tmp).write_text(text, "utf-8"))


def file_marks(paths: Iterable[Path]) -> dict[str, list[int]]:
    """{absolute path: [size, modification time in ns]} of each file."""
    marks = {}
    for path in paths:
        info = Path(path).stat()
        marks[str(Path(path).resolve())] = [info.st_size, info.st_mtime_ns]
    return marks


def expected_files(figure_id: str, part: str, options: Options) -> list[Path]:
    """The files a part always has (a video's step videos are known only once rendered)."""
    if part == "still":
        return [options.figures_dir / f"{figure_id}.values.json"] + [
            options.figures_dir / name for _, name in get(figure_id).committed_stills()
        ]
    media, store = options.media, options.media / "sections"
    return [
        media / f"{figure_id}.mp4",
        media / f"{figure_id}.srt",
        media / f"{figure_id}.vtt",
        media / f"{figure_id}.poster.png",
        store / f"{figure_id}.json",
        store / f"{figure_id}.settings.json",
    ]


def is_fresh(stamp: dict, figure_id: str, part: str, key: str, options: Options) -> bool:
    """Whether ``part`` was made with ``key`` and every file it made is there, unchanged."""
    made = stamp.get(part)
    if not isinstance(made, dict) or made.get("key") != key or not isinstance(made.get("files"), dict):
        return False
    recorded = made["files"]
    if not {str(p.resolve()) for p in expected_files(figure_id, part, options)} <= set(recorded):
        return False
    try:
        return file_marks(Path(p) for p in recorded) == recorded
    except OSError:
        return False


@contextmanager
def figure_lock(media: Path, figure_id: str):
    """Hold ``<media>/.stamps/<id>.lock`` (waiting for another run that holds it); no-op without fcntl."""
    try:
        import fcntl
    except ImportError:  # not POSIX: renders still work in private folders with atomic renames
        yield
        return
    folder = stamp_dir(media)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{figure_id}.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
