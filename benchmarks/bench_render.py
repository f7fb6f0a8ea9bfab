"""The judge of the speed goals (docs/speed.md): videos against manim's frame floor, SVG stills,
``render all`` in parallel and when nothing changed, and peak memory.

    .venv/bin/python benchmarks/bench_render.py                  # everything: what `make bench` runs
    .venv/bin/python benchmarks/bench_render.py fig2a --qualities l --runs 1 --pace 0.1   # a quick look

Every time is of a fresh process, as a user runs it, and every goal is a ratio of two such times
measured in the same run, interleaved so that a busy machine slows both alike:

* video: ``render.py render FIG --format mp4`` against ``benchmarks/floor.py`` (manim moving one Dot)
  for the same number of frames at the same quality and frame rate — goal: at most 2.0×;
* SVG: ``render.py render FIG --format svg`` minus ``python -c "import manim"`` — goal: at most 1 s,
  at most 400 KB, vector only, byte-identical from run to run;
* ``render.py all``: ``--jobs 1`` against ``--jobs 2`` (goal: 1.7× faster on 2 cores), and a re-run
  with nothing changed against the cold run (goal: at most 5 % of it);
* the peak memory of every rendering process — goal: under 1 GiB.

Times are medians of ``--runs`` runs (``--h-runs`` at quality h, whose renders are long). It writes
``--out`` (benchmarks/results.json), the table between ``<!-- speed-table -->`` and
``<!-- /speed-table -->`` in ``--doc`` (docs/speed.md) and a bar chart of the ratios (``--chart``,
figures/speed.svg), all without timestamps, so they change only when the numbers do.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scenes.registry import FIGURES  # noqa: E402  (manim-free)
from scenes.settings import QUALITIES  # noqa: E402

GOALS = {
    "video_ratio": 2.0,  # × manim's frame floor, at every quality
    "svg_seconds": 1.0,  # beyond importing manim
    "svg_kb": 400,
    "jobs_speedup": 1.7,  # --jobs 2 over --jobs 1, on 2 cores or more
    "warm_share": 0.05,  # a re-run with nothing changed, as a share of the cold run
    "peak_mib": 1024,
}
TABLE_START, TABLE_END = "<!-- speed-table -->", "<!-- /speed-table -->"
PYTHON = sys.executable


@dataclass
class Run:
    seconds: float
    peak_mib: float
    stdout: str
    cpu_seconds: float  # user + system, of the process and every process it waited for


def timed(cmd: list[str], env: dict | None = None) -> Run:
    """Run ``cmd`` to completion: its wall time, its peak resident memory, what it printed."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({process.returncode}): {stderr.strip()[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout, usage.ru_utime + usage.ru_stime)


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def video_frames(path: Path) -> int:
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return stream.frames or sum(1 for _ in container.decode(stream))


def bench_video(figure: str, quality: str, fps: int, pace: float, runs: int, scratch: Path) -> dict:
    """The figure's video against the floor of as many frames, interleaved, ``runs`` times each."""
    renders, floors, peaks, frames = [], [], [], None
    for k in range(runs):
        out = scratch / f"{figure}-{quality}-{k}"
        cmd = [PYTHON, "render.py", "render", figure, "--format", "mp4", "--quality", quality, "--fps", str(fps)]
        run = timed([*cmd, "--pace", str(pace), "--out", str(out)])
        renders.append(run.seconds)
        peaks.append(run.peak_mib)
        frames = video_frames(out / f"{figure}.mp4")
        floor = timed([PYTHON, "benchmarks/floor.py", "--quality", quality, "--fps", str(fps), "--frames", str(frames)])
        floors.append(floor.seconds)
    seconds, floor_seconds = median(renders), median(floors)
    return {
        "frames": frames,
        "fps": fps,
        "seconds": round(seconds, 3),
        "floor_seconds": round(floor_seconds, 3),
        "ratio": round(seconds / floor_seconds, 3),
        "peak_mib": round(max(peaks), 1),
        "runs": runs,
    }


def bench_svg(figure: str, runs: int, scratch: Path) -> dict:
    """The SVG still: its time beyond importing manim, its size, and whether it is vector and stable."""
    renders, imports, texts = [], [], []
    for k in range(runs):
        out = scratch / f"{figure}-svg-{k}"
        run = timed([PYTHON, "render.py", "render", figure, "--format", "svg", "--out", str(out)])
        renders.append(run.seconds)
        texts.append((out / f"{figure}.svg").read_bytes())
        imports.append(timed([PYTHON, "-c", "import manim"]).seconds)
    seconds, import_seconds = median(renders), median(imports)
    svg = texts[0].decode("utf-8")
    return {
        "seconds": round(seconds, 3),
        "import_seconds": round(import_seconds, 3),
        "beyond_import": round(seconds - import_seconds, 3),
        "kb": round(len(texts[0]) / 1024, 1),
        "vector": "<image" not in svg and "data:image" not in svg,
        "identical": all(t == texts[0] for t in texts),
        "runs": runs,
    }


