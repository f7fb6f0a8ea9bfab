"""`render all` (onebyone/batch.py): what is up to date and why, the files it writes, parallel and
concurrent runs in real processes, and failures told apart from bad input."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from onebyone import batch, stamps
from onebyone.batch import Job
from onebyone.batch_options import Options
from render import cli
from scenes.registry import FIGURES

ROOT = Path(__file__).resolve().parents[1]
QUICK = {"quality": "l", "fps": 15, "pace": 0.1}  # the cheapest real render: 480p, every step, a tenth as long


def options(tmp_path: Path, **changes) -> Options:
    return Options(tmp_path / "figures", tmp_path / "media", **{**QUICK, "jobs": 2, **changes})


# ---- what a figure is made from (no rendering) -------------------------------------------------------


def test_a_scene_is_made_from_its_module_the_shared_parts_and_the_pipeline():
    modules = stamps.scene_modules(FIGURES["fig2a"])
    assert {
        "scenes.figures.fig2a",
        "scenes.pipeline.base",
        "scenes.mobjects.grid",
        "scenes.mobjects.text",
        "scenes.pipeline.camera",
        "scenes.pipeline.output",
    } <= set(modules)
    assert "scenes.figures.fig1a" not in modules  # another figure's scene is not an input of this one
    assert not [m for m in modules if m.startswith("compute.values")]  # values count through their digest
    for figure in FIGURES.values():
        own = figure.scene_ref.split(":")[0]
        others = {f.scene_ref.split(":")[0] for f in FIGURES.values()} - {own}
        closure = stamps.scene_modules(figure)
        assert own in closure
        for other in others & set(closure):  # only if some module of this figure really imports it
            assert any(other in stamps.imported_modules(m) for m in closure), (figure.id, other)


def test_imports_are_read_from_the_source(tmp_path, monkeypatch):
    package = tmp_path / "scenes"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "import numpy\nfrom scenes import b\nfrom . import c\ndef f():\n    import scenes.d\n"
    )
    for name in "bcd":
        (package / f"{name}.py").write_text("")
    monkeypatch.setattr(stamps, "ROOT", tmp_path)
    assert stamps.imported_modules("scenes.a") == {"scenes", "scenes.b", "scenes.c", "scenes.d"}
    assert stamps.module_closure(["scenes.a"]) == ["scenes", "scenes.a", "scenes.b", "scenes.c", "scenes.d"]


def test_values_digest_sees_every_number_its_type_and_shape():
    values = {"x": np.arange(6.0).reshape(2, 3), "k": np.array([1, 2])}
    digest = stamps.values_digest(values)
    assert digest == stamps.values_digest({k: v.copy() for k, v in reversed(values.items())})
    changed = [
        {**values, "x": values["x"] + np.where(np.arange(6).reshape(2, 3) == 4, 1e-15, 0)},
        {**values, "x": values["x"].reshape(3, 2)},
        {**values, "k": values["k"].astype(np.int32)},
        {"y": values["x"], "k": values["k"]},
    ]
    assert len({digest, *(stamps.values_digest(v) for v in changed)}) == 1 + len(changed)


def test_render_options_change_the_video_key_only(tmp_path):
    figure = FIGURES["fig2a"]
    base = stamps.part_keys(figure, "digest", options(tmp_path))
    for change in ({"pace": 0.2}, {"fps": 30}, {"quality": "h"}):
        keys = stamps.part_keys(figure, "digest", options(tmp_path, **change))
        assert keys["still"] == base["still"] and keys["video"] != base["video"], change
    assert stamps.part_keys(figure, "digest", options(tmp_path, jobs=1, force=True)) == base  # how, not what
    other = stamps.part_keys(figure, "other digest", options(tmp_path))
    assert other["still"] != base["still"] and other["video"] != base["video"]


def test_a_part_is_fresh_only_with_its_key_and_its_files_untouched(tmp_path):
    opts = options(tmp_path)
    files = stamps.expected_files("fig2a", "still", opts)
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("made")
    stamp = {"still": {"key": "k", "files": stamps.file_marks(files)}}
    assert stamps.is_fresh(stamp, "fig2a", "still", "k", opts)
    assert not stamps.is_fresh(stamp, "fig2a", "still", "another key", opts)
    assert not stamps.is_fresh(stamp, "fig2a", "video", "k", opts)
    assert not stamps.is_fresh(stamp, "fig2a", "still", "k", options(tmp_path / "elsewhere"))  # other folders
    files[1].write_text("edited")
    assert not stamps.is_fresh(stamp, "fig2a", "still", "k", opts)
    files[1].unlink()
    assert not stamps.is_fresh(stamp, "fig2a", "still", "k", opts)


def test_a_stamp_of_another_format_or_unreadable_is_no_stamp(tmp_path):
    stamps.write_stamp(tmp_path, "fig2a", {"values_key": "v"})
    assert stamps.read_stamp(tmp_path, "fig2a")["values_key"] == "v"
    path = stamps.stamp_dir(tmp_path) / "fig2a.json"
    path.write_text(json.dumps({"format": stamps.FORMAT + 1, "values_key": "v"}))
    assert stamps.read_stamp(tmp_path, "fig2a") == {}
    path.write_text("{not json")
    assert stamps.read_stamp(tmp_path, "fig2a") == {}


def test_keys_do_not_depend_on_the_order_a_table_was_built_in(tmp_path, monkeypatch):
    """The installed versions are one of what a part's key is made of: the same versions listed in another order
    (another Python, another build of the table) leave every key, and so every stamp, as it is."""
    figure, opts = FIGURES["fig2a"], options(tmp_path)
    keys = stamps.part_keys(figure, "digest", opts), stamps.values_key(figure)
    found = stamps.versions()
    monkeypatch.setattr(stamps, "versions", lambda: dict(reversed(found.items())))
    assert list(stamps.versions()) != list(found)
    assert (stamps.part_keys(figure, "digest", opts), stamps.values_key(figure)) == keys


def test_a_snapshot_entry_without_its_quantum_is_compared_at_todays(tmp_path):
    """`render all` keeps a committed value snapshot only when the values are the same; an entry whose quantum
    was lost (edited by hand) is compared at the quantum today's values have, not waved through."""
    from compute.export import quantum, read_snapshot, snapshot_mismatches, write_snapshot

    values = {"w": np.array([0.25, 1.5, -0.75])}
    stored = read_snapshot(write_snapshot(values, tmp_path / "v.json"))
    del stored["values"]["w"]["quantum"]
    assert snapshot_mismatches(stored, values) == []
    moved = snapshot_mismatches(stored, {"w": values["w"] + [0.0, 0.3, 0.0]})
    assert [m.key for m in moved] == ["w"] and moved[0].change == pytest.approx(0.3), moved
    assert moved[0].tolerance == pytest.approx(quantum(values["w"])), moved


