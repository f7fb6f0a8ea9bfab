"""Lecture decks (render.py slides): one slide per step with its caption as note, a reveal.js deck that
loads nothing from the network, a PowerPoint file, and step videos reused rather than rendered twice."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import av
import pptx
import pytest
from click.testing import CliRunner
from manim_slides.config import PresentationConfig
from pydantic_extra_types.color import Color

from compute.values import FigureInputs
from helpers import chromium
from onebyone import slides
from render import cli
from scenes.mobjects.theme import THEMES
from scenes.pipeline.output import step_list
from scenes.registry import FIGURES

pytestmark = pytest.mark.render

QUICK = ["--quality", "l", "--pace", "0.1"]  # 854×480, every run time and hold ×0.1
FIG2A = FIGURES["fig2a"]
REFERENCE_ATTRIBUTES = {"src", "href", "poster", "data-src", "data-background-video", "data-background-image"}


def run_slides(*args) -> list[str]:
    result = CliRunner().invoke(cli, ["slides", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("sections")


@pytest.fixture(scope="module")
def steps():
    """fig2a's steps (names and captions) from an instant build: what every deck must show, in order."""
    return step_list(FIG2A, FIG2A.values())


@pytest.fixture(scope="module")
def html_deck(tmp_path_factory, store) -> Path:
    out = tmp_path_factory.mktemp("html")
    (written,) = run_slides("fig2a", "--to", "html", "--out", str(out), "--sections", str(store), *QUICK)
    return Path(written)


@pytest.fixture(scope="module")
def pptx_deck(tmp_path_factory, store, html_deck) -> Path:  # after the HTML deck: reuses its step videos
    out = tmp_path_factory.mktemp("pptx")
    (written,) = run_slides("fig2a", "--to", "pptx", "--out", str(out), "--sections", str(store), *QUICK)
    return Path(written)


class DeckParser(HTMLParser):
    """Every referencing attribute (src, href, background video…) and every slide with its notes."""

    def __init__(self):
        super().__init__()
        self.references: list[str] = []
        self.slides: list[dict] = []
        self._in_notes = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.references += [value for name, value in attrs.items() if name in REFERENCE_ATTRIBUTES and value]
        if tag == "section" and "data-background-video" in attrs:
            self.slides.append(
                {
                    "video": attrs["data-background-video"],
                    "muted": "data-background-video-muted" in attrs,
                    "background": attrs.get("data-background-color"),
                }
            )
        if tag == "aside" and "notes" in (attrs.get("class") or "").split():
            self._in_notes = True
            self.slides[-1]["notes"] = ""

    def handle_endtag(self, tag):
        if tag == "aside":
            self._in_notes = False

    def handle_data(self, data):
        if self._in_notes:
            self.slides[-1]["notes"] += data


def parse(deck: Path) -> DeckParser:
    parser = DeckParser()
    parser.feed(deck.read_text(encoding="utf-8"))
    return parser


def video_size_and_frames(path: Path) -> tuple[tuple[int, int], int]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        size = (stream.codec_context.width, stream.codec_context.height)
        return size, sum(1 for _ in container.decode(stream))


def test_html_deck_has_one_slide_per_step_with_its_caption(html_deck, steps):
    assert html_deck.name == "fig2a.html"
    deck = parse(html_deck)
    assert len(deck.slides) == len(steps) > 1
    assert [s["notes"].strip() for s in deck.slides] == [step.caption for step in steps]
    assert all(s["muted"] for s in deck.slides)  # silent videos autoplay on every slide, even after a reload
    for slide, step in zip(deck.slides, steps):
        video = html_deck.parent / slide["video"]
        assert video.name.endswith(f"_{step.name}.mp4")
        size, frames = video_size_and_frames(video)
        assert size == (854, 480) and frames >= 1


def test_html_deck_references_nothing_remote(html_deck):
    """Every src/href of the deck, and every url() of its style sheets, is a local file beside it."""
    deck = parse(html_deck)
    assert deck.references
    for reference in deck.references:
        url = urlparse(reference)
        assert not url.scheme and not url.netloc and not reference.startswith("/"), reference
        assert (html_deck.parent / unquote(url.path)).is_file(), reference
    reveal = html_deck.parent / "fig2a_assets" / "reveal.js"
    assert "fig2a_assets/reveal.js/dist/reveal.js" in deck.references
    assert (reveal / "LICENSE").read_text().startswith("Copyright")
    sheets = [html_deck.parent / r for r in deck.references if r.endswith(".css")]
    assert len(sheets) >= 2
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        assert "@import" not in text, sheet
        for target in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert target.startswith("data:") or (sheet.parent / target).is_file(), (sheet, target[:60])


def test_pptx_deck_has_one_video_slide_per_step(pptx_deck, steps):
    assert pptx_deck.name == "fig2a.pptx"
    deck = pptx.Presentation(str(pptx_deck))
    assert len(deck.slides) == len(steps)
    for slide, step in zip(deck.slides, steps):
        (movie,) = slide.shapes
        assert movie.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.MEDIA
        assert movie.name.endswith(f"_{step.name}.mp4")
        assert slide.notes_slide.notes_text_frame.text == step.caption
    with zipfile.ZipFile(pptx_deck) as archive:
        videos = [n for n in archive.namelist() if n.startswith("ppt/media/") and n.endswith(".mp4")]
    assert len(videos) == len(steps)  # embedded: the file plays with no folder beside it


