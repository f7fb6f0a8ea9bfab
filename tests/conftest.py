"""Shared fixtures: figures are built once per session (building a scene costs seconds)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from scenes.registry import FIGURES, get


@lru_cache(maxsize=None)
def default_values(figure_id: str):
    """A figure's values for the default inputs (computed once per test session)."""
    return get(figure_id).values()


@lru_cache(maxsize=None)
def built_scene(figure_id: str, theme: str = "dark"):
    """The figure's scene after an instant run of construct (its last frame, no video)."""
    from scenes.output import build_scene

    return build_scene(get(figure_id), default_values(figure_id), theme=theme)


@pytest.fixture(params=sorted(FIGURES))
def figure_id(request) -> str:
    return request.param


@pytest.fixture(autouse=True, scope="session")
def private_media_dir(tmp_path_factory):
    """manim's text cache and working files go to a folder of this test run, not the user's media/."""
    import scenes.output

    scenes.output.MEDIA_DIR = tmp_path_factory.mktemp("media")
    yield
