"""render.py through click's CliRunner: the commands, and every kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from compute.values import FigureInputs
from render import cli
from scenes.registry import FIGURES

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_list_names_every_figure_once():
    result = run("list")
    assert result.exit_code == 0
    for figure in FIGURES.values():
        assert result.output.count(f"{figure.id} ") == 1
        assert figure.title in result.output and figure.caption in result.output


def test_values_summary_and_files(tmp_path):
    result = run("values", "fig2a", "--digit", "7", "--index", "3")
    assert result.exit_code == 0 and "y " in result.output and "(26, 26)" in result.output
    expected = FIGURES["fig2a"].values(FigureInputs(digit=7, index=3))

    assert run("values", "fig2a", "--digit", "7", "--index", "3", "-o", str(tmp_path / "v.json")).exit_code == 0
    data = json.loads((tmp_path / "v.json").read_text())
    np.testing.assert_array_equal(np.array(data["y"]["data"]), expected["y"])
    assert data["y"]["shape"] == [26, 26]

    assert run("values", "fig2a", "--digit", "7", "--index", "3", "-o", str(tmp_path / "v.npz")).exit_code == 0
    with np.load(tmp_path / "v.npz", allow_pickle=False) as npz:
        assert set(npz.files) == set(expected)
        np.testing.assert_array_equal(npz["y"], expected["y"])


def test_values_does_not_import_manim():
    check = (
        "import sys, runpy\n"
        "sys.argv = ['render.py', 'values', 'fig2a']\n"
        "try:\n"
        "    runpy.run_path('render.py', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "assert 'manim' not in sys.modules, 'manim was imported'\n"
    )
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "y " in out.stdout


@pytest.mark.parametrize(
    "args, says",
    [
        (["render", "fig9"], "'fig9' is not one of"),
        (["values", "nope"], "'nope' is not one of"),
        (["render", "fig2a", "--format", "avi"], "'avi' is not one of 'mp4', 'webm', 'gif', 'mov', 'svg', 'png'"),
        (["render", "fig2a", "--quality", "x"], "'x' is not one of 'l', 'm', 'h', 'p', 'k'"),
        (["render", "fig2a", "--theme", "blue"], "'blue' is not one of 'dark', 'light'"),
        (["values", "fig2a", "--digit", "12"], "digit must be 0..9, got 12"),
        (["values", "fig2a", "--index", "5000"], "index for digit 3 must be 0..1031, got 5000"),
        (
            ["values", "fig2a", "--kernel", "gauss"],
            "unknown kernel 'gauss'; allowed: sobel-x, sobel-y, box, laplace, learned:N",
        ),
        (["values", "fig2a", "--padding", "4"], "padding must be one of 0, 1, 2, got 4"),
        (["values", "fig2a", "--rgb-weights", "1,2,3"], "fig2a does not take --rgb-weights; it takes --digit"),
        (["values", "fig2a", "-o", "out.csv"], "'out.csv' must end in .json or .npz"),
        (["values"], "Missing argument 'FIGURE'"),
        (["render", "fig2a", "--transparent"], "mp4 has no alpha channel; use --format mov, webm, png, svg"),
        (["render", "fig2a", "--transparent", "--format", "gif"], "gif has no alpha channel"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, says):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output


def test_bad_input_leaves_earlier_output_alone(tmp_path):
    target = tmp_path / "v.json"
    target.write_text("earlier")
    assert CliRunner().invoke(cli, ["values", "fig2a", "--digit", "10", "-o", str(target)]).exit_code == 2
    assert target.read_text() == "earlier"
    assert list(tmp_path.iterdir()) == [target]  # no temporary files left behind


def test_script_entry_point_exit_codes():
    out = subprocess.run([sys.executable, "render.py", "render", "fig9"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: ") and "Traceback" not in out.stderr


def test_unwritable_output_is_one_line_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = subprocess.run(
        [sys.executable, "render.py", "values", "fig2a", "-o", str(blocker / "v.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.startswith("error: cannot write") and out.stderr.count("\n") == 1, out.stderr
    assert blocker.read_text() == "not a folder"