def bench_all(figures: list[str], quality: str, fps: int, pace: float, scratch: Path) -> dict:
    """``render all``: cold with --jobs 1, cold with --jobs 2, then again with nothing changed."""
    folders = ["--figures-dir", str(scratch / "all-figures"), "--media", str(scratch / "all-media")]
    base = [PYTHON, "render.py", "all", *figures, "--quality", quality, "--fps", str(fps), "--pace", str(pace)]
    cold1 = timed([*base, *folders, "--jobs", "1", "--force"])
    cold2 = timed([*base, *folders, "--jobs", "2", "--force"])
    jobs1, jobs2 = cold1.seconds, cold2.seconds
    warm_run = timed([*base, *folders, "--jobs", "2"])
    rendered = [line for line in warm_run.stdout.splitlines() if " rendered " in line and "up to date" not in line]
    stamps = [json.loads(p.read_text()) for p in (scratch / "all-media" / ".stamps").glob("*.json")]
    return {
        "figures": figures,
        "quality": quality,
        "fps": fps,
        "jobs1_seconds": round(jobs1, 3),
        "jobs2_seconds": round(jobs2, 3),
        "speedup": round(jobs1 / jobs2, 3),
        "jobs1_cores": round(cold1.cpu_seconds / jobs1, 2),  # cores kept busy: 2 / this bounds the speed-up
        "jobs2_cores": round(cold2.cpu_seconds / jobs2, 2),
        "warm_seconds": round(warm_run.seconds, 3),
        "warm_share": round(warm_run.seconds / jobs2, 4),
        "warm_rendered": rendered,
        "peak_mib": round(max([s.get("peak_mib", 0.0) for s in stamps], default=0.0), 1),
    }


def judge(results: dict) -> dict:
    """Each goal: met or not (None when this run could not judge it)."""
    figures = results["figures"].values()
    ratios = [v["ratio"] for f in figures for v in f.get("video", {}).values()]
    svgs = [f["svg"] for f in figures if "svg" in f]
    peaks = [v["peak_mib"] for f in figures for v in f.get("video", {}).values()]
    run_all = results.get("all")
    if run_all:
        peaks.append(run_all["peak_mib"])
    cores = results["machine"]["cores"]
    failed = any(f.get("errors") for f in figures)  # a figure that does not render meets no goal of its own
    goals = {
        "video_ratio": max(ratios) <= GOALS["video_ratio"] if ratios else None,
        "svg_seconds": all(s["beyond_import"] <= GOALS["svg_seconds"] for s in svgs) if svgs else None,
        "svg_kb": all(s["kb"] <= GOALS["svg_kb"] for s in svgs) if svgs else None,
        "svg_vector_and_stable": all(s["vector"] and s["identical"] for s in svgs) if svgs else None,
        "jobs_speedup": run_all["speedup"] >= GOALS["jobs_speedup"] if run_all and cores >= 2 else None,
        "warm_share": run_all["warm_share"] <= GOALS["warm_share"] if run_all else None,
        "peak_mib": max(peaks) < GOALS["peak_mib"] if peaks else None,
    }
    if failed:
        goals.update({k: False for k in ("video_ratio", "svg_seconds", "svg_kb", "svg_vector_and_stable")})
    if "all_error" in results:
        goals.update(jobs_speedup=False, warm_share=False)
    return goals


# ---- what it writes ---------------------------------------------------------------------------------------


def mark(ok) -> str:
    return "–" if ok is None else ("✓" if ok else "✗")


