"""The house's layout, checked from the sources (their ``import`` statements, not run): arrows go one way
(compute ← scenes ← onebyone ← render.py), compute never imports manim, no import circle anywhere, no
figure imports another figure, benchmarks import modules rather than the tests folder, and ``scenes/``
is sorted by role."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("compute", "scenes", "onebyone")
LAYER = {"compute": 0, "scenes": 1, "onebyone": 2, "render": 3}


def project_modules() -> dict[str, Path]:
    """Every module of the project, by dotted name (a package by its own name)."""
    found = {"render": ROOT / "render.py"}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = project_modules()


def imports_of(name: str, path: Path) -> set[str]:
    """The modules ``name`` imports, resolved to names in MODULES where they are the project's (``from a
    import b`` counts b when b is a module, else a); imports under ``if TYPE_CHECKING`` count too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in MODULES else module)
    return found


def project_imports(name: str) -> set[str]:
    """The project modules ``name`` imports (the innermost registered module of each import)."""
    result = set()
    for imported in imports_of(name, MODULES[name]):
        parts = imported.split(".")
        for k in range(len(parts), 0, -1):
            candidate = ".".join(parts[:k])
            if candidate in MODULES:
                if candidate != name:
                    result.add(candidate)
                break
    return result


GRAPH = {name: project_imports(name) for name in MODULES}


def test_the_modules_are_found():
    assert {"compute.conv", "scenes.registry", "onebyone.api", "onebyone.cli", "render"} <= set(MODULES)
    assert "scenes.figures.fig2a" in GRAPH["scenes.registry"] or any(
        "scenes.figures" in m for m in MODULES
    )  # the figures live in scenes/figures


def _cycle() -> list[str] | None:
    """One import circle among the project's modules (a package's __init__ importing its own submodules
    is not a circle: importing the submodule runs the __init__ first, but the __init__ does not need it
    back), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if nxt.startswith(node + "."):  # a package importing its own submodule
                continue
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None


def test_no_import_circle_anywhere():
    cycle = _cycle()
    assert cycle is None, " → ".join(cycle)


def test_the_cycle_finder_finds_a_planted_circle(monkeypatch):
    monkeypatch.setitem(GRAPH, "compute.conv", GRAPH["compute.conv"] | {"compute.kernels"})
    monkeypatch.setitem(GRAPH, "compute.kernels", GRAPH["compute.kernels"] | {"compute.conv"})
    assert _cycle() is not None


@pytest.mark.parametrize("name", sorted(MODULES))
def test_arrows_go_one_way(name):
    """compute ← scenes ← onebyone ← render.py: nothing imports a layer above its own."""
    mine = LAYER[name.split(".")[0]]
    above = sorted(m for m in GRAPH[name] if LAYER[m.split(".")[0]] > mine)
    assert not above, f"{name} imports {above}"


@pytest.mark.parametrize("name", sorted(m for m in MODULES if m.startswith("compute")))
def test_compute_never_imports_manim_or_matplotlib(name):
    imported = imports_of(name, MODULES[name])
    assert not {m for m in imported if m.split(".")[0] in ("manim", "matplotlib")}, imported


def test_no_figure_imports_another_figure():
    for name in MODULES:
        if name.startswith("scenes.figures.fig"):
            others = sorted(m for m in GRAPH[name] if m.startswith("scenes.figures.fig"))
            assert not others, f"{name} imports {others}"


def test_scenes_are_sorted_by_role():
    """scenes/ holds only the registry, the presentation settings and its role folders."""
    top = sorted(p.name for p in (ROOT / "scenes").iterdir() if p.suffix == ".py" or (p.is_dir() and p.name[0] != "_"))
    assert top == ["__init__.py", "checks", "figures", "mobjects", "parts", "pipeline", "registry.py", "settings.py"]
    for module in ("scenes.registry", "scenes.settings", "scenes.figures", "scenes.parts", "scenes.pipeline"):
        imported = imports_of(module, MODULES[module])
        assert "manim" not in {m.split(".")[0] for m in imported}, f"{module} must not import manim"


def test_benchmarks_import_modules_not_the_tests_folder():
    """No benchmark puts tests/ on sys.path or imports the tests' own modules (helpers, conftest)."""
    for path in (ROOT / "benchmarks").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"sys\.path.*tests", text), f"{path.name} puts tests/ on sys.path"
        tree = ast.parse(text)
        imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        assert not imported & {"helpers", "conftest", "mutation"}, f"{path.name} imports the tests' modules"


