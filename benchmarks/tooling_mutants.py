"""Mutation run over the tooling: does the test net catch a broken command?

``python benchmarks/mutants.py --tooling`` (this module) mutates the code around the figures — the Python
API and the commands' work (``onebyone/*.py``), the command line (``onebyone/cli/*.py``, ``render.py``), the
user's image (``compute/images.py``), writing values and snapshots (``compute/export.py``) and training
(``compute/nn/train.py``, ``compute/nn/optim.py``) — one small edit at a time, with the edits of
``benchmarks/mutants.py`` (a number off by one, an operator or a comparison flipped, two names swapped,
min for max) and, for tooling, a boolean flipped, a ``not`` dropped, ``and`` for ``or``, ``is``/``in`` for
``is not``/``not in``.

Each mutant is written into a private copy of the repository (one per worker process; the edit is
really on disk, so the commands' own subprocesses — ``render all``'s rendering processes, ``python
render.py`` — run it too) and judged:

* the test files that guard the mutated module (``TESTS``) run with ``pytest -x -q``: if they fail (or
  hang past a limit: a suite that never ends fails too), the mutant is **caught**;
* if they pass, a fixed set of commands for that module (``COMMANDS``: values, stills, check, gallery,
  ``render all``, slides, bad input, training…, as a user runs them) is run on the mutant and on the
  unmutated copy, and what they print (exit code, stdout, stderr) and write (every file's bytes; NumPy
  files by their arrays; times of day and durations masked) is compared. Identical: the mutant is
  **equivalent** — no test and none of these commands can tell it from the code (a default nobody
  reaches, a message that is never printed, dead code) — and is not counted. Anything differs: it
  **survived**, and the difference is recorded.

The score is caught / (caught + survived). The rule is conservative in one direction only: a mutant
whose change shows in none of the commands is called equivalent even if some other use would reveal it,
so the commands cover each module's main paths (every command, both kinds of bad input, a full `render
all` with video, a spoiled `check`, a training epoch).

    python benchmarks/mutants.py --tooling                     # every tooling mutant (long)
    python benchmarks/mutants.py --tooling --sample 250        # a seeded random sample
    python benchmarks/mutants.py --tooling onebyone/gallery.py # one module
    python benchmarks/mutants.py --tooling --recheck           # only the recorded survivors, after new tests

Before the mutants, the unmutated tests are run once (they must pass, else every mutant would look
caught; their times set each run's limit); ``--known-pass FILE`` ({test file: seconds}) reuses such a
run made just before on the same code. The report (``benchmarks/mutants-tooling.json``) is rewritten after
every mutant, so a run stopped early still says what it found (``"complete": false``).
"""

from __future__ import annotations

import ast
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

TARGETS = [
    "onebyone/*.py",
    "onebyone/cli/*.py",
    "render.py",
    "compute/images.py",
    "compute/export.py",
    "compute/nn/train.py",
    "compute/nn/optim.py",
]

