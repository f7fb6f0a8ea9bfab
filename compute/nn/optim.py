"""Adam, and the cosine-decayed learning rate both networks train with.

Parameters and gradients are dicts name -> array (any shapes, the parameters' dtype); the update
stays in that dtype (step sizes are Python floats, so a float32 model is not upcast).
"""

from __future__ import annotations

import numpy as np

BETAS = (0.9, 0.999)
ADAM_EPS = 1e-8
LR_FLOOR = 0.02  # the cosine decay ends at LR_FLOOR × the initial learning rate


def cosine_lr(step: int, total: int, lr: float, floor: float = LR_FLOOR) -> float:
    """Cosine decay from ``lr`` at step 0 to ``lr · floor`` at step ``total − 1``."""
    t = step / max(total - 1, 1)
    return lr * (floor + (1.0 - floor) * 0.5 * (1.0 + np.cos(np.pi * t)))


class Adam:
    """Adam (Kingma & Ba) with bias correction folded into the step size:

    m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  p ← p − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε).
    ``step`` replaces the arrays in ``params`` (new arrays, in the parameters' dtype).
    """

    def __init__(self, params: dict[str, np.ndarray], betas=BETAS, eps: float = ADAM_EPS):
        self.m = {k: np.zeros_like(p) for k, p in params.items()}
        self.v = {k: np.zeros_like(p) for k, p in params.items()}
        self.betas = betas
        self.eps = eps
        self.t = 0

    def step(self, params: dict[str, np.ndarray], grads: dict[str, np.ndarray], lr: float) -> None:
        b1, b2 = self.betas
        self.t += 1
        # a Python float, so the update stays in the parameters' dtype (a NumPy float64 would upcast)
        a = float(lr * np.sqrt(1 - b2**self.t) / (1 - b1**self.t))
        for k in grads:
            self.m[k] = b1 * self.m[k] + (1 - b1) * grads[k]
            self.v[k] = b2 * self.v[k] + (1 - b2) * grads[k] ** 2
            params[k] = params[k] - a * self.m[k] / (np.sqrt(self.v[k]) + self.eps)
