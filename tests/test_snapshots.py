"""The committed stills and values in figures/ are what the code computes and draws today, and the
snapshot comparison tells a real change from a machine's rounding (docs/regression.md).

The committed files are compared generically: after a change to a figure, these fail until
`make figures` regenerates them (review `git diff figures/`, commit).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from compute.export import (
    BOUND_SUFFIX,
    FULL_LIMIT,
    SNAPSHOT_FORMAT,
    quantum,
    read_snapshot,
    snapshot,
    snapshot_mismatches,
    write_snapshot,
)
from helpers import FIGURES_DIR, ROOT, default_values
from onebyone.check import still_differences
from scenes.registry import get


def committed_snapshot(values) -> dict:
    """A snapshot as it comes back from the committed JSON file."""
    return json.loads(json.dumps(snapshot(values), allow_nan=False))


def is_float(a) -> bool:
    return np.issubdtype(np.asarray(a).dtype, np.floating)


# ---- the committed state --------------------------------------------------------------------------


def test_committed_values_match_compute(figure_id):
    path = FIGURES_DIR / f"{figure_id}.values.json"
    assert path.exists(), f"{path.name} missing: run `make figures`"
    problems = snapshot_mismatches(read_snapshot(path), default_values(figure_id), figure_id)
    assert not problems, "\n".join(map(str, problems)) + "\n(run `make figures`, review the diff: docs/regression.md)"


def test_committed_still_exists_and_is_vector(figure_id):
    svg = (FIGURES_DIR / f"{figure_id}.svg").read_text()
    assert svg.startswith("<?xml") and "<path" in svg and "<image" not in svg


def test_committed_still_is_what_the_scene_draws_today(figure_id, tmp_path):
    """Graphical regression at 1080p: each committed SVG (the last frame, and any step of its ``step_stills``) and
    today's, both drawn by librsvg; any connected region of more than 20 px changed by more than 64 levels
    fails (a changed number, a label moved by a third of a unit), anti-aliasing and float formatting do not."""
    from scenes.pipeline.output import render_still

    for step, name in get(figure_id).committed_stills():
        today = render_still(get(figure_id), default_values(figure_id), tmp_path / name, "svg", step=step)
        regions = still_differences(FIGURES_DIR / name, today, figure_id)
        listing = "\n".join(map(str, regions[:10])) + (f"\n… {len(regions) - 10} more" if len(regions) > 10 else "")
        assert not regions, f"figures/{name} is stale:\n{listing}\n(run `make figures`: docs/regression.md)"


def test_readme_shows_every_still(figure_id):
    readme = (FIGURES_DIR.parent / "README.md").read_text()
    assert f"](figures/{figure_id}.svg)" in readme


# ---- what the comparison ignores and what it catches, on every figure's real values ----------------


def test_snapshot_file_round_trip_is_clean(figure_id, tmp_path):
    values = default_values(figure_id)
    path = write_snapshot(values, tmp_path / f"{figure_id}.values.json")
    stored = read_snapshot(path)
    assert stored["format"] == SNAPSHOT_FORMAT and set(stored["values"]) == set(values)
    assert snapshot_mismatches(stored, values, figure_id) == []
    for key, a in values.items():  # dtypes and shapes are stated for every array
        assert stored["values"][key]["dtype"] == str(np.asarray(a).dtype)
        assert stored["values"][key]["shape"] == list(np.shape(a))


def test_last_bit_noise_is_not_a_change(figure_id):
    """Every float array times (1 + 1e-15), and BLAS-like noise of 1e-13 of each array's scale per
    element (a thousand times what reordering a sum does), leave the snapshot unchanged."""
    values = default_values(figure_id)
    committed = committed_snapshot(values)
    scaled = {k: a * (1 + 1e-15) if is_float(a) else a for k, a in values.items()}
    assert snapshot_mismatches(committed, scaled) == []
    rng = np.random.default_rng(0)
    noisy = {
        k: a + rng.uniform(-1e-13, 1e-13, np.shape(a)) * np.max(np.abs(a), initial=0.0) if is_float(a) else a
        for k, a in values.items()
    }
    assert snapshot_mismatches(committed, noisy) == []


def test_a_real_change_to_the_largest_array_is_caught(figure_id):
    values = default_values(figure_id)
    committed = committed_snapshot(values)
    key = max((k for k in values if is_float(values[k])), key=lambda k: values[k].size)
    a = values[key]
    scale = float(np.max(np.abs(a)))
    # one element moved by 1e-6 of the array's scale, or 3·√n quanta when that is more (large arrays)
    step = max(1e-6 * scale, 3 * np.sqrt(a.size) * quantum(a)) if a.size > FULL_LIMIT else 1e-6 * scale
    changed = a.copy()
    changed.flat[a.size // 3] += step
    found = snapshot_mismatches(committed, dict(values, **{key: changed}), figure_id)
    assert found and all(m.key == key for m in found), f"{key}: a change of {step:.2g} went unnoticed"


def test_a_swap_is_caught(figure_id):
    """Two rows (first axis) of the largest array that has distinct rows, swapped."""
    values = default_values(figure_id)
    committed = committed_snapshot(values)
    candidates = [k for k in values if np.ndim(values[k]) >= 1 and np.shape(values[k])[0] >= 2]
    key = max(candidates, key=lambda k: values[k].size)
    a = values[key]
    first, second = next((0, j) for j in range(1, len(a)) if not np.array_equal(a[0], a[j]))
    swapped = a.copy()
    swapped[[first, second]] = swapped[[second, first]]
    found = snapshot_mismatches(committed, dict(values, **{key: swapped}), figure_id)
    assert [m.key for m in found] == [key] * len(found) and found, f"swapping rows of {key} went unnoticed"


def test_a_dtype_or_shape_change_is_caught(figure_id):
    values = default_values(figure_id)
    committed = committed_snapshot(values)

    def changing(key, changed):
        """Mismatches when only ``key`` changes (compared with its part of the snapshot, bound included)."""
        keys = [k for k in (key, key + BOUND_SUFFIX) if k in values]
        part = dict(committed, values={k: committed["values"][k] for k in keys})
        return snapshot_mismatches(part, dict({k: values[k] for k in keys}, **{key: changed}), figure_id)

    for key, a in values.items():
        other = a.astype(np.float32) if is_float(a) else a.astype(np.int32 if a.dtype != np.int32 else np.int64)
        assert [(m.key, m.where) for m in changing(key, other)] == [(key, "dtype")], key
        if a.ndim >= 1 and a.size > 1:
            assert [(m.key, m.where) for m in changing(key, a.reshape(-1, 1))] == [(key, "shape")], key


def test_keys_and_old_snapshots_are_reported(figure_id):
    values = default_values(figure_id)
    committed = committed_snapshot(values)
    dropped = sorted(values)[0]
    less = {k: a for k, a in values.items() if k != dropped}
    assert [(m.key, m.now) for m in snapshot_mismatches(committed, less)] == [(dropped, "missing")]
    assert [m.where for m in snapshot_mismatches({"x": {"shape": [], "dtype": "float64"}}, values)] == [
        "snapshot format"
    ]


# Another machine, here: OpenBLAS's kernels for other CPUs sum in other orders (fig1a, fig5a-c and
# fig6a then differ in their last bits, as on the second machine of issue 10).
OTHER_KERNELS = ("Haswell", "Prescott")
VALUES_TO_NPZ = """
import sys, numpy as np
from scenes.registry import FIGURES
np.savez(sys.argv[1], **{f"{f.id}/{k}": np.asarray(a) for f in FIGURES.values() for k, a in f.values().items()})
"""


def last_bits_moved(a: np.ndarray, rng: np.random.Generator, ulps: int = 4) -> np.ndarray:
    """``a`` with every finite nonzero float element moved by 1..``ulps`` units in the last place, up or
    down at random: what another summation order does, on any machine, whatever its BLAS."""
    if not is_float(a):
        return a
    moved = np.array(a, copy=True)
    steps = rng.integers(1, ulps + 1, moved.shape)
    direction = np.where(rng.random(moved.shape) < 0.5, -np.inf, np.inf)
    for _ in range(ulps):
        move = (steps > 0) & np.isfinite(moved) & (moved != 0)
        moved = np.where(move, np.nextafter(moved, direction), moved)
        steps -= 1
    return moved


def test_other_blas_kernels_change_bits_but_not_snapshots(tmp_path):
    """Each figure's values computed with OpenBLAS's kernels for other CPUs (where the machine has OpenBLAS;
    elsewhere the same values): the snapshots as stored and as compared are the same; then moved in their
    last bits: the bits differ — on every machine — and the comparison still finds no change."""
    from scenes.registry import FIGURES

    committed = {fid: committed_snapshot(default_values(fid)) for fid in FIGURES}
    rng = np.random.default_rng(10)
    compared, bits_differ = set(), set()
    for kernel in OTHER_KERNELS:
        out = tmp_path / f"{kernel}.npz"
        env = dict(os.environ, OPENBLAS_CORETYPE=kernel)
        subprocess.run([sys.executable, "-c", VALUES_TO_NPZ, str(out)], cwd=ROOT, env=env, check=True)
        with np.load(out) as arrays:
            for fid in FIGURES:
                values = {key.split("/")[1]: arrays[key] for key in arrays.files if key.split("/")[0] == fid}
                assert set(values) == set(default_values(fid)), fid
                assert snapshot_mismatches(committed[fid], values, fid) == [], kernel
                assert json.dumps(snapshot(values), sort_keys=True) == json.dumps(committed[fid], sort_keys=True)
                values = {k: last_bits_moved(a, rng) for k, a in values.items()}
                assert snapshot_mismatches(committed[fid], values, fid) == [], kernel
                compared.add(fid)
                bits_differ |= {(fid, k) for k, a in values.items() if not np.array_equal(a, default_values(fid)[k])}
    assert compared == set(FIGURES)
    floats = {(fid, k) for fid in FIGURES for k, a in default_values(fid).items() if is_float(a) and np.any(a)}
    assert bits_differ >= floats and floats, sorted(floats - bits_differ)[:5]  # every float array was moved


# ---- the rule itself ------------------------------------------------------------------------------


def test_the_worst_element_is_reported_with_its_size():
    x = np.linspace(-2.0, 3.0, 24).reshape(4, 6)
    committed = committed_snapshot({"x": x})
    y = x.copy()
    y[2, 5] += 0.25
    y[1, 1] += 0.01
    (m,) = snapshot_mismatches(committed, {"x": y}, "figX")
    assert (m.figure, m.key, m.where) == ("figX", "x", "[2, 5] (2 of 24 moved)")
    assert m.change == pytest.approx(0.25) and m.tolerance == quantum(x) == 1e-9
    assert str(m).startswith("figX x [2, 5] (2 of 24 moved): ") and "|Δ| 0.25" in str(m)


def test_a_measured_difference_is_kept_at_its_bound():
    """max_abs_diff is rounding (~1e-16) on any machine: stated to its bound, so 0 and 3e-16 agree,
    but a difference that crosses the bound (the drawn '=' would fail) is caught."""
    values = {"max_abs_diff": np.float64(1.1e-16), "max_abs_diff_bound": np.float64(1e-12)}
    committed = committed_snapshot(values)
    assert committed["values"]["max_abs_diff"]["data"] == 0.0
    for noise in (0.0, 3.3e-16, 4e-13):
        assert snapshot_mismatches(committed, dict(values, max_abs_diff=np.float64(noise))) == []
    found = snapshot_mismatches(committed, dict(values, max_abs_diff=np.float64(2e-3)))
    assert [(m.key, m.where) for m in found] == [("max_abs_diff", "under its bound"), ("max_abs_diff", "value")]
    assert (found[0].committed, found[0].now) == ("true", "false") and found[1].change == pytest.approx(2e-3)


def test_integers_are_exact_even_when_large():
    origin = np.arange(2 * 26 * 26).reshape(26, 26, 2)
    committed = committed_snapshot({"origin": origin})
    assert "sha256" in committed["values"]["origin"] and origin.size > FULL_LIMIT
    changed = origin.copy()
    changed[3, 4, 1] += 1
    (m,) = snapshot_mismatches(committed, {"origin": changed})
    assert m.where == "digest"


def test_non_finite_values_are_stated_and_compared():
    a = np.array([1.0, np.nan, np.inf, -2.0])
    committed = committed_snapshot({"a": a})
    assert snapshot_mismatches(committed, {"a": a.copy()}) == []
    assert snapshot_mismatches(committed, {"a": np.array([1.0, 0.0, np.inf, -2.0])})


@settings(max_examples=40, deadline=None)
@example(seed=480, size=FULL_LIMIT, exponent=0)  # noise across a rounding boundary
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.sampled_from([7, 300, FULL_LIMIT, FULL_LIMIT + 1, 5000]),
    exponent=st.integers(-6, 6),
)
def test_any_array_ignores_noise_and_catches_a_swap(seed, size, exponent):
    """For random arrays at any scale, small or large: relative noise of 1e-13 passes; swapping two
    elements that differ by more than 4·√n quanta, or moving one by that much, is caught."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(size) * 10.0**exponent
    committed = committed_snapshot({"a": a})
    noise = rng.uniform(-1e-13, 1e-13, size) * np.max(np.abs(a))
    assert snapshot_mismatches(committed, {"a": a + noise}) == []
    q, least = quantum(a), 4 * np.sqrt(size) * quantum(a)
    i, j = np.argmin(a), np.argmax(a)  # they differ by far more than `least`
    assert a[j] - a[i] > least
    swapped = a.copy()
    swapped[[i, j]] = swapped[[j, i]]
    assert snapshot_mismatches(committed, {"a": swapped})
    moved = a.copy()
    moved[rng.integers(size)] += least * rng.choice([-1, 1])
    assert snapshot_mismatches(committed, {"a": moved}), f"a move of {least:.2g} (q = {q:.0e}) went unnoticed"


def test_the_quantum_follows_the_largest_element_and_small_arrays_are_kept_whole():
    assert quantum(np.array([2.0, -300.0, 0.5])) == pytest.approx(1e-7)  # 10^(2 - 9): from |−300|
    assert quantum(np.zeros(3)) == pytest.approx(1e-9) and quantum(np.float32([5.0, 0.001])) == pytest.approx(1e-4)
    assert quantum(np.array([7.0]), bound=1e-12) == 1e-12
    whole = committed_snapshot({"a": np.arange(FULL_LIMIT, dtype=np.float64)})["values"]["a"]
    summed = committed_snapshot({"a": np.arange(FULL_LIMIT + 1, dtype=np.float64)})["values"]["a"]
    assert "data" in whole and "projections" not in whole
    assert "data" not in summed and len(summed["projections"]) == 16


def test_rounding_to_zero_has_no_sign():
    """Noise of either sign under the quantum is stored as 0.0, never -0.0 (else the stored text would
    depend on the sign of a BLAS's last bits)."""
    assert json.dumps(committed_snapshot({"d": np.array([-1e-20, 1e-20, 0.0, 2.0])})) == json.dumps(
        committed_snapshot({"d": np.array([1e-20, -1e-20, 0.0, 2.0])})
    )