# The tests that guard each module (files, or file::test for the values-only part of a slow file),
# fastest and most telling first: pytest -x stops at the first failure.
SNAPSHOT_RULES = [
    f"test_snapshots.py::{name}"
    for name in (
        "test_the_worst_element_is_reported_with_its_size",
        "test_a_measured_difference_is_kept_at_its_bound",
        "test_integers_are_exact_even_when_large",
        "test_non_finite_values_are_stated_and_compared",
        "test_any_array_ignores_noise_and_catches_a_swap",
        "test_snapshot_file_round_trip_is_clean",
        "test_last_bit_noise_is_not_a_change",
        "test_a_real_change_to_the_largest_array_is_caught",
        "test_a_swap_is_caught",
        "test_a_dtype_or_shape_change_is_caught",
        "test_keys_and_old_snapshots_are_reported",
        "test_committed_values_match_compute",
    )
]
GALLERY_CLI = ["test_gallery.py::test_gallery_written_into_another_folder_links_what_is_there_and_says_what_is_not"]
GALLERY_PAGE = GALLERY_CLI + [
    f"test_gallery.py::{name}"
    for name in (
        "test_posters_are_frame_zero_made_once_and_again_for_a_newer_video",
        "test_every_link_is_relative_and_leads_to_a_file",  # these three on a page of 12 rendered videos
        "test_every_step_link_seeks_to_its_steps_start_in_the_video",
        "test_every_figures_captions_are_its_steps",
    )
]
TESTS = {
    "onebyone/__init__.py": ["test_api.py"],
    "onebyone/api.py": ["test_cli.py", "test_writes.py", "test_api.py"],
    "onebyone/batch.py": ["test_batch.py"],
    "onebyone/stamps.py": ["test_batch.py"],
    "onebyone/check.py": ["test_check.py"],
    "onebyone/gallery.py": GALLERY_PAGE,
    "onebyone/slides.py": ["test_slides.py"],
    "onebyone/batch_options.py": ["test_batch.py"],
    "onebyone/ledger.py": ["test_ledger.py"],
    "onebyone/stills.py": ["test_page_stills.py"],
    "onebyone/storyboard.py": ["test_page_stills.py"],
    "onebyone/handout.py": ["test_page_stills.py", *GALLERY_PAGE],
    "onebyone/training.py": ["test_train_cli.py"],
    "onebyone/training_plot.py": ["test_train_cli.py"],
    "render.py": ["test_cli.py", "test_writes.py", "test_api.py"],
    "compute/images.py": ["test_images.py"],
    "compute/export.py": ["test_writes.py", "test_cli.py", *SNAPSHOT_RULES, "test_check.py"],
    "compute/nn/train.py": ["test_network.py", "test_train_cli.py"],
    "compute/nn/optim.py": ["test_network.py", "test_train_cli.py"],
}
# a command's module (onebyone/cli/NAME.py) is guarded by render.py's tests and those of what it runs
COMMAND_TESTS = {
    "all": ["test_batch.py"],
    "train": ["test_train_cli.py"],
    "check": ["test_check.py"],
    "gallery": GALLERY_CLI,
    "slides": ["test_slides.py"],
    "render": ["test_render.py"],
    "ledger": ["test_ledger.py"],
    "storyboard": ["test_page_stills.py"],
    "alt": ["test_page_stills.py"],
    "handout": ["test_page_stills.py"],
}

SEVEN, TWO = "examples/drawn/seven.jpg", "examples/drawn/two.png"
QUICK = ["--quality", "l", "--fps", "15", "--pace", "0.1"]  # the cheapest real video: 480p15, a tenth as long
# Commands a user runs, by name; {out} is a fresh folder per run, {spoiled} a figures folder whose step
# still is the last frame.
COMMANDS = {
    "list": ["list"],
    "steps": ["list", "--steps", "fig2a"],
    "values": ["values", "fig2a", "--kernel", "laplace", "--stride", "2"],
    "values-json": ["values", "fig2a", "--digit", "7", "-o", "{out}/v.json"],
    "values-npz": ["values", "fig5c", "-o", "{out}/v.npz"],
    "image-digit": ["values", "fig5c", "--image", SEVEN, "-o", "{out}/seven.json"],
    "image-two": ["values", "fig1a", "--image", TWO, "-o", "{out}/two.json"],
    "image-photo": ["values", "fig4a", "--image", SEVEN, "-o", "{out}/photo.json"],
    "image-bad": ["values", "fig2a", "--image", "README.md"],
    "svg-step": ["render", "fig2a", "--format", "svg", "--step", "sum-1", "--out", "{out}"],
    "png": ["render", "fig4b", "--format", "png", "--quality", "l", "--theme", "light", "--out", "{out}"],
    "video": ["render", "fig6a", *QUICK, "--out", "{out}"],
    "bad-step": ["render", "fig2a", "--format", "svg", "--step", "99", "--out", "{out}"],
    "bad-option": ["render", "fig4a", "--digit", "3"],
    "bad-range": ["render", "fig2a", "--pace", "9"],
    "bad-path": ["values", "fig2a", "-o", "{out}/file/v.json"],
    "check": ["check", "fig2a", "fig4b"],
    "check-spoiled": ["check", "fig2a", "--figures-dir", "{spoiled}"],
    "gallery": ["gallery", "--media", "{out}/media", "--out", "{out}/pages/index.html"],
    "all": ["all", "fig2a", "--figures-dir", "{out}/f", "--media", "{out}/m", *QUICK, "--jobs", "1"],
    "all-again": ["all", "fig2a", "fig4b", "--figures-dir", "{out}/f", "--media", "{out}/m", "--no-video"],
    "slides": ["slides", "fig6a", *QUICK, "--out", "{out}/s", "--sections", "{out}/sec"],
    "train": ["train", "--epochs", "1", "--seed", "0", "--out", "{out}/w.npz", "--figure", "{out}/t.svg"],
}
BASIC = ["list", "steps", "values", "values-json", "bad-step", "bad-option", "bad-range", "bad-path", "svg-step"]
MODULE_COMMANDS = {
    "onebyone/__init__.py": BASIC,
    "onebyone/api.py": BASIC + ["png", "video", "image-digit"],
    "onebyone/batch.py": ["all", "all-again"],
    "onebyone/stamps.py": ["all", "all-again"],
    "onebyone/check.py": ["check", "check-spoiled"],
    "onebyone/gallery.py": ["gallery"],
    "onebyone/slides.py": ["slides"],
    "render.py": BASIC
    + ["values-npz", "image-digit", "image-bad", "png", "video", "check-spoiled", "gallery", "all-again", "slides"],
    "compute/images.py": ["image-digit", "image-two", "image-photo", "image-bad"],
    "compute/export.py": ["values-json", "values-npz", "check", "check-spoiled", "all-again", "bad-path"],
    "compute/nn/train.py": ["train"],
    "compute/nn/optim.py": ["train"],
    **{f"onebyone/training{part}.py": ["train"] for part in ("", "_plot")},
}
# the commands that show a command module's work: render.py's, plus its own
CLI_COMMANDS = {"all": ["all", "all-again"], "train": ["train"], "check": ["check-spoiled"], "slides": ["slides"]}
TIMEOUT_FACTOR, TIMEOUT_EXTRA = 3.0, 120.0  # a test run this much slower than the unmutated one has hung