# ---- real renders ----------------------------------------------------------------------------------------


def layout(opts: Options, figure: str = "fig2a") -> list[Path]:
    return stamps.expected_files(figure, "still", opts) + stamps.expected_files(figure, "video", opts)


def mtimes(paths) -> dict:
    return {p: p.stat().st_mtime_ns for p in paths}


@pytest.mark.render
def test_render_all_writes_the_layout_then_renders_only_what_changed(tmp_path):
    opts = options(tmp_path)
    (first,) = batch.render_all(["fig2a"], opts)
    assert first.status == "rendered" and first.parts == ["still", "video"], first
    for path in layout(opts):
        assert path.is_file() and path.stat().st_size > 0, path

    sections = json.loads((opts.media / "sections" / "fig2a.json").read_text())
    steps = sorted((opts.media / "sections" / "fig2a").iterdir())
    assert [s["file"] for s in sections] == [p.name for p in steps] and len(steps) > 1
    assert all({"name", "caption", "file", "start", "end"} <= s.keys() for s in sections)
    with av.open(str(opts.media / "fig2a.mp4")) as video:
        assert video.streams.video[0].frames == first.frames > 0
    with av.open(str(opts.media / "fig2a.poster.png")) as poster:
        assert next(poster.decode(video=0)).width == 854  # the first frame, at the video's size
    settings = json.loads((opts.media / "sections" / "fig2a.settings.json").read_text())
    assert (settings["quality"], settings["fps"], settings["pace"]) == ("l", 15, 0.1)

    before = mtimes(layout(opts))
    (again,) = batch.render_all(["fig2a"], opts)
    assert again.status == "unchanged" and mtimes(layout(opts)) == before

    (paced,) = batch.render_all(["fig2a"], options(tmp_path, pace=0.15))  # a render option: the video only
    assert paced.parts == ["video"]
    stills = stamps.expected_files("fig2a", "still", opts)
    assert mtimes(stills) == {p: before[p] for p in stills}

    (opts.media / "fig2a.poster.png").unlink()  # a file gone: its part again
    (redone,) = batch.render_all(["fig2a"], options(tmp_path, pace=0.15))
    assert redone.parts == ["video"] and (opts.media / "fig2a.poster.png").is_file()

    (forced,) = batch.render_all(["fig2a"], options(tmp_path, pace=0.15, force=True))
    assert forced.parts == ["still", "video"]
    assert sorted(Path(k).name for k in forced.kept) == ["fig2a-step3.svg", "fig2a.svg", "fig2a.values.json"]
    assert mtimes(stills) == {p: before[p] for p in stills}  # committed files found unchanged are kept


