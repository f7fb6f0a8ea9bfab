"""Lecture decks: one slide per step of a figure, through manim-slides' converter.

A figure's steps are manim sections, and ``scenes.pipeline.output.render_video(..., sections_dir=...)`` writes one
video per step. Here those videos become a manim-slides ``PresentationConfig`` — one slide per step, the
step's caption as the slide's speaker note — which manim-slides converts to a reveal.js HTML deck or a
PowerPoint file. Each slide plays its step once and holds on the step's end until the next key press.

The HTML deck loads reveal.js from the copy vendored in ``vendor/reveal.js`` (copied beside the deck),
never from a CDN, and every ``src``/``href`` in it is relative: the deck folder opens with no internet.

Step videos live in a *section store* (``media/sections`` by default), laid out as ``render all`` writes it:

    <store>/<name>.json            [{"name", "caption", "file", "start", "end"}, …], one entry per step
    <store>/<name>/<file>          the step videos
    <store>/<name>.settings.json   how they were rendered (written by this module; absent from ``render all``)

``<name>`` is the figure id for what ``render all`` renders (dark theme, default inputs, lecture quality,
pace 1), else the id and a digest of the settings, so a deck of other inputs never reuses the wrong videos.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path

from compute.files import atomic_write, staged_dir, write_json
from compute.values import FigureInputs
from scenes import settings

VENDORED_REVEAL = Path(__file__).resolve().parent.parent / "vendor" / "reveal.js"
REVEAL_THEME = "black"  # reveal.js' own theme (controls, help overlay); the slides are full-frame videos
PPTX_WIDTH = 1280  # PowerPoint slide width in pixels (its height follows the videos' aspect)


@dataclass(frozen=True)
class RenderSettings:
    """How the step videos are rendered: what a section store's ``<name>.settings.json`` records.

    ``inputs`` holds only the FigureInputs fields the figure reads, as JSON values."""

    theme: str = settings.DEFAULT_THEME
    quality: str = settings.LECTURE_QUALITY
    fps: int = settings.LECTURE_FPS
    pace: float = 1.0
    inputs: dict = field(default_factory=dict)

    @classmethod
    def of(cls, figure, inputs: FigureInputs | None = None, **render) -> "RenderSettings":
        """The settings for ``figure`` with ``inputs`` (defaults when None) and theme/quality/fps/pace."""
        chosen = inputs or FigureInputs()
        read = {name: _input_value(name, getattr(chosen, name)) for name in figure.options}
        return cls(inputs=read, **render)

    def as_dict(self) -> dict:
        return asdict(self)

    def store_name(self, figure) -> str:
        """The figure id for what ``render all`` renders; else the id and a digest of these settings."""
        if self == RenderSettings.of(figure):
            return figure.id
        digest = hashlib.sha1(json.dumps(self.as_dict(), sort_keys=True).encode()).hexdigest()[:8]
        return f"{figure.id}-{digest}"


@dataclass
class Deck:
    """What ``build_deck`` wrote: the deck, the manim-slides config beside it, and what it took."""

    path: Path
    config: Path
    slides: int
    rendered: bool  # the step videos were rendered now (else reused from the store)
    sections: Path  # the store folder of the step videos


def build_deck(
    figure,
    fmt: str = "html",
    out: Path = Path("media/slides"),
    store: Path = Path("media/sections"),
    render: RenderSettings | None = None,
    inputs: FigureInputs | None = None,
    rerender: bool = False,
    values: dict | None = None,
) -> Deck:
    """``out/<id>.html`` (with ``out/<id>_assets/``) or ``out/<id>.pptx``: one slide per step of ``figure``.

    The step videos come from ``store`` when it holds them for these settings, else are rendered into it.
    ``values``: the figure's arrays for ``inputs``, if already computed."""
    if fmt not in settings.DECK_FORMATS:
        raise ValueError(f"deck format must be one of {', '.join(settings.DECK_FORMATS)}, got {fmt!r}")
    render = render or RenderSettings.of(figure, inputs)
    folder, sections, rendered = ensure_sections(figure, store, render, inputs, rerender, values)
    name = figure.id if render.theme == settings.DEFAULT_THEME else f"{figure.id}-{render.theme}"
    out = Path(out)
    background = _theme_background(render.theme)
    config = presentation_config(sections, folder, background)
    if fmt == "html":
        notes_as_html = presentation_config(sections, folder, background, escape=True)
        path = write_html_deck(notes_as_html, out, name, title=f"{figure.id}: {figure.title}")
    else:
        path = write_pptx_deck(config, out, name)
    config_path = write_presentation_config(config, out / f"{name}.json")  # once the deck is in place
    return Deck(path, config_path, len(sections), rendered, folder)