@dataclass
class ToolOutcome:
    path: str
    line: int
    what: str
    verdict: str  # caught, survived, equivalent
    detail: str = ""
    code: str = ""
    seconds: float = 0.0


# ---- mutants ------------------------------------------------------------------------------------------

FLIPS = {ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}


def tooling_changes(node: ast.AST):
    """The tooling's extra in-place edits (on top of benchmarks/mutants.py's): True ↔ False, `and` ↔ `or`,
    `is` ↔ `is not`, `in` ↔ `not in`. (`not x` → `x` replaces a node: ``_without_not``.)"""
    from mutants import operator_swap

    if isinstance(node, ast.Constant) and isinstance(node.value, bool):

        def flip_bool(n):
            n.value = not n.value
            return f"{not n.value} → {n.value}"

        yield flip_bool
    elif isinstance(node, ast.BoolOp):
        yield operator_swap({ast.And: ast.Or, ast.Or: ast.And})
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in FLIPS:
        yield operator_swap(FLIPS)


class _DropNot(ast.NodeTransformer):
    """Replace the ``target``-th `not x` (in ast.walk order of the original) by `x`."""

    def __init__(self, target: ast.AST):
        self.target = target

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return node.operand if node is self.target else node


def _without_not(text: str) -> list[tuple[int, str]]:
    """(line, source) for each `not x` of a module replaced by `x`."""
    out = []
    count = sum(isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not) for n in ast.walk(ast.parse(text)))
    for k in range(count):
        tree = ast.parse(text)
        target = [n for n in ast.walk(tree) if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not)][k]
        line = target.lineno
        out.append((line, ast.unparse(_DropNot(target).visit(tree))))
    return out


def mutants(paths: list[Path]):
    """Every mutant of the tooling modules: benchmarks/mutants.py's edits (a bool constant flipped rather
    than bumped to 2) plus ``tooling_changes`` and `not x` → `x`."""
    import copy

    from mutants import Mutant, _changes, _docstring_nodes

    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        relative = str(path.relative_to(ROOT))
        tree = ast.parse(text)
        docstrings = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) in docstrings:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, bool):
                changes = list(tooling_changes(node))
            else:
                changes = [*_changes(node, {}), *tooling_changes(node)]
            for change in changes:
                saved = copy.copy(node.__dict__)
                what = change(node)
                if what:
                    try:
                        source = ast.unparse(tree)
                        out.append(Mutant(relative, node.lineno, what, source, lines[node.lineno - 1].strip()))
                    except (ValueError, RecursionError):
                        pass
                node.__dict__.clear()
                node.__dict__.update(saved)
        for line, source in _without_not(text):
            out.append(Mutant(relative, line, "not x → x", source, lines[line - 1].strip()))
    return out


