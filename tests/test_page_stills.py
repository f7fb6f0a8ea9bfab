"""Stills made for the page (issue 18): one SVG for light and dark pages, alt text, every number inspectable,
storyboards, a printable handout and PNGs for platforms without SVG.

The committed stills are opened in Debian's chromium (headless, driven by Playwright) in the light and the
dark emulated colour scheme: the background must be the page's, and every text drawn on it must keep a
contrast of at least 4.5:1 with it (sampled from the screenshot); hovering a cell or a number must report
what it is (its SVG ``<title>``, read through the DOM at the point a pointer would be). The handout is read
back with pypdf.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from helpers import FIGURES_DIR, chromium, default_values
from render import cli
from scenes.registry import FIGURES, get

SVG = "{http://www.w3.org/2000/svg}"
BUDGET = 400_000
MIN_CONTRAST = 4.5
TEXT_KINDS = ("number", "label", "shape-label", "math")


# ---- helpers ----------------------------------------------------------------------------------------


def luminance(rgb) -> float:
    c = np.asarray(rgb, float) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def still_scene(figure_id: str, step: int | None):
    from scenes.pipeline.output import build_scene

    return build_scene(get(figure_id), default_values(figure_id), "light", step=step, record=False)


def px_box(bbox, width=1920, height=1080) -> tuple[int, int, int, int]:
    """A scene-unit bbox (left, bottom, right, top) as pixels (x0, y0, x1, y1) of a width×height picture."""
    from scenes.pipeline.vector import frame_matrix

    m = frame_matrix(width, height)
    x0, y1 = m.transform_point(bbox[0], bbox[1])
    x1, y0 = m.transform_point(bbox[2], bbox[3])
    return int(math.floor(x0)), int(math.floor(y0)), int(math.ceil(x1)), int(math.ceil(y1))


def screenshot(page) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))


def sampled_contrast(picture: np.ndarray, box) -> tuple[float, tuple, tuple]:
    """(contrast, ink, background) of the text in ``box``: the background is the commonest colour of a ring
    of pixels around the box, the ink the pixel inside that stands out from it most."""
    x0, y0, x1, y1 = box
    h, w, _ = picture.shape
    ring = picture[max(y0 - 4, 0) : min(y1 + 4, h), max(x0 - 4, 0) : min(x1 + 4, w)].copy()
    inner = picture[max(y0, 0) : min(y1, h), max(x0, 0) : min(x1, w)].reshape(-1, 3)
    edge = np.concatenate(
        [ring[:2].reshape(-1, 3), ring[-2:].reshape(-1, 3), ring[:, :2].reshape(-1, 3), ring[:, -2:].reshape(-1, 3)]
    )
    colours, counts = np.unique(edge, axis=0, return_counts=True)
    background = tuple(int(c) for c in colours[np.argmax(counts)])
    lb = luminance(background)
    c = inner.astype(float) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    lum = c @ np.array([0.2126, 0.7152, 0.0722])
    ratios = (np.maximum(lum, lb) + 0.05) / (np.minimum(lum, lb) + 0.05)
    k = int(np.argmax(ratios))
    return float(ratios[k]), tuple(int(v) for v in inner[k]), background


ALL_STILLS = [(fid, step, name) for fid in FIGURES for step, name in get(fid).committed_stills()]


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def page_with(svg: Path, folder: Path) -> Path:
    """A page of the reader's colour scheme (its canvas colour) holding ``svg`` at 1920×1080 CSS px."""
    page = folder / f"{svg.stem}.html"
    page.write_text(
        '<!doctype html><meta charset="utf-8"><meta name="color-scheme" content="light dark">'
        "<style>html,body{margin:0;background:Canvas}img{display:block}</style>"
        f'<img src="{svg.as_uri()}" width="1920" height="1080">',
        encoding="utf-8",
    )
    return page


# ---- 1. one still for any page ------------------------------------------------------------------------


