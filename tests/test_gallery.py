"""The gallery page in a real browser: Debian's chromium, headless, driven by Playwright.

The page is written into a temporary copy of figures/ with videos rendered for it into a temporary
media/ (quality l, pace 0.1: a few seconds each), opened from disk (file://, as a reader would), and
must load with no console error and no failed request, every image drawn, every video playable in
this chromium with its captions track loaded, in light and dark (the stills in the page's colours, not
as dark boxes), with each still's alt text and copy-paste embed snippets, and without sideways scrolling
on a phone. Screenshots are saved in the test's temporary folder.
"""

from __future__ import annotations

import html
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from helpers import FIGURES_DIR, chromium
from onebyone.gallery import write_gallery
from scenes.registry import FIGURES

# Every figure gets a video here: one as WebM, the others as MP4 (the two formats the page offers).
# A second page, written with no media at all, shows what the page says when videos and slides are missing.
WEBM_FIGURES = ("fig2a",)
MP4_FIGURES = tuple(f for f in FIGURES if f not in WEBM_FIGURES)
SLIDES_FIGURES = ("fig2a",)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """figures/ (the committed stills, snapshots, charts) and media/ (videos rendered now) in a temporary
    folder, and the gallery written into it. Returns the page."""
    from scenes.pipeline.output import render_video

    root = tmp_path_factory.mktemp("site")
    figures, media = root / "figures", root / "media"
    shutil.copytree(FIGURES_DIR, figures, ignore=shutil.ignore_patterns("index.html"))
    for fid in WEBM_FIGURES + MP4_FIGURES:
        figure = FIGURES[fid]
        fmt = "webm" if fid in WEBM_FIGURES else "mp4"
        render_video(figure, figure.values(), media / f"{fid}.{fmt}", fmt=fmt, quality="l", pace=0.1)
    for fid in SLIDES_FIGURES:  # the page only links the deck: any file at the agreed path will do
        (media / "slides").mkdir(parents=True, exist_ok=True)
        (media / "slides" / f"{fid}.html").write_text("<!doctype html><title>deck</title>", encoding="utf-8")
    (media / "handout.pdf").write_bytes(b"%PDF-1.4\n% the page only links the handout\n")
    page, _ = write_gallery(figures, media)
    write_gallery(figures, root / "no-media", out=figures / "bare.html", steps=False)
    return page


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Visit:
    """A page opened in a fresh browser context, recording console errors and failed requests."""

    def __init__(self, browser, page_path: Path, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} ({r.failure})"))
        self.page.goto(page_path.as_uri(), wait_until="load")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site):
    opened = []

    def open_page(page: Path | None = None, **context) -> Visit:
        opened.append(Visit(browser, page or site, **context))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