def tests_for(mutant) -> list[str]:
    """The tests that guard ``mutant``'s module; in a command's module (onebyone/cli/), render.py's and
    those of what the command runs."""
    if mutant.path.startswith("onebyone/cli/"):
        return TESTS["render.py"] + COMMAND_TESTS.get(Path(mutant.path).stem, [])
    return list(TESTS[mutant.path])


def commands_for(path: str) -> list[str]:
    """The commands (``COMMANDS``' names) whose output judges a mutant of ``path`` that no test caught."""
    if path.startswith("onebyone/cli/"):
        return MODULE_COMMANDS["render.py"] + CLI_COMMANDS.get(Path(path).stem, [])
    return MODULE_COMMANDS.get(path, BASIC)


# ---- a private copy per worker --------------------------------------------------------------------------

COPIED = ["render.py", "pyproject.toml", "compute", "scenes", "onebyone", "tests", "figures", "examples", "vendor"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".hypothesis", "index.html")


def make_copy(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for part in COPIED:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, folder / part, ignore=IGNORED)
        else:
            shutil.copy2(source, folder / part)
    spoiled = folder / ".spoiled"
    shutil.copytree(ROOT / "figures", spoiled, ignore=IGNORED)
    shutil.copyfile(spoiled / "fig2a.svg", spoiled / "fig2a-step3.svg")
    (folder / ".cache").mkdir()
    return folder


