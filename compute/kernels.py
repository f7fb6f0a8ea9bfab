"""Named 3×3 kernels for the sliding figures (fig2a, fig2b)."""

from __future__ import annotations

import re

import numpy as np

NAMED_KERNELS: dict[str, np.ndarray] = {
    # Sobel: responds to vertical edges (x gradient) / horizontal edges (y gradient).
    "sobel-x": np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]),
    "sobel-y": np.array([[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]]),
    "box": np.full((3, 3), 1.0 / 9.0),
    "laplace": np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]),
}
DEFAULT_KERNEL = "sobel-x"
LEARNED_PREFIX = "learned:"


def kernel_names() -> str:
    """The allowed --kernel values, for error messages and help."""
    return ", ".join(NAMED_KERNELS) + f", {LEARNED_PREFIX}N"


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
