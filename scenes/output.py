"""Running a figure's scene through manim: a video, or a vector/raster still of its last frame."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import numpy as np
from manim import config, logger, tempconfig

from compute.export import atomic_write
from scenes.registry import Figure
from scenes.theme import THEMES
from scenes.vector import write_png, write_svg

QUALITIES = {
    "l": "low_quality",
    "m": "medium_quality",
    "h": "high_quality",
    "p": "production_quality",
    "k": "fourk_quality",
}
VIDEO_FORMATS = ("mp4", "webm", "gif", "mov")
STILL_FORMATS = ("svg", "png")
FORMATS = VIDEO_FORMATS + STILL_FORMATS
MEDIA_DIR = Path(os.environ.get("ONEBYONE_MEDIA", "media"))  # manim's working files and text cache


def _settings(theme: str, quality: str, transparent: bool, media_dir: Path | None, **extra) -> dict:
    return {
        "quality": QUALITIES[quality],
        "background_color": THEMES[theme].background,
        "transparent": transparent,
        "media_dir": str(media_dir or MEDIA_DIR),
        "disable_caching": True,  # hashing scenes with hundreds of squares costs more than it saves
        "progress_bar": "none",
        "verbosity": "ERROR",
        **extra,
    }


def build_scene(
    figure: Figure,
    values: dict[str, np.ndarray],
    theme: str = "dark",
    quality: str = "l",
    transparent: bool = False,
    media_dir: Path | None = None,
):
    """Run the scene's construct instantly (no frames): the scene holds its final frame.

    Nothing is written but manim's text cache. The scene's ``drawn_numbers`` then lists every Num
    it showed.
    """
    logger.setLevel(logging.ERROR)
    with tempconfig(_settings(theme, quality, transparent, media_dir, write_to_movie=False)):
        scene = figure.scene_class()(values, theme).build()
        scene.frame_size = (config.pixel_width, config.pixel_height)
    return scene


def render_still(
    figure: Figure,
    values: dict[str, np.ndarray],
    path: Path,
    fmt: str = "svg",
    theme: str = "dark",
    quality: str = "h",
    transparent: bool = False,
    media_dir: Path | None = None,
) -> Path:
    """The last frame as a vector SVG or a PNG, written atomically to ``path``."""
    if fmt not in STILL_FORMATS:
        raise ValueError(f"still format must be one of {', '.join(STILL_FORMATS)}, got {fmt!r}")
    scene = build_scene(figure, values, theme, quality, transparent, media_dir)
    width, height = scene.frame_size
    writer = write_svg if fmt == "svg" else write_png
    return writer(scene, Path(path), width, height, transparent)


def render_video(
    figure: Figure,
    values: dict[str, np.ndarray],
    path: Path,
    fmt: str = "mp4",
    theme: str = "dark",
    quality: str = "l",
    transparent: bool = False,
    media_dir: Path | None = None,
) -> Path:
    """The animation as a video file, moved atomically to ``path``; manim's working files stay in media_dir."""
    if fmt not in VIDEO_FORMATS:
        raise ValueError(f"video format must be one of {', '.join(VIDEO_FORMATS)}, got {fmt!r}")
    logger.setLevel(logging.ERROR)
    with tempconfig(
        _settings(theme, quality, transparent, media_dir, format=fmt, output_file=figure.id, write_to_movie=True)
    ):
        scene = figure.scene_class()(values, theme)
        scene.render()
        produced = Path(scene.renderer.file_writer.movie_file_path)
        if fmt == "gif":
            produced = produced.with_suffix(".gif")
    if not produced.exists():
        raise RuntimeError(f"manim did not write {produced}")
    path = Path(path).with_suffix(produced.suffix)
    return atomic_write(path, lambda tmp: shutil.copyfile(produced, tmp))
