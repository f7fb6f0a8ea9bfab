"""The on-disk cache (scenes/pipeline/cache.py) gives back exactly what it would have made, and the shortcuts
that read it (colour-map tables, typeset text) pick what matplotlib itself would pick."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scenes.mobjects.theme import THEMES, _cmap, _cmap_color, cmap_rgba
from scenes.pipeline import cache

COLOUR_MAPS = sorted({name for t in THEMES.values() for name in (t.pixel_cmap, t.signed_cmap)})


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ONEBYONE_CACHE", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("name", COLOUR_MAPS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_colour_tables_pick_matplotlibs_entry(name, dtype):
    """Every boundary between two entries, both sides of it, the ends, and values outside [0, 1] or NaN."""
    n = _cmap(name).N
    edges = np.arange(n + 1) / n
    t = np.concatenate([edges, np.nextafter(edges, 0), np.nextafter(edges, 1), [np.nan, -0.25, 1.5]]).astype(dtype)
    assert np.array_equal(cmap_rgba(name, t), _cmap(name)(t), equal_nan=True)
    inside = np.clip(t[np.isfinite(t)], 0, 1)
    assert np.array_equal(cmap_rgba(name, inside), _cmap(name)(inside))


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 1), st.sampled_from(COLOUR_MAPS))
def test_one_colour_is_matplotlibs(t, name):
    r, g, b, _ = _cmap(name)(t)
    assert _cmap_color(name, t).to_rgb() == pytest.approx((r, g, b), abs=0)


def test_a_cached_array_is_what_was_made_and_is_read_back_without_making_it(own_cache):
    made = []

    def make():
        made.append(1)
        return np.linspace(0, 1, 7).reshape(7, 1) / 3

    first = cache.cached_array("test", ("a", "1"), make)
    again = cache.cached_array("test", ("a", "1"), lambda: pytest.fail("made twice"))
    assert made == [1] and np.array_equal(first, again) and first.dtype == again.dtype
    assert not again.flags.writeable
    assert [p.name for p in (own_cache / "test").iterdir()] == [cache.entry("test", "a", "1").name]  # no temp left


def test_a_broken_entry_is_made_again(own_cache):
    path = cache.entry("test", "b")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04 half a file")
    assert np.array_equal(cache.cached_array("test", ("b",), lambda: np.arange(3)), np.arange(3))
    assert np.array_equal(cache.load(path)["array"], np.arange(3))


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ONEBYONE_CACHE", str(blocker))
    assert np.array_equal(cache.cached_array("test", ("c",), lambda: np.ones(2)), np.ones(2))


@pytest.mark.parametrize("text", ["−3.96", "x 28×28", "max |Δ| < 1e−12 ✓ equal", "fig1b's layer"])
def test_text_from_the_cache_is_the_text_typeset_anew(own_cache, text):
    from scenes.mobjects import text as text_module

    text_module._outline.cache_clear()
    typeset = text_module._typeset(text, "normal")
    first = text_module._outline(text, "normal")  # typeset, then kept
    text_module._outline.cache_clear()
    from_disk = text_module._outline(text, "normal")
    assert np.array_equal(first, typeset) and np.array_equal(from_disk, typeset)
    assert len(list((own_cache / "text").iterdir())) == 1
    text_module._outline.cache_clear()
