"""The public Python API: a figure with chosen inputs — its values, steps, stills and video.

``figure(id, **inputs)`` computes the figure's values at once (so a bad input fails there, with the
same one-line message the command line prints) and returns a ``ComputedFigure``. Stills, videos and
the list of steps go through manim, imported only when first asked for; ``render.py``'s ``render`` and
``values`` commands are thin layers over this module.

Inputs are the fields of ``compute.values.FigureInputs`` a figure reads (``onebyone.figure("fig4a",
digit=3)`` is refused): digit, index, kernel, padding, stride, rgb_weights, and image — a path to the
user's own PNG or JPEG, which replaces the MNIST sample (digit and index) or the bundled photo.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from compute.errors import InputError
from compute.inputs import FigureInputs, inputs_for
from compute.values import Values
from scenes import settings
from scenes.registry import FIGURES, Figure


def figures() -> list[str]:
    """Every figure's id, in the article's order."""
    return list(FIGURES)


def figure(figure_id: str, inputs: FigureInputs | None = None, **chosen) -> "ComputedFigure":
    """Figure ``figure_id`` with the inputs ``chosen`` (e.g. digit=7, kernel="sobel-y", image="seven.jpg"),
    or a whole ``FigureInputs``; its values are computed now. InputError (a ValueError) names a bad input."""
    if figure_id not in FIGURES:
        raise InputError("figure", f"unknown figure {figure_id!r}; known: {', '.join(FIGURES)}")
    spec = FIGURES[figure_id]
    if inputs is not None and chosen:
        raise InputError("inputs", "give inputs as a FigureInputs or as keywords, not both")
    if inputs is None:
        inputs = inputs_for([(spec.id, spec.options)], chosen)
    return ComputedFigure(spec, inputs.validate())


def _check_choice(name: str, value, allowed) -> None:
    if value not in allowed:
        raise InputError(name, f"{name} must be one of {', '.join(map(str, allowed))}, got {value!r}")


def _check_range(name: str, value, low, high) -> None:
    if not low <= value <= high:
        raise InputError(name, f"{name} must be in [{low:g}, {high:g}], got {value!r}")


MAX_SCALE = 8.0  # a still's --scale: more than 0, at most 8 (and its PNG at most 16384 px a side)


class ComputedFigure:
    """One figure with chosen inputs: ``values`` (every number it draws), ``steps``, and its stills and
    video. In IPython it shows itself as its last frame (SVG)."""

    def __init__(self, spec: Figure, inputs: FigureInputs):
        self.spec = spec
        self.inputs = inputs
        self.values: Values = spec.values(inputs)  # a bad image fails here: ImageError, an InputError
        self._stills: dict = {}

    # ---- what it is -------------------------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def caption(self) -> str:
        return self.spec.caption

    def chosen(self) -> dict:
        """The inputs that differ from the defaults, e.g. {"digit": 7, "kernel": "sobel-y"}."""
        default = FigureInputs()
        return {
            f.name: getattr(self.inputs, f.name)
            for f in dataclasses.fields(FigureInputs)
            if getattr(self.inputs, f.name) != getattr(default, f.name)
        }

    def name(self, theme: str = settings.DEFAULT_THEME) -> str:
        """A file name stem: the id, the theme if not the default, a digest of the inputs if not the defaults."""
        stem = self.id if theme == settings.DEFAULT_THEME else f"{self.id}-{theme}"
        chosen = self.chosen()
        if chosen:
            stem += "-" + hashlib.sha1(repr(sorted(chosen.items())).encode()).hexdigest()[:8]
        return stem

    def __repr__(self) -> str:
        inputs = ", ".join(f"{k}={v!r}" for k, v in self.chosen().items())
        return f"<onebyone figure {self.id} ({inputs or 'default inputs'}): {self.title}>"

    # ---- steps ------------------------------------------------------------------------------------

    @cached_property
    def steps(self) -> list:
        """The named steps: each has ``name``, ``caption``, ``start`` and ``end`` (seconds at pace 1)."""
        from scenes.pipeline.output import step_list

        return step_list(self.spec, self.values, self.inputs)

    def step_number(self, step: int | str) -> int:
        """The number (from 1) of ``step``, given as a number or a step name; InputError lists the steps."""
        names = [s.name for s in self.steps]
        text = str(step)
        if text.isdigit() and 1 <= int(text) <= len(names):
            return int(text)
        if text in names:
            return names.index(text) + 1
        listing = ", ".join(f"{k} {n}" for k, n in enumerate(names, start=1))
        raise InputError("step", f"{self.id} has no step {text!r}; its steps are {listing}")

    # ---- stills -----------------------------------------------------------------------------------

    def svg(self, path=None, step=None, *, theme: str | None = None, transparent: bool = False):
        """The end of ``step`` (a number from 1 or a name; default: the last frame) as a vector SVG that follows
        the reader's colour scheme (``theme`` "dark" or "light" forces one): its text, or written to ``path``
        (atomically) and the path returned. It carries its alt text and a hover title for every number."""
        return self._still("svg", path, step, theme, transparent)

    def png(
        self,
        path=None,
        step=None,
        *,
        theme: str = settings.DEFAULT_THEME,
        transparent: bool = False,
        quality: str = settings.STILL_QUALITY,
        scale: float = 1.0,
    ):
        """The end of ``step`` as a PNG of the frame size of ``quality`` (default 1080p) times ``scale``: its
        bytes, or written to ``path`` and the path returned."""
        return self._still("png", path, step, theme, transparent, quality, scale)

    def _still(self, fmt: str, path, step, theme, transparent: bool, quality=settings.STILL_QUALITY, scale=1.0):
        if theme is not None:
            _check_choice("theme", theme, settings.THEME_NAMES)
        _check_choice("quality", quality, tuple(settings.QUALITIES))
        if not 0 < scale <= MAX_SCALE:
            raise InputError("scale", f"scale must be more than 0 and at most {MAX_SCALE:g}, got {scale!r}")
        number = self.step_number(step) if step is not None else None
        from scenes.pipeline.output import render_still

        def draw(target: Path) -> Path:
            try:
                return render_still(
                    self.spec, self.values, target, fmt, theme, quality, transparent, number, self.inputs, scale
                )
            except ValueError as error:  # a PNG larger than a still may be
                raise InputError("scale", str(error)) from None

        if path is not None:
            return draw(Path(path))
        key = (fmt, number, theme, transparent, quality, scale)
        if key not in self._stills:
            with tempfile.TemporaryDirectory(prefix="onebyone-still-") as folder:
                written = draw(Path(folder) / f"still.{fmt}")
                self._stills[key] = written.read_text("utf-8") if fmt == "svg" else written.read_bytes()
        return self._stills[key]

    def _repr_svg_(self) -> str:
        return self.svg()

    # ---- video ------------------------------------------------------------------------------------

    def video(
        self,
        path=None,
        quality: str = settings.DEFAULT_QUALITY,
        fmt: str = "mp4",
        pace: float = 1.0,
        fps: int | None = None,
        *,
        theme: str = settings.DEFAULT_THEME,
        transparent: bool = False,
        sections_dir=None,
    ) -> "Video":
        """The animation as a video (with .srt and .vtt captions beside it) at ``path`` — by default
        media/<name>.<fmt> — at quality l/m/h/p/k, ``pace`` scaling every run time and hold. With
        ``sections_dir``, also one video per step there. In IPython the result shows as a player."""
        _check_choice("fmt", fmt, settings.VIDEO_FORMATS)
        _check_choice("quality", quality, tuple(settings.QUALITIES))
        _check_choice("theme", theme, settings.THEME_NAMES)
        _check_range("pace", float(pace), *settings.PACE_RANGE)
        if fps is not None:
            _check_range("fps", fps, *settings.FPS_RANGE)
        if transparent and fmt not in settings.ALPHA_FORMATS:
            raise InputError("transparent", f"{fmt} has no alpha channel; use {', '.join(settings.ALPHA_FORMATS)}")
        from scenes.pipeline.output import render_video

        target = Path(path) if path is not None else Path("media") / f"{self.name(theme)}.{fmt}"
        out = render_video(
            self.spec,
            self.values,
            target,
            fmt,
            theme,
            quality,
            transparent,
            fps=fps,
            pace=pace,
            sections_dir=sections_dir,
            inputs=self.inputs,
        )
        return Video(out.video, out.srt, out.vtt, out.sections, out.frames)

    # ---- manim ------------------------------------------------------------------------------------

    def scene_class(self) -> type:
        """The manim scene class bound to these inputs, constructible with no arguments (``%%manim``)."""
        from scenes.registry import scene_for

        return scene_for(self.id, **self.chosen())


@dataclass
class Video:
    """A rendered video: ``path``, its captions ``srt`` and ``vtt``, the per-step ``sections`` (if asked for)
    and the number of ``frames``. In IPython it shows as a player (IPython.display.Video)."""

    path: Path
    srt: Path | None = None
    vtt: Path | None = None
    sections: list[dict] = field(default_factory=list)
    frames: int = 0

    EMBED_LIMIT = 20_000_000  # bytes: smaller videos are embedded in the notebook, larger ones linked

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def _repr_html_(self) -> str:
        if self.path.suffix == ".gif":
            data = base64.b64encode(self.path.read_bytes()).decode("ascii")
            return f'<img src="data:image/gif;base64,{data}"/>'
        from IPython.display import Video as IPythonVideo

        embed = self.path.stat().st_size <= self.EMBED_LIMIT
        mimetype = {".mp4": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime"}[self.path.suffix]
        player = IPythonVideo(str(self.path), embed=embed, mimetype=mimetype, html_attributes="controls loop")
        return player._repr_html_()


__all__ = ["ComputedFigure", "Video", "figure", "figures"]