@pytest.mark.render
@pytest.mark.parametrize("figure_id,step,name", ALL_STILLS, ids=[s[2] for s in ALL_STILLS])
def test_a_still_takes_the_pages_colours_and_its_text_stays_legible(browser, tmp_path, figure_id, step, name):
    """On a light page the still is its light theme, on a dark page its dark theme, with the page's own
    background around and behind it; every text drawn on that background (not inside a cell or box) keeps a
    sampled contrast of at least 4.5:1 in both."""
    from scenes.checks.inspect import items_of

    svg = FIGURES_DIR / name
    page = page_with(svg, tmp_path)
    texts = [i for i in items_of(still_scene(figure_id, step).mobjects) if i.kind in TEXT_KINDS and not i.inside]
    assert texts
    pictures, low = {}, []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1920, "height": 1080}, color_scheme=scheme)
        tab = context.new_page()
        tab.goto(page.as_uri(), wait_until="load")
        canvas = tab.evaluate("getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number)")[:3]
        picture = screenshot(tab)
        context.close()
        pictures[scheme] = picture
        corners = picture[[2, 2, -3, -3], [2, -3, 2, -3]]
        assert (np.abs(corners.astype(int) - canvas).max(axis=1) <= 2).all(), (scheme, corners, canvas)
        for item in texts:
            ratio, ink, background = sampled_contrast(picture, px_box(item.bbox))
            if ratio < MIN_CONTRAST:
                low.append(f"{scheme}: {item.kind} {item.text!r} {item.role}: {ratio:.2f} (ink {ink} on {background})")
    assert not low, f"{name}, text under {MIN_CONTRAST}:1:\n" + "\n".join(low)
    assert pictures["light"][5, 5].astype(int).sum() > 600 and pictures["dark"][5, 5].astype(int).sum() < 150
    # the two pictures are the still's two themes: its title's ink is dark on the light page, light on the dark
    title = px_box(texts[0].bbox)
    inks = {s: sampled_contrast(pictures[s], title)[1] for s in pictures}
    assert sum(inks["light"]) < 200 and sum(inks["dark"]) > 600, inks


def test_a_still_has_no_background_and_a_dark_block_with_the_same_classes(figure_id):
    for _step, name in get(figure_id).committed_stills():
        text = (FIGURES_DIR / name).read_text(encoding="utf-8")
        css = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
        assert css.startswith("svg:root{color-scheme:light dark}.c")
        dark = re.search(r"@media \(prefers-color-scheme:dark\)\{(.*)\}", css).group(1)
        light_names = set(re.findall(r"\.(c[0-9a-f]{5}_\d+)\{", css.split("@media")[0]))
        dark_names = set(re.findall(r"\.(c[0-9a-f]{5}_\d+)\{", dark))
        assert dark_names and dark_names <= light_names
        used = set(re.findall(r'class="(c[0-9a-f]{5}_\d+)"', text))
        assert used == light_names  # every class is used, none is missing
        assert "#0f1115" not in css.split("@media")[0]  # the dark theme's background is nowhere a default


