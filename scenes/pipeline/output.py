"""Running a figure's scene through manim: a video with its captions and step sections, or a vector or
raster still of any step's end.

Every render works in a private temporary folder (manim's working files, partial movies, sections),
so renders that run at the same time — ``render all --jobs``, ``make -j``, two terminals — never
share a file; the results are then moved into place atomically.
"""

from __future__ import annotations

import ctypes
import logging
import platform
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from manim import config, logger, tempconfig

from compute.files import atomic_write, write_text
from scenes.mobjects.theme import THEMES
from scenes.pipeline.captions import srt_to_vtt
from scenes.pipeline.vector import Still, write_png, write_scheme_svg, write_svg
from scenes.settings import DEFAULT_THEME, QUALITIES, STILL_FORMATS, STILL_QUALITY, VIDEO_FORMATS

SCHEME = "auto"  # the theme of a still that follows the page's colour scheme: light and dark in one SVG
MAX_STILL_SIDE = 16384  # pixels: the longest side a PNG may have (--scale)


@dataclass
class VideoOutput:
    """What ``render_video`` wrote: the video, its captions and, if asked for, one video per step."""

    video: Path
    srt: Path | None = None
    vtt: Path | None = None
    sections: list[dict] = field(default_factory=list)  # {"name", "caption", "file", "start", "end"}
    frames: int = 0


@contextmanager
def private_media_dir():
    """A temporary folder for manim's working files, removed afterwards (even on failure)."""
    folder = tempfile.mkdtemp(prefix="onebyone-render-")
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


PIPELINED_MAX_HEIGHT = 720  # up to this frame height, a segment's encoder finishes while the next one starts
KEEP_FREED_BELOW = 32 << 20  # bytes: glibc reuses freed blocks up to this size instead of unmapping them …
TRIM_FREED_ABOVE = 512 << 20  # … and returns free memory to the system only beyond this


def keep_freed_memory() -> None:
    """Let glibc reuse freed frame buffers instead of returning them to the system at once.

    manim encodes every ``play`` as its own segment in a fresh thread with a fresh encoder; with
    glibc's adaptive defaults each segment's frame and encoder buffers come back as new pages, and
    the page faults cost up to a third of a 40-play scene's time at 480p (docs/speed.md). Only on
    Linux with glibc; once per process; harmless when called again."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    mallopt(-3, KEEP_FREED_BELOW)  # M_MMAP_THRESHOLD (fixing it also stops its adaptation)
    mallopt(-1, TRIM_FREED_ABOVE)  # M_TRIM_THRESHOLD


def encoders_in_flight(quality: str) -> int:
    """How many plays' encoders may run at once: 2 lets a play's encoder drain its last frames while the
    next play renders; at 1080p and up that would hold two encoders' buffers (~0.75 GiB peak with one)."""
    return 2 if QUALITIES[quality].height <= PIPELINED_MAX_HEIGHT else 1


def frames_queued(quality: str) -> int:
    """Frames waiting for an encoder at most: manim's 8 below 1080p; 4 (33 MB) at 1080p and up."""
    return 8 if QUALITIES[quality].height <= PIPELINED_MAX_HEIGHT else 4


def _settings(theme: str, quality: str, transparent: bool, media_dir: Path, fps: float | None = None, **extra) -> dict:
    settings = {
        "quality": QUALITIES[quality].manim_name,
        "max_inflight_encoders": encoders_in_flight(quality),
        "encoder_queue_size": frames_queued(quality),
        "background_color": THEMES[theme].background,
        "transparent": transparent,
        "media_dir": str(media_dir),
        "disable_caching": True,  # every render is new: hashing scenes costs more than it saves
        "progress_bar": "none",
        "verbosity": "ERROR",
    }
    if fps is not None:
        settings["frame_rate"] = float(fps)  # after "quality", which sets a frame rate of its own
    settings.update(extra)
    return settings