@pytest.mark.render
def test_committed_files_are_kept_when_the_same_and_replaced_when_not(tmp_path):
    opts = options(tmp_path, video=False)
    batch.render_all(["fig2a"], opts)
    svg, snapshot = opts.figures_dir / "fig2a.svg", opts.figures_dir / "fig2a.values.json"
    same_picture = svg.read_text().replace("<svg ", '<svg data-elsewhere="1" ', 1)  # other bytes, same picture
    svg.write_text(same_picture)
    committed = json.loads(snapshot.read_text())
    key = sorted(committed["values"])[0]
    committed["values"][key]["shape"] = [999]  # a snapshot that no longer matches
    snapshot.write_text(json.dumps(committed))

    (outcome,) = batch.render_all(["fig2a"], opts)
    assert outcome.parts == ["still"]
    assert [Path(k).name for k in outcome.kept] == ["fig2a.svg", "fig2a-step3.svg"]  # the README's step still too
    assert svg.read_text() == same_picture
    assert [Path(w).name for w in outcome.written] == ["fig2a.values.json"]
    assert json.loads(snapshot.read_text())["values"][key]["shape"] != [999]


@pytest.mark.render
def test_changing_one_scene_rerenders_only_that_figure(tmp_path, monkeypatch):
    opts = options(tmp_path, video=False)
    assert {o.status for o in batch.render_all(["fig2a", "fig4b"], opts)} == {"rendered"}
    digest = stamps.sources_digest
    monkeypatch.setattr(
        stamps,
        "sources_digest",
        lambda modules: digest(modules) + ("edited" if "scenes.figures.fig2a" in modules else ""),
    )
    outcomes = {o.figure: o.status for o in batch.render_all(["fig2a", "fig4b"], opts)}
    assert outcomes == {"fig2a": "rendered", "fig4b": "unchanged"}