@pytest.mark.render
def test_every_image_video_and_captions_track_loads(visit, site, tmp_path):
    v = visit(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = v.page
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert not broken, f"images not drawn: {broken}"
    assert page.evaluate("document.images.length") == 2 * len(FIGURES) + 1 + (site.parent / "speed.svg").exists()

    page.evaluate("() => document.querySelectorAll('video').forEach(v => { v.preload = 'auto'; })")
    page.wait_for_function(
        "() => [...document.querySelectorAll('video')].every(v => v.readyState >= 2 || v.error)", timeout=60_000
    )
    videos = page.evaluate(
        """() => [...document.querySelectorAll('video')].map(v => {
            const source = [...v.querySelectorAll('source')].find(s => s.src === v.currentSrc);
            return {id: v.id, ready: v.readyState, error: v.error && v.error.code, src: v.currentSrc,
                    playable: source ? v.canPlayType(source.type) : '', width: v.videoWidth,
                    poster: v.poster, tracks: v.querySelectorAll('track[kind=captions]').length,
                    steps: v.closest('article').querySelectorAll('ol.steps li').length};
        })"""
    )
    assert sorted(x["id"] for x in videos) == sorted(f"video-{f}" for f in WEBM_FIGURES + MP4_FIGURES)
    for video in videos:
        assert video["error"] is None and video["ready"] >= 2 and video["width"] > 0, video
        assert video["playable"] in ("probably", "maybe"), video
        assert video["poster"].endswith(".jpg") and video["tracks"] == 1, video
        expected = ".webm" if video["id"].removeprefix("video-") in WEBM_FIGURES else ".mp4"
        assert video["src"].endswith(expected), video

    page.wait_for_function(
        "() => [...document.querySelectorAll('track')].every(t => t.readyState === 2)", timeout=20_000
    )
    cues = page.evaluate(
        """() => [...document.querySelectorAll('video')].map(v => [v.textTracks[0].cues.length,
            v.closest('article').querySelectorAll('ol.steps li').length])"""
    )
    assert all(n_cues == n_steps > 0 for n_cues, n_steps in cues), f"captions per video vs steps: {cues}"

    page.screenshot(path=str(tmp_path / "gallery-dark.png"), full_page=True)
    assert (tmp_path / "gallery-dark.png").stat().st_size > 100_000
    assert not v.problems, "\n".join(v.problems)


@pytest.mark.render
def test_a_step_link_plays_the_video_from_that_step(visit):
    v = visit(viewport={"width": 1280, "height": 900})
    fid = MP4_FIGURES[0]
    link = v.page.locator(f"#{fid} ol.steps a.seek").nth(2)
    start = float(link.get_attribute("data-start"))
    link.click()
    v.page.wait_for_function(f"() => document.getElementById('video-{fid}').readyState >= 2", timeout=20_000)
    now = v.page.evaluate(f"document.getElementById('video-{fid}').currentTime")
    assert start > 0 and abs(now - start) < 0.5, (start, now)
    assert not v.problems, "\n".join(v.problems)


@pytest.mark.render
def test_light_and_dark_and_a_phone(visit, tmp_path):
    backgrounds = {}
    for scheme in ("light", "dark"):
        v = visit(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        backgrounds[scheme] = v.page.evaluate(
            "() => getComputedStyle(document.body).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)"
        )
        assert not v.problems, "\n".join(v.problems)
    assert sum(backgrounds["light"]) > 600 and sum(backgrounds["dark"]) < 150, backgrounds

    phone = visit(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="light",
    )
    widths = phone.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways on a phone: {widths}"
    narrow = phone.page.evaluate(
        "() => [...document.querySelectorAll('video, article img')].every(e => e.getBoundingClientRect().width <= 390)"
    )
    assert narrow
    phone.page.screenshot(path=str(tmp_path / "gallery-phone.png"), full_page=True)
    assert not phone.problems, "\n".join(phone.problems)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("href", "src", "poster") and value]


def local_links(page: Path) -> list[str]:
    """Every href/src/poster of the page that is not an anchor or data: URL; each must be relative and
    lead to a file."""
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    local = []
    for url in parser.urls:
        parsed = urlparse(url)
        if url.startswith("#") or parsed.scheme == "data":
            continue
        assert not parsed.scheme and not parsed.netloc and not url.startswith("/"), f"not relative: {url}"
        assert (page.parent / unquote(parsed.path)).resolve().exists(), f"links to nothing: {url}"
        local.append(url)
    return local


@pytest.mark.render
def test_every_link_is_relative_and_leads_to_a_file(site):
    text = site.read_text(encoding="utf-8")
    words = re.sub(r"<[^>]+>", "", text)  # the text a reader sees and copies
    local = local_links(site)
    for fid, figure in FIGURES.items():
        assert f'id="{fid}"' in text and html.escape(figure.title) in text and html.escape(figure.caption) in text
        assert f"{fid}.values.json" in local and f"{fid}.svg" in local
        assert f"python render.py render {fid} --format svg --out figures" in words
        assert f"../media/{fid}.vtt" in local and f"../media/posters/{fid}.jpg" in local
        assert (f"../media/slides/{fid}.html" in local) == (fid in SLIDES_FIGURES)
    assert "No video rendered yet." not in text and "Steps could not be listed" not in text
    assert text.count("Slides: not rendered") == len(FIGURES) - len(SLIDES_FIGURES)
    assert "training.svg" in local
    assert ("speed.svg" in local) == (site.parent / "speed.svg").exists()


@pytest.mark.render
def test_what_is_missing_is_said_not_linked(site, visit):
    bare = site.parent / "bare.html"
    text = bare.read_text(encoding="utf-8")
    local = local_links(bare)
    assert not [url for url in local if "media/" in url]
    assert text.count("No video rendered yet.") == len(FIGURES)
    assert text.count("Slides: not rendered") == len(FIGURES)
    assert text.count("Captions (VTT): not rendered") == len(FIGURES)
    v = visit(page=bare, viewport={"width": 1280, "height": 900})
    assert v.page.evaluate("document.querySelectorAll('video').length") == 0
    assert not v.problems, "\n".join(v.problems)


@pytest.mark.render
def test_stills_carry_their_alt_text_and_embed_snippets(site, visit):
    from onebyone.handout import page_count
    from scenes.pipeline.output import step_list

    text = site.read_text(encoding="utf-8")
    local = local_links(site)
    steps = [len(step_list(FIGURES[f], FIGURES[f].values())) for f in FIGURES]
    v = visit(viewport={"width": 1280, "height": 900}, color_scheme="light")
    alts = v.page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('article.figure')].map(a =>
            [a.id, {alt: a.querySelector('figure.still img').alt,
                    snippets: [...a.querySelectorAll('.embed textarea')].map(t => t.value)}]))"""
    )
    for k, fid in enumerate(FIGURES):
        alt = (site.parent / f"{fid}.alt.txt").read_text(encoding="utf-8").strip()
        assert alts[fid]["alt"] == alt and alt.startswith(FIGURES[fid].title + ". ")
        markdown, tag, plain = alts[fid]["snippets"]
        assert (
            markdown.startswith("![") and markdown.endswith(f"]({fid}.svg)") and FIGURES[fid].caption[:30] in markdown
        )
        assert tag.startswith(f'<img src="{fid}.svg" alt="') and html.escape(alt, quote=True) in tag
        assert plain == alt
        assert f"{fid}.storyboard.svg" in local and f"{fid}.alt.txt" in local
        page = page_count(steps[:k]) + 1
        assert f'href="../media/handout.pdf#page={page}"' in text, (fid, page)
    assert sum(url.startswith("../media/handout.pdf#page=") for url in local) == len(FIGURES)  # and it exists
    v.page.locator("#fig2a details.embed summary").click()
    button = v.page.locator("#fig2a .embed button.copy").first
    button.click()
    v.page.wait_for_function(  # the clipboard answers asynchronously
        "() => document.querySelector('#fig2a .embed button.copy').textContent === 'Copied'", timeout=10_000
    )
    assert not v.problems, "\n".join(v.problems)


@pytest.mark.render
def test_the_stills_take_the_cards_colour_in_light_and_dark(visit):
    """No still is a dark box on a light page: the pixels just inside a still's corner are the card's colour
    in both schemes (the still has no background of its own)."""
    for scheme in ("light", "dark"):
        v = visit(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        card = v.page.evaluate(
            "() => getComputedStyle(document.querySelector('article.figure'))"
            ".backgroundColor.match(/\\d+/g).map(Number)"
        )
        image = v.page.locator("#fig2a figure.still img")
        image.scroll_into_view_if_needed()
        box = image.bounding_box()
        from PIL import Image

        shot = Image.open(io.BytesIO(v.page.screenshot())).convert("RGB")
        for dx, dy in ((6, 6), (box["width"] - 7, 6), (6, box["height"] - 7)):
            pixel = shot.getpixel((int(box["x"] + dx), int(box["y"] + dy)))
            assert max(abs(a - b) for a, b in zip(pixel, card[:3])) <= 3, (scheme, pixel, card)
        assert not v.problems, "\n".join(v.problems)