def build_scene(
    figure,
    values: dict[str, np.ndarray],
    theme: str = "dark",
    quality: str = STILL_QUALITY,
    transparent: bool = False,
    step: str | int | None = None,
    probe: bool = False,
    inputs=None,
    record: bool = True,
):
    """The scene after an instant run of construct (no frames): it holds its last frame, or the end of
    ``step``, and (with ``record``) its record of every step (``frames``, ``steps``, ``ever_added``)."""
    logger.setLevel(logging.ERROR)
    with private_media_dir() as media, tempconfig(_settings(theme, quality, transparent, media, write_to_movie=False)):
        scene = figure.scene_class()(values, theme, figure=figure, inputs=inputs).build(
            upto=step, probe=probe, record=record
        )
        scene.frame_size = (config.pixel_width, config.pixel_height)
    return scene


def render_still(
    figure,
    values: dict[str, np.ndarray],
    path: Path,
    fmt: str = "svg",
    theme: str | None = None,
    quality: str = STILL_QUALITY,
    transparent: bool = False,
    step: str | int | None = None,
    inputs=None,
    scale: float = 1.0,
) -> Path:
    """The end of ``step`` (default: the last frame) as a vector SVG or a PNG, written atomically to ``path``.

    ``theme`` None (or ``SCHEME``): an SVG follows the reader's colour scheme (the light theme on a light
    page, the dark one on a dark page, no background); a PNG, which cannot, is drawn in DEFAULT_THEME. Every
    still carries its alt text (an SVG's title and desc, a PNG's iTXt chunks) and an SVG its hover titles.
    ``scale`` multiplies a PNG's frame size (2: a crisp raster for a high-density screen)."""
    if fmt not in STILL_FORMATS:
        raise ValueError(f"still format must be one of {', '.join(STILL_FORMATS)}, got {fmt!r}")
    if not scale > 0:
        raise ValueError(f"scale must be more than 0, got {scale!r}")
    scheme = theme in (None, SCHEME)
    if scheme and fmt == "png":
        theme, scheme = DEFAULT_THEME, False
    first = SCHEME_FIRST if scheme else theme
    scene = build_scene(figure, values, first, quality, transparent, step=step, inputs=inputs, record=False)
    width, height = scene.frame_size
    still = page_still(scene, figure, width, height, step=step)
    if fmt == "png":
        width, height = png_size(width, height, scale)
        return write_png(scene, Path(path), width, height, transparent, still)
    if not scheme:
        return write_svg(scene, Path(path), width, height, transparent, still)
    other = build_scene(figure, values, "dark", quality, True, step=step, inputs=inputs, record=False)
    return write_scheme_svg(scene, other, Path(path), width, height, still)


SCHEME_FIRST = "light"  # a still for any page is built in the light theme first (its overlay, its alt text)


def png_size(width: int, height: int, scale: float) -> tuple[int, int]:
    """The frame size times ``scale``; ValueError beyond MAX_STILL_SIDE."""
    w, h = max(1, int(round(width * scale))), max(1, int(round(height * scale)))
    if max(w, h) > MAX_STILL_SIDE:
        raise ValueError(f"a PNG of {w}×{h} px is too large: at most {MAX_STILL_SIDE} px a side")
    return w, h


def page_still(scene, figure, width: int, height: int, step=None) -> Still:
    """The still's alt text and hover overlay (``scenes.pipeline.page``)."""
    from scenes.pipeline.page import page_still as make

    number = step if isinstance(step, int) or step is None else len(scene.steps)
    return make(scene, figure, width, height, number)


def describe_still(figure, values, step: int | None = None, inputs=None) -> Still:
    """The alt text of a still (title and description), without drawing it."""
    from scenes.pipeline.page import describe

    scene = build_scene(figure, values, SCHEME_FIRST, step=step, inputs=inputs, record=False)
    number = step if isinstance(step, int) or step is None else len(scene.steps)
    return describe(scene, figure, number)


def build_pair(figure, values, step=None, inputs=None, quality: str = STILL_QUALITY):
    """The scene at the end of ``step`` built in the light and in the dark theme (one layout, two palettes)."""
    light = build_scene(figure, values, "light", quality, True, step=step, inputs=inputs, record=False)
    dark = build_scene(figure, values, "dark", quality, True, step=step, inputs=inputs, record=False)
    return light, dark


