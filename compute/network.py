"""``load_trained()``: the committed NiN weights, as ``compute.nn.weights.load_trained("nin")`` gives them.

Kept only for the modules that still import it from here (compute/kernels.py, compute/values/classmaps.py,
scenes/figures/fig5c.py, scenes/parts/classmap.py and four test files); new code imports ``compute.nn``.
Once they do, this module goes.
"""

from __future__ import annotations

from compute.nn.models import NiN
from compute.nn.weights import load_trained as _load_trained


def load_trained() -> NiN:
    """The committed trained NiN network, from ``compute/assets/network.npz`` (arrays read-only, cached)."""
    return _load_trained("nin")
