"""The 3×3 kernels of the sliding figures (fig2a, fig2b): named, learned:N, or nine numbers of the user's."""

from __future__ import annotations

import re

import numpy as np

from compute.settings import DEFAULT_KERNEL, KERNEL_VALUE_LIMIT, LEARNED_PREFIX, kernel_choices
from compute.settings import NAMED_KERNELS as _NAMED

NAMED_KERNELS: dict[str, np.ndarray] = {name: np.array(rows, dtype=np.float64) for name, rows in _NAMED.items()}
__all__ = ["DEFAULT_KERNEL", "NAMED_KERNELS", "kernel_names", "parse_kernel", "resolve_kernel"]


def kernel_names() -> str:
    """The allowed --kernel values, for error messages and help."""
    return kernel_choices()


def resolve_kernel(name: str) -> tuple[np.ndarray, float]:
    """(k (3,3) float64, bias) for ``name``: a named kernel with bias 0, ``learned:N``, the trained
    network's N-th first-layer kernel with its learned bias, or nine numbers ``a,b,c,d,e,f,g,h,i``
    (row-major, each finite with |k| <= KERNEL_VALUE_LIMIT) with bias 0."""
    if name in NAMED_KERNELS:
        return NAMED_KERNELS[name].copy(), 0.0
    if "," in name:
        return parse_kernel(name), 0.0
    if name.startswith(LEARNED_PREFIX):
        from compute.nn.weights import load_trained

        params = load_trained("nin").params
        first = params["conv1_w"]  # (F,1,3,3)
        n = name[len(LEARNED_PREFIX) :]
        if not re.fullmatch(r"[0-9]+", n) or int(n) >= first.shape[0]:
            raise ValueError(f"kernel {name!r}: N must be 0..{first.shape[0] - 1}")
        return first[int(n), 0].astype(np.float64), float(params["conv1_b"][int(n)])
    raise ValueError(f"unknown kernel {name!r}; allowed: {kernel_names()}")


def parse_kernel(text: str) -> np.ndarray:
    """Nine comma-separated numbers a,b,c,d,e,f,g,h,i as a (3,3) float64 kernel, row-major: [[a,b,c],
    [d,e,f],[g,h,i]]. ValueError names what is wrong and states the rule."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 9:
        raise _bad_kernel(text, f"{len(parts)} numbers")
    values = []
    for part in parts:
        try:
            values.append(float(part))
        except ValueError:
            raise _bad_kernel(text, f"{part!r} is not a number") from None
    k = np.array(values, dtype=np.float64)
    if not np.all(np.isfinite(k)):
        raise _bad_kernel(text, "NaN or infinity")
    if np.any(np.abs(k) > KERNEL_VALUE_LIMIT):
        raise _bad_kernel(text, f"|k| = {np.max(np.abs(k)):g} > {KERNEL_VALUE_LIMIT:g}")
    return k.reshape(3, 3)


def _bad_kernel(text: str, problem: str) -> ValueError:
    rule = f"nine finite numbers a,b,c,d,e,f,g,h,i (row-major), each |k| <= {KERNEL_VALUE_LIMIT:g}"
    return ValueError(f"kernel {text!r}: {problem}; a kernel given as numbers must be {rule}")
