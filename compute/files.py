"""The one way the project writes a file: to a temporary name beside it, then renamed into place.

A failed run (an exception inside the writer, a full disk, a crash) never leaves a half-written file or
destroys an earlier one, and two processes writing the same file each put a whole one in place. Folders
are built in a private staging folder and swapped in whole (``staged_dir``).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


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
    except OSError as error:  # a full disk, say: name the file being written, not the temporary one
        if error.filename not in (None, tmp):
            raise
        raise OSError(error.errno, error.strerror or str(error), str(path)) from error
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(path: Path | str, text: str) -> Path:
    """``text`` (UTF-8) to ``path``, atomically."""

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)

    return atomic_write(path, write)


def write_json(path: Path | str, data) -> Path:
    """``data`` as indented JSON (UTF-8, non-ASCII kept) to ``path``, atomically."""
    return write_text(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def replace_dir(new: Path, target: Path, scratch: Path) -> None:
    """Put folder ``new`` in place of ``target`` (renames only; the old one goes into ``scratch``)."""
    for attempt in range(10):
        try:
            os.rename(target, scratch / f"previous-{attempt}")
        except FileNotFoundError:
            pass
        try:
            os.rename(new, target)
            return
        except OSError as error:  # another process put its own in place meanwhile: move that one away
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
    raise OSError(errno.EBUSY, "kept being replaced by another process", str(target))


@contextmanager
def staged_dir(target: Path) -> Iterator[Path]:
    """A private staging folder beside ``target`` to build it in: yields the staging folder, whose
    ``target.name`` subfolder is swapped in for ``target`` when the block ends without an error; the rest of
    the staging folder (scratch files) is removed either way."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-"))
    try:
        yield staging
        replace_dir(staging / target.name, target, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
