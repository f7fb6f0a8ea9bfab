"""Real renders through the CLI: a video with its captions, a GIF, and vector and raster stills.

The lecture rules are measured on the video itself: frame 0 is already a poster, and after every step the
picture holds still (a run of identical frames) for at least STEP_HOLD seconds, the last one FINAL_HOLD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import av
import numpy as np
import pytest
import srt
from click.testing import CliRunner

from helpers import vtt_cues
from render import cli
from scenes.settings import FINAL_HOLD, STEP_HOLD

pytestmark = pytest.mark.render


def render(tmp_path, *args):
    result = CliRunner().invoke(
        cli, ["render", "fig2a", "--quality", "l", "--out", str(tmp_path), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()


def decoded(path) -> tuple[np.ndarray, float]:
    """Every frame (N,H,W,3) uint8 and the frame rate."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = np.stack([f.to_ndarray(format="rgb24") for f in container.decode(stream)])
        return frames, float(stream.average_rate)


@pytest.fixture(scope="module")
def lecture_video(tmp_path_factory):
    """fig2a as an mp4 at quality l, at pace 1: its path, frames and frame rate."""
    out = tmp_path_factory.mktemp("video")
    (written,) = render(out, "--format", "mp4")
    frames, fps = decoded(written)
    return out, written, frames, fps


def test_video_with_captions_beside_it(lecture_video):
    out, written, frames, _ = lecture_video
    assert written == str(out / "fig2a.mp4")
    assert sorted(p.name for p in out.iterdir()) == ["fig2a.mp4", "fig2a.srt", "fig2a.vtt"]
    assert frames.shape[1:3] == (480, 854)
    cues = list(srt.parse((out / "fig2a.srt").read_text()))
    from onebyone import figure

    steps = figure("fig2a").steps
    assert [c.content for c in cues] == [s.caption for s in steps]
    vtt = (out / "fig2a.vtt").read_text()
    assert vtt.startswith("WEBVTT") and vtt.count(" --> ") == len(steps)


def test_captions_are_the_steps_in_srt_and_vtt_alike(lecture_video):
    """Every cue: the step's caption, starting where the previous one ended (the first at 0, the last
    ending with the video), at least as long as the step at pace 1 (frames only round up), and the .vtt
    saying exactly what the .srt says."""
    out, _, frames, fps = lecture_video
    from onebyone import figure

    steps = figure("fig2a").steps
    cues = list(srt.parse((out / "fig2a.srt").read_text()))
    timed = [(c.start.total_seconds(), c.end.total_seconds(), c.content) for c in cues]
    assert [t[2] for t in timed] == [s.caption for s in steps]
    assert vtt_cues(out / "fig2a.vtt") == timed
    assert timed[0][0] == 0.0 and all(a[1] == b[0] for a, b in zip(timed, timed[1:]))
    assert abs(timed[-1][1] - len(frames) / fps) <= 1 / fps
    for (start, end, _), step in zip(timed, steps):
        assert end - start >= (step.end - step.start) - 0.0011, (step.name, start, end)


def test_frame_zero_is_a_poster(lecture_video):
    """The first frame already shows the title and the input: far from an empty background."""
    _, _, frames, _ = lecture_video
    background = np.median(frames[0].reshape(-1, 3), axis=0)
    drawn = (np.abs(frames[0].astype(int) - background).max(axis=2) > 40).mean()
    assert drawn > 0.03, f"only {drawn:.1%} of frame 0 is drawn"
    top = frames[0][: frames.shape[1] // 8]  # the title band
    assert (np.abs(top.astype(int) - background).max(axis=2) > 40).mean() > 0.01


def test_every_step_ends_in_a_hold(lecture_video):
    """After each step (its caption's end) the frames are unchanged for STEP_HOLD s; at the end, FINAL_HOLD s."""
    out, _, frames, fps = lecture_video
    cues = list(srt.parse((out / "fig2a.srt").read_text()))
    change = np.abs(np.diff(frames.astype(np.int16), axis=0)).mean(axis=(1, 2, 3))  # frame k -> k+1
    still = change < 0.05  # identical but for the encoder settling (x264 refines a still picture over a few frames)
    for k, cue in enumerate(cues):
        end = min(int(round(cue.end.total_seconds() * fps)), len(frames)) - 1
        hold = FINAL_HOLD if k == len(cues) - 1 else STEP_HOLD
        need = int(hold * fps) - 2  # frames of stillness before the step's end
        run = 0
        while end - run - 1 >= 0 and still[end - run - 1]:
            run += 1
        assert run >= need, f"step {k + 1} ({cue.content!r}) holds {run / fps:.2f} s, not {hold} s"


def test_pace_scales_the_video(tmp_path):
    (written,) = render(tmp_path, "--format", "mp4", "--pace", "0.5")
    frames, fps = decoded(written)
    from onebyone import figure

    length = figure("fig2a").steps[-1].end
    assert abs(len(frames) / fps - 0.5 * length) < 0.12 * length


def test_gif(tmp_path):
    """A GIF at 480p, as long as the video at that pace (a quick preview pace keeps the test short)."""
    (written,) = render(tmp_path, "--format", "gif", "--pace", "0.25")
    assert written == str(tmp_path / "fig2a.gif")
    frames, _ = decoded(written)
    from onebyone import figure

    expected = 15 * 0.25 * figure("fig2a").steps[-1].end
    assert frames.shape[1:3] == (480, 854) and abs(len(frames) - expected) < 0.12 * expected


def test_svg_still_is_vector(tmp_path):
    (written,) = render(tmp_path, "--format", "svg", "--theme", "light")
    root = ET.parse(written).getroot()
    assert root.tag.endswith("svg")
    assert not [el for el in root.iter() if el.tag.endswith("image")]
    assert len([el for el in root.iter() if el.tag.endswith("path")]) > 50
    assert "#ffffff" in open(written).read()  # the light theme's background


def test_still_of_a_step_by_number_or_name(tmp_path):
    (by_number,) = render(tmp_path, "--format", "svg", "--step", "2")
    (by_name,) = render(tmp_path, "--format", "svg", "--step", "position-1")
    assert by_number == by_name == str(tmp_path / "fig2a-step2.svg")


def test_png_still_and_transparency(tmp_path):
    (written,) = render(tmp_path, "--format", "png", "--transparent")
    with av.open(written) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgba")
    assert frame.shape == (480, 854, 4)  # the frame size of --quality l
    assert frame[0, 0, 3] == 0 and frame[:, :, 3].max() == 255  # transparent corner, opaque drawing