def environment(copy: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ONEBYONE_DEBUG")}
    return env | {"PYTHONDONTWRITEBYTECODE": "1", "ONEBYONE_CACHE": str(copy / ".cache"), "COLUMNS": "160"}


def run_tests(copy: Path, files: list[str], timeout: float) -> tuple[bool, str, float]:
    """(passed, what failed, seconds) of ``pytest -x -q`` over ``files`` in ``copy``."""
    started = time.perf_counter()
    command = [PYTHON, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *(f"tests/{f}" for f in files)]
    try:
        done = subprocess.run(command, cwd=copy, env=environment(copy), capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"timeout after {timeout:.0f} s", time.perf_counter() - started
    seconds = time.perf_counter() - started
    if done.returncode == 0:
        return True, "", seconds
    failed = re.findall(r"^(?:FAILED|ERROR) (\S+)", done.stdout, re.M)
    what = failed[0] if failed else (done.stdout.strip().splitlines() or ["?"])[-1]
    return False, what[:200], seconds


# ---- what the commands print and write -------------------------------------------------------------------

_MASKS = [
    (re.compile(r"\x1b\[[0-9;]*[A-Za-z]"), ""),
    (re.compile(r"\b\d+:\d\d:\d\d\b"), "<clock>"),
    (re.compile(r"\b\d+(?:\.\d+)?(?: ?s\b| seconds\b)"), "<t> s"),
]


def _masked(text: str, copy: Path, out: Path) -> str:
    text = text.replace(str(out), "<out>").replace(str(copy), "<root>")
    for pattern, replacement in _MASKS:
        text = pattern.sub(replacement, text)
    return text


def _file_items(out: Path, copy: Path) -> dict[str, str]:
    import hashlib

    import numpy as np

    items = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        name = str(path.relative_to(out))
        if path.suffix in (".lock", ".log") or ".stamps" in path.parts:
            items[name] = "present"
        elif path.suffix == ".npz":
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: hashlib.sha1(np.ascontiguousarray(data[k]).tobytes()).hexdigest() for k in data.files}
            items[name] = json.dumps({k: v for k, v in arrays.items() if "seconds" not in k}, sort_keys=True)
        elif path.suffix in (".json", ".html", ".svg", ".srt", ".vtt", ".txt"):
            items[name] = _masked(path.read_text(encoding="utf-8", errors="replace"), copy, out)
        else:
            items[name] = hashlib.sha1(path.read_bytes()).hexdigest()
    return items


def observe(copy: Path, names: list[str]) -> dict[str, dict[str, str]]:
    """{command: {item: value}} — exit code, stdout, stderr and every file written — for each command."""
    seen = {}
    for name in names:
        out = copy / ".out" / name
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        (out / "file").write_text("a file where a folder is asked for")
        args = [a.format(out=out, spoiled=copy / ".spoiled") for a in COMMANDS[name]]
        try:
            done = subprocess.run(
                [PYTHON, "render.py", *args],
                cwd=copy,
                env=environment(copy),
                capture_output=True,
                text=True,
                timeout=600,
            )
            items = {"exit": str(done.returncode), "stdout": _masked(done.stdout, copy, out)}
            items["stderr"] = _masked(done.stderr, copy, out)
        except subprocess.TimeoutExpired:
            items = {"exit": "timeout"}
        items |= {f"file {k}": v for k, v in _file_items(out, copy).items()}
        seen[name] = items
        shutil.rmtree(out, ignore_errors=True)
    return seen


def differences(base: dict, now: dict, noisy: set) -> list[str]:
    found = []
    for command in base:
        keys = set(base[command]) | set(now.get(command, {}))
        for key in sorted(keys):
            if (command, key) in noisy:
                continue
            if base[command].get(key) != now.get(command, {}).get(key):
                found.append(f"{command}: {key}")
    return found


# ---- workers -------------------------------------------------------------------------------------------

_STATE: dict = {}


def _init(copies, test_seconds, modules):
    """Take a copy of the repository of this worker's own; observe the unmutated commands twice (what
    differs between the two is noise, never compared)."""
    import logging

    logging.disable(logging.WARNING)
    copy = Path(copies.get())
    names = sorted({n for m in modules for n in commands_for(m)})
    first, second = observe(copy, names), observe(copy, names)
    noisy = {(c, k) for c in first for k in set(first[c]) | set(second[c]) if first[c].get(k) != second[c].get(k)}
    _STATE.update(copy=copy, base=first, noisy=noisy, test_seconds=test_seconds)


def judge(mutant) -> ToolOutcome:
    copy, started = _STATE["copy"], time.perf_counter()
    target = copy / mutant.path
    original = target.read_bytes()
    files = tests_for(mutant)
    seconds = _STATE["test_seconds"]
    limit = TIMEOUT_FACTOR * sum(seconds[f] for f in {f.split("::")[0] for f in files}) + TIMEOUT_EXTRA
    outcome = ToolOutcome(mutant.path, mutant.line, mutant.what, "", code=mutant.code)
    try:
        target.write_text(mutant.source, encoding="utf-8")
        passed, failed, _ = run_tests(copy, files, limit)
        if not passed:
            outcome.verdict, outcome.detail = "caught", failed
        else:
            names = commands_for(mutant.path)
            base = {n: _STATE["base"][n] for n in names}
            changed = differences(base, observe(copy, names), _STATE["noisy"])
            outcome.verdict = "survived" if changed else "equivalent"
            outcome.detail = "; ".join(changed[:4])[:300]
    finally:
        target.write_bytes(original)
    outcome.seconds = round(time.perf_counter() - started, 1)
    return outcome


def main(args) -> None:
    from mutants import tally

    started = time.perf_counter()
    paths = [ROOT / m for m in args.modules] or sorted({p for pattern in TARGETS for p in ROOT.glob(pattern)})
    every = mutants(paths)
    tasks = every
    if args.sample and args.sample < len(every):
        tasks = random.Random(args.seed).sample(every, args.sample)
    out = args.out if args.out != ROOT / "benchmarks" / "mutants.json" else ROOT / "benchmarks" / "mutants-tooling.json"
    recorded = None
    if args.recheck:  # judge again only the recorded survivors (found by their unmutated line and edit)
        recorded = json.loads(out.read_text(encoding="utf-8"))
        wanted = {(o["path"], o["code"], o["what"]) for o in recorded["outcomes"] if o["verdict"] == "survived"}
        tasks = [m for m in every if (m.path, m.code, m.what) in wanted]
    scratch = Path(tempfile.mkdtemp(prefix="onebyone-mutants-"))
    try:
        copies = [make_copy(scratch / f"copy{k}") for k in range(args.jobs)]
        # the unmutated tests must pass (else every mutant would look caught), and their time sets the limits
        from concurrent.futures import ThreadPoolExecutor

        groups: dict[str, list[str]] = {}  # one pytest run per test file, of every test wanted from it
        for f in sorted({f for m in tasks for f in tests_for(m)}):
            groups.setdefault(f.split("::")[0], []).append(f)
        files = sorted(groups)
        known = json.loads(Path(args.known_pass).read_text()) if args.known_pass else {}
        if set(files) <= set(known):  # measured by a run of these tests on this very code just before
            test_seconds = {f: float(known[f]) for f in files}
        else:
            with ThreadPoolExecutor(len(copies)) as threads:
                runs = list(
                    threads.map(lambda k: run_tests(copies[k % len(copies)], groups[files[k]], 3600), range(len(files)))
                )
            test_seconds = {}
            for f, (passed, failed, seconds) in zip(files, runs):
                if not passed:
                    raise SystemExit(f"the unmutated tests fail: {f}: {failed}")
                test_seconds[f] = seconds
        print(
            f"{len(tasks)} mutants (of {len(every)}) over {len(paths)} modules; unmutated tests pass: "
            + ", ".join(f"{f} {s:.0f} s" for f, s in sorted(test_seconds.items())),
            flush=True,
        )
        queue = multiprocessing.get_context("fork").Queue()
        for copy in copies:
            queue.put(str(copy))
        modules = sorted({m.path for m in tasks})
        outcomes = []
        context = multiprocessing.get_context("fork")
        with context.Pool(args.jobs, initializer=_init, initargs=(queue, test_seconds, modules)) as pool:
            for k, outcome in enumerate(pool.imap_unordered(judge, tasks), start=1):
                outcomes.append(outcome)
                if recorded is None:  # the report so far, so that a run stopped early still says what it found
                    write_report(out, outcomes, every, args, started, complete=k == len(tasks))
                if outcome.verdict == "survived":
                    print(f"  survived: {outcome.path}:{outcome.line} {outcome.what} ({outcome.detail})", flush=True)
                if k % 10 == 0:
                    counts, score = tally([asdict(o) for o in outcomes])
                    print(
                        f"  {k}/{len(tasks)}: {counts}, {100 * score:.1f}% "
                        f"({(time.perf_counter() - started) / 60:.0f} min)",
                        flush=True,
                    )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if recorded is not None:
        return _merge_recheck(recorded, outcomes, out, started)
    report = write_report(out, outcomes, every, args, started, complete=True)
    print(
        f"caught {report['caught']}, survived {report['survived']}, equivalent {report['equivalent']}: "
        f"score {100 * report['score']:.1f}% ({report['seconds'] / 60:.0f} min) -> {out}"
    )


def write_report(out: Path, outcomes: list, every: list, args, started: float, complete: bool) -> dict:
    from mutants import tally

    counts, score = tally([asdict(o) for o in outcomes])
    report = {
        "mutants": len(outcomes),
        "of": len(every),
        "seed": args.seed,
        "sample": args.sample,
        "complete": complete,
        **counts,
        "score": score,
        "seconds": round(time.perf_counter() - started),
        "rule": "caught: the module's test files fail (pytest -x); equivalent: they pass and the module's "
        "commands print and write exactly what the unmutated code does; survived: they pass and a command differs",
        "by_module": {
            m: tally([asdict(o) for o in outcomes if o.path == m])[0] for m in sorted({o.path for o in outcomes})
        },
        "outcomes": [asdict(o) for o in sorted(outcomes, key=lambda o: (o.path, o.line, o.what))],
    }
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return report


def _merge_recheck(report: dict, outcomes: list, out: Path, started: float) -> None:
    """The recorded run with its survivors judged again on today's tests; the rest of the run stands."""
    from mutants import tally

    now = {(o.path, o.code, o.what): o for o in outcomes}
    before = sum(o["verdict"] == "survived" for o in report["outcomes"])
    for o in report["outcomes"]:
        new = now.get((o["path"], o["code"], o["what"]))
        if o["verdict"] == "survived" and new is not None:
            o.update(verdict=new.verdict, detail=f"after recheck: {new.detail}".strip(), line=new.line)
    counts, score = tally(report["outcomes"])
    report.update(counts, score=score)
    report["by_module"] = {
        m: tally([o for o in report["outcomes"] if o["path"] == m])[0]
        for m in sorted({o["path"] for o in report["outcomes"]})
    }
    report["recheck"] = {
        "survivors": before,
        "now_caught": sum(o.verdict == "caught" for o in outcomes),
        "now_equivalent": sum(o.verdict == "equivalent" for o in outcomes),
        "seconds": round(time.perf_counter() - started),
    }
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(
        f"rechecked {before} survivors: {report['recheck']['now_caught']} now caught; caught {counts['caught']}, "
        f"survived {counts['survived']}, equivalent {counts['equivalent']}: score {100 * score:.1f}% -> {out}"
    )
