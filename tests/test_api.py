"""The public Python API (``onebyone.figure``), the command line as a thin layer over it, and --kernel
given as nine numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import srt
from click.testing import CliRunner

import onebyone
from compute.conv import conv2d
from compute.data import load_digit
from compute.settings import KERNEL_VALUE_LIMIT
from compute.values import FigureInputs, InputError
from helpers import vtt_cues
from render import cli
from scenes.registry import FIGURES

ROOT = Path(__file__).resolve().parents[1]
SEVEN = ROOT / "examples" / "drawn" / "seven.jpg"


def test_values_are_the_figures_values():
    fig = onebyone.figure("fig2a", digit=7, kernel="sobel-y")
    expected = FIGURES["fig2a"].values(FigureInputs(digit=7, kernel="sobel-y"))
    assert set(fig.values) == set(expected)
    for key in expected:
        np.testing.assert_array_equal(fig.values[key], expected[key])
    assert fig.chosen() == {"digit": 7, "kernel": "sobel-y"}
    assert "fig2a" in repr(fig) and "digit=7" in repr(fig)
    assert onebyone.figures() == list(FIGURES)


def test_image_input_from_python():
    fig = onebyone.figure("fig5c", image=SEVEN)  # a Path is fine
    assert fig.inputs.image == str(SEVEN)
    assert int(fig.values["label"]) == -1 and int(fig.values["predicted"]) == 7


@pytest.mark.parametrize(
    "args, kwargs, field, says",
    [
        (("fig99",), {}, "figure", "unknown figure 'fig99'; known: fig1a"),
        (("fig2a",), {"colour": 3}, "colour", "unknown input 'colour'; inputs are digit, index"),
        (("fig4a",), {"digit": 3}, "digit", "fig4a does not take digit; it takes rgb_weights, image"),
        (("fig2a",), {"digit": 3, "image": str(SEVEN)}, "image", "image replaces digit and index"),
        (("fig2a",), {"kernel": "1,2,3"}, "kernel", "kernel '1,2,3': 3 numbers"),
        (("fig2a",), {"image": "no-such.png"}, "image", "no-such.png: no such file"),
        (("fig2a",), {"digit": 12}, "digit", "digit must be 0..9, got 12"),
    ],
)
def test_bad_inputs_are_input_errors(args, kwargs, field, says):
    with pytest.raises(InputError) as caught:
        onebyone.figure(*args, **kwargs)
    assert caught.value.field == field and says in str(caught.value)


def test_importing_onebyone_and_its_values_import_no_manim():
    check = (
        "import sys, onebyone\n"
        f"fig = onebyone.figure('fig2a', image={str(SEVEN)!r})\n"
        "assert fig.values['x'].shape == (28, 28)\n"
        "assert 'manim' not in sys.modules, 'manim was imported'\n"
    )
    out = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr  # `render.py values` without manim: test_cli.py


def test_steps_and_step_numbers():
    fig = onebyone.figure("fig2a")
    names = [s.name for s in fig.steps]
    assert len(names) == len(set(names)) >= 2 and all(s.caption for s in fig.steps)
    assert all(a.end <= b.start + 1e-9 for a, b in zip(fig.steps, fig.steps[1:]))
    assert fig.step_number(2) == 2 and fig.step_number("2") == 2 and fig.step_number(names[-1]) == len(names)
    with pytest.raises(InputError) as caught:
        fig.step_number("nope")
    assert caught.value.field == "step" and f"1 {names[0]}" in str(caught.value)


def test_stills_from_python_are_the_command_lines(tmp_path):
    fig = onebyone.figure("fig2a", kernel="-1,0,1,-2,0,2,-1,0,1")
    text = fig.svg(step=2)
    assert text.lstrip().startswith("<") and "<svg" in text
    written = fig.svg(tmp_path / "api.svg", step="position-1" if "position-1" in [s.name for s in fig.steps] else 2)
    assert written == tmp_path / "api.svg" and written.read_text() == text  # same still, byte for byte
    result = CliRunner().invoke(
        cli,
        [
            "render",
            "fig2a",
            "--format",
            "svg",
            "--step",
            "2",
            "--kernel",
            "-1,0,1,-2,0,2,-1,0,1",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fig2a-step2.svg").read_text() == text
    assert fig._repr_svg_() == fig.svg()
    png = fig.png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert fig.png(tmp_path / "last.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.render
def test_video_from_python_shows_as_a_player(tmp_path):
    fig = onebyone.figure("fig1a", image=SEVEN)
    video = fig.video(tmp_path / "one.mp4", quality="l", pace=0.3)
    assert video.path == tmp_path / "one.mp4" and video.path.stat().st_size > 10_000
    assert video.srt is not None and video.srt.read_text().count("-->") == len(fig.steps)
    assert video.vtt is not None and video.vtt.read_text().startswith("WEBVTT")
    cues = list(srt.parse(video.srt.read_text()))
    timed = [(c.start.total_seconds(), c.end.total_seconds(), c.content) for c in cues]
    assert vtt_cues(video.vtt) == timed  # the same cues, to the millisecond
    assert [t[2] for t in timed] == [s.caption for s in fig.steps]  # each step's caption, in order
    assert timed[0][0] == 0.0 and all(a[1] == b[0] for a, b in zip(timed, timed[1:]))
    last_end = video.srt.read_text().strip().splitlines()[-2].split(" --> ")[1]  # "00:00:03,933"
    h, m, sec = last_end.replace(",", ".").split(":")
    assert abs(video.frames / 15 - (3600 * int(h) + 60 * int(m) + float(sec))) < 0.1  # captions span the video
    assert video.frames / 15 < fig.steps[-1].end * 0.5  # a fast preview: much shorter than at pace 1
    html = video._repr_html_()
    assert html.startswith("<video") and "data:video/mp4;base64," in html
    with pytest.raises(InputError):
        fig.video(tmp_path / "x.gif", fmt="gif", transparent=True)
    with pytest.raises(InputError):
        fig.video(pace=0.0)


def test_scene_class_for_manim_constructs_with_no_arguments():
    cls = onebyone.figure("fig2a", image=SEVEN, kernel="laplace").scene_class()
    scene = cls()
    assert scene.inputs.image == str(SEVEN) and scene.inputs.kernel == "laplace"
    np.testing.assert_array_equal(scene.values["x"], onebyone.figure("fig2a", image=SEVEN).values["x"])
    plain = FIGURES["fig2a"].scene_class()()
    np.testing.assert_array_equal(plain.values["x"], load_digit())


# ---- --kernel a,b,c,d,e,f,g,h,i ---------------------------------------------------------------------


def test_kernel_of_nine_numbers():
    result = CliRunner().invoke(cli, ["values", "fig2a", "--kernel", "-1,0,1,-2,0,2,-1,0,1", "--digit", "4"])
    assert result.exit_code == 0, result.output
    fig = onebyone.figure("fig2a", kernel=" 0.5,0,0, 0,1,0, 0,0,-0.25", digit=4)
    k = np.array([[0.5, 0, 0], [0, 1, 0], [0, 0, -0.25]])
    np.testing.assert_array_equal(fig.values["k"], k)
    assert float(fig.values["b"]) == 0.0
    expected = conv2d(load_digit(4, 0)[None], k[None, None], np.zeros(1))[0]
    np.testing.assert_allclose(fig.values["y"], expected, rtol=0, atol=1e-12)


RULE = (
    "a kernel given as numbers must be nine finite numbers a,b,c,d,e,f,g,h,i (row-major), "
    f"each |k| <= {KERNEL_VALUE_LIMIT:g}"
)


@pytest.mark.parametrize(
    "kernel, problem",
    [
        ("1,2,3", "3 numbers"),
        ("1,2,3,4,5,6,7,8,9,10", "10 numbers"),
        ("1,2,3,4,5,6,7,8,nan", "NaN or infinity"),
        ("1,2,3,4,5,6,7,8,inf", "NaN or infinity"),
        ("1,2,3,4,5,6,7,8,-1e999", "NaN or infinity"),
        ("1,2,3,4,5,6,7,8,100.5", "|k| = 100.5 > 100"),
        ("1,2,3,4,5,six,7,8,9", "'six' is not a number"),
        ("1,2,3,4,,6,7,8,9", "'' is not a number"),
    ],
)
def test_bad_kernel_of_numbers_is_one_line_exit_2(kernel, problem):
    result = CliRunner().invoke(cli, ["values", "fig2b", f"--kernel={kernel}"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [f"error: Invalid value for '--kernel': kernel {kernel!r}: {problem}; {RULE}"]
