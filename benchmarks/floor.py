"""manim's frame floor: the least a video of N frames costs — one process, one scene that moves one Dot.

    .venv/bin/python benchmarks/floor.py --quality l --frames 711            # at the quality's frame rate
    .venv/bin/python benchmarks/floor.py --quality h --fps 30 --frames 1419

Plain manim (its own camera, renderer and encoder settings), one ``play`` of exactly ``--frames``
frames, rasterised and encoded to mp4 in a private temporary folder (two floors at once never share a
file). ``bench_render.py`` times this whole process against the whole process that renders a figure
with the same frame count, quality and frame rate; it prints the number of frames written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scenes.settings import QUALITIES  # noqa: E402  (manim-free)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", choices=list(QUALITIES), default="l")
    parser.add_argument("--fps", type=int, help="frames per second (default: the quality's)")
    parser.add_argument("--frames", type=int, required=True)
    args = parser.parse_args()

    from manim import LEFT, RIGHT, Dot, Scene, config, linear, tempconfig

    class Floor(Scene):
        def construct(self):
            dot = Dot(3 * LEFT)
            self.add(dot)
            self.play(dot.animate(rate_func=linear).shift(6 * RIGHT), run_time=args.frames / config.frame_rate)

    folder = tempfile.mkdtemp(prefix="onebyone-floor-")
    try:
        settings = {
            "quality": QUALITIES[args.quality].manim_name,
            "media_dir": folder,
            "disable_caching": True,
            "progress_bar": "none",
            "verbosity": "ERROR",
            "output_file": "floor",
        }
        if args.fps:
            settings["frame_rate"] = float(args.fps)
        with tempconfig(settings):
            scene = Floor()
            scene.render()
            print(int(round(scene.renderer.time * config.frame_rate)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
