"""The gallery: figures/index.html, one page to pick figures by looking.

For every figure: its title and caption, its committed still (figures/<id>.svg, which follows the reader's
colour scheme as the page does, with its alt text as ``alt``), its video (WebM, then MP4, as found in media/)
with frame 0 as poster and the captions as a track, its steps (each a link that seeks the video), links to
its values snapshot, storyboard, handout, captions and slides, copy-paste snippets that embed the still in
a post (Markdown and HTML, with the alt text), and the commands that reproduce it; then the training curves
and, when the benchmarks have drawn it, the speed chart.

The page needs no network and no server: every link is relative, and the captions are embedded as a
``data:`` URL (browsers refuse to load a ``<track>`` from a ``file:`` URL). Whatever is missing — a
video, the slides, the speed chart — is said on the page, never linked.
"""

from __future__ import annotations

import base64
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from compute.files import atomic_write
from scenes import settings

VIDEO_TYPES = (("webm", "video/webm"), ("mp4", "video/mp4"))  # tried by the browser in this order
POSTER_QUALITY = 88  # JPEG quality of the posters (frame 0 of each video)
ARTICLE = "Truly understanding 1×1 convolutions"


@dataclass
class Step:
    name: str
    caption: str
    start: float  # seconds into the gallery's video (its captions' cue), or at pace 1 without one


@dataclass
class Entry:
    """What the page shows for one figure (paths are as found on disk; None: missing)."""

    id: str
    title: str
    caption: str
    still: Path | None
    values: Path | None
    videos: list[tuple[Path, str]] = field(default_factory=list)  # (file, MIME type), in the order to try
    poster: Path | None = None
    vtt: Path | None = None
    duration: float | None = None
    slides: Path | None = None
    steps: list[Step] = field(default_factory=list)
    problem: str = ""  # why the steps could not be listed
    alt: str = ""  # the still's alt text (its SVG's title and desc)
    storyboard: Path | None = None
    alt_file: Path | None = None
    handout: Path | None = None  # the handout of every figure (media/handout.pdf) …
    handout_page: int | None = None  # … and the page this figure's section starts on


def video_poster(video: Path, poster: Path) -> Path:
    """Frame 0 of ``video`` (the figure's poster: title and input) as a JPEG, unless one newer than the
    video is there already. Returns ``poster``."""
    if poster.exists() and poster.stat().st_mtime >= video.stat().st_mtime:
        return poster
    import av

    with av.open(str(video)) as container:
        frame = next(container.decode(video=0)).to_image()
    return atomic_write(poster, lambda tmp: frame.convert("RGB").save(tmp, "JPEG", quality=POSTER_QUALITY))


def video_duration(video: Path) -> float | None:
    import av

    with av.open(str(video)) as container:
        return container.duration / 1_000_000 if container.duration else None


_CUE = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3}) -->")


def cue_starts(vtt: Path) -> list[float]:
    """The start of every cue of a WebVTT file, in seconds."""
    return [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in _CUE.findall(vtt.read_text())]


def collect(figure, figures_dir: Path, media_dir: Path, steps: bool = True) -> Entry:
    """An Entry for ``figure`` from the files in figures_dir and media_dir (posters are made here)."""
    fid = figure.id
    entry = Entry(
        fid,
        figure.title,
        figure.caption,
        _present(figures_dir / f"{fid}.svg"),
        _present(figures_dir / f"{fid}.values.json"),
    )
    entry.videos = [
        (media_dir / f"{fid}.{ext}", mime) for ext, mime in VIDEO_TYPES if (media_dir / f"{fid}.{ext}").exists()
    ]
    if entry.videos:
        first = entry.videos[0][0]
        entry.poster = video_poster(first, media_dir / "posters" / f"{fid}.jpg")
        entry.duration = video_duration(first)
    entry.vtt = _present(media_dir / f"{fid}.vtt")
    entry.slides = _present(media_dir / "slides" / f"{fid}.html")
    entry.alt = still_alt(entry.still) if entry.still else ""
    entry.storyboard = _present(figures_dir / f"{fid}.storyboard.svg")
    entry.alt_file = _present(figures_dir / f"{fid}.alt.txt")
    entry.handout = _present(media_dir / HANDOUT)
    if steps:
        try:
            from scenes.pipeline.output import step_list

            listed = step_list(figure, figure.values())
        except Exception as error:  # a scene that does not build: the page says so, the others still show
            entry.problem = f"{type(error).__name__}: {error}".splitlines()[0][:160]
        else:
            cues = cue_starts(entry.vtt) if entry.vtt else []
            starts = cues if len(cues) == len(listed) else [s.start for s in listed]
            entry.steps = [Step(s.name, s.caption, t) for s, t in zip(listed, starts)]
    return entry


