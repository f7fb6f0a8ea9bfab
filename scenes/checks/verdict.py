"""Every problem the checks find in a built scene: the figure's bindings (with their relations) and
readability — what the tests, the planted-bug tests and the mutation run all ask of a figure."""

from __future__ import annotations

from scenes.checks.bindings import check
from scenes.checks.readability import check_readability


def scene_problems(scene, figure, values) -> list[str]:
    """One line per broken rule in ``scene`` (built with ``probe=True``) of registry entry ``figure`` drawing
    ``values``: every binding and relation it declares, and readability."""
    return check(scene, figure.module().bindings(values)) + check_readability(scene)
