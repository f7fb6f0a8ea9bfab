"""examples/tour.ipynb: committed without outputs, and run top to bottom (nbclient, a real kernel) in a copy
of examples/ so it never rots."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOUR = ROOT / "examples" / "tour.ipynb"


def test_tour_is_committed_without_outputs():
    notebook = nbformat.read(TOUR, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the tour has code cells"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    assert any(cell.source.startswith("%%manim") for cell in code)


@pytest.mark.render
def test_tour_runs_top_to_bottom(tmp_path):
    from nbclient import NotebookClient

    folder = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", folder)
    notebook = nbformat.read(folder / "tour.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()

    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    data = [o.get("data", {}) for o in outputs]
    text = "".join(o.get("text", "") for o in outputs) + "".join(d.get("text/plain", "") for d in data)
    svgs = [d["image/svg+xml"] for d in data if "image/svg+xml" in d]
    assert len(svgs) >= 3 and all("<svg" in s for s in svgs)  # fig2a, one of its steps, fig2a of the seven
    assert any("<video" in d.get("text/html", "") for d in data)  # fig.video(...) plays inline
    assert "predicted 7" in text and "label -1 (unknown)" in text
    assert sum("image/png" in d for d in data) >= 2  # the photo and its 28×28 digit
    assert list((folder / "media" / "jupyter").rglob("*.mp4")), "%%manim rendered the scene"