# ---- a registered figure is complete -------------------------------------------------------------------

from scenes.registry import FIGURES  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_SOURCES = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "tests").glob("test_*.py")}


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_every_registered_figure_is_complete(figure_id):
    """Values in compute/values, a registry entry, a scene module with its class and bindings, tests that
    name it, and a README section with its still (docs/writing-a-figure.md, "Adding a figure")."""
    figure = FIGURES[figure_id]
    assert figure.compute.__module__.startswith("compute.values."), figure.compute.__module__
    module, cls = figure.scene_ref.split(":")
    assert module == f"scenes.figures.{figure_id}", module
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    defined = {node.name for node in tree.body if isinstance(node, (ast.ClassDef, ast.FunctionDef))}
    assert {cls, "bindings"} <= defined, defined
    names_it = re.compile(rf"\b{figure_id}\b")
    naming = [name for name, text in TEST_SOURCES.items() if names_it.search(text) and name != "test_layout.py"]
    assert naming, f"no test file names {figure_id}"
    assert f"### {figure_id} · {figure.title}" in README, f"README has no section '### {figure_id} · {figure.title}'"
    assert f"figures/{figure_id}.svg" in README


def test_a_figure_lacking_its_readme_section_is_caught(monkeypatch):
    monkeypatch.setattr(__import__(__name__), "README", README.replace("### fig3 ·", "### fig 3 ·"))
    with pytest.raises(AssertionError, match="README has no section"):
        test_every_registered_figure_is_complete("fig3")


# ---- step names are written once -------------------------------------------------------------------


def _step_declaration(tree: ast.Module) -> ast.Assign | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "STEPS" for t in node.targets):
            return node
    return None


STEP_TAKERS = {"step": 0, "reveals": 2, "present": 1}  # call -> the argument holding step names


def written_step_names(tree: ast.AST) -> list[str]:
    """Step names written as strings where a step is named: ``self.step("x", …)``, the keys of
    ``reveals``/``present``'s step tables, ``step="x"`` keywords."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        args = []
        if node.func.attr in STEP_TAKERS and len(node.args) > STEP_TAKERS[node.func.attr]:
            arg = node.args[STEP_TAKERS[node.func.attr]]
            args += arg.keys if isinstance(arg, ast.Dict) else [arg]
        args += [k.value for k in node.keywords if k.arg == "step"]
        found += [ast.unparse(a) for a in args if isinstance(a, (ast.Constant, ast.JoinedStr))]
    return found


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_each_step_name_is_written_once(figure_id):
    """``STEPS = StepNames(...)`` is the only place a figure module writes its step names: the scene and
    the bindings refer to ``STEPS`` (scenes/pipeline/steps.py), so a renamed step cannot leave a binding
    constraining a step that no longer exists (the bindings' check also reports that)."""
    from scenes.pipeline.steps import StepNames

    module = f"scenes.figures.{figure_id}"
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    assert _step_declaration(tree) is not None, f"{module} declares no STEPS = StepNames(...)"
    assert isinstance(importlib.import_module(module).STEPS, StepNames)
    assert written_step_names(tree) == [], f"{module} writes step names outside STEPS"


def test_a_step_name_written_in_place_is_caught():
    tree = ast.parse('with self.step("map", c):\n    pass\nb.reveals("y", [], {f"p-{1}": 0, S.x: 1})')
    assert sorted(written_step_names(tree)) == ["'map'", "f'p-{1}'"]


@pytest.mark.parametrize("figure_id", list(FIGURES))
def test_each_scene_runs_only_its_declared_steps(figure_id):
    """Every step the built scene runs is declared in its STEPS, and every plain name declared is run."""
    from scenes.pipeline.output import build_scene

    figure = FIGURES[figure_id]
    steps = importlib.import_module(f"scenes.figures.{figure_id}").STEPS
    run = [s.name for s in build_scene(figure, figure.values(None)).steps]
    assert [name for name in run if not steps.declares(name)] == [], run
    assert [name for name in steps.names if name not in run] == [], run