def test_manim_slides_reads_the_presentation_config(html_deck, steps):
    """The JSON beside the deck is manim-slides' own format: `manim-slides convert --folder DIR fig2a` reads it."""
    config = PresentationConfig.from_file(html_deck.with_suffix(".json"))
    assert [s.notes for s in config.slides] == [step.caption for step in steps]
    assert all(s.file.is_file() and s.file.name.endswith(f"_{t.name}.mp4") for s, t in zip(config.slides, steps))
    assert tuple(config.resolution) == (854, 480)
    assert config.background_color.as_rgb_tuple() == Color(THEMES["dark"].background).as_rgb_tuple()


def test_step_videos_are_reused_and_missing_ones_rendered(tmp_path, store, html_deck, steps):
    copy = tmp_path / "sections"
    shutil.copytree(store, copy)
    render = slides.RenderSettings.of(FIG2A, quality="l", pace=0.1)
    name = render.store_name(FIG2A)
    assert name != "fig2a"  # not what `render all` renders: its own folder
    videos = sorted((copy / name).iterdir())
    stamps = [v.stat().st_mtime_ns for v in videos]

    deck = slides.build_deck(FIG2A, "html", tmp_path / "deck", copy, render)
    assert not deck.rendered and deck.slides == len(steps)
    assert [v.stat().st_mtime_ns for v in videos] == stamps

    (copy / f"{name}.settings.json").unlink()  # as `render all` writes them: quality and rate read back
    assert not slides.build_deck(FIG2A, "pptx", tmp_path / "deck", copy, render).rendered

    videos[3].unlink()
    deck = slides.build_deck(FIG2A, "html", tmp_path / "deck", copy, render)
    assert deck.rendered and videos[3].is_file()
    assert len(list((copy / name).iterdir())) == len(steps)

    listing = copy / f"{name}.json"  # the stored steps no longer the scene's (a caption changed): rendered again
    stored = json.loads(listing.read_text())
    stored[0]["caption"] = "a caption the scene no longer has"
    listing.write_text(json.dumps(stored))
    assert slides.build_deck(FIG2A, "html", tmp_path / "deck", copy, render).rendered
    assert [s["caption"] for s in json.loads(listing.read_text())] == [s.caption for s in steps]


def test_other_settings_get_their_own_videos(tmp_path, store, html_deck):
    """Another theme (or frame rate, pace, inputs) never reuses the videos of the defaults."""
    out = tmp_path / "out"
    (written,) = run_slides("fig2a", "--theme", "light", "--out", str(out), "--sections", str(store), *QUICK)
    assert Path(written) == out / "fig2a-light.html"
    deck = parse(Path(written))
    light_background = Color(THEMES["light"].background).as_rgb_tuple()
    assert all(Color(s["background"]).as_rgb_tuple() == light_background for s in deck.slides)
    light = slides.RenderSettings.of(FIG2A, theme="light", quality="l", pace=0.1).store_name(FIG2A)
    dark = slides.RenderSettings.of(FIG2A, quality="l", pace=0.1).store_name(FIG2A)
    assert light != dark and (store / light).is_dir()
    assert all((store / light / Path(s["video"]).name).is_file() for s in deck.slides)


def test_bad_format_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(cli, ["slides", "fig2a", "--to", "pdf", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "'pdf' is not one of 'html', 'pptx'" in result.output
    assert not list(tmp_path.iterdir())


def test_html_deck_plays_offline_in_a_browser(html_deck, steps):
    """Headless Chromium with every non-file request refused: reveal.js loads, each key press moves one
    step on, and that step's video plays to its end."""
    remote, errors = [], []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else _refuse(r, remote))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(html_deck.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=20_000)
        assert page.evaluate("Reveal.getTotalSlides()") == len(steps)
        for k in range(3):
            if k:
                page.keyboard.press("ArrowRight")
            page.wait_for_function(
                f"""() => {{ if (Reveal.getIndices().h !== {k}) return false;
                    const v = Reveal.getCurrentSlide().slideBackgroundContentElement.querySelector('video');
                    return v !== null && v.ended && v.videoWidth === 854; }}""",
                timeout=20_000,
            )
    assert remote == [] and errors == []


def _refuse(route, remote: list) -> None:
    remote.append(route.request.url)
    route.abort()


def test_store_names_tell_settings_apart(tmp_path):
    """The lecture settings are named by the bare id; any other theme, quality, rate, pace or input gets a
    name of its own, and the user's image counts by its content, not its path."""
    lecture = slides.RenderSettings.of(FIG2A)
    assert lecture.store_name(FIG2A) == "fig2a"
    others = [
        slides.RenderSettings.of(FIG2A, theme="light"),
        slides.RenderSettings.of(FIG2A, quality="m"),
        slides.RenderSettings.of(FIG2A, fps=60),
        slides.RenderSettings.of(FIG2A, pace=1.5),
        slides.RenderSettings.of(FIG2A, FigureInputs(digit=7)),
    ]
    names = {s.store_name(FIG2A) for s in [lecture, *others]}
    assert len(names) == 1 + len(others)
    assert "image" in FIG2A.options
    first, same, edited = tmp_path / "a.png", tmp_path / "b.png", tmp_path / "c.png"
    first.write_bytes(b"one image")
    same.write_bytes(b"one image")
    edited.write_bytes(b"another image")
    by_image = [slides.RenderSettings.of(FIG2A, FigureInputs(image=str(p))) for p in (first, same, edited)]
    name = [settings.store_name(FIG2A) for settings in by_image]
    assert name[0] == name[1] != name[2] and name[0] not in names
