"""Seeded weight initialisation, so the same command always gives the same numbers."""

from __future__ import annotations

import numpy as np

FC_SEED = 1998  # the seed of the article's fully connected layer (fig1a, fig1b, fig3, fig6a, fig6b)
FC_BIAS_LIMIT = 0.1


def glorot_uniform(rng: np.random.Generator, fan_out: int, fan_in: int) -> np.ndarray:
    """Glorot/Xavier uniform: (fan_out, fan_in) from U(-a, a), a = sqrt(6 / (fan_in + fan_out))."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=(fan_out, fan_in))


def fc_layer(n_in: int = 784, n_out: int = 784, seed: int = FC_SEED) -> tuple[np.ndarray, np.ndarray]:
    """The article's FC layer: W (n_out, n_in) Glorot uniform, b (n_out,) from U(-0.1, 0.1).

    Drawn from ``numpy.random.default_rng(seed)``: W first, then b.
    """
    rng = np.random.default_rng(seed)
    W = glorot_uniform(rng, n_out, n_in)
    b = rng.uniform(-FC_BIAS_LIMIT, FC_BIAS_LIMIT, size=n_out)
    return W, b