def speed_table(results: dict) -> str:
    """The README's speed table (Markdown): ratios to the frame floor, SVG costs, `render all`, memory."""
    qualities = results["settings"]["qualities"]
    fps = results["settings"]["fps"]
    head = ["figure"] + [f"{q} ({QUALITIES[q].height}p{fps[q]}): frames, × floor" for q in qualities]
    head += ["SVG: s beyond import", "SVG KB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    limit = GOALS["video_ratio"]
    for figure, data in results["figures"].items():
        row = [figure]
        for q in qualities:
            v = data.get("video", {}).get(q)
            row.append(f"{v['frames']}, **{v['ratio']:.2f}×** {mark(v['ratio'] <= limit)}" if v else "–")
        svg = data.get("svg")
        row += [f"{svg['beyond_import']:.2f}", f"{svg['kb']:.0f}"] if svg else ["–", "–"]
        if data.get("errors"):
            row[0] += " (failed: " + "; ".join(e.split(":")[0] for e in data["errors"]) + ")"
        lines.append("| " + " | ".join(row) + " |")
    goals = results["goals"]
    notes = [""]
    run_all = results.get("all")
    if run_all:
        notes.append(
            f"`render all` ({len(run_all['figures'])} figures at {run_all['quality']}, {run_all['fps']} fps): "
            f"`--jobs 2` is **{run_all['speedup']:.2f}×** as fast as `--jobs 1` {mark(goals['jobs_speedup'])} "
            f"(goal ≥ {GOALS['jobs_speedup']}× on {results['machine']['cores']} cores; `--jobs 1` kept "
            f"{run_all['jobs1_cores']:.2f} cores busy, `--jobs 2` {run_all['jobs2_cores']:.2f}); a re-run with nothing "
            f"changed takes **{100 * run_all['warm_share']:.1f} %** of a cold run {mark(goals['warm_share'])} "
            f"(goal ≤ {100 * GOALS['warm_share']:.0f} %)."
        )
    peaks = [v["peak_mib"] for f in results["figures"].values() for v in f.get("video", {}).values()]
    if run_all:
        peaks.append(run_all["peak_mib"])
    if peaks:
        notes.append(
            f"Peak memory of a rendering process: **{max(peaks):.0f} MiB** {mark(goals['peak_mib'])} "
            f"(goal < {GOALS['peak_mib']} MiB)."
        )
    runs = results["settings"]["runs"]
    notes.append(
        "Ratios are wall times of whole processes measured in the same run: medians of "
        + ", ".join(f"{n} run{'s' if n > 1 else ''} at {q}" for q, n in runs.items())
        + f"; goals: video ≤ {limit}× the floor, SVG ≤ {GOALS['svg_seconds']:.0f} s beyond `import manim` "
        f"and ≤ {GOALS['svg_kb']} KB {mark(goals['svg_seconds'])}{mark(goals['svg_kb'])}, "
        f"vector and byte-identical {mark(goals['svg_vector_and_stable'])}. "
        f"Machine: {results['machine']['cores']} cores, Python {results['machine']['python']}, "
        f"manim {results['machine']['manim']}; pace {results['settings']['pace']}."
    )
    return "\n".join(lines + notes) + "\n"


def write_table(doc: Path, table: str) -> Path:
    """Put ``table`` between the markers in ``doc`` (adding them at the end if they are not there)."""
    from compute.files import atomic_write

    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    block = f"{TABLE_START}\n{table}{TABLE_END}"
    if TABLE_START in text and TABLE_END in text:
        pattern = re.escape(TABLE_START) + r".*?" + re.escape(TABLE_END)
        text = re.sub(pattern, lambda _: block, text, count=1, flags=re.S)
    else:
        text = text + ("\n" if text and not text.endswith("\n") else "") + block + "\n"
    return atomic_write(doc, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_chart(results: dict, path: Path) -> Path:
    """A bar chart of every figure's ratio to the frame floor at each quality, the 2.0 goal drawn as a
    line; an SVG with no date and fixed ids, so it changes only when the numbers do."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from compute.files import atomic_write

    figures = list(results["figures"])
    qualities = results["settings"]["qualities"]
    width = 0.8 / max(1, len(qualities))
    with plt.rc_context({"svg.hashsalt": "onebyone-speed", "svg.fonttype": "path", "font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots(figsize=(max(6.0, 0.75 * len(figures) + 2), 3.6))
        for k, q in enumerate(qualities):
            ratios = [results["figures"][f].get("video", {}).get(q, {}).get("ratio", 0.0) for f in figures]
            xs = [i + (k - (len(qualities) - 1) / 2) * width for i in range(len(figures))]
            label = f"{QUALITIES[q].height}p{results['settings']['fps'][q]}"
            ax.bar(xs, ratios, width, label=label, color=["#4c78a8", "#f58518", "#54a24b"][k % 3])
        ax.axhline(GOALS["video_ratio"], color="#d62728", linewidth=1.2, linestyle="--")
        ax.text(len(figures) - 0.5, GOALS["video_ratio"], f" goal {GOALS['video_ratio']}×", va="bottom", ha="right")
        ax.set_xticks(range(len(figures)), figures)
        ax.set_ylabel("time ÷ manim's frame floor")
        ratios = [v["ratio"] for f in results["figures"].values() for v in f["video"].values()]
        ax.set_ylim(0, max([2.5] + [1.1 * r for r in ratios]))
        ax.legend(loc="upper left", frameon=False, ncols=len(qualities))
        ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()

        def write(tmp: str) -> None:
            fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": None})

        atomic_write(path, write)
        plt.close(fig)
    return path


# ---- main -----------------------------------------------------------------------------------------------


def machine() -> dict:
    from importlib import metadata

    return {"cores": os.cpu_count() or 1, "python": sys.version.split()[0], "manim": metadata.version("manim")}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("figures", nargs="*", help="figures to measure (default: all)")
    parser.add_argument("--qualities", default="l,h", help="video qualities to judge (default: l,h)")
    parser.add_argument(
        "--h-fps", type=int, default=QUALITIES["h"].fps, help="frame rate at quality h (manim's: 60; lectures: 30)"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs of each measurement (their median is kept), except videos at quality h",
    )
    parser.add_argument("--h-runs", type=int, default=1, help="runs per video at quality h (long renders)")
    parser.add_argument("--pace", type=float, default=1.0)
    parser.add_argument("--all-quality", default="l", help="quality of the `render all` timings")
    parser.add_argument("--no-all", action="store_true", help="skip the `render all` timings")
    parser.add_argument("--no-svg", action="store_true", help="skip the SVG timings")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "speed.md")
    parser.add_argument(
        "--readme",
        type=Path,
        help="also put the table between the markers here (default: README.md with the default --doc)",
    )
    parser.add_argument("--chart", type=Path, default=ROOT / "figures" / "speed.svg")
    args = parser.parse_args(argv)
    figures = args.figures or list(FIGURES)
    unknown = [f for f in figures if f not in FIGURES]
    if unknown:
        parser.error(f"unknown figures {', '.join(unknown)}; known: {', '.join(FIGURES)}")
    qualities = [q for q in args.qualities.split(",") if q]
    fps = {q: args.h_fps if q == "h" else QUALITIES[q].fps for q in qualities}
    runs = {q: args.h_runs if q == "h" else args.runs for q in qualities}
    if not args.no_svg:
        runs["svg"] = args.runs
    results = {
        "machine": machine(),
        "settings": {"qualities": qualities, "fps": fps, "runs": runs, "pace": args.pace},
        "goals": {},
        "figures": {f: {"video": {}} for f in figures},
    }
    with tempfile.TemporaryDirectory(prefix="onebyone-bench-") as folder:
        scratch = Path(folder)
        for figure in figures:
            entry = results["figures"][figure]
            for q in qualities:
                try:
                    entry["video"][q] = v = bench_video(figure, q, fps[q], args.pace, runs[q], scratch)
                except RuntimeError as error:  # a figure that does not render: noted, the others measured
                    entry.setdefault("errors", []).append(f"video {q}: {error}"[:500])
                    print(f"{figure:6} {q}: FAILED", flush=True)
                    continue
                print(f"{figure:6} {q}: {v['frames']} frames, {v['ratio']:.2f}× the floor", flush=True)
            if not args.no_svg:
                try:
                    entry["svg"] = s = bench_svg(figure, args.runs, scratch)
                except RuntimeError as error:
                    entry.setdefault("errors", []).append(f"svg: {error}"[:500])
                    print(f"{figure:6} svg: FAILED", flush=True)
                    continue
                print(f"{figure:6} svg: {s['beyond_import']:.2f} s beyond import, {s['kb']:.0f} KB", flush=True)
        if not args.no_all:
            all_fps = args.h_fps if args.all_quality == "h" else QUALITIES[args.all_quality].fps
            try:
                results["all"] = a = bench_all(figures, args.all_quality, all_fps, args.pace, scratch)
            except RuntimeError as error:
                results["all_error"] = str(error)[:500]
                print("all: FAILED", flush=True)
            else:
                print(f"all: --jobs 2 {a['speedup']:.2f}× --jobs 1; warm {100 * a['warm_share']:.1f} % of cold")
    results["goals"] = judge(results)
    from compute.files import atomic_write

    text = json.dumps(results, indent=1, ensure_ascii=False) + "\n"
    atomic_write(args.out, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
    write_table(args.doc, speed_table(results))
    readme = args.readme or (ROOT / "README.md" if args.doc == ROOT / "docs" / "speed.md" else None)
    if readme is not None and TABLE_START in readme.read_text(encoding="utf-8"):
        write_table(readme, speed_table(results))
    write_chart(results, args.chart)
    print(f"goals: {', '.join(f'{k} {mark(v)}' for k, v in results['goals'].items())}")
    print(f"wrote {args.out}, {args.doc}, {args.chart}")
    return results


if __name__ == "__main__":
    main()
