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

from helpers import FIGURES_DIR, chromium, vtt_cues
from onebyone.gallery import write_gallery
from scenes.registry import FIGURES

# Every figure gets a video here: one as WebM, the others as MP4 (the two formats the page offers).
# A second page, written with no media at all, shows what the page says when videos and slides are missing.
WEBM_FIGURES = ("fig2a",)
MP4_FIGURES = tuple(f for f in FIGURES if f not in WEBM_FIGURES)
SLIDES_FIGURES = ("fig2a",)
RENDERED: dict[str, list[dict]] = {}  # figure -> its steps as rendered for the site (name, caption, start, end)


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
        video = render_video(
            figure, figure.values(), media / f"{fid}.{fmt}", fmt=fmt, quality="l", pace=0.1, sections_dir=root / "steps"
        )
        RENDERED[fid] = video.sections  # each step's start and end in this video, as the renderer played it
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
    """A click on step 3's link seeks its video to the step's start (read in the same task as the click,
    so however busy the machine, the video has not moved on yet) and plays it."""
    v = visit(viewport={"width": 1280, "height": 900})
    fid = MP4_FIGURES[0]
    link = v.page.locator(f"#{fid} ol.steps a.seek").nth(2)
    start = float(link.get_attribute("data-start"))
    now = link.evaluate(
        f"a => {{ const v = document.getElementById('video-{fid}'); a.click(); return v.currentTime; }}"
    )
    assert start == RENDERED[fid][2]["start"] or abs(start - RENDERED[fid][2]["start"]) <= 0.0011
    assert start > 0 and abs(now - start) < 1e-6, (start, now)
    v.page.wait_for_function(f"() => !document.getElementById('video-{fid}').paused", timeout=60_000)
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


# ---- what the page says, read from its HTML (no browser) ---------------------------------------------


def step_links(text: str, fid: str) -> list[tuple[float, str, str, str]]:
    """(data-start, clock, step name, caption) of every step link in figure ``fid``'s card."""
    card = text[text.index(f'<article class="figure" id="{fid}">') :]
    card = card[: card.index("</article>")]
    return [
        (float(start), clock, html.unescape(name), html.unescape(caption))
        for start, clock, name, caption in re.findall(
            r'<a class="seek" [^>]*data-start="([\d.]+)"[^>]*>([\d:]+)</a><span class="step-name">([^<]*)</span>'
            r'<span class="step-caption">([^<]*)</span>',
            card,
        )
    ]


@pytest.mark.render
def test_every_step_link_seeks_to_its_steps_start_in_the_video(site):
    """For every figure, each step link's time is when that step starts in the video on the page (as the
    renderer played it), in the steps' order, with the step's name and caption."""
    import onebyone

    text = site.read_text(encoding="utf-8")
    for fid in FIGURES:
        rendered = RENDERED[fid]
        steps = onebyone.figure(fid).steps
        links = step_links(text, fid)
        assert [(name, caption) for _, _, name, caption in links] == [(s.name, s.caption) for s in steps], fid
        assert [(r["name"], r["caption"]) for r in rendered] == [(s.name, s.caption) for s in steps], fid
        for (start, clock, name, _), step in zip(links, rendered):
            assert abs(start - step["start"]) <= 0.001 + 1e-9, (fid, name, start, step["start"])  # captions: ms
            minutes, seconds = divmod(int(step["start"] + 1e-6), 60)
            assert clock == f"{minutes}:{seconds:02d}", (fid, name, clock)
        assert links[0][0] == 0.0 and all(a[0] < b[0] for a, b in zip(links, links[1:])), fid


@pytest.mark.render
def test_every_figures_captions_are_its_steps(site):
    """Every figure's .srt and .vtt: one cue per step, each starting and ending when the step does in the
    video (to the millisecond) with the step's caption; the two files say the same."""
    import srt

    import onebyone

    media = site.parent.parent / "media"
    for fid in FIGURES:
        rendered = RENDERED[fid]
        steps = onebyone.figure(fid).steps
        cues = list(srt.parse((media / f"{fid}.srt").read_text(encoding="utf-8")))
        want = [(round(r["start"], 3), round(r["end"], 3), s.caption) for r, s in zip(rendered, steps)]
        assert len(rendered) == len(steps) == len(cues), fid
        got = [(round(c.start.total_seconds(), 3), round(c.end.total_seconds(), 3), c.content) for c in cues]
        assert all(abs(g[0] - w[0]) <= 0.0011 and abs(g[1] - w[1]) <= 0.0011 for g, w in zip(got, want)), (
            fid,
            got,
            want,
        )
        assert [g[2] for g in got] == [w[2] for w in want], fid
        assert vtt_cues(media / f"{fid}.vtt") == [
            (c.start.total_seconds(), c.end.total_seconds(), c.content) for c in cues
        ]


@pytest.fixture
def gallery_tree(tmp_path) -> tuple[Path, Path]:
    """figures/ (the committed files, fig3's still removed) and media/ holding tiny real videos: fig2a
    as WebM and MP4 with captions, fig4b as MP4 only."""
    from helpers import tiny_video

    figures, media = tmp_path / "figures", tmp_path / "media"
    shutil.copytree(FIGURES_DIR, figures, ignore=shutil.ignore_patterns("index.html"))
    (figures / "fig3.svg").unlink()
    tiny_video(media / "fig2a.webm")
    tiny_video(media / "fig2a.mp4")
    tiny_video(media / "fig4b.mp4")
    import onebyone

    steps = onebyone.figure("fig2a").steps  # captions of its own: step k from 1.5·k s to 1.5·(k+1) s
    cues = [f"00:00:{1.5 * k:06.3f} --> 00:00:{1.5 * (k + 1):06.3f}\n{s.caption}" for k, s in enumerate(steps)]
    (media / "fig2a.vtt").write_text("WEBVTT\n\n" + "\n\n".join(cues) + "\n", encoding="utf-8")
    return figures, media


