"""Put a bug into a module for a moment: the source edited, the module re-executed, every name bound to
its old objects re-pointed at the new ones — then everything restored.

Used by the tests that prove the bindings catch known bugs (tests/test_bindings.py) and by the mutation
run (benchmarks/mutants.py), so both inject bugs the same way.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
import types
from contextlib import contextmanager

PROJECT_PACKAGES = ("scenes", "compute", "onebyone", "render")


def _rebind(old: types.ModuleType, new: types.ModuleType) -> list[tuple[object, str, object]]:
    """Point every name that some loaded module imported from ``old`` at ``new``'s object; the undo list."""
    undo = []
    originals = {name: value for name, value in vars(old).items() if not name.startswith("__")}
    for module in list(sys.modules.values()):
        name_of_module = getattr(module, "__name__", "") or ""
        if module is None or not name_of_module.startswith(PROJECT_PACKAGES):
            continue
        namespace = vars(module)
        for name, value in list(namespace.items()):
            if name in originals and value is originals[name] and name in vars(new):
                undo.append((module, name, value))
                setattr(module, name, vars(new)[name])
    return undo


def _rebind_figures(module_name: str, new: types.ModuleType) -> list[tuple[object, str, object]]:
    """Point the registry's value functions defined in ``module_name`` at ``new``'s (the registry holds the
    functions themselves, not names in a module); the undo list."""
    from scenes.registry import FIGURES

    undo = []
    for figure_id, figure in list(FIGURES.items()):
        compute = figure.compute
        if getattr(compute, "__module__", None) == module_name and hasattr(new, compute.__name__):
            FIGURES[figure_id] = dataclasses.replace(figure, compute=getattr(new, compute.__name__))
            undo.append((FIGURES, figure_id, figure))
    return undo


@contextmanager
def mutated(module_name: str, old: str, new: str, count: int = 1):
    """Run the body with ``module_name`` re-executed from its source with ``old`` replaced by ``new``.

    ``count`` is how many times ``old`` must occur (a guard: if the source moved on, the mutation is
    stale and says so instead of silently testing nothing).
    """
    module = importlib.import_module(module_name)
    with open(module.__file__, encoding="utf-8") as fh:
        source = fh.read()
    found = source.count(old)
    if found != count:
        raise AssertionError(f"{module_name}: expected {count} occurrence(s) of {old!r}, found {found}")
    with patched_source(module_name, source.replace(old, new)):
        yield


@contextmanager
def patched_source(module_name: str, source: str):
    """Run the body with ``module_name`` replaced by a module executed from ``source``."""
    module = importlib.import_module(module_name)
    loaded_before = set(sys.modules)
    replacement = types.ModuleType(module_name)
    replacement.__file__ = module.__file__
    replacement.__package__ = module.__package__
    exec(compile(source, module.__file__, "exec"), vars(replacement))
    sys.modules[module_name] = replacement
    undo = _rebind(module, replacement) + _rebind_figures(module_name, replacement)
    parent, _, child = module_name.rpartition(".")
    if parent and getattr(sys.modules.get(parent), child, None) is module:
        setattr(sys.modules[parent], child, replacement)
        undo.append((sys.modules[parent], child, module))
    try:
        yield replacement
    finally:
        sys.modules[module_name] = module
        # a project module first imported inside the body took its names from the mutant: forget it, so the
        # next import executes it again against the restored module
        for name in set(sys.modules) - loaded_before:
            if name.startswith(PROJECT_PACKAGES):
                del sys.modules[name]
        for target, name, value in reversed(undo):
            if isinstance(target, dict):
                target[name] = value
            else:
                setattr(target, name, value)