def test_forcing_a_theme_still_gives_one_theme_with_its_background(tmp_path):
    result = CliRunner().invoke(cli, ["render", "fig4b", "--format", "svg", "--theme", "dark", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "fig4b.svg").read_text()
    assert "svg:root{color-scheme:dark}" in text and "prefers-color-scheme" not in text and "fill:#0f1115" in text
    result = CliRunner().invoke(cli, ["render", "fig4b", "--format", "svg", "--out", str(tmp_path / "auto")])
    assert result.exit_code == 0, result.output
    assert "prefers-color-scheme:dark" in (tmp_path / "auto" / "fig4b.svg").read_text()


@pytest.mark.render
def test_the_merged_still_draws_each_theme_as_cairo_draws_it(tmp_path):
    """The one SVG, drawn by librsvg in each scheme (its dark rules made unconditional for the dark one),
    is the picture cairo draws of the scene in that theme: merging the two drawings lost nothing."""
    from PIL import Image

    from onebyone.check import rasterize, scheme_variants
    from scenes.pipeline.output import build_scene, render_still
    from scenes.pipeline.vector import write_png

    for figure_id in ("fig2a", "fig5c"):
        figure, values = get(figure_id), default_values(figure_id)
        svg = render_still(figure, values, tmp_path / f"{figure_id}.svg")
        variants = scheme_variants(svg.read_text(), svg.read_text())
        for scheme, (text, _) in variants.items():
            drawn = tmp_path / f"{figure_id}-{scheme}.svg"
            drawn.write_text(text)
            librsvg = rasterize(drawn, tmp_path / f"{figure_id}-{scheme}.rsvg.png").astype(float)
            scene = build_scene(figure, values, scheme, record=False)
            png = write_png(scene, tmp_path / f"{figure_id}-{scheme}.png", 1920, 1080, transparent=True)
            cairo_png = np.asarray(Image.open(png).convert("RGBA"), float)
            difference = np.abs(cairo_png - librsvg).max(axis=2)
            assert difference.mean() < 1.0, (figure_id, scheme, difference.mean())
            assert (difference > 64).mean() < 0.001, (figure_id, scheme, (difference > 64).mean())


# ---- 2. alt text --------------------------------------------------------------------------------------


def test_every_still_has_title_desc_and_role_img_and_its_alt_file(figure_id):
    from onebyone.stills import alt_text

    for step, name in get(figure_id).committed_stills():
        root = ET.parse(FIGURES_DIR / name).getroot()
        scope = root.get("id")
        assert root.get("role") == "img" and root.get("aria-labelledby") == f"{scope}-title {scope}-desc"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        figure = get(figure_id)
        assert title.text.startswith(figure.title)
        assert figure.caption.rstrip(".") in desc.text and "This still shows the end of" in desc.text
        if step is None:
            alt = (FIGURES_DIR / f"{figure_id}.alt.txt").read_text(encoding="utf-8")
            assert alt == f"{title.text}. {desc.text}\n" == alt_text(figure) + "\n"


def test_the_alt_text_names_the_key_numbers_as_drawn():
    from onebyone.stills import alt_text

    fig2b = alt_text(get("fig2b"))
    assert "Key numbers: the two sides are equal: max |Δ| < 1e−11" in fig2b
    fig5c = alt_text(get("fig5c"))
    assert "predicted = 3; true label: label = 3; score: scores[0] = −1078.7, scores[1]" in fig5c
    assert "max |Δ| < 1e−8" in fig5c and "max |Δ| of the logits < 1e−10" in fig5c
    fig1a = alt_text(get("fig1a"))
    assert fig1a.count("output: y = −0.069") == 1  # a number drawn twice is named once


# ---- 3. every number inspectable ---------------------------------------------------------------------


def _cells_to_probe(items, grid_index: int):
    """(i, j) of up to three shown cells of grid ``items[grid_index]`` that no grid drawn after it (the camera's
    drawing order: z-index, then family order) and no text covers."""
    from scenes.pipeline.page import drawing_order

    grid = items[grid_index]
    mob = grid.mobject
    order = drawing_order(items)
    above = order[next(k for k, i in enumerate(order) if i is grid) + 1 :]
    later = [i.bbox for i in above if i.kind == "grid"] + [i.bbox for i in items if i.kind != "grid"]
    shown = np.argwhere(grid.visible)
    picks = []
    for i, j in (shown[0], shown[len(shown) // 2], shown[-1]):
        x, y = mob.cell_center(int(i), int(j))[:2]
        if not any(b[0] - 0.02 <= x <= b[2] + 0.02 and b[1] - 0.02 <= y <= b[3] + 0.02 for b in later):
            picks.append((int(i), int(j), x, y))
    return picks


TITLE = re.compile(r"^\[(\d+)(?:…(\d+))?, (\d+)(?:…(\d+))?\] (.*)$")


@pytest.mark.render
def test_hovering_a_cell_or_a_number_reports_what_it_is(browser, figure_id):
    """In the SVG opened in the browser, the element under the pointer at a cell's centre carries a title
    with the cell's index and its exact value; at a number, its full-precision value, key and role."""
    from scenes.checks.inspect import items_of
    from scenes.pipeline.page import exact

    svg = FIGURES_DIR / f"{figure_id}.svg"
    items = items_of(still_scene(figure_id, None).mobjects)
    context = browser.new_context(viewport={"width": 2560, "height": 1440}, color_scheme="dark")
    tab = context.new_page()
    tab.goto(svg.as_uri(), wait_until="load")
    scale = tab.evaluate("document.documentElement.getBoundingClientRect().width") / 1920

    def title_at(x: float, y: float) -> str:
        from scenes.pipeline.vector import frame_matrix

        px, py = frame_matrix(1920, 1080).transform_point(x, y)
        return tab.evaluate(
            """([x, y]) => { const e = document.elementFromPoint(x, y);
                const t = e && e.querySelector(':scope > title'); return t ? t.textContent : ''; }""",
            [px * scale, py * scale],
        )

    probed = 0
    for k, item in enumerate(items):
        if item.kind == "grid":
            array = np.asarray(item.mobject.array)
            for i, j, x, y in _cells_to_probe(items, k):
                found = TITLE.match(title_at(x, y))
                assert found, (figure_id, item.role, i, j, title_at(x, y))
                i0, i1, j0, j1 = (int(g) if g else None for g in found.groups()[:4])
                assert i0 <= i <= (i1 if i1 is not None else i0) and j0 <= j <= (j1 if j1 is not None else j0)
                assert exact(array[i, j]) in found.group(5).split(", "), (found.group(0), array[i, j])
                probed += 1
        elif item.kind == "number":
            x, y = item.center
            title = title_at(x, y)
            mob = item.mobject
            assert title.startswith(item.text + ": " + mob.key), (item.text, title)
            assert f"= {exact(mob.value)}" in title and " ".join(map(str, item.role)) in title
            assert float(title.split("= ")[1].split(" ")[0]) == mob.value
            probed += 1
    context.close()
    assert probed >= 5


def test_stills_stay_within_their_size_and_are_byte_identical_run_to_run(tmp_path):
    from scenes.pipeline.output import render_still

    for _fid, _step, name in ALL_STILLS:
        assert (FIGURES_DIR / name).stat().st_size <= BUDGET, name
    for figure_id in ("fig5a", "fig6b"):  # the most cells: their hover blocks are coarsened to fit
        a = render_still(get(figure_id), default_values(figure_id), tmp_path / "a.svg")
        b = render_still(get(figure_id), default_values(figure_id), tmp_path / "b.svg")
        assert a.read_bytes() == b.read_bytes() and a.stat().st_size <= BUDGET


# ---- 4. storyboards ------------------------------------------------------------------------------------


def test_the_storyboard_has_one_numbered_captioned_panel_per_step(figure_id):
    from scenes.pipeline.output import step_list

    steps = step_list(get(figure_id), default_values(figure_id))
    text = (FIGURES_DIR / f"{figure_id}.storyboard.svg").read_text(encoding="utf-8")
    panels = re.findall(r'^<g transform="matrix\(([\d.]+) 0 0 \1 [\d.]+ [\d.]+\)">$', text, re.M)
    assert len(panels) == len(steps)
    labels = re.findall(r'font-weight="bold">(\d+) · ([^<]+)</text>', text)
    assert labels == [(str(k), s.name) for k, s in enumerate(steps, start=1)]
    words = " ".join(re.findall(r">([^<>]+)</text>", text))
    for s in steps:
        assert " ".join(s.caption.split()) in words
    root = ET.fromstring(text.encode())
    assert root.get("role") == "img" and all(s.caption.rstrip(".") in root.find(f"{SVG}desc").text for s in steps)
    assert "prefers-color-scheme:dark" in text


@pytest.mark.render
def test_storyboard_png_and_cli(tmp_path):
    from PIL import Image

    result = CliRunner().invoke(
        cli, ["storyboard", "fig1a", "--format", "png", "--scale", "0.5", "--out", str(tmp_path), "--theme", "dark"]
    )
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "fig1a.storyboard.png") as image:
        assert image.width == 960 and image.height > 540
        assert "storyboard in 5 steps" in image.text["Title"]
        assert sum(image.convert("RGB").getpixel((2, 2))) < 100  # the dark theme's background
    from onebyone.check import still_differences

    for run in ("a", "b"):
        done = CliRunner().invoke(cli, ["storyboard", "fig1a", "--out", str(tmp_path / run)])
        assert done.exit_code == 0 and done.output.strip() == str(tmp_path / run / "fig1a.storyboard.svg")
    written = (tmp_path / "a" / "fig1a.storyboard.svg").read_bytes()
    assert written == (tmp_path / "b" / "fig1a.storyboard.svg").read_bytes()  # byte-identical run to run
    assert not still_differences(FIGURES_DIR / "fig1a.storyboard.svg", tmp_path / "a" / "fig1a.storyboard.svg")


# ---- 5. the handout ------------------------------------------------------------------------------------


@pytest.mark.render
@pytest.mark.parametrize("paper,size", [("a4", (595.28, 841.89)), ("letter", (612.0, 792.0))])
def test_the_handout_has_a_title_page_and_a_section_per_figure(tmp_path, paper, size):
    import pypdf

    figures = ["fig1a", "fig2a", "fig5b"]  # 5, 9 and 10 steps: 1 + 1 + 2 + 2 pages
    out = tmp_path / f"handout-{paper}.pdf"
    result = CliRunner().invoke(cli, ["handout", *figures, "--to", "pdf", "--paper", paper, "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == 6
    assert [tuple(round(float(v), 2) for v in p.mediabox[2:]) for p in reader.pages] == [size] * 6
    assert [o.title for o in reader.outline] == [f"{f} · {get(f).title}" for f in figures]
    assert [reader.get_destination_page_number(o) for o in reader.outline] == [1, 2, 4]  # pages 2, 3 and 5
    cover = reader.pages[0].extract_text()
    assert "convolutions" in cover and all(get(f).title in " ".join(cover.split()) for f in figures)
    section = " ".join(" ".join(reader.pages[k].extract_text() for k in (2, 3)).split())
    from scenes.pipeline.output import step_list

    for k, step in enumerate(step_list(get("fig2a"), default_values("fig2a")), start=1):
        assert f"{k} · {step.name}" in section and " ".join(step.caption.split()) in section
    for page in reader.pages:  # every font embedded (a font file in its descriptor)
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
                "/FontDescriptor"
            ].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font
    assert not any("/Image" in str(p["/Resources"].get("/XObject", {})) for p in reader.pages)  # all vector


def test_handout_page_count_rule():
    from onebyone.handout import page_count

    assert page_count([5, 9, 10]) == 6 and page_count([6]) == 2 and page_count([7]) == 3


# ---- 6. PNG for platforms without SVG ------------------------------------------------------------------


@pytest.mark.render
def test_png_scale_gives_a_crisp_raster_with_its_alt_text(tmp_path):
    from PIL import Image

    result = CliRunner().invoke(
        cli, ["render", "fig4b", "--format", "png", "--quality", "l", "--scale", "2", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "fig4b.png") as image:
        assert image.size == (1708, 960)
        assert image.text["Title"] == get("fig4b").title and "max |Δ|" in image.text["Description"]
    result = CliRunner().invoke(
        cli, ["render", "fig4b", "--format", "png", "--quality", "l", "--transparent", "--out", str(tmp_path / "t")]
    )
    with Image.open(tmp_path / "t" / "fig4b.png") as image:
        assert image.size == (854, 480) and image.getpixel((0, 0))[3] == 0


# ---- bad input ---------------------------------------------------------------------------------------


def one_line_exit_2(args: list[str], says: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (args, result.output)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.output
    assert "Traceback" not in result.output


def test_bad_input_is_one_line_exit_2_and_loses_nothing(tmp_path):
    keep = tmp_path / "out"
    keep.mkdir()
    earlier = {keep / "fig1a.storyboard.svg": b"<svg>earlier</svg>", keep / "handout.pdf": b"%PDF earlier"}
    for path, data in earlier.items():
        path.write_bytes(data)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    one_line_exit_2(["storyboard", "fig99", "--out", str(keep)], "'fig99' is not one of")
    one_line_exit_2(["storyboard", "fig1a", "--out", str(blocked / "sub")], "cannot write")
    one_line_exit_2(["storyboard", "fig1a", "--format", "png", "--scale", "0", "--out", str(keep)], "'--scale'")
    one_line_exit_2(["storyboard", "fig1a", "--scale", "2", "--out", str(keep)], "--scale sizes a png")
    one_line_exit_2(["handout", "fig1a", "--to", "docx", "--out", str(keep / "handout.pdf")], "'--to'")
    one_line_exit_2(["handout", "fig1a", "fig99", "--out", str(keep / "handout.pdf")], "'fig99' is not one of")
    one_line_exit_2(["handout", "fig1a", "--out", str(blocked / "h.pdf")], "cannot write")
    one_line_exit_2(["handout", "fig1a", "--out", str(keep / "handout.txt")], "must end in .pdf")
    one_line_exit_2(["render", "fig1a", "--format", "png", "--scale", "0", "--out", str(keep)], "'--scale'")
    one_line_exit_2(["render", "fig1a", "--format", "svg", "--scale", "2", "--out", str(keep)], "--scale sizes a png")
    one_line_exit_2(["render", "fig1a", "--format", "png", "--quality", "k", "--scale", "8"], "too large")
    one_line_exit_2(["alt", "fig99"], "'fig99' is not one of")
    one_line_exit_2(["alt", "fig1a", "--out", str(blocked / "sub")], "cannot write")
    for path, data in earlier.items():
        assert path.read_bytes() == data
    assert sorted(p.name for p in keep.iterdir()) == sorted(p.name for p in earlier)


# ---- the writer's pieces -----------------------------------------------------------------------------


def test_two_drawings_that_differ_in_more_than_colour_are_refused():
    from scenes.pipeline.vector import ClassSheet, DrawingMismatch, merge_bodies

    light = '<path style="fill:#ffffff" d="M0 0h1v1h-1z"/>\n<path style="fill:#1d1f24" d="M5 5h1"/>\n'
    dark = '<path style="fill:#0f1115" d="M0 0h1v1h-1z"/>\n<path style="fill:#eceff4" d="M5 5h1"/>\n'
    sheet = ClassSheet()
    assert merge_bodies(light, dark, sheet) == '<path class="s0" d="M0 0h1v1h-1z"/>\n<path class="s1" d="M5 5h1"/>\n'
    assert sheet.css() == (
        ".s0{fill:#ffffff}.s1{fill:#1d1f24}@media (prefers-color-scheme:dark){.s0{fill:#0f1115}.s1{fill:#eceff4}}"
    )
    with pytest.raises(DrawingMismatch, match="near drawn element 2"):
        merge_bodies(light, dark.replace("M5 5h1", "M5 5h2"), ClassSheet())
    with pytest.raises(DrawingMismatch):
        merge_bodies(light, dark.split("\n", 1)[1], ClassSheet())


def test_a_dark_rule_sets_what_differs_even_back_to_an_initial_value():
    """Initial values are left out of the light rules; a dark rule then sets every property whose value
    differs from the light one's, including a property the dark style leaves at its initial value."""
    from scenes.pipeline.vector import ClassSheet

    sheet = ClassSheet()
    sheet.name("stroke:none;fill:#000000;fill-opacity:0.5;", "stroke:none;fill:#ffffff;fill-opacity:1;")
    sheet.name("fill:#123456;fill-opacity:1;", "fill:#123456;fill-opacity:1;")
    assert sheet.css() == (
        ".s0{fill-opacity:0.5}.s1{fill:#123456}@media (prefers-color-scheme:dark){.s0{fill:#ffffff;fill-opacity:1}}"
    )


def test_an_unchanged_storyboard_is_not_drawn_again(tmp_path, monkeypatch):
    import onebyone.storyboard as storyboard

    figure = get("fig1a")
    first = storyboard.write_storyboard(figure, figure.values(), tmp_path)
    stamp = tmp_path / ".stamp-fig1a.storyboard"
    assert stamp.exists() and first.read_bytes() == (FIGURES_DIR / "fig1a.storyboard.svg").read_bytes()

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    monkeypatch.setattr(storyboard, "board_svg", no_drawing)
    assert storyboard.write_storyboard(figure, figure.values(), tmp_path) == first  # fresh: nothing drawn
    first.write_text(first.read_text().replace("fig1a · ", "fig1a : ", 1))  # edited by hand: drawn again
    with pytest.raises(AssertionError, match="drawn again"):
        storyboard.write_storyboard(figure, figure.values(), tmp_path)


@pytest.mark.render
def test_a_storyboard_takes_the_pages_colours_in_its_panels_too(browser, tmp_path):
    """The panels' shared paths (defined once, drawn through <use>) take each scheme's colours as well: the
    figure's title inside the first panel is legible on the page in both schemes."""
    from onebyone.storyboard import FRAME_H, FRAME_W, storyboard_layout
    from scenes.checks.inspect import items_of
    from scenes.pipeline.output import step_list

    figure = get("fig5b")
    board = storyboard_layout(figure, step_list(figure, default_values("fig5b")))
    panel = board.panels[0]
    title = next(i for i in items_of(still_scene("fig5b", 1).mobjects) if i.kind == "label")
    x0, y0, x1, y1 = px_box(title.bbox, FRAME_W, FRAME_H)
    scale = panel.w / FRAME_W
    box = tuple(
        int(v) for v in (panel.x + x0 * scale, panel.y + y0 * scale, panel.x + x1 * scale, panel.y + y1 * scale)
    )
    page = page_with(FIGURES_DIR / "fig5b.storyboard.svg", tmp_path).read_text().replace('height="1080"', "")
    (tmp_path / "board.html").write_text(page)
    inks = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1920, "height": 1200}, color_scheme=scheme)
        tab = context.new_page()
        tab.goto((tmp_path / "board.html").as_uri(), wait_until="load")
        ratio, inks[scheme], background = sampled_contrast(screenshot(tab), box)
        context.close()
        assert ratio >= MIN_CONTRAST, (scheme, ratio, inks[scheme], background)
    assert sum(inks["light"]) < 200 and sum(inks["dark"]) > 600, inks
