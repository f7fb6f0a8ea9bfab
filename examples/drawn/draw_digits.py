"""Draw the two example digits in this folder, as a program — we have no camera and no scanner.

    python examples/drawn/draw_digits.py [FOLDER]   # rewrites seven.jpg and two.png here (or in FOLDER)

* ``seven.jpg`` imitates a phone photo of a 7 written with a blue ballpoint pen: pen-like strokes
  whose width follows the pressure, a slight tilt, paper with fibres and grain, light falling off
  across the sheet, sensor noise, JPEG compression; the digit is off-centre in a 4:3 portrait frame.
* ``two.png`` imitates a 2 exported from a drawing app: a dark, pressure-sensitive brush stroke on a
  transparent layer (RGBA), the transparent pixels black, as many apps store them.

Both are drawn by this program from a few hand-placed control points, not by a person; they are
CC0 (public domain), see LICENSE.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
SUPERSAMPLE = 4  # strokes are drawn 4× larger, then area-averaged: anti-aliased edges


def smooth_path(points: list[tuple[float, float]], samples: int = 400) -> np.ndarray:
    """A Catmull-Rom curve through ``points`` (x, y in [0,1]): (samples,2)."""
    p = np.array([points[0], *points, points[-1]], dtype=np.float64)
    out = []
    per = max(2, samples // (len(points) - 1))
    for k in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[k - 1], p[k], p[k + 1], p[k + 2]
        t = np.linspace(0, 1, per, endpoint=False)[:, None]
        out.append(
            0.5
            * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3)
        )
    out.append(p[-2][None])
    return np.concatenate(out)


def wobble(path: np.ndarray, rng: np.random.Generator, amount: float) -> np.ndarray:
    """A hand's tremor: a smooth random offset along the path."""
    n = len(path)
    noise = rng.normal(0, 1, (n // 40 + 2, 2))
    xs = np.linspace(0, len(noise) - 1, n)
    offset = np.stack([np.interp(xs, np.arange(len(noise)), noise[:, c]) for c in range(2)], axis=1)
    return path + amount * offset


def draw_strokes(
    size: tuple[int, int],
    strokes: list[np.ndarray],
    width: float,
    rng: np.random.Generator,
    tilt_deg: float,
    centre: tuple[float, float],
    scale: float,
) -> np.ndarray:
    """Coverage (H,W) in [0,1] of the strokes: each a (N,2) path in [0,1]², placed at ``centre`` (a fraction
    of the frame), ``scale`` of the frame's shorter side, rotated by ``tilt_deg``; the pen's width follows
    a pressure curve (thin where the pen lands and lifts) with a little noise."""
    w, h = size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE
    canvas = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(canvas)
    angle = np.deg2rad(tilt_deg)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    side = min(w, h) * scale
    for path in strokes:
        xy = (path - 0.5) @ rotation.T * side + np.array([centre[0] * w, centre[1] * h])
        n = len(xy)
        t = np.linspace(0, 1, n)
        pressure = np.clip(np.sin(np.pi * np.clip(t * 1.15 - 0.05, 0, 1)) ** 0.35, 0.35, 1.0)
        pressure *= 1 + 0.12 * np.interp(t, np.linspace(0, 1, 9), rng.normal(0, 1, 9))
        radius = width * SUPERSAMPLE * pressure / 2
        for (x, y), r in zip(xy, radius):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    small = canvas.resize(size, Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float64) / 255.0


def paper(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Off-white paper (H,W,3) with grain and fibres, lit from the top left (light falls off by ~30 %)."""
    w, h = size
    base = np.array([0.93, 0.91, 0.85])
    grain = np.asarray(
        Image.fromarray((rng.normal(128, 40, (h, w))).clip(0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(1.2)
        ),
        dtype=np.float64,
    )
    grain = (grain - grain.mean()) / 255.0 * 0.25
    fibres = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(fibres)
    for _ in range(60):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        a, length = rng.uniform(0, np.pi), rng.uniform(5, 25)
        d.line((x, y, x + length * np.cos(a), y + length * np.sin(a)), fill=int(rng.uniform(20, 60)), width=1)
    fibres = np.asarray(fibres.filter(ImageFilter.GaussianBlur(0.6)), dtype=np.float64) / 255.0
    yy, xx = np.mgrid[0:h, 0:w]
    light = 1.0 - 0.32 * np.hypot(xx / w - 0.1, yy / h - 0.05) / np.hypot(0.9, 0.95)
    sheet = base[None, None, :] * (1 + grain[..., None]) - 0.08 * fibres[..., None]
    return sheet * light[..., None]


def seven(rng: np.random.Generator) -> Image.Image:
    """A ballpoint 7 photographed on paper: (W,H) = (420, 560) RGB."""
    size = (420, 560)
    bar = wobble(smooth_path([(0.22, 0.2), (0.45, 0.17), (0.7, 0.16), (0.79, 0.18)], 300), rng, 0.004)
    stem = wobble(smooth_path([(0.78, 0.19), (0.66, 0.42), (0.55, 0.64), (0.47, 0.86)], 400), rng, 0.005)
    ink = draw_strokes(size, [bar, stem], width=9.0, rng=rng, tilt_deg=7.0, centre=(0.55, 0.47), scale=0.62)
    sheet = paper(size, rng)
    pen = np.array([0.13, 0.16, 0.38])
    opacity = 0.92 * ink[..., None]
    photo = sheet * (1 - opacity) + pen[None, None, :] * opacity * (0.75 + 0.25 * sheet.mean(-1, keepdims=True))
    photo += rng.normal(0, 0.02, photo.shape)  # sensor noise
    return Image.fromarray((np.clip(photo, 0, 1) * 255).round().astype(np.uint8), "RGB")


def two(rng: np.random.Generator) -> Image.Image:
    """A brush-drawn 2 on a transparent layer: (W,H) = (300, 300) RGBA."""
    size = (300, 300)
    curve = wobble(
        smooth_path(
            [(0.3, 0.32), (0.38, 0.18), (0.55, 0.14), (0.68, 0.24), (0.66, 0.42), (0.5, 0.6), (0.3, 0.8), (0.27, 0.83)],
            700,
        ),
        rng,
        0.003,
    )
    base = wobble(smooth_path([(0.27, 0.83), (0.5, 0.82), (0.75, 0.84)], 250), rng, 0.003)
    ink = draw_strokes(size, [curve, base], width=14.0, rng=rng, tilt_deg=-5.0, centre=(0.5, 0.5), scale=0.8)
    rgba = np.zeros((size[1], size[0], 4))
    rgba[..., :3] = np.array([0.1, 0.1, 0.12]) * (ink[..., None] > 0)  # transparent pixels stay black
    rgba[..., 3] = ink
    return Image.fromarray((rgba * 255).round().astype(np.uint8), "RGBA")


def main(folder: Path = HERE) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    seven(np.random.default_rng(7)).save(folder / "seven.jpg", quality=80, optimize=True)
    two(np.random.default_rng(2)).save(folder / "two.png", optimize=True)
    for name in ("seven.jpg", "two.png"):
        print(folder / name, (folder / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
