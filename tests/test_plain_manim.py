"""Plain manim, no onebyone command: ``manim -ql scenes/figures/fig2a.py Fig2a`` renders every figure (its scene
class constructs with no arguments: the default inputs), and a scene bound to the user's inputs with
``scenes.registry.scene_for`` renders too. Each run works in a temporary folder and media dir."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from scenes.registry import FIGURES

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parents[1]
SEVEN = ROOT / "examples" / "drawn" / "seven.jpg"


def manim(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    media = tmp_path / "media"
    out = subprocess.run(
        [sys.executable, "-m", "manim", *args[:-2], "--media_dir", str(media), *args[-2:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert out.returncode == 0, (out.stdout + out.stderr)[-3000:]
    return out


def scene_file(figure_id: str) -> tuple[str, str]:
    module, name = FIGURES[figure_id].scene_ref.split(":")
    return str(ROOT / (module.replace(".", "/") + ".py")), name


def last_frame(tmp_path: Path) -> np.ndarray:
    (png,) = (tmp_path / "media" / "images").rglob("*.png")
    return np.asarray(Image.open(png).convert("RGB"), dtype=np.float64) / 255.0


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_plain_manim_draws_every_figures_last_frame(figure_id, tmp_path):
    manim(tmp_path, "-s", "-ql", *scene_file(figure_id))
    frame = last_frame(tmp_path)
    assert frame.shape == (480, 854, 3)
    title_band, body = frame[10:60], frame[80:]
    assert title_band.std() > 0.02 and body.std() > 0.05  # a title and a drawing, not a blank frame


def test_plain_manim_renders_a_whole_video(tmp_path):
    manim(tmp_path, "-ql", *scene_file("fig1a"))
    (video,) = (tmp_path / "media" / "videos").rglob("Fig1a.mp4")
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        size = (stream.codec_context.width, stream.codec_context.height)
    from scenes.pipeline.output import step_list

    seconds = step_list(FIGURES["fig1a"], FIGURES["fig1a"].values())[-1].end
    assert size == (854, 480) and abs(frames / 15 - seconds) < 0.5


def test_plain_manim_with_the_users_inputs(tmp_path):
    """A subclass of ``scene_for(...)`` in the user's own file: manim finds it by name and draws it."""
    script = tmp_path / "my_figures.py"
    script.write_text(
        "from scenes.registry import scene_for\n\n\n"
        f"class SevenSlides(scene_for('fig2a', image={str(SEVEN)!r}, kernel='0,1,0,1,-4,1,0,1,0')):\n"
        "    pass\n"
    )
    manim(tmp_path, "-s", "-ql", str(script), "SevenSlides")
    frame = last_frame(tmp_path)
    assert frame.shape == (480, 854, 3) and frame[80:].std() > 0.05
