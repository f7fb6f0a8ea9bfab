"""Time and memory of every figure: values, scene build, SVG still, and (optionally) a video.

    python benchmarks/bench_render.py              # values + build + SVG for every figure
    python benchmarks/bench_render.py --video l    # also a video at quality l
    python benchmarks/bench_render.py fig2a fig3   # only these

Targets (README), per figure on 2 cores: `render.py values` (a fresh process) < 1 s, SVG still < 10 s,
a quality-l video < 60 s; peak memory < 2 GiB.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenes.registry import FIGURES  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="*", default=list(FIGURES))
    parser.add_argument("--video", choices=["l", "m", "h"], help="also render a video at this quality")
    args = parser.parse_args()

    from scenes.output import render_still, render_video

    print(f"{'figure':8} {'values CLI s':>12} {'svg s':>7} {'svg KB':>7} {'video s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for figure_id in args.figures:
            figure = FIGURES[figure_id]
            cli = [sys.executable, str(ROOT / "render.py"), "values", figure_id, "-o", str(Path(tmp) / "v.npz")]
            _, t_values = timed(partial(subprocess.run, cli, check=True, capture_output=True))  # a cold process
            values = figure.values()
            svg_path, video_path = Path(tmp) / f"{figure_id}.svg", Path(tmp) / f"{figure_id}.mp4"
            svg, t_svg = timed(partial(render_still, figure, values, svg_path, quality="h"))
            t_video = float("nan")
            if args.video:
                _, t_video = timed(partial(render_video, figure, values, video_path, quality=args.video))
            print(
                f"{figure_id:8} {t_values:12.2f} {t_svg:7.2f} {svg.stat().st_size / 1024:7.0f} {t_video:8.1f}",
                flush=True,
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