def _present(path: Path) -> Path | None:
    return path if path.exists() else None


HANDOUT = "handout.pdf"  # in media/: `python render.py handout` (run by `make figures`), every figure


def still_alt(svg: Path) -> str:
    """A still's alt text: its SVG's title and desc, as ``render.py alt`` writes them (empty if none)."""
    from onebyone.check import alt_text

    title, desc = alt_text(svg.read_text(encoding="utf-8"))
    return f"{title}. {desc}" if title and desc else title or desc


def handout_pages(entries: list["Entry"]) -> None:
    """The page each figure's section starts on in the handout of every figure, in the registry's order
    (as `python render.py handout` writes it), from the numbers of their steps."""
    from onebyone.handout import page_count

    if any(not e.steps for e in entries):
        return
    for k, entry in enumerate(entries):
        entry.handout_page = page_count([len(e.steps) for e in entries[:k]]) + 1


def write_gallery(
    figures_dir: Path | str = "figures",
    media_dir: Path | str = "media",
    out: Path | str | None = None,
    figure_ids: list[str] | None = None,
    steps: bool = True,
) -> tuple[Path, list[Entry]]:
    """Write the gallery page (default figures_dir/index.html) for ``figure_ids`` (default: all).
    Returns its path and the entries it shows."""
    from scenes.registry import FIGURES

    figures_dir, media_dir = Path(figures_dir), Path(media_dir)
    out = Path(out) if out is not None else figures_dir / "index.html"
    entries = [collect(FIGURES[f], figures_dir, media_dir, steps) for f in (figure_ids or list(FIGURES))]
    if figure_ids is None or list(figure_ids) == list(FIGURES):
        handout_pages(entries)
    page = render_page(entries, figures_dir, out.parent)

    def write(tmp: str) -> None:
        Path(tmp).write_text(page, encoding="utf-8")

    return atomic_write(out, write), entries


# ---- the page ---------------------------------------------------------------------------------------


def _href(path: Path, page_dir: Path) -> str:
    """``path`` relative to the page's folder, as a URL."""
    return quote(Path(os.path.relpath(Path(path).resolve(), Path(page_dir).resolve())).as_posix())


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _clock(seconds: float) -> str:
    """m:ss, truncated as a video player shows time."""
    minutes, rest = divmod(int(seconds + 1e-6), 60)
    return f"{minutes}:{rest:02d}"


def _tokens(command: str) -> str:
    """A command with each word unbreakable, so that a narrow screen wraps it only between words."""
    return " ".join(f'<span class="word">{_e(word)}</span>' for word in command.split())


def _commands(fid: str, has_slides_command: bool = True) -> list[tuple[str, str]]:
    """(what, command) pairs that reproduce the figure's files as `make figures` writes them."""
    quality, fps = settings.LECTURE_QUALITY, settings.LECTURE_FPS
    commands = [
        ("still", f"python render.py render {fid} --format svg --out figures"),
        ("video", f"python render.py render {fid} --quality {quality} --fps {fps} --out media"),
        ("values", f"python render.py values {fid} -o {fid}.json"),
    ]
    if has_slides_command:
        commands.append(("slides", f"python render.py slides {fid}"))
    commands += [
        ("storyboard", f"python render.py storyboard {fid}"),
        ("handout", f"python render.py handout {fid} --to pdf --out media/handout-{fid}.pdf"),
        ("png", f"python render.py render {fid} --format png --scale 2 --theme light"),
    ]
    return commands


def _video_html(entry: Entry, page_dir: Path) -> str:
    if not entry.videos:
        return (
            '<div class="missing video-missing" role="note"><p><strong>No video rendered yet.</strong></p>'
            f"<p><code>make figures</code> renders <code>media/{_e(entry.id)}.mp4</code>.</p></div>"
        )
    sources = "".join(f'<source src="{_href(path, page_dir)}" type="{mime}">' for path, mime in entry.videos)
    track = ""
    if entry.vtt:
        data = base64.b64encode(entry.vtt.read_bytes()).decode("ascii")
        track = f'<track kind="captions" srclang="en" label="English" src="data:text/vtt;base64,{data}" default>'
    poster = f' poster="{_href(entry.poster, page_dir)}"' if entry.poster else ""
    return f'<video id="video-{_e(entry.id)}" controls preload="none" playsinline{poster}>{sources}{track}</video>'


