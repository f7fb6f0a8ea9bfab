"""Mutation run: does the test net catch a wrong drawing?

Every mutant is one small edit to the source of a scene or value module (a number off by one, two
indices swapped, a key exchanged for another array of the same shape, an operator or a comparison
flipped, min for max). Each mutant is built for the figures that use the module, exactly as the tests
build them, and then:

* if the build fails, the tests fail: **caught**;
* if nothing drawn changed — every number's text, every grid's data, colours and shown cells, every
  mark's place on its grid, every equality mark, which grid each label sits over — the mutant is
  **equivalent** (a layout nudge, a caption, dead code) and not counted;
* otherwise the checks the tests run (the figure's bindings, readability, the value snapshot against
  the unmutated values) must report a problem: **caught**, else **survived**.

The score is caught / (caught + survived): the share of mutants that change a drawn number or a drawn
mark which the net catches.

    python benchmarks/mutants.py                      # every module, every mutant (long)
    python benchmarks/mutants.py --sample 300          # a seeded random sample
    python benchmarks/mutants.py scenes/figures/fig2a.py       # one module
    python benchmarks/mutants.py --recheck             # only the recorded survivors, after new checks
    python benchmarks/mutants.py --tooling --sample 250 # the tooling instead: benchmarks/tooling_mutants.py
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import multiprocessing
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

TARGETS = ["scenes/figures/fig*.py", "scenes/parts/*.py", "scenes/mobjects/components.py", "scenes/mobjects/grid.py"]
TARGETS += ["scenes/mobjects/text.py"]
TARGETS += ["compute/values/*.py"]
VALUE_GROUPS = {"fc": ["fig1a", "fig1b", "fig3"], "sliding": ["fig2a", "fig2b"]}
VALUE_GROUPS |= {"onebyone": ["fig4a", "fig4b", "fig6a", "fig6b"], "classmaps": ["fig5a", "fig5b", "fig5c"]}


@dataclass
class Mutant:
    path: str  # relative to the repository
    line: int
    what: str  # e.g. "3 → 4", "'y' → 'y_fc'", "+ → −"
    source: str  # the whole mutated module
    code: str = ""  # the unmutated line, stripped: what finds the mutant again after lines move


@dataclass
class Outcome:
    path: str
    line: int
    what: str
    verdict: str  # caught, survived, equivalent
    figures: list
    detail: str = ""
    code: str = ""


# ---- mutants ---------------------------------------------------------------------------------------

SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult}
COMPARES = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
NAME_SWAPS = {"min": "max", "max": "min", "argmin": "argmax", "argmax": "argmin"}


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def mutants_of(path: Path, keys_by_shape: dict[str, list[str]]) -> list[Mutant]:
    """Every single-edit mutant of the module at ``path`` (each edit applied in place, unparsed, undone)."""
    import copy

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    docstrings = _docstring_nodes(tree)
    out = []
    for node in [n for n in ast.walk(tree) if not (isinstance(n, ast.Constant) and id(n) in docstrings)]:
        for change in _changes(node, keys_by_shape):
            saved = copy.copy(node.__dict__)
            what = change(node)
            if what:
                try:
                    code = lines[node.lineno - 1].strip()
                    out.append(Mutant(str(path.relative_to(ROOT)), node.lineno, what, ast.unparse(tree), code))
                except (ValueError, RecursionError):
                    pass
            node.__dict__.clear()
            node.__dict__.update(saved)
    return out


def operator_swap(table: dict):
    """An edit replacing a node's operator — a BinOp's or BoolOp's ``op``, a one-operator Compare's ``ops[0]``
    — by ``table``'s for its type; it says "Old → New" (also used by tooling_mutants.py)."""

    def swap(n):
        compare = isinstance(n, ast.Compare)
        old = type(n.ops[0] if compare else n.op)
        new = table[old]()
        if compare:
            n.ops = [new]
        else:
            n.op = new
        return f"{old.__name__} → {type(new).__name__}"

    return swap


