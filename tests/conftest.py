"""Fixtures: every registered figure as a parameter, and private folders for manim and the formula cache."""

from __future__ import annotations

import os

import pytest

from scenes.registry import FIGURES


@pytest.fixture(params=sorted(FIGURES))
def figure_id(request) -> str:
    return request.param


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory):
    """Compiled formulas go to a cache of this test run's, filled from scratch (as on a fresh machine)."""
    os.environ["ONEBYONE_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
