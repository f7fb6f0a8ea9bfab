"""``render.py all``: every figure's files, rendered in parallel processes and only when their inputs changed.

What one figure gets (the agreed layout)::

    <figures>/<id>.values.json         value snapshot  } a committed file is kept as it is when the new one
    <figures>/<id>.svg                 vector still    } is the same (snapshot_mismatches, still_differences)
    <media>/<id>.mp4 .srt .vtt         the video and its captions
    <media>/sections/<id>/…            one video per step, and their list <media>/sections/<id>.json
                                       (name, caption, file, start, end) with <id>.settings.json, for slides
    <media>/<id>.poster.png            the video's first frame
    <media>/.stamps/<id>.json          what the files above were made from (<id>.log: the last failure)

A figure has two parts, its still and its video; each is rendered only when it is not up to date
(``onebyone.stamps``: a digest of its values, its scene's sources, the versions and the render options,
and the files it made, unchanged). If the recomputed values come out the same, nothing is rendered.

Each figure renders in a process of its own (manim's configuration is global), at most ``jobs`` at a
time, the longest first (by the time its last render took). A figure holds a lock while it renders, so
two runs at once (two terminals, ``make -j``) never render the same figure together: the second waits,
then finds it up to date.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from compute.files import atomic_write
from onebyone.batch_options import Options
from onebyone.stamps import (
    ROOT,
    figure_lock,
    file_marks,
    is_fresh,
    part_keys,
    read_stamp,
    stamp_dir,
    values_digest,
    values_key,
    write_stamp,
)
from scenes.registry import FIGURES, Figure

# ---- planning (no manim) -------------------------------------------------------------------------------


@dataclass
class Job:
    """One figure to render in a process of its own: which parts, and with what keys."""

    figure: str
    parts: list[str]
    keys: dict[str, str]
    values_key: str
    values_digest: str
    options: Options
    estimate: float = 0.0  # seconds the last render of it took (the longest go first)
    alongside: bool = False  # other figures render at the same time (render_video's ``alongside``)

    def as_json(self) -> dict:
        return {**dataclasses.asdict(self), "options": self.options.as_json()}

    @classmethod
    def from_json(cls, data: dict) -> "Job":
        return cls(**{**data, "options": Options.from_json(data["options"])})


def plan(figure_ids: Iterable[str], options: Options) -> tuple[list[Job], list[str], list["Outcome"]]:
    """(the jobs to run, longest first; the figures already up to date; those whose values failed)."""
    jobs, fresh, failed = [], [], []
    for figure_id in figure_ids:
        figure = FIGURES[figure_id]
        stamp = read_stamp(options.media, figure_id)
        vkey = values_key(figure)
        digest = stamp.get("values_digest") if stamp.get("values_key") == vkey else None
        try:
            digest = digest or values_digest(figure.values())
        except Exception as error:  # a bug in compute/: this figure fails, the others render
            log = stamp_dir(options.media) / f"{figure_id}.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
            failed.append(Outcome(figure_id, "failed", error=one_line(error), log=str(log)))
            continue
        keys = part_keys(figure, digest, options)
        parts = [p for p in options.parts() if options.force or not is_fresh(stamp, figure_id, p, keys[p], options)]
        if parts:
            estimate = sum(float(stamp.get(p, {}).get("seconds", 0.0)) for p in parts)
            jobs.append(Job(figure_id, parts, keys, vkey, digest, options, estimate))
            continue
        fresh.append(figure_id)
        if stamp.get("values_key") != vkey:  # compute/ changed but not these values: remember that
            write_stamp(options.media, figure_id, {**stamp, "values_key": vkey})
    jobs.sort(key=lambda job: -job.estimate)
    return jobs, fresh, failed


def one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:300]


# ---- one figure (in its own process) -------------------------------------------------------------------


@dataclass
class Outcome:
    """What became of one figure."""

    figure: str
    status: str  # "rendered", "unchanged" (up to date, nothing rendered) or "failed"
    parts: list[str] = field(default_factory=list)  # the parts rendered
    written: list[str] = field(default_factory=list)  # files written (changed or new)
    kept: list[str] = field(default_factory=list)  # committed files found unchanged and kept
    frames: int = 0
    seconds: float = 0.0
    peak_mib: float = 0.0  # the rendering process's peak resident memory
    error: str = ""  # one line, when failed
    log: str = ""  # where the whole story is, when failed


def run_job(job: Job) -> Outcome:
    """Render the parts of ``job`` that are still not up to date, stamp them, and say what happened."""
    start = time.perf_counter()
    options, figure = job.options, FIGURES[job.figure]
    outcome = Outcome(job.figure, "unchanged")
    with figure_lock(options.media, job.figure):
        values = figure.values()
        digest = values_digest(values)
        keys = job.keys if digest == job.values_digest else part_keys(figure, digest, options)
        stamp = read_stamp(options.media, job.figure)
        for part in job.parts:
            if not options.force and is_fresh(stamp, job.figure, part, keys[part], options):
                continue  # another run rendered it while this one waited for the lock
            began = time.perf_counter()
            if part == "still":
                files = make_still(figure, values, options, outcome)
            else:
                files = make_video(figure, values, options, outcome, job.alongside)
            stamp[part] = {"key": keys[part], "files": file_marks(files), "seconds": time.perf_counter() - began}
            stamp.update(values_key=job.values_key, values_digest=digest, peak_mib=round(peak_memory_mib(), 1))
            write_stamp(options.media, job.figure, stamp)  # after each part: a later failure keeps this one
            outcome.parts.append(part)
    outcome.status = "rendered" if outcome.parts else "unchanged"
    outcome.seconds = time.perf_counter() - start
    outcome.peak_mib = peak_memory_mib()
    return outcome


def make_still(figure: Figure, values, options: Options, outcome: Outcome) -> list[Path]:
    """The value snapshot and the SVG stills (the last frame, and any step of ``the figure's ``step_stills````), each
    kept as it is when the new one is the same."""
    from compute.export import read_snapshot, snapshot_mismatches, write_snapshot
    from onebyone.check import still_differences
    from scenes.pipeline.output import render_still

    folder = options.figures_dir
    snapshot = folder / f"{figure.id}.values.json"
    try:
        same = snapshot.exists() and not snapshot_mismatches(read_snapshot(snapshot), values, figure.id)
    except (ValueError, KeyError, TypeError):  # an unreadable snapshot is rewritten
        same = False
    if same:
        outcome.kept.append(str(snapshot))
    else:
        outcome.written.append(str(write_snapshot(values, snapshot)))
    written = [snapshot]
    for step, name in figure.committed_stills():
        svg = folder / name
        with tempfile.TemporaryDirectory(prefix="onebyone-still-") as scratch:
            new = render_still(figure, values, Path(scratch) / "new.svg", "svg", step=step)
            same = svg.exists() and (svg.read_bytes() == new.read_bytes() or not still_differences(svg, new, figure.id))
            if same:
                outcome.kept.append(str(svg))
            else:
                outcome.written.append(str(atomic_write(svg, lambda tmp, new=new: shutil.copyfile(new, tmp))))
        written.append(svg)
    return written


def make_video(figure: Figure, values, options: Options, outcome: Outcome, alongside: bool = False) -> list[Path]:
    """The video with its captions, its step videos and their list, and its poster."""
    from onebyone.slides import RenderSettings, render_sections

    media, store = options.media, options.media / "sections"
    render = RenderSettings.of(figure, quality=options.quality, fps=options.fps, pace=float(options.pace))
    video = render_sections(
        figure, values, store, figure.id, render, video=media / f"{figure.id}.mp4", alongside=alongside
    )
    listing, settings = store / f"{figure.id}.json", store / f"{figure.id}.settings.json"
    poster = write_poster(video.video, media / f"{figure.id}.poster.png")
    steps = [store / figure.id / s["file"] for s in video.sections]
    files = [f for f in (video.video, video.srt, video.vtt, poster, listing, settings, *steps) if f is not None]
    outcome.written.extend(str(f) for f in files)
    outcome.frames = video.frames
    return files


def write_poster(video: Path, poster: Path) -> Path:
    """The first frame of ``video`` as a PNG (the figure's poster: its title and input)."""
    import av

    with av.open(str(video)) as container:
        image = next(container.decode(video=0)).to_image()
    return atomic_write(poster, lambda tmp: image.save(tmp, "PNG"))


def peak_memory_mib() -> float:
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


# ---- many figures ----------------------------------------------------------------------------------------


def run_in_process(job: Job) -> Outcome:
    """``run_job`` in a fresh Python process; its output goes to ``<media>/.stamps/<id>.log``."""
    folder = stamp_dir(job.options.media)
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{job.figure}.log"
    with tempfile.TemporaryDirectory(prefix="onebyone-job-") as scratch:
        job_file, result_file = Path(scratch) / "job.json", Path(scratch) / "outcome.json"
        job_file.write_text(json.dumps(job.as_json()), encoding="utf-8")
        with open(log, "w", encoding="utf-8") as out:
            done = subprocess.run(
                [sys.executable, "-m", "onebyone.batch", str(job_file), str(result_file)],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={
                    **os.environ,
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
                },
            )
        if result_file.exists():
            outcome = Outcome(**json.loads(result_file.read_text(encoding="utf-8")))
        else:
            outcome = Outcome(
                job.figure, "failed", error=f"the rendering process ended with exit code {done.returncode}"
            )
    if outcome.status == "failed":
        outcome.log = str(log)
    else:
        log.unlink(missing_ok=True)
    return outcome


def render_all(
    figure_ids: Iterable[str],
    options: Options,
    started: Callable[[Job], None] | None = None,
    finished: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Render ``figure_ids`` as ``options`` say; ``started``/``finished`` are told of each figure."""
    figure_ids = list(figure_ids)
    options = dataclasses.replace(options, figures_dir=options.figures_dir.resolve(), media=options.media.resolve())
    jobs, fresh, outcomes = plan(figure_ids, options)
    for job in jobs:
        job.alongside = options.jobs > 1 and len(jobs) > 1
    outcomes += [Outcome(figure_id, "unchanged") for figure_id in fresh]
    for outcome in outcomes:
        if finished:
            finished(outcome)

    def run(job: Job) -> Outcome:
        if started:
            started(job)
        return run_in_process(job)

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        for future in as_completed([pool.submit(run, job) for job in jobs]):
            outcome = future.result()
            outcomes.append(outcome)
            if finished:
                finished(outcome)
    return sorted(outcomes, key=lambda o: figure_ids.index(o.figure))


def run_with_progress(figure_ids: list[str], options: Options) -> list[Outcome]:
    """``render_all`` with a rich progress bar, and one line per figure as it finishes."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    running: list[str] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True, disable=not Console().is_terminal) as progress:
        task = progress.add_task("planning", total=len(figure_ids))

        def describe() -> str:
            return "rendering " + ", ".join(running) if running else "rendering"

        def started(job: Job) -> None:
            running.append(job.figure)
            progress.update(task, description=describe())

        def finished(outcome: Outcome) -> None:
            if outcome.figure in running:
                running.remove(outcome.figure)
            progress.console.print(describe_outcome(outcome), highlight=False, markup=False, soft_wrap=True)
            progress.update(task, advance=1, description=describe())

        outcomes = render_all(figure_ids, options, started, finished)
    return outcomes


def describe_outcome(outcome: Outcome) -> str:
    """One line on one figure, e.g. 'fig2a  rendered still, video (711 frames)  41.2 s; kept fig2a.svg'."""
    if outcome.status == "failed":
        return f"{outcome.figure:6}  FAILED  {outcome.error}"
    if outcome.status == "unchanged":
        return f"{outcome.figure:6}  up to date"
    frames = f" ({outcome.frames} frames)" if "video" in outcome.parts else ""
    kept = f"; kept {', '.join(Path(k).name for k in outcome.kept)} (unchanged)" if outcome.kept else ""
    return f"{outcome.figure:6}  rendered {', '.join(outcome.parts)}{frames}  {outcome.seconds:.1f} s{kept}"


def _worker(job_file: str, result_file: str) -> int:
    """The body of a rendering process: run the job, write its Outcome as JSON (also on failure)."""
    job = Job.from_json(json.loads(Path(job_file).read_text(encoding="utf-8")))
    try:
        outcome = run_job(job)
    except Exception as error:  # reported by the parent as one line; the traceback is in the log
        traceback.print_exc()
        outcome = Outcome(job.figure, "failed", error=one_line(error), peak_mib=peak_memory_mib())
    Path(result_file).write_text(json.dumps(dataclasses.asdict(outcome)), encoding="utf-8")
    return 0 if outcome.status != "failed" else 1


if __name__ == "__main__":
    sys.exit(_worker(*sys.argv[1:3]))