def _changes(node: ast.AST, keys_by_shape: dict[str, list[str]]):
    """Functions that mutate a copy of ``node`` in place and say what they did (or None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):

        def bump(n):
            old = n.value
            n.value = old + 1 if isinstance(old, int) else old * 1.5 if old else 0.5
            return f"{old!r} → {n.value!r}"

        yield bump
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in keys_by_shape:
        for other in keys_by_shape[node.value]:

            def swap_key(n, other=other):
                old = n.value
                n.value = other
                return f"{old!r} → {other!r}"

            yield swap_key
    elif isinstance(node, ast.BinOp) and type(node.op) in SWAPS:
        yield operator_swap(SWAPS)
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in COMPARES:
        yield operator_swap(COMPARES)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):

        def unminus(n):
            n.op = ast.UAdd()
            return "−x → +x"

        yield unminus
    elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and all(isinstance(e, ast.Name) for e in node.elts):

        def transpose(n):
            if n.elts[0].id == n.elts[1].id:
                return None
            n.elts = list(n.elts[::-1])
            return f"({n.elts[1].id}, {n.elts[0].id}) → ({n.elts[0].id}, {n.elts[1].id})"

        yield transpose
    elif isinstance(node, ast.Name) and node.id in NAME_SWAPS and isinstance(node.ctx, ast.Load):

        def rename(n):
            old = n.id
            n.id = NAME_SWAPS[old]
            return f"{old} → {n.id}"

        yield rename
    elif isinstance(node, ast.Attribute) and node.attr in NAME_SWAPS:

        def reattr(n):
            old = n.attr
            n.attr = NAME_SWAPS[old]
            return f".{old} → .{n.attr}"

        yield reattr


# ---- what is drawn ---------------------------------------------------------------------------------


def drawn_signature(scene) -> str:
    """A digest of everything drawn that carries meaning, step by step: each number's value (to 3
    significant digits: a display-precision change is not a different number), each formula's and shape
    label's text, every grid's data, colours and shown cells, every mark's place on the grids it lies on,
    every equality mark, and which grid each text sits on. Not absolute positions, not plain words, not
    step names or captions, not roles (the names the checks go by are not drawn)."""
    import numpy as np

    from scenes.mobjects.text import parse_number

    rows = []
    for index, items in enumerate(scene.frames.values()):
        grids = [i for i in items if i.kind == "grid"]
        names = {id(g): _grid_digest(g, np) for g in grids}
        for item in items:
            under = _grid_under(item, grids)
            under = names[id(under)] if under is not None else ""
            if item.kind == "number":
                rows.append((index, "number", float(f"{parse_number(item.text):.3g}"), under))
            elif item.kind in ("shape-label", "math") or (item.kind == "label" and item.role):
                rows.append((index, item.kind, item.text, under))
            elif item.kind == "grid":
                look = np.round(item.rgba * 255).astype(int).tobytes() + item.visible.tobytes()
                rows.append((index, "grid", names[id(item)], hashlib.sha1(look).hexdigest()))
            elif item.role:
                rows.append((index, "mark", _cell_place(item, grids, names), str(item.extra.get("holds"))))
    for mob in scene.ever_added.values():
        text = getattr(mob, "text", "")
        if getattr(mob, "role", None) is not None and text:
            rows.append(
                (
                    -1,
                    type(mob).__name__,
                    float(f"{parse_number(text):.3g}") if type(mob).__name__ == "Num" else text,
                    "",
                )
            )
    return hashlib.sha1(json.dumps(sorted(rows, key=str)).encode()).hexdigest()


def _grid_digest(grid, np) -> str:
    return hashlib.sha1(np.round(np.asarray(grid.array, float), 9).tobytes()).hexdigest()[:12]


def _grid_under(item, grids):
    x0, y0, x1, _ = item.bbox
    below = [g for g in grids if min(x1, g.bbox[2]) > max(x0, g.bbox[0]) and -1e-6 <= y0 - g.bbox[3] < 0.3]
    return min(below, key=lambda g: item.bbox[1] - g.bbox[3]) if below else None


def _cell_place(item, grids, names) -> str:
    """Where a mark lies, in cells, on each grid it overlaps (a mark moved off its grid changes this too)."""
    places = []
    x, y = item.center
    for g in grids:
        left, bottom, right, top = g.bbox
        if not (left - 1e-6 <= x <= right + 1e-6 and bottom - 1e-6 <= y <= top + 1e-6):
            continue
        rows, cols = g.array.shape
        sx, sy = (right - left) / cols, (top - bottom) / rows
        places.append((names[id(g)], round((x - left) / sx * 4) / 4, round((top - y) / sy * 4) / 4))
    return str(sorted(places))


# ---- running ---------------------------------------------------------------------------------------


def figures_using(path: str) -> list[str]:
    from scenes.registry import FIGURES

    name = Path(path).stem
    if path.startswith("compute/values/"):
        return list(FIGURES) if name == "__init__" else VALUE_GROUPS.get(name, [])
    if name.startswith("fig"):
        return [name] if name in FIGURES else []
    module = ".".join(Path(path).with_suffix("").parts)
    if name in ("components", "grid", "text"):
        return list(FIGURES)
    return [f for f in FIGURES if module in (ROOT / "scenes" / "figures" / f"{f}.py").read_text()]


def baseline(figure_ids) -> dict:
    from compute.export import snapshot
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    out = {}
    for figure_id in figure_ids:
        figure = get(figure_id)
        values = figure.values()
        out[figure_id] = (drawn_signature(build_scene(figure, values, probe=True)), snapshot(values))
    return out


def judge(mutant: Mutant, figures: list[str], base: dict) -> Outcome:
    import importlib

    from compute.export import snapshot_mismatches
    from scenes.checks.mutation import patched_source
    from scenes.checks.verdict import scene_problems
    from scenes.pipeline.output import build_scene
    from scenes.registry import get

    module = mutant.path[:-3].replace("/", ".")
    changed = []
    try:
        importlib.import_module(module)
        with patched_source(module, mutant.source):
            for figure_id in figures:
                figure = get(figure_id)
                try:
                    values = figure.values()
                    scene = build_scene(figure, values, probe=True)
                    signature = drawn_signature(scene)
                except Exception as error:  # noqa: BLE001 - a mutant may break anything; the tests would fail
                    return Outcome(
                        mutant.path,
                        mutant.line,
                        mutant.what,
                        "caught",
                        figures,
                        f"{figure_id}: {type(error).__name__}",
                        code=mutant.code,
                    )
                if signature == base[figure_id][0]:
                    continue
                changed.append(figure_id)
                problems = scene_problems(scene, figure, values)
                problems += [str(p) for p in snapshot_mismatches(base[figure_id][1], values)]
                if problems:  # the tests fail: no need to look at the other figures
                    return Outcome(
                        mutant.path,
                        mutant.line,
                        mutant.what,
                        "caught",
                        changed,
                        f"{figure_id}: {problems[0]}"[:200],
                        code=mutant.code,
                    )
    except Exception as error:  # noqa: BLE001 - the mutated module does not even import
        return Outcome(
            mutant.path, mutant.line, mutant.what, "caught", figures, f"import: {type(error).__name__}", mutant.code
        )
    if not changed:
        return Outcome(mutant.path, mutant.line, mutant.what, "equivalent", figures, code=mutant.code)
    return Outcome(mutant.path, mutant.line, mutant.what, "survived", changed, "no check failed", mutant.code)


_BASE: dict = {}


def _work(task):
    mutant, figures = task
    return judge(mutant, figures, _BASE)


def _init(base):
    import logging

    logging.disable(logging.WARNING)
    _BASE.update(base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="module files (default: scenes and value modules)")
    parser.add_argument("--sample", type=int, help="judge a seeded random sample of this many mutants")
    parser.add_argument("--seed", type=int, default=1998)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "mutants.json")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="judge again only the survivors recorded in --out (after new checks), and update it",
    )
    parser.add_argument("--base", default="HEAD", help="with --recheck: the commit the recorded run judged")
    parser.add_argument(
        "--tooling",
        action="store_true",
        help="mutate the tooling instead (onebyone/, render.py, compute/images.py, export.py, compute/nn/): "
        "benchmarks/tooling_mutants.py; results in benchmarks/mutants-tooling.json",
    )
    parser.add_argument(
        "--known-pass",
        help="with --tooling: a JSON {test file: seconds} of the unmutated tests just seen to pass, to skip that run",
    )
    args = parser.parse_args()
    if args.tooling:
        import tooling_mutants

        return tooling_mutants.main(args)

    import numpy as np

    from scenes.registry import FIGURES

    started = time.perf_counter()
    paths = [ROOT / m for m in args.modules] or sorted({p for pattern in TARGETS for p in ROOT.glob(pattern)})
    keys_by_shape: dict[str, list[str]] = {}
    for figure in FIGURES.values():
        values = figure.values()
        for key, a in values.items():
            same = [k for k, b in values.items() if k != key and np.shape(b) == np.shape(a)]
            keys_by_shape.setdefault(key, [])
            keys_by_shape[key] = sorted(set(keys_by_shape[key]) | set(same))
    tasks = []
    for path in paths:
        figures = figures_using(str(path.relative_to(ROOT)))
        tasks += [(m, figures) for m in mutants_of(path, keys_by_shape) if figures]
    if args.recheck:
        return recheck(args, tasks, started)
    total = len(tasks)
    if args.sample and args.sample < total:
        tasks = random.Random(args.seed).sample(tasks, args.sample)
    base = baseline(sorted({f for _, figures in tasks for f in figures}))
    print(f"{len(tasks)} mutants (of {total}) over {len(paths)} modules; baseline built", flush=True)
    outcomes = run(tasks, base, args.jobs)
    counts, score = tally(outcomes)
    report = {
        "mutants": len(outcomes),
        "of": total,
        "seed": args.seed,
        **counts,
        "score": score,
        "seconds": round(time.perf_counter() - started),
        "outcomes": [asdict(o) for o in sorted(outcomes, key=lambda o: (o.path, o.line, o.what))],
    }
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(
        f"caught {counts['caught']}, survived {counts['survived']}, equivalent {counts['equivalent']}: "
        f"score {100 * score:.1f}% of the mutants that change what is drawn ({report['seconds']} s) -> {args.out}"
    )


def run(tasks: list, base: dict, jobs: int) -> list[Outcome]:
    outcomes = []
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_init, initargs=(base,)) as pool:
        for k, outcome in enumerate(pool.imap_unordered(_work, tasks), start=1):
            outcomes.append(outcome)
            if outcome.verdict == "survived":
                print(
                    f"  survived: {outcome.path}:{outcome.line} {outcome.what} ({', '.join(outcome.figures)})",
                    flush=True,
                )
            if k % 25 == 0:
                print(f"  {k}/{len(tasks)}", flush=True)
    return outcomes


def tally(outcomes) -> tuple[dict, float]:
    verdicts = [o.verdict if isinstance(o, Outcome) else o["verdict"] for o in outcomes]
    counts = {v: verdicts.count(v) for v in ("caught", "survived", "equivalent")}
    judged = counts["caught"] + counts["survived"]
    return counts, counts["caught"] / judged if judged else float("nan")


def _line_at(commit: str, path: str, line: int) -> str:
    import subprocess

    text = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True).stdout
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def recheck(args, tasks: list, started: float) -> None:
    """Judge again, on today's code, the survivors a recorded run left (found by their unmutated line and
    edit, since lines move): the ones the new checks catch become caught; the rest of the run stands."""
    report = json.loads(args.out.read_text(encoding="utf-8"))
    survivors = [o for o in report["outcomes"] if o["verdict"] == "survived"]
    for o in survivors:
        o["code"] = o.get("code") or _line_at(args.base, o["path"], o["line"])
    wanted = {(o["path"], o["code"], o["what"]) for o in survivors}
    again = [(m, figures) for m, figures in tasks if (m.path, m.code, m.what) in wanted]
    base = baseline(sorted({f for _, figures in again for f in figures}))
    print(f"{len(again)} mutants match the {len(survivors)} recorded survivors; baseline built", flush=True)
    now = {(o.path, o.code, o.what): o for o in run(again, base, args.jobs)}
    gone = 0
    for o in survivors:
        new = now.get((o["path"], o["code"], o["what"]))
        if new is None:  # its line is gone from the code: nothing left to judge
            gone += 1
        elif new.verdict != "survived":
            o.update(verdict=new.verdict, detail=f"after recheck: {new.detail}".strip(), line=new.line)
        else:
            o["line"] = new.line
    counts, score = tally(report["outcomes"])
    report.update(counts, score=score)
    report["recheck"] = {
        "survivors": len(survivors),
        "now_caught": sum(o["verdict"] == "caught" for o in survivors),
        "now_equivalent": sum(o["verdict"] == "equivalent" for o in survivors),
        "line_gone": gone,
        "seconds": round(time.perf_counter() - started),
    }
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    print(
        f"rechecked {len(survivors)} survivors: {report['recheck']['now_caught']} now caught; "
        f"caught {counts['caught']}, survived {counts['survived']}, equivalent {counts['equivalent']}: "
        f"score {100 * score:.1f}% -> {args.out}"
    )


if __name__ == "__main__":
    main()
