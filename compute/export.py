"""Writing a figure's values: full arrays (JSON or NPZ) and the committed regression snapshot, and
comparing fresh values with that snapshot at its stated precision (see the block comment below).

Every write goes through ``compute.files`` (a temporary file and a rename), so a failed run never leaves a
half-written file or destroys an earlier one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from compute.files import atomic_write, write_text


def to_jsonable(values: dict[str, np.ndarray]) -> dict:
    """Every array in full: {name: {"shape": [...], "dtype": "...", "data": nested lists}}."""
    return {
        key: {"shape": list(np.shape(a)), "dtype": str(np.asarray(a).dtype), "data": np.asarray(a).tolist()}
        for key, a in values.items()
    }


def write_values(values: dict[str, np.ndarray], path: Path | str) -> Path:
    """All arrays in full, as .json or .npz (chosen by the suffix)."""
    path = Path(path)
    if path.suffix == ".npz":

        def write(tmp: str) -> None:
            with open(tmp, "wb") as fh:
                np.savez(fh, **{k: np.asarray(v) for k, v in values.items()})

        return atomic_write(path, write)
    if path.suffix == ".json":
        return write_text(path, json.dumps(to_jsonable(values), indent=1) + "\n")
    raise ValueError(f"values file must end in .json or .npz, got {path.name!r}")


# ---------------------------------------------------------------------------------------------------
# The regression snapshot committed as figures/<id>.values.json
#
# It must hold on any machine: a BLAS that sums in another order moves float64 results in their last
# bits (~1e-16 of the array's scale), and that must not count as a change, while any real change — a
# new value, two rows of W swapped, another dtype — must. So every float array is stated at a quantum
# q = 10^(⌊log10 max|a|⌋ − 9) (ten significant digits of its largest element; a measured difference
# `k` with a `k_bound` beside it, such as max_abs_diff, at its bound: only "is it under the bound"
# is drawn). Small arrays are kept whole, rounded to q, and compared element by element within q.
# Larger ones keep min/max/mean/std and PROJECTIONS projections of the whole array onto unit vectors
# drawn from a seeded hash of the element index, each compared within q: noise of size δ per element
# projects to about δ (at most √n·δ, still ≪ q for last-bit noise), while swapping two rows or
# channels, or moving one element by more than ~√n·q, moves them beyond q.
# Integers and booleans are exact (whole, or a SHA-256 of their little-endian bytes).
# ---------------------------------------------------------------------------------------------------

SNAPSHOT_FORMAT = 2
FULL_LIMIT = 1024  # arrays up to this many elements are kept whole
SIGNIFICANT_DIGITS = {"float64": 10, "float32": 5, "float16": 3}  # of the array's largest |element|
PROJECTIONS = 16  # projections of each larger float array (4 bits of one 64-bit hash per element each)
PROJECTION_SEED = 20201027  # the article's date
PROJECTION_EXTRA_DIGITS = 2  # projections are stored at q/100, so storing them costs nothing of q
BOUND_SUFFIX = "_bound"
PRECISION_NOTE = (
    "floats: each element to its array's quantum q = 10^(floor(log10 max|a|) - (digits - 1)), digits = "
    + ", ".join(f"{d} for {t}" for t, d in SIGNIFICANT_DIGITS.items())
    + f"; a difference k with a k{BOUND_SUFFIX} beside it: to that bound. Arrays over {FULL_LIMIT} elements: "
    f"min/max/mean/std and {PROJECTIONS} projections onto unit vectors from a seeded splitmix64 hash of the "
    "element index, each within q. "
    "Integers and booleans exact (SHA-256 of little-endian bytes when large)."
)


@dataclass(frozen=True)
class Mismatch:
    """One way a figure's values differ from its committed snapshot.

    ``where`` says which part of the array (an element index, a statistic, a projection, the dtype…);
    ``committed`` and ``now`` are short texts; ``change`` is |Δ| (None when not a number) and
    ``tolerance`` the stated precision it exceeded.
    """

    figure: str
    key: str
    where: str
    committed: str
    now: str
    change: float | None = None
    tolerance: float | None = None

    def row(self) -> tuple[str, str, str, str]:
        """(figure, what, where, change) for a table."""
        if self.change is None:
            size = f"{self.committed} → {self.now}"
        else:
            size = f"{self.committed} → {self.now}  |Δ| {self.change:.3g} > {self.tolerance:.0e}"
        return self.figure, self.key, self.where, size

    def __str__(self) -> str:
        figure, key, where, size = self.row()
        return f"{figure + ' ' if figure else ''}{key} {where}: {size}"


def _is_float(a: np.ndarray) -> bool:
    return np.issubdtype(a.dtype, np.floating)


def quantum(array: np.ndarray, bound: float | None = None) -> float:
    """The stated precision of a float array: 10^(⌊log10 max|a|⌋ − (digits − 1)) over its finite
    elements (max|a| taken as 1 for an all-zero array), or ``bound`` for a measured difference."""
    if bound is not None and np.isfinite(bound) and bound > 0:
        return float(bound)
    a = np.asarray(array)
    finite = np.abs(a[np.isfinite(a)])
    scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    digits = SIGNIFICANT_DIGITS.get(str(a.dtype), SIGNIFICANT_DIGITS["float64"])
    return float(10.0 ** (np.floor(np.log10(scale)) - (digits - 1)))


def _decimals(q: float) -> int:
    return int(round(-np.log10(q)))


def _rounded(a: np.ndarray, q: float, extra: int = 0):
    """``a`` rounded to a multiple of q (or q/10^extra) as JSON: nested lists of floats, non-finite as text."""
    r = np.round(np.asarray(a, np.float64), _decimals(q) + extra) + 0.0  # + 0.0: no "-0.0" from tiny negatives
    if np.all(np.isfinite(r)):
        return r.tolist()
    return np.vectorize(lambda x: float(x) if np.isfinite(x) else str(x), otypes=[object])(r).tolist()


def _from_json(data) -> np.ndarray:
    """Rounded data back as float64 (the texts 'nan', 'inf', '-inf' as such)."""
    return np.asarray(np.vectorize(float, otypes=[np.float64])(np.asarray(data, dtype=object)), np.float64)


def _hash(index: np.ndarray) -> np.ndarray:
    """splitmix64 of ``PROJECTION_SEED·2³² + index``: 64 well-mixed bits per index, in plain uint64
    arithmetic, so the same on every machine and every NumPy version (unlike a random generator's stream)."""
    with np.errstate(over="ignore"):
        z = index.astype(np.uint64) + np.uint64(PROJECTION_SEED << 32) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _projections(a: np.ndarray) -> np.ndarray:
    """(PROJECTIONS,) the array's projections onto unit vectors r_j/‖r_j‖, with r_j[i] one of 16 levels
    ±1/15, ±3/15, … ±1 taken from bits 4j…4j+3 of the hash of i (never 0: every element counts in
    every projection). Non-finite elements count as 0 (they are counted separately)."""
    flat = np.where(np.isfinite(a), a, 0.0).astype(np.float64).ravel()
    bits = _hash(np.arange(flat.size, dtype=np.uint64))
    out = np.empty(PROJECTIONS)
    for j in range(PROJECTIONS):
        r = ((bits >> np.uint64(4 * j)) & np.uint64(15)).astype(np.float64) * (2 / 15) - 1.0
        out[j] = float(r @ flat) / float(np.linalg.norm(r))
    return out


def _int_bytes(a: np.ndarray) -> bytes:
    kind = "|u1" if a.dtype == np.bool_ else ("<u8" if np.issubdtype(a.dtype, np.unsignedinteger) else "<i8")
    return np.ascontiguousarray(a.astype(kind)).tobytes()


def measure(array: np.ndarray, bound: float | None = None) -> dict:
    """What a snapshot states about one array, unrounded: shape, dtype and, for floats, the quantum and
    the elements (small arrays) or min/max/mean/std and projections (larger ones) as float64 arrays.
    Integers and booleans as they are stored (exact). ``bound``: its rounding bound if it is a measured
    difference."""
    a = np.asarray(array)
    entry: dict = {"shape": list(a.shape), "dtype": str(a.dtype)}
    if not _is_float(a):
        if a.size <= FULL_LIMIT:
            entry["data"] = a.tolist()
        else:
            entry.update(min=a.min().item(), max=a.max().item(), sha256=hashlib.sha256(_int_bytes(a)).hexdigest())
        return entry
    entry["quantum"] = quantum(a, bound)
    if bound is not None:
        entry["below_bound"] = bool(np.all(np.abs(a) < bound))
    if a.size <= FULL_LIMIT:
        entry["data"] = a.astype(np.float64)
        return entry
    finite = a[np.isfinite(a)].astype(np.float64)
    if finite.size < a.size:
        entry["non_finite"] = int(a.size - finite.size)
    stats = [finite.min(), finite.max(), finite.mean(), finite.std()] if finite.size else [np.nan] * 4
    entry.update(zip(STATISTICS, np.array(stats)))
    entry["projections"] = _projections(a)
    return entry


STATISTICS = ("min", "max", "mean", "std")


def summarize(array: np.ndarray, bound: float | None = None) -> dict:
    """A snapshot entry of one array, as stored: ``measure`` with floats rounded to the quantum q
    (projections to q/100)."""
    entry = measure(array, bound)
    if "quantum" not in entry:
        return entry
    q = entry["quantum"]
    for field in ("data", *STATISTICS):
        if field in entry:
            entry[field] = _rounded(entry[field], q)
    if "projections" in entry:
        entry["projections"] = _rounded(entry["projections"], q, PROJECTION_EXTRA_DIGITS)
    return entry


def _bound_of(key: str, values: dict) -> float | None:
    bound = values.get(key + BOUND_SUFFIX)
    if bound is None or np.size(bound) != 1:
        return None
    return float(np.asarray(bound).item())


def snapshot(values: dict[str, np.ndarray]) -> dict:
    """The regression snapshot of a figure's values, as committed in ``figures/<id>.values.json``."""
    arrays = {key: summarize(a, _bound_of(key, values)) for key, a in values.items()}
    return {"format": SNAPSHOT_FORMAT, "precision": PRECISION_NOTE, "values": arrays}


def write_snapshot(values: dict[str, np.ndarray], path: Path | str) -> Path:
    return write_text(path, json.dumps(snapshot(values), indent=1, sort_keys=True, allow_nan=False) + "\n")


def read_snapshot(path: Path | str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def snapshot_mismatches(committed: dict, values: dict[str, np.ndarray], figure: str = "") -> list[Mismatch]:
    """How ``values`` differ from a committed snapshot beyond its stated precision (empty: unchanged)."""
    if not isinstance(committed, dict) or committed.get("format") != SNAPSHOT_FORMAT:
        found = committed.get("format", "1 (no format field)") if isinstance(committed, dict) else type(committed)
        return [Mismatch(figure, "*", "snapshot format", str(found), str(SNAPSHOT_FORMAT))]
    stored = committed.get("values", {})
    problems = [Mismatch(figure, key, "key", "present", "missing") for key in sorted(set(stored) - set(values))]
    problems += [Mismatch(figure, key, "key", "missing", "present") for key in sorted(set(values) - set(stored))]
    for key in sorted(set(stored) & set(values)):
        problems += _entry_mismatches(figure, key, stored[key], measure(values[key], _bound_of(key, values)))
    return problems


def _entry_mismatches(figure: str, key: str, want: dict, got: dict) -> list[Mismatch]:
    """How one array (``got``: its unrounded ``measure``) differs from its stored entry ``want``. The
    stored floats are within q/2 of what they were; today's are compared unrounded, so rounding noise
    across a rounding boundary never counts, and what moved more than q always does."""
    found = []
    for field in ("dtype", "shape"):
        if want.get(field) != got[field]:
            found.append(Mismatch(figure, key, field, _text(want.get(field)), _text(got[field])))
    if found:
        return found
    if "quantum" not in got:  # integers and booleans: exact
        for field in ("data", "min", "max", "sha256"):
            if field in got and want.get(field) != got[field]:
                found.append(_exact_mismatch(figure, key, field, want.get(field), got[field]))
        return found
    tolerance = max(float(want.get("quantum", 0.0)), got["quantum"])
    if want.get("below_bound") != got.get("below_bound"):
        found.append(
            Mismatch(figure, key, "under its bound", _text(want.get("below_bound")), _text(got.get("below_bound")))
        )
    if "data" in got:
        return found + _moved(figure, key, "", want.get("data"), got["data"], tolerance, got["shape"])
    if want.get("non_finite", 0) != got.get("non_finite", 0):
        found.append(
            Mismatch(
                figure, key, "non-finite elements", _text(want.get("non_finite", 0)), _text(got.get("non_finite", 0))
            )
        )
    for field in STATISTICS:
        found += _moved(figure, key, field, want.get(field), got[field], tolerance, [])
    return found + _moved(figure, key, "projection", want.get("projections"), got["projections"], tolerance, None)


def _moved(figure, key, label, want, got, tolerance, shape) -> list[Mismatch]:
    """Elements of ``got`` (unrounded) more than ``tolerance`` from ``want`` (stored, rounded), or a
    non-finite pattern that differs: one Mismatch naming the element that moved most and how many moved."""
    if want is None:
        return [Mismatch(figure, key, label or "data", "absent", "present")]
    a, b = _from_json(want), np.asarray(got, np.float64)
    if a.shape != b.shape:
        return [Mismatch(figure, key, label or "data", f"{a.size} numbers", f"{b.size} numbers")]
    same_special = (np.isnan(a) & np.isnan(b)) | (np.isinf(a) & (a == b))
    with np.errstate(invalid="ignore"):
        change = np.where(same_special, 0.0, np.abs(a - b))
    change = np.where(np.isnan(change), np.inf, change)
    moved = change > tolerance * (1 + 1e-9)
    if not moved.any():
        return []
    worst = np.unravel_index(int(np.argmax(change)), change.shape)
    if shape is None:  # projections: 'projection 3 of 16'
        where = f"{label} {worst[0] + 1} of {a.size}" if a.ndim else label
    elif a.ndim:
        count = f" ({int(moved.sum())} of {a.size} moved)" if a.size > 1 else ""
        where = f"{label}[{', '.join(map(str, worst))}]{count}"
    else:
        where = label or "value"
    return [Mismatch(figure, key, where, _number(a[worst]), _number(b[worst]), float(change[worst]), tolerance)]


def _exact_mismatch(figure, key, field, want, got) -> Mismatch:
    if field == "data" and want is not None and np.shape(want) == np.shape(got):
        a, b = np.asarray(want), np.asarray(got)
        differs = a != b
        if a.ndim == 0:
            return Mismatch(figure, key, "value", _text(want), _text(got))
        worst = tuple(int(i) for i in np.argwhere(differs)[0])
        where = f"[{', '.join(map(str, worst))}] ({int(differs.sum())} of {a.size} differ)"
        return Mismatch(figure, key, where, _text(a[worst].item()), _text(b[worst].item()))
    if field == "sha256":
        return Mismatch(figure, key, "digest", str(want)[:12], str(got)[:12])
    return Mismatch(figure, key, field, _text(want), _text(got))


def _number(x: float) -> str:
    return f"{x:.10g}"


def _text(x) -> str:
    text = json.dumps(x) if not isinstance(x, str) else x
    return text if len(text) <= 40 else text[:37] + "…"