def _steps_html(entry: Entry) -> str:
    if entry.problem:
        return f'<p class="missing">Steps could not be listed: {_e(entry.problem)}</p>'
    if not entry.steps:
        return ""
    items = []
    for k, step in enumerate(entry.steps, start=1):
        stamp = _clock(step.start)
        seek = (
            f'<a class="seek" href="#video-{_e(entry.id)}" data-video="video-{_e(entry.id)}" '
            f'data-start="{step.start:.3f}" title="Play from step {k}">{stamp}</a>'
            if entry.videos
            else f'<span class="seek">{stamp}</span>'
        )
        items.append(
            f'<li>{seek}<span class="step-name">{_e(step.name)}</span>'
            f'<span class="step-caption">{_e(step.caption)}</span></li>'
        )
    return f'<h3>Steps</h3><ol class="steps">{"".join(items)}</ol>'


def _links_html(entry: Entry, page_dir: Path) -> str:
    links = []

    def add(label: str, path: Path | None, missing: str) -> None:
        if path is not None:
            links.append(f'<li><a href="{_href(path, page_dir)}">{label}</a></li>')
        else:
            links.append(f'<li class="missing">{label}: {missing}</li>')

    add("Still (SVG)", entry.still, "not committed")
    add("Values (JSON)", entry.values, "not committed")
    for path, _mime in entry.videos:
        add(f"Video ({path.suffix[1:].upper()})", path, "")
    if not entry.videos:
        add("Video", None, "not rendered")
    add("Captions (VTT)", entry.vtt, "not rendered")
    add("Slides", entry.slides, f"not rendered (<code>python render.py slides {_e(entry.id)}</code>)")
    add("Storyboard (SVG)", entry.storyboard, f"not drawn (<code>python render.py storyboard {_e(entry.id)}</code>)")
    add("Alt text (TXT)", entry.alt_file, f"not written (<code>python render.py alt {_e(entry.id)}</code>)")
    if entry.handout is not None:
        page = f"#page={entry.handout_page}" if entry.handout_page else ""
        where = f", page {entry.handout_page}" if entry.handout_page else ""
        links.append(f'<li><a href="{_href(entry.handout, page_dir)}{page}">Handout (PDF{where})</a></li>')
    else:
        links.append(
            f'<li class="missing">Handout: not printed (<code>python render.py handout {_e(entry.id)}</code>)</li>'
        )
    return f'<ul class="links">{"".join(links)}</ul>'


def _figure_html(entry: Entry, page_dir: Path) -> str:
    duration = f" · {_clock(entry.duration)}" if entry.duration else ""
    duration += " · captions on" if entry.vtt else ""
    still = (
        f'<a href="{_href(entry.still, page_dir)}"><img src="{_href(entry.still, page_dir)}" '
        f'alt="{_e(entry.alt or entry.title)}" width="1920" height="1080"></a>'
        if entry.still
        else '<div class="missing">No still: <code>make figures</code> writes '
        f"<code>figures/{_e(entry.id)}.svg</code>.</div>"
    )
    commands = "".join(
        f'<div class="command"><span>{_e(what)}</span><code>{_tokens(command)}</code></div>'
        for what, command in _commands(entry.id)
    )
    return f"""
<article class="figure" id="{_e(entry.id)}">
  <header><span class="fid">{_e(entry.id)}</span><h2>{_e(entry.title)}</h2>
    <p class="caption">{_e(entry.caption)}</p></header>
  <div class="media">
    <figure class="video">{_video_html(entry, page_dir)}<figcaption>Animation{duration}</figcaption></figure>
    <figure class="still">{still}<figcaption>Still: the last frame, vector</figcaption></figure>
  </div>
  <div class="details">
    <div class="steps-box">{_steps_html(entry)}</div>
    <div class="side">
      <h3>Files</h3>{_links_html(entry, page_dir)}
      <h3>Reproduce</h3><div class="commands">{commands}</div>
    </div>
  </div>
  {_embed_html(entry, page_dir)}
</article>"""


def _embed_html(entry: Entry, page_dir: Path) -> str:
    """Copy-paste snippets that put the still in a post: Markdown and HTML, with its alt text."""
    if not entry.still:
        return ""
    src = _href(entry.still, page_dir)
    alt = entry.alt or entry.title
    markdown = f"![{alt.replace('[', chr(92) + '[').replace(']', chr(92) + ']')}]({src})"  # brackets escaped
    tag = f'<img src="{src}" alt="{html.escape(alt, quote=True)}" width="960" height="540">'
    boxes = "".join(
        f'<div class="snippet"><label for="{_e(entry.id)}-{kind}">{label}</label>'
        f'<textarea id="{_e(entry.id)}-{kind}" readonly rows="3" spellcheck="false">{_e(text)}</textarea>'
        f'<button type="button" class="copy" data-for="{_e(entry.id)}-{kind}">Copy</button></div>'
        for kind, label, text in (("md", "Markdown", markdown), ("html", "HTML", tag), ("alt", "Alt text", alt))
    )
    return (
        f'<details class="embed"><summary>Embed this still in a post</summary>{boxes}'
        '<p class="note">The SVG follows the reader\'s colour scheme (light or dark). For a platform that takes '
        f"no SVG: <code>{_tokens(f'python render.py render {entry.id} --format png --scale 2 --theme light')}</code>; "
        "for one that cannot show a video, the storyboard.</p></details>"
    )


