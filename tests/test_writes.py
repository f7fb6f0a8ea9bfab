"""A write that fails partway — the disk full in the middle of a file, or an exception inside the code
that writes it — leaves no partial or temporary file behind and the earlier output as it was, and is told
in one line naming the file (README: "Files are written to a temporary name and renamed")."""

from __future__ import annotations

import builtins
import errno
import io
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from compute.files import atomic_write
from render import cli


class DiskFillsUp:
    """A file that takes the first ``room`` bytes written to it, then fails as a full disk does."""

    def __init__(self, real, room: int):
        self._real, self._room = real, room

    def write(self, data):
        if len(data) > self._room:
            self._real.write(data[: self._room])
            self._real.flush()
            self._room = 0
            raise OSError(errno.ENOSPC, "No space left on device")
        self._room -= len(data)
        return self._real.write(data)

    def __getattr__(self, name):
        return getattr(self._real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._real.close()


@pytest.fixture
def full_disk(monkeypatch):
    """Every temporary file opened for writing (``.<name>.….tmp``, as atomic_write names them) fills the
    disk after 100 bytes; other files open as usual. Returns the names of the files it failed."""
    failed: list[str] = []
    real_open = builtins.open

    def opening(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        name = Path(str(file)).name if isinstance(file, (str, Path)) else ""
        if name.endswith(".tmp") and any(m in mode for m in "wax"):
            failed.append(name)
            return DiskFillsUp(handle, 100)
        return handle

    monkeypatch.setattr(builtins, "open", opening)
    monkeypatch.setattr(io, "open", opening)  # pathlib opens files through io.open
    return failed


def one_line(result, says: str) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in result.output, result.output
    return lines[0]


def untouched(folder: Path, earlier: dict[str, bytes]) -> None:
    """Only the earlier files are in ``folder``, each as it was."""
    assert sorted(p.name for p in folder.iterdir()) == sorted(earlier)
    for name, content in earlier.items():
        assert (folder / name).read_bytes() == content, name


@pytest.mark.parametrize("suffix", [".json", ".npz"])
def test_values_file_on_a_full_disk(suffix, tmp_path, full_disk):
    target = tmp_path / f"v{suffix}"
    target.write_bytes(b"earlier")
    result = CliRunner().invoke(cli, ["values", "fig2a", "-o", str(target)])
    assert full_disk, "the write never reached the disk"
    assert result.exit_code == 2, result.output
    one_line(result, f"error: cannot write: {target}: No space left on device")
    untouched(tmp_path, {target.name: b"earlier"})


@pytest.mark.render
def test_svg_still_on_a_full_disk(tmp_path, full_disk):
    earlier = {"fig2a-step2.svg": b"<svg>earlier</svg>"}
    (tmp_path / "fig2a-step2.svg").write_bytes(earlier["fig2a-step2.svg"])
    result = CliRunner().invoke(cli, ["render", "fig2a", "--format", "svg", "--step", "2", "--out", str(tmp_path)])
    assert full_disk and result.exit_code == 2, result.output
    one_line(result, f"cannot write: {tmp_path / 'fig2a-step2.svg'}: No space left on device")
    untouched(tmp_path, earlier)


def test_gallery_on_a_full_disk(tmp_path, full_disk):
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text("earlier page")
    result = CliRunner().invoke(
        cli, ["gallery", "--figures-dir", str(tmp_path / "figures"), "--media", str(tmp_path), "--out", str(page)]
    )
    assert full_disk and result.exit_code == 2, result.output
    one_line(result, f"cannot write: {page}: No space left on device")
    untouched(page.parent, {"index.html": b"earlier page"})


def test_an_exception_inside_the_writer_leaves_the_earlier_file(tmp_path, monkeypatch):
    """numpy's savez failing after it has begun writing: an internal failure (exit 1, one line), the
    earlier file kept, no temporary file left."""
    target = tmp_path / "v.npz"
    target.write_bytes(b"earlier")

    def savez_breaks(file, *args, **kwargs):
        file.write(b"PK\x03\x04 half a zip")
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(np, "savez", savez_breaks)
    monkeypatch.delenv("ONEBYONE_DEBUG", raising=False)
    result = CliRunner().invoke(cli, ["values", "fig2a", "-o", str(target)])
    assert result.exit_code == 1, result.output
    one_line(result, "error: internal failure (RuntimeError: the writer broke)")
    untouched(tmp_path, {"v.npz": b"earlier"})


def test_atomic_write_names_the_file_and_cleans_up(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("earlier")

    def half_then_full(tmp: str) -> None:
        Path(tmp).write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError) as caught:
        atomic_write(target, half_then_full)
    assert (caught.value.errno, caught.value.filename) == (errno.ENOSPC, str(target))
    untouched(tmp_path, {"out.txt": b"earlier"})
    with pytest.raises(ValueError, match="not an OSError"):
        atomic_write(
            target, lambda tmp: (Path(tmp).write_text("half"), (_ for _ in ()).throw(ValueError("not an OSError")))
        )
    untouched(tmp_path, {"out.txt": b"earlier"})
    assert atomic_write(target, lambda tmp: Path(tmp).write_text("new")) == target and target.read_text() == "new"
    untouched(tmp_path, {"out.txt": b"new"})