@pytest.mark.render
def test_two_renders_at_once_both_succeed(tmp_path):
    """The reported failure: two `render fig1a --format mp4` at once broke on a shared text cache."""
    command = [sys.executable, "render.py", "render", "fig2a", "--format", "mp4", "--quality", "l", "--pace", "0.1"]
    runs = [subprocess.Popen([*command, "--out", str(tmp_path)], cwd=ROOT, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr.decode()
    with av.open(str(tmp_path / "fig2a.mp4")) as video:
        assert video.streams.video[0].frames > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig2a.mp4", "fig2a.srt", "fig2a.vtt"]


@pytest.mark.render
def test_two_parallel_render_alls_at_once_both_succeed(tmp_path):
    command = [sys.executable, "render.py", "all", "fig2a", "fig4b", "--jobs", "2", "--quality", "l", "--pace", "0.1"]
    folders = ["--figures-dir", str(tmp_path / "figures"), "--media", str(tmp_path / "media")]
    runs = [subprocess.Popen([*command, *folders], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)]
    runs.append(subprocess.Popen([*command, *folders], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    outputs = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=900)
        assert run.returncode == 0, stderr.decode()
        outputs.append(stdout.decode())
    # each figure is rendered once: the run that waited for it finds it up to date
    assert sum(out.count("fig2a   rendered") for out in outputs) == 1, outputs
    opts = options(tmp_path)
    for figure in ("fig2a", "fig4b"):
        assert all(p.is_file() for p in layout(opts, figure))
        stamp = stamps.read_stamp(opts.media, figure)
        assert stamps.is_fresh(stamp, figure, "video", stamp["video"]["key"], opts)
    assert not list((opts.media / "sections").glob(".*"))  # no staging folder left behind


# ---- failures --------------------------------------------------------------------------------------------


def test_a_failing_figure_is_one_line_with_its_log(tmp_path):
    job = Job("no-such-figure", ["still"], {"still": "k"}, "v", "d", options(tmp_path))
    outcome = batch.run_in_process(job)
    assert outcome.status == "failed" and outcome.error.startswith("KeyError") and "\n" not in outcome.error
    assert "Traceback" in Path(outcome.log).read_text()


def test_an_internal_failure_is_exit_1_not_bad_input(tmp_path, monkeypatch):
    import scenes.pipeline.output

    def broken(*args, **kwargs):
        raise OSError(errno.ENOENT, "No such file or directory", "/tmp/onebyone-render-x/media/texts/a.svg")

    monkeypatch.setattr(scenes.pipeline.output, "render_video", broken)
    monkeypatch.delenv("ONEBYONE_DEBUG", raising=False)
    result = CliRunner().invoke(cli, ["render", "fig2a", "--quality", "l", "--out", str(tmp_path)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: internal failure"), result.output
    assert "not in your input" in lines[0] and "ONEBYONE_DEBUG" in lines[0] and "Traceback" not in result.output


def test_a_folder_the_user_gave_that_cannot_be_written_is_bad_input(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for args in (["--figures-dir", str(blocker / "figures")], ["--media", str(blocker / "media")]):
        out = subprocess.run(
            [sys.executable, "render.py", "all", "fig2a", "--no-video", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert out.returncode == 2, out.stderr
        assert out.stderr.startswith("error: cannot write") and out.stderr.count("\n") == 1, out.stderr


def test_jobs_and_figures_are_checked():
    for args, says in ((["--jobs", "0"], "0 is not in the range x>=1"), (["fig99"], "'fig99' is not one of")):
        result = CliRunner().invoke(cli, ["all", *args])
        assert result.exit_code == 2 and says in result.output, result.output


def concurrency(monkeypatch, args: list[str]) -> tuple[int, list[str]]:
    """Run `render all ARGS --no-video` with each figure's rendering process replaced by a stand-in that
    waits (at a barrier, for as many figures as may run at once) and reports; returns the most figures
    that were rendering at once, and the command's output lines."""
    import threading

    figures = [a for a in args if a in FIGURES]
    lock, running, most = threading.Lock(), [0], [0]
    cores = os.cpu_count() or 1
    jobs = int(args[args.index("--jobs") + 1]) if "--jobs" in args else cores
    barrier, released = threading.Barrier(min(jobs, len(figures))), threading.Event()

    def stand_in(job: Job) -> batch.Outcome:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        if not released.is_set():  # the first wave: wait until as many as may run at once are running
            try:
                barrier.wait(timeout=30)  # a guard against a hang, not a timing
            except threading.BrokenBarrierError:
                pass
            released.set()
        with lock:
            running[0] -= 1
        return batch.Outcome(job.figure, "rendered", parts=job.parts)

    monkeypatch.setattr(batch, "run_in_process", stand_in)
    result = CliRunner().invoke(cli, ["all", *args, "--no-video"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return most[0], result.output.splitlines()


def test_jobs_decides_how_many_figures_render_at_once(tmp_path, monkeypatch):
    """By default as many figures render at once as there are cores (never more than there are figures);
    --jobs 1 renders one at a time, --jobs 3 three."""
    figures = ["fig1a", "fig2a", "fig4b", "fig6a"]
    folders = ["--figures-dir", str(tmp_path / "figures"), "--media", str(tmp_path / "media"), "--force"]
    cores = os.cpu_count() or 1
    most, lines = concurrency(monkeypatch, [*figures, *folders])
    assert most == min(cores, len(figures)), (most, cores)
    assert lines[-1].startswith("4 rendered, 0 up to date"), lines
    assert concurrency(monkeypatch, [*figures, *folders, "--jobs", "1"])[0] == 1
    assert concurrency(monkeypatch, [*figures, *folders, "--jobs", "3"])[0] == 3
    help_text = CliRunner().invoke(cli, ["all", "--help"]).output
    assert "default: (the number of cores)" in " ".join(help_text.split())


def test_a_figure_encodes_with_every_core_unless_others_render_beside_it(tmp_path, monkeypatch):
    """``alongside`` (one encoder thread) only when figures really render at once: several figures and --jobs > 1."""
    told = {}

    def stand_in(job: Job) -> batch.Outcome:
        told[job.figure] = job.alongside
        return batch.Outcome(job.figure, "rendered", parts=job.parts)

    monkeypatch.setattr(batch, "run_in_process", stand_in)
    for figures, jobs, alongside in (
        (["fig2a"], 2, False),
        (["fig2a", "fig6a"], 1, False),
        (["fig2a", "fig6a"], 2, True),
    ):
        told.clear()
        batch.render_all(figures, options(tmp_path, jobs=jobs, force=True))
        assert told == dict.fromkeys(figures, alongside), (figures, jobs)


# ---- incremental runs through the command line, on a copy of the code whose value function is edited ---

QUICK_ARGS = ["--quality", "l", "--fps", "15", "--pace", "0.1", "--jobs", "1"]


@pytest.mark.render
def test_render_all_reruns_a_figure_when_its_value_function_changes(tmp_path):
    """`render all` as a user runs it: a first run renders fig2a; a second finds it up to date and writes
    nothing; a real edit of its value function (the bias 0.5 larger) renders it again, with a new still,
    snapshot and video; an edit that leaves the values as they were renders nothing; --force renders it
    all and keeps the committed files it finds unchanged."""
    from helpers import repo_copy, run_tool

    code = repo_copy(tmp_path / "code")
    figures, media = tmp_path / "figures", tmp_path / "media"
    args = ["all", "fig2a", "--figures-dir", figures, "--media", media, *QUICK_ARGS]
    opts = options(tmp_path)

    def run() -> str:
        done = run_tool(*args, cwd=code)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    first = run()
    assert "1 rendered, 0 up to date" in first and "fig2a   rendered still, video" in first, first
    made = layout(opts)
    assert all(p.is_file() for p in made)
    before = mtimes(made)
    svg_before, snapshot_before = (figures / "fig2a.svg").read_bytes(), (figures / "fig2a.values.json").read_text()

    again = run()
    assert "0 rendered, 1 up to date" in again and "fig2a   up to date" in again, again
    assert mtimes(made) == before

    sliding = code / "compute" / "values" / "sliding.py"
    original = sliding.read_text()
    sliding.write_text(
        original
        + "\n\n_unchanged_fig2a = fig2a\n\n\ndef fig2a(inputs):\n    values = _unchanged_fig2a(inputs)\n"
        + "    return dict(values, b=values['b'] + 0.5, y=values['y'] + 0.5)\n"
    )
    changed = run()
    assert "1 rendered, 0 up to date" in changed and "fig2a   rendered still, video" in changed, changed
    assert "kept" not in changed  # the snapshot and both stills changed
    now = mtimes(made)
    assert all(now[p] != before[p] for p in made), [p.name for p in made if now[p] == before[p]]
    assert (figures / "fig2a.svg").read_bytes() != svg_before
    snapshot = json.loads((figures / "fig2a.values.json").read_text())
    assert snapshot["values"]["b"]["data"] == json.loads(snapshot_before)["values"]["b"]["data"] + 0.5

    sliding.write_text(sliding.read_text() + "\n# a comment: the values stay as they are\n")
    assert "0 rendered, 1 up to date" in run()
    assert mtimes(made) == now

    forced = run_tool(*args, "--force", cwd=code)
    assert forced.returncode == 0, forced.stderr
    assert "1 rendered, 0 up to date" in forced.stdout and "fig2a   rendered still, video" in forced.stdout
    assert "kept fig2a.values.json, fig2a.svg, fig2a-step3.svg (unchanged)" in forced.stdout, forced.stdout
    stills = stamps.expected_files("fig2a", "still", opts)
    assert {p: mtimes(made)[p] for p in stills} == {p: now[p] for p in stills}  # kept, not rewritten
    videos = [p for p in made if p not in stills]
    assert all(mtimes(made)[p] != now[p] for p in videos)  # the video part rendered again


def test_a_figure_whose_values_fail_is_said_on_stderr_with_its_log(tmp_path, monkeypatch):
    """`render all` when a figure's value function raises: the others render, exit 1, one line on stderr
    naming the figure and its log (<media>/.stamps/<id>.log), which holds the traceback."""
    import dataclasses

    figure = FIGURES["fig2a"]

    def broken(inputs):
        raise RuntimeError("no such array")

    monkeypatch.setitem(FIGURES, "fig2a", dataclasses.replace(figure, compute=broken))
    monkeypatch.setattr(batch, "run_in_process", lambda job: batch.Outcome(job.figure, "rendered", parts=job.parts))
    media = tmp_path / "media"
    result = CliRunner().invoke(
        cli, ["all", "fig2a", "fig4b", "--no-video", "--figures-dir", str(tmp_path / "figures"), "--media", str(media)]
    )
    assert result.exit_code == 1, result.output
    log = media.resolve() / ".stamps" / "fig2a.log"
    assert result.stderr.splitlines() == [f"error: 1 figure(s) failed, see fig2a ({log}); the others are in place"]
    assert "fig2a   FAILED  RuntimeError: no such array" in result.stdout
    assert "1 rendered, 0 up to date" in result.stdout
    assert "Traceback" in log.read_text() and "no such array" in log.read_text()
