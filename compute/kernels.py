"""Named 3×3 kernels for the sliding figures (fig2a, fig2b)."""

from __future__ import annotations

import re

import numpy as np

from compute.settings import DEFAULT_KERNEL, LEARNED_PREFIX, kernel_choices
from compute.settings import NAMED_KERNELS as _NAMED

NAMED_KERNELS: dict[str, np.ndarray] = {name: np.array(rows, dtype=np.float64) for name, rows in _NAMED.items()}
__all__ = ["DEFAULT_KERNEL", "NAMED_KERNELS", "kernel_names", "resolve_kernel"]


def kernel_names() -> str:
    """The allowed --kernel values, for error messages and help."""
    return kernel_choices()


def resolve_kernel(name: str) -> tuple[np.ndarray, float]:
    """(k (3,3) float64, bias) for ``name``: a named kernel with bias 0, or ``learned:N``, the trained
    network's N-th first-layer kernel with its learned bias."""
    if name in NAMED_KERNELS:
        return NAMED_KERNELS[name].copy(), 0.0
    if name.startswith(LEARNED_PREFIX):
        from compute.network import load_trained

        params = load_trained().params
        first = params["conv1_w"]  # (F,1,3,3)
        n = name[len(LEARNED_PREFIX) :]
        if not re.fullmatch(r"[0-9]+", n) or int(n) >= first.shape[0]:
            raise ValueError(f"kernel {name!r}: N must be 0..{first.shape[0] - 1}")
        return first[int(n), 0].astype(np.float64), float(params["conv1_b"][int(n)])
    raise ValueError(f"unknown kernel {name!r}; allowed: {kernel_names()}")