def render_video(
    figure,
    values: dict[str, np.ndarray],
    path: Path,
    fmt: str = "mp4",
    theme: str = "dark",
    quality: str = "l",
    transparent: bool = False,
    fps: float | None = None,
    pace: float = 1.0,
    sections_dir: Path | None = None,
    inputs=None,
    alongside: bool = False,
) -> VideoOutput:
    """The animation as a video at ``path`` (its suffix set by ``fmt``), with ``.srt`` and ``.vtt`` captions
    beside it; with ``sections_dir``, also one video per step there (for slides). ``alongside``: other
    renders keep the cores busy (``render all --jobs``), so encode one play at a time with one thread
    — the most frames per CPU second, where alone two encoders and x264's threads give the shortest wait."""
    if fmt not in VIDEO_FORMATS:
        raise ValueError(f"video format must be one of {', '.join(VIDEO_FORMATS)}, got {fmt!r}")
    logger.setLevel(logging.ERROR)
    keep_freed_memory()
    path = Path(path)
    with private_media_dir() as media:
        settings = _settings(
            theme,
            quality,
            transparent,
            media,
            fps,
            format=fmt,
            output_file=figure.id,
            write_to_movie=True,
            save_sections=sections_dir is not None,
        )
        if alongside:
            settings.update(max_inflight_encoders=1, video_encoder_options={"threads": "1"})
        with tempconfig(settings):
            scene = figure.scene_class()(values, theme, figure=figure, pace=pace, inputs=inputs)
            scene.render()
            writer = scene.renderer.file_writer
            produced = Path(writer.gif_file_path if fmt == "gif" else writer.movie_file_path)
            subcaptions = scene.output_plan.subcaption_file
            plan = scene.output_plan
            frame_rate = config.frame_rate
        if not produced.exists():
            raise RuntimeError(f"manim did not write {produced}")
        video = atomic_write(path.with_suffix(produced.suffix), lambda tmp: shutil.copyfile(produced, tmp))
        out = VideoOutput(video, frames=int(round(scene.renderer.time * frame_rate)))
        if subcaptions is not None and Path(subcaptions).exists():
            text = Path(subcaptions).read_text(encoding="utf-8")
            out.srt = write_text(video.with_suffix(".srt"), text)
            out.vtt = write_text(video.with_suffix(".vtt"), srt_to_vtt(text))
        if sections_dir is not None:
            out.sections = _copy_sections(plan, scene, Path(sections_dir), figure.id)
    return out


def _copy_sections(plan, scene, target: Path, stem: str) -> list[dict]:
    """The step videos manim wrote, copied to ``target`` as <stem>_<NN>_<step>.<ext>, with their captions."""
    import json

    index = json.loads(Path(plan.section_index).read_text())
    if len(index) != len(scene.steps):
        raise RuntimeError(f"{stem}: manim wrote {len(index)} section videos for {len(scene.steps)} steps")
    target.mkdir(parents=True, exist_ok=True)
    sections = []
    for k, (entry, step) in enumerate(zip(index, scene.steps)):
        source = Path(plan.sections_dir) / entry["video"]
        name = f"{stem}_{k + 1:02d}_{step.name}{source.suffix}"
        atomic_write(target / name, lambda tmp, s=source: shutil.copyfile(s, tmp))
        sections.append(
            {"name": step.name, "caption": step.caption, "file": name, "start": step.start, "end": step.end}
        )
    return sections


def step_list(figure, values: dict[str, np.ndarray], inputs=None) -> list:
    """The figure's steps (name, caption, start, end at pace 1), from an instant build."""
    return build_scene(figure, values, inputs=inputs).steps


__all__ = [
    "SCHEME",
    "VideoOutput",
    "build_pair",
    "build_scene",
    "describe_still",
    "private_media_dir",
    "render_still",
    "render_video",
    "step_list",
]
