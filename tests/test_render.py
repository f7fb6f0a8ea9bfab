"""Real renders through the CLI: a video, a GIF, and vector and raster stills."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import av
import pytest
from click.testing import CliRunner

from render import cli

pytestmark = pytest.mark.render


def render(tmp_path, *args):
    result = CliRunner().invoke(
        cli, ["render", "fig2a", "--quality", "l", "--out", str(tmp_path), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()


def frames_and_size(path):
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        return frames, (stream.codec_context.width, stream.codec_context.height)


@pytest.mark.parametrize("fmt", ["mp4", "gif"])
def test_video(tmp_path, fmt):
    (written,) = render(tmp_path, "--format", fmt)
    assert written == str(tmp_path / f"fig2a.{fmt}")
    frames, size = frames_and_size(written)
    assert size == (854, 480)
    assert frames > 15 * 10  # more than ten seconds at 15 fps: the slide really animates
    assert [p.name for p in tmp_path.iterdir()] == [f"fig2a.{fmt}"]


def test_svg_still_is_vector(tmp_path):
    (written,) = render(tmp_path, "--format", "svg", "--theme", "light")
    root = ET.parse(written).getroot()
    assert root.tag.endswith("svg")
    assert not [el for el in root.iter() if el.tag.endswith("image")]
    paths = [el for el in root.iter() if el.tag.endswith("path")]
    assert len(paths) > 28 * 28 + 26 * 26  # every pixel of input and output is its own square
    assert "{fill:#ffffff;fill-opacity:1;stroke:none;}" in open(written).read()  # the light theme's background


def test_png_still_and_transparency(tmp_path):
    (written,) = render(tmp_path, "--format", "png", "--transparent")
    with av.open(written) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgba")
    assert frame.shape == (480, 854, 4)
    assert frame[0, 0, 3] == 0 and frame[:, :, 3].max() == 255  # transparent corner, opaque drawing