def test_gallery_written_into_another_folder_links_what_is_there_and_says_what_is_not(gallery_tree, tmp_path):
    """`render.py gallery --out` into a folder of its own: every link relative and leading to its file;
    a figure with two video formats gets one <source> per file; fig3, whose still is missing, is listed
    and says so instead of linking it."""
    from click.testing import CliRunner

    from render import cli

    figures, media = gallery_tree
    page = tmp_path / "site" / "pages" / "gallery.html"
    result = CliRunner().invoke(
        cli, ["gallery", "--figures-dir", str(figures), "--media", str(media), "--out", str(page)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{page}  ({len(FIGURES)} figures; no video yet: ")
    missing = result.output.split("no video yet: ")[1].rstrip(")\n").split(", ")
    assert missing == [f for f in FIGURES if f not in ("fig2a", "fig4b")]
    assert not (figures / "index.html").exists()  # written where asked, nowhere else

    text = page.read_text(encoding="utf-8")
    local = local_links(page)  # each relative to the page's own folder, and leading to a file
    assert "../../figures/fig2a.svg" in local and "../../media/fig2a.webm" in local
    assert "../../media/fig2a.mp4" in local and "../../media/fig4b.mp4" in local

    sources = dict(re.findall(r'<video id="video-(\w+)"[^>]*>((?:<source [^>]*>)+)', text))
    assert set(sources) == {"fig2a", "fig4b"}
    fig2a = re.findall(r'<source src="([^"]+)" type="([^"]+)">', sources["fig2a"])
    assert fig2a == [("../../media/fig2a.webm", "video/webm"), ("../../media/fig2a.mp4", "video/mp4")]
    assert re.findall(r'<source src="([^"]+)" type="([^"]+)">', sources["fig4b"]) == [
        ("../../media/fig4b.mp4", "video/mp4")
    ]
    card = text[text.index('<article class="figure" id="fig2a">') :].split("</article>")[0]
    assert ">Video (WEBM)</a>" in card and ">Video (MP4)</a>" in card
    import onebyone

    n = len(onebyone.figure("fig2a").steps)  # fig2a's links seek to its captions' cues; fig4b has none: its steps
    assert [start for start, *_ in step_links(text, "fig2a")] == [1.5 * k for k in range(n)]
    fig4b = [round(s.start, 3) for s in onebyone.figure("fig4b").steps]
    assert [start for start, *_ in step_links(text, "fig4b")] == fig4b and len(fig4b) > 1
    assert 'src="data:text/vtt;base64,' in card and "Captions (VTT)</a>" in card

    words = re.sub(r"<[^>]+>", "", card)
    for what, command in (
        ("still", "python render.py render fig2a --format svg --out figures"),
        ("video", "python render.py render fig2a --quality h --fps 30 --out media"),
        ("values", "python render.py values fig2a -o fig2a.json"),
        ("slides", "python render.py slides fig2a"),
    ):
        assert f"{what}{command}" in words, (what, words)
    fig1a = text[text.index('<article class="figure" id="fig1a">') :].split("</article>")[0]
    assert "No video rendered yet." in fig1a and "<video" not in fig1a and "No video rendered yet." not in card

    fig3 = text[text.index('<article class="figure" id="fig3">') :].split("</article>")[0]
    assert "No still: <code>make figures</code> writes <code>figures/fig3.svg</code>." in fig3
    assert "Still (SVG): not committed" in fig3 and 'fig3.svg"' not in text
    assert '<span class="thumb-missing">no still</span><span class="fid">fig3</span>' in text
    assert text.count('<article class="figure"') == len(FIGURES)


def test_posters_are_frame_zero_made_once_and_again_for_a_newer_video(gallery_tree, tmp_path):
    """Each video's poster is its first frame at the video's size; a second gallery keeps a poster newer
    than its video, and makes it again when the video is newer."""
    import os

    import av
    import numpy as np

    from render import cli

    figures, media = gallery_tree
    page = tmp_path / "page.html"
    args = ["gallery", "--figures-dir", str(figures), "--media", str(media), "--out", str(page)]
    from click.testing import CliRunner

    assert CliRunner().invoke(cli, args).exit_code == 0
    posters = sorted(p.name for p in (media / "posters").iterdir())
    assert posters == ["fig2a.jpg", "fig4b.jpg"]  # one per figure with a video (fig2a's from its WebM)
    poster = media / "posters" / "fig2a.jpg"
    with av.open(str(media / "fig2a.webm")) as video:
        first = next(video.decode(video=0)).to_ndarray(format="rgb24")
    with av.open(str(poster)) as image:
        drawn = next(image.decode(video=0)).to_ndarray(format="rgb24")
    assert drawn.shape == first.shape and np.abs(drawn.astype(int) - first.astype(int)).mean() < 4
    text = page.read_text(encoding="utf-8")
    assert 'poster="media/posters/fig2a.jpg"' in text and "Animation · 0:02 · captions on" in text

    old = poster.stat().st_mtime_ns - 10**9
    os.utime(poster, ns=(old, old))
    os.utime(media / "fig2a.webm", ns=(old - 10**9, old - 10**9))  # the video older than its poster
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert poster.stat().st_mtime_ns == old  # kept: newer than its video
    os.utime(media / "fig2a.webm", ns=(old + 10**9, old + 10**9))
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert poster.stat().st_mtime_ns > old  # made again from the newer video