# ---- the section store ----------------------------------------------------------------------------


def ensure_sections(
    figure,
    store: Path,
    render: RenderSettings,
    inputs: FigureInputs | None = None,
    rerender: bool = False,
    values: dict | None = None,
) -> tuple[Path, list[dict], bool]:
    """The store folder, the step list and whether it was rendered now: reused when the store holds
    this figure's current steps for ``render``, else rendered into the store (replacing what was there)."""
    store = Path(store)
    name = render.store_name(figure)
    values = figure.values(inputs) if values is None else values
    if not rerender:
        sections = stored_sections(store, name)
        if sections is not None and _matches(figure, values, inputs, store, name, sections, render):
            return store / name, sections, False
    return store / name, render_sections(figure, values, store, name, render, inputs).sections, True


def stored_sections(store: Path, name: str) -> list[dict] | None:
    """``<store>/<name>.json`` if it lists at least one step and every video it names exists, else None."""
    listing = Path(store) / f"{name}.json"
    try:
        sections = json.loads(listing.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(sections, list) or not sections:
        return None
    folder = Path(store) / name
    for entry in sections:
        if not isinstance(entry, dict) or not {"name", "caption", "file"} <= entry.keys():
            return None
        if not (folder / entry["file"]).is_file():
            return None
    return sections


def render_sections(
    figure, values, store: Path, name: str, render: RenderSettings, inputs=None, video: Path | None = None, **kwargs
):
    """Render ``figure``'s video and its step videos into ``<store>/<name>/`` (built in a staging folder and
    swapped in whole), with the step list ``<name>.json`` and ``<name>.settings.json``. The video goes to
    ``video`` if given (``render all``: the figure's video), else it is only a by-product; returns manim's
    output (``sections``: the step list)."""
    from scenes.pipeline.output import render_video

    store = Path(store)
    with staged_dir(store / name) as staging:
        output = render_video(
            figure,
            values,
            video if video is not None else staging / f"{name}.mp4",
            "mp4",
            render.theme,
            render.quality,
            fps=render.fps,
            pace=render.pace,
            sections_dir=staging / name,
            inputs=inputs,
            **kwargs,
        )
    write_json(store / f"{name}.json", output.sections)
    write_json(store / f"{name}.settings.json", render.as_dict())
    return output


def _matches(figure, values, inputs, store: Path, name: str, sections: list[dict], render: RenderSettings) -> bool:
    """Whether stored step videos are this figure's current steps, rendered with ``render``."""
    from scenes.pipeline.output import step_list

    steps = step_list(figure, values, inputs)
    if [(s["name"], s["caption"]) for s in sections] != [(s.name, s.caption) for s in steps]:
        return False  # the scene changed since they were rendered
    found = _found_settings(figure, Path(store) / name / sections[0]["file"], render.pace)
    if found is None or (found.quality, found.fps) != (render.quality, render.fps):
        return False
    recorded = Path(store) / f"{name}.settings.json"
    if not recorded.exists():
        return found == render
    try:
        return json.loads(recorded.read_text(encoding="utf-8")) == render.as_dict()
    except ValueError:
        return False


def _found_settings(figure, video: Path, pace: float) -> RenderSettings | None:
    """The settings of step videos with no record (as `render all` writes them): the default theme and
    inputs, the quality and frame rate of ``video``. Their pace cannot be read back (manim rounds every
    play to whole frames); the store name tells it: only the lecture pace is named by the bare id."""
    width, height, fps = video_format(video)
    quality = next((q.code for q in settings.QUALITIES.values() if (q.width, q.height) == (width, height)), None)
    return None if quality is None else RenderSettings.of(figure, quality=quality, fps=fps, pace=pace)


def video_format(path: Path) -> tuple[int, int, int]:
    """(width, height, frames per second) of a video file."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return stream.codec_context.width, stream.codec_context.height, int(round(float(stream.average_rate)))


# ---- manim-slides ---------------------------------------------------------------------------------


def presentation_config(sections: list[dict], folder: Path, background: str, escape: bool = False):
    """A manim-slides PresentationConfig: one slide per step, its caption as the speaker note.

    ``rev_file`` (the step played backwards) is read only by manim-slides' Qt presenter, never by its
    converters, so it is the step's own video. ``escape``: notes as HTML text (the reveal.js deck)."""
    from manim_slides.config import PresentationConfig, SlideConfig

    folder = Path(folder).resolve()
    width, height, _ = video_format(folder / sections[0]["file"])
    slides = [
        SlideConfig(
            file=folder / s["file"],
            rev_file=folder / s["file"],
            notes=html.escape(s["caption"], quote=False) if escape else s["caption"],
            dedent_notes=False,
        )
        for s in sections
    ]
    return PresentationConfig(slides=slides, resolution=(width, height), background_color=background)


def write_presentation_config(config, path: Path) -> Path:
    """``config`` as manim-slides' JSON, its video paths relative to the folder above ``path``'s (the
    convention of ``PresentationConfig.from_file``), so that ``manim-slides convert --folder DIR`` reads it."""
    path = Path(path)
    base = path.parent.resolve().parent
    data = json.loads(config.model_dump_json())
    for slide in data["slides"]:
        for key in ("file", "rev_file"):
            slide[key] = os.path.relpath(slide[key], base)
    return write_json(path, data)


def write_html_deck(config, out: Path, name: str, title: str) -> Path:
    """``out/<name>.html`` and ``out/<name>_assets/`` (the step videos and reveal.js): a reveal.js deck
    with no remote reference. Built in a private folder, then moved into place."""
    from manim_slides.convert import RevealJS

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    assets = f"{name}_assets"
    pending = out / f".{name}.html.pending"
    try:
        with staged_dir(out / assets) as staging:
            deck = staging / f"{name}.html"
            converter = RevealJS(
                presentation_configs=[config],
                assets_dir=assets,
                cdn_url=f"{assets}/reveal.js",  # relative to the deck: the vendored copy, never a CDN
                reveal_version=reveal_version(),
                reveal_theme=REVEAL_THEME,
                background_color=str(config.background_color),
                title=html.escape(title),
                hash="true",  # a reload stays on the current step
                slide_number="c/t",
                show_slide_number="speaker",  # step k/n in the speaker view only, not over the figure
            )
            _quiet(converter.convert_to, deck)
            _mute_every_video(deck)
            shutil.copytree(VENDORED_REVEAL, staging / assets / "reveal.js")
            os.replace(deck, pending)
        os.replace(pending, out / f"{name}.html")  # after its assets are in place
    finally:
        pending.unlink(missing_ok=True)
    return out / f"{name}.html"


def write_pptx_deck(config, out: Path, name: str) -> Path:
    """``out/<name>.pptx``: each step's video on its own slide, playing when the slide opens, its caption
    in the slide's notes. Needs no browser."""
    from manim_slides.convert import PowerPoint

    width, height = config.resolution
    converter = PowerPoint(presentation_configs=[config], width=PPTX_WIDTH, height=round(PPTX_WIDTH * height / width))

    return atomic_write(Path(out) / f"{name}.pptx", lambda tmp: _quiet(converter.convert_to, Path(tmp)))


def reveal_version() -> str:
    """The version of the vendored reveal.js (from its package.json)."""
    return json.loads((VENDORED_REVEAL / "package.json").read_text(encoding="utf-8"))["version"]


# ---- helpers --------------------------------------------------------------------------------------


def _quiet(convert, dest: Path) -> None:
    """Run a manim-slides conversion without its tqdm progress bars (they would go to stderr)."""
    from unittest import mock

    import manim_slides.convert

    with mock.patch.object(manim_slides.convert, "tqdm", lambda iterable, **_: iterable):
        convert(dest)


def _mute_every_video(deck: Path) -> None:
    """Mark every step video muted (manim-slides mutes only the first): they have no sound, and browsers
    autoplay a muted video even after a reload on a later step, with no click first."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(deck.read_text(encoding="utf-8"), "html.parser")
    for section in soup.find_all("section", attrs={"data-background-video": True}):
        section["data-background-video-muted"] = ""
    deck.write_text(str(soup), encoding="utf-8")


def _theme_background(theme: str) -> str:
    from scenes.mobjects.theme import THEMES

    return THEMES[theme].background


def _input_value(name: str, value):
    """An input as JSON; the user's image by its content, so that an edited file is rendered anew."""
    if name == "image" and value is not None:
        return {"sha1": hashlib.sha1(Path(value).read_bytes()).hexdigest()}
    return list(value) if isinstance(value, tuple) else value


__all__ = [
    "Deck",
    "RenderSettings",
    "build_deck",
    "ensure_sections",
    "presentation_config",
    "render_sections",
    "reveal_version",
    "stored_sections",
    "video_format",
    "write_html_deck",
    "write_presentation_config",
    "write_pptx_deck",
]