def _thumb_html(entry: Entry, page_dir: Path) -> str:
    image = (
        f'<img src="{_href(entry.still, page_dir)}" alt="{_e(entry.alt or entry.title)}" width="1920" height="1080">'
        if entry.still
        else '<span class="thumb-missing">no still</span>'
    )
    label = f'<span class="fid">{_e(entry.id)}</span><span>{_e(entry.title)}</span>'
    return f'<li><a href="#{_e(entry.id)}">{image}{label}</a></li>'


def _extra_html(figures_dir: Path, page_dir: Path) -> str:
    training, speed = figures_dir / "training.svg", figures_dir / "speed.svg"
    parts = ['<section class="extra" id="training"><h2>Training the network of fig5</h2>']
    if training.exists():
        parts.append(
            f"<p>Loss and accuracy per epoch and the first layer's kernels (<code>python render.py train</code>).</p>"
            f'<a href="{_href(training, page_dir)}"><img class="chart" src="{_href(training, page_dir)}" '
            f'alt="Training curves: loss and accuracy per epoch, and the first-layer kernels"></a>'
        )
    else:
        parts.append(
            '<p class="missing">No training chart: '
            "<code>python render.py train --figure figures/training.svg</code>.</p>"
        )
    parts.append('</section><section class="extra" id="speed"><h2>Rendering speed</h2>')
    if speed.exists():
        parts.append(
            f"<p>Time to render each figure against manim's frame floor (<code>make bench</code>).</p>"
            f'<a href="{_href(speed, page_dir)}"><img class="chart" src="{_href(speed, page_dir)}" '
            f'alt="Rendering speed of every figure"></a>'
        )
    else:
        parts.append(
            '<p class="missing">No speed chart yet: <code>make bench</code> draws <code>figures/speed.svg</code>.</p>'
        )
    parts.append("</section>")
    return "".join(parts)


def render_page(entries: list[Entry], figures_dir: Path, page_dir: Path) -> str:
    """The whole HTML page (no external resource: styles and the seek script are inline)."""
    thumbs = "".join(_thumb_html(e, page_dir) for e in entries)
    cards = "".join(_figure_html(e, page_dir) for e in entries)
    videos = sum(bool(e.videos) for e in entries)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{_e(ARTICLE)} — figures</title>
<style>{style()}</style>
</head>
<body>
<header class="top">
  <p class="kicker">onebyone · gallery</p>
  <h1>{_e(ARTICLE)}</h1>
  <p class="lede">Every figure of the article as an animation and a vector still, every number computed.
  Pick one by its picture; each card lists its steps, its files and the command that makes it.</p>
  <p class="counts">{len(entries)} figures · {videos} with video</p>
  <nav aria-label="Figures"><ol class="thumbs">{thumbs}</ol></nav>
</header>
<main>{cards}
{_extra_html(figures_dir, page_dir)}
</main>
<footer>Written by <code>python render.py gallery</code> (run by <code>make figures</code>). Stills and values are
committed in <code>figures/</code>; videos, posters and slides are rendered into <code>media/</code>.</footer>
<script>{SCRIPT}</script>
</body>
</html>
"""


def style() -> str:
    """The page's CSS (light and dark by prefers-color-scheme; one column under 820 px)."""
    return Path(__file__).with_name("gallery.css").read_text(encoding="utf-8")


SCRIPT = """
document.addEventListener('click', function (event) {
  var copy = event.target.closest('button.copy');
  if (copy) {
    var box = document.getElementById(copy.dataset.for);
    box.select();
    var done = function () { copy.textContent = 'Copied'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(box.value).then(done, function () { document.execCommand('copy'); done(); });
    } else { document.execCommand('copy'); done(); }
    return;
  }
  var link = event.target.closest('a.seek');
  if (!link) return;
  var video = document.getElementById(link.dataset.video);
  if (!video) return;
  event.preventDefault();
  video.scrollIntoView({behavior: 'smooth', block: 'center'});
  video.currentTime = parseFloat(link.dataset.start);
  var playing = video.play();
  if (playing && playing.catch) playing.catch(function () {});
});
"""
