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


@pytest.mark.parametrize(
    "args, says",
    [(["values", "fig2a"], "y "), (["values", "fig4a", "--image", "examples/drawn/seven.jpg"], "y_is_grey")],
)
def test_values_does_not_import_manim(args, says):
    check = (
        "import sys, runpy\n"
        f"sys.argv = ['render.py', *{args!r}]\n"
        "try:\n"
        "    runpy.run_path('render.py', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "assert 'manim' not in sys.modules, 'manim was imported'\n"
    )
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert says in out.stdout


@pytest.mark.parametrize(
    "args, says",
    [
        (["render", "fig99"], "'fig99' is not one of"),
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
    out = subprocess.run([sys.executable, "render.py", "render", "fig99"], cwd=ROOT, capture_output=True, text=True)
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


# ---- every bad option of every command: one line on stderr, exit 2, no traceback, nothing written -----

A_FILE = "a-file"  # a file in the working folder, where a command wants a folder (or the other way round)
A_FOLDER = "a-folder"
BAD_OPTIONS = [
    (["list", "--steps", "fig99"], "'fig99' is not one of"),
    (["list", "--colour"], "No such option '--colour'"),
    (["render"], "Missing argument 'FIGURE...'"),
    (["render", "fig2a", "--fps", "0"], "0 is not in the range 1<=x<=120"),
    (["render", "fig2a", "--fps", "121"], "121 is not in the range 1<=x<=120"),
    (["render", "fig2a", "--fps", "fast"], "'fast' is not a valid integer"),
    (["render", "fig2a", "--pace", "0.05"], "0.05 is not in the range 0.1<=x<=5.0"),
    (["render", "fig2a", "--pace", "6"], "6.0 is not in the range 0.1<=x<=5.0"),
    (["render", "fig2a", "--format", "svg", "--step", "99"], "fig2a has no step '99'; its steps are 1 kernel, 2"),
    (["render", "fig2a", "--format", "svg", "--step", "0"], "fig2a has no step '0'; its steps are 1 kernel"),
    (["render", "fig2a", "--format", "png", "--step", "nope"], "fig2a has no step 'nope'; its steps are 1 kernel"),
    (["render", "fig2a", "fig4b", "--format", "svg", "--step", "position-1"], "fig4b has no step 'position-1'"),
    (["render", "fig2a", "--step", "2"], "--step chooses a still; use --format svg or png"),
    (["render", "fig2a", "--format", "mp4", "--transparent"], "mp4 has no alpha channel"),
    (["render", "fig2a", "--index", "-1"], "index for digit 3 must be 0..1031, got -1"),
    (["render", "fig2a", "--stride", "0"], "stride must be one of 1, 2, 3, got 0"),
    (["render", "fig2a", "--stride", "4"], "stride must be one of 1, 2, 3, got 4"),
    (["render", "fig2a", "--padding", "3"], "padding must be one of 0, 1, 2, got 3"),
    (["render", "fig2a", "--kernel", "learned:99"], "learned:99"),
    (["render", "fig4a", "--rgb-weights", "1,2"], "'1,2' is not three numbers r,g,b"),
    (["render", "fig4a", "--rgb-weights", "1,nan,0"], "is not three numbers r,g,b"),
    (["render", "fig4a", "--rgb-weights", "9,0,0"], "[-5, 5]"),
    (["render", "fig4a", "--digit", "3"], "fig4a does not take --digit; it takes --rgb-weights, --image"),
    (["render", "fig3", "--kernel", "box"], "fig3 does not take --kernel"),
    (["render", "fig2a", "--image", "missing.png"], "missing.png: no such file"),
    (["render", "fig2a", "--image", "x.png", "--digit", "3"], "--image replaces --digit and --index"),
    (["render", "fig2a", "--out", A_FILE], f"'{A_FILE}' is a file"),
    (["render", "fig2a", "--colour", "red"], "No such option '--colour'"),
    (["slides", "fig99"], "'fig99' is not one of"),
    (["slides", "fig2a", "--to", "pdf"], "'pdf' is not one of 'html', 'pptx'"),
    (["slides", "fig2a", "--quality", "x"], "'x' is not one of 'l', 'm', 'h', 'p', 'k'"),
    (["slides", "fig2a", "--fps", "0"], "0 is not in the range 1<=x<=120"),
    (["slides", "fig2a", "--pace", "9"], "9.0 is not in the range 0.1<=x<=5.0"),
    (["slides", "fig2a", "--theme", "sepia"], "'sepia' is not one of 'dark', 'light'"),
    (["slides", "fig2a", "--digit", "11"], "digit must be 0..9, got 11"),
    (["slides", "fig4b", "--stride", "2"], "fig4b does not take --stride"),
    (["slides", "fig2a", "--out", A_FILE], f"'{A_FILE}' is a file"),
    (["slides", "fig2a", "--sections", A_FILE], f"'{A_FILE}' is a file"),
    (["values", "fig2a", "--stride", "9"], "stride must be one of 1, 2, 3, got 9"),
    (["values", "fig2a", "-o", A_FOLDER], f"'{A_FOLDER}' is a directory"),
    (["values", "fig2a", "--output", "v.txt"], "'v.txt' must end in .json or .npz"),
    (["values", "fig2a", "fig2b"], "Got unexpected extra argument (fig2b)"),
    (["all", "--jobs", "x"], "'x' is not a valid integer"),
    (["all", "--quality", "z"], "'z' is not one of 'l', 'm', 'h', 'p', 'k'"),
    (["all", "--fps", "500"], "500 is not in the range 1<=x<=120"),
    (["all", "--pace", "0"], "0.0 is not in the range 0.1<=x<=5.0"),
    (["all", "--figures-dir", A_FILE], f"'{A_FILE}' is a file"),
    (["all", "--media", A_FILE], f"'{A_FILE}' is a file"),
    (["all", "--digit", "3"], "No such option '--digit'"),
    (["check", "fig99"], "'fig99' is not one of"),
    (["check", "--figures-dir", "nowhere"], "'nowhere' does not exist"),
    (["check", "--figures-dir", A_FILE], f"'{A_FILE}' is a file"),
    (["check", "--stills"], "No such option '--stills'"),
    (["gallery", "--out", A_FOLDER], f"'{A_FOLDER}' is a directory"),
    (["gallery", "--figures-dir", A_FILE], f"'{A_FILE}' is a file"),
    (["gallery", "--media", A_FILE], f"'{A_FILE}' is a file"),
    (["gallery", "fig2a"], "Got unexpected extra argument (fig2a)"),
    (["train", "--epochs", "0"], "0 is not in the range 1<=x<=200"),
    (["train", "--epochs", "201"], "201 is not in the range 1<=x<=200"),
    (["train", "--seed", "-1"], "-1 is not in the range x>=0"),
    (["train", "--out", "weights.pkl"], "'weights.pkl' must end in .npz"),
    (["train", "--figure", "curves.pdf"], "'curves.pdf' must end in .svg or .png"),
    (["train", "--out", A_FOLDER], f"'{A_FOLDER}' is a directory"),
    (["train", "--lr", "1"], "No such option '--lr'"),
]


@pytest.mark.parametrize("args, says", BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_every_bad_option_is_one_line_on_stderr_exit_2(args, says, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / A_FILE).write_text("a file")
    (tmp_path / A_FOLDER).mkdir()
    (tmp_path / "x.png").write_bytes((ROOT / "examples" / "drawn" / "two.png").read_bytes())
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, no folder made
    assert (tmp_path / A_FILE).read_text() == "a file" and not any((tmp_path / A_FOLDER).iterdir())


def test_a_bad_step_through_the_script_is_one_line_exit_2():
    out = subprocess.run(
        [sys.executable, "render.py", "render", "fig2a", "--format", "svg", "--step", "sum-9"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "fig2a has no step 'sum-9'; its steps are 1 kernel" in out.stderr
    assert "Traceback" not in out.stderr


def test_every_option_with_a_default_says_it_in_the_help():
    """`--help` states each default a user gets without the option (a folder, a quality, a format, an on/off
    pair's side); a lone flag (--force) is off unless given, and needs no saying."""
    import click

    no_default = (None, getattr(click.core, "UNSET", None))  # click 8.3+ marks "none given" with UNSET
    missing = []
    for name, command in cli.commands.items():
        context = click.Context(command, info_name=name)
        for option in command.params:
            if not isinstance(option, click.Option) or any(option.get_default(context) is d for d in no_default):
                continue
            if option.is_flag and not option.secondary_opts:  # --force, --json: off unless given
                continue
            if "default:" not in option.get_help_record(context)[1]:
                missing.append(f"{name} {option.opts[0]}")
    assert missing == []
    said = " ".join(run("slides", "--help").output.split())
    assert "[default: media/sections]" in said and "[default: media/slides]" in said and "[default: html]" in said
