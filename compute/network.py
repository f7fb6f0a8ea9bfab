"""The Network-in-Network classifier of fig5a–c and its committed weights: names kept for the rest of
the code, defined in ``compute.nn`` (models.py, layers.py, weights.py, train.py).

``Network`` is ``compute.nn.models.NiN``; ``load_trained()`` the committed NiN weights
(``compute/assets/network.npz``); ``network_from_npz(path)`` reads a NiN weights file (refusing
any other with ``compute.nn.weights.WeightsError``).
"""

from __future__ import annotations

from compute.nn.layers import (  # noqa: F401 (re-exported)
    col2im,
    conv2d_backward,
    im2col,
    maxpool2x2,
    maxpool2x2_backward,
    relu,
    softmax,
)
from compute.nn.models import HISTORY_KEYS, N_CLASSES, NiN  # noqa: F401 (re-exported)
from compute.nn.train import N_HELDOUT, N_TRAIN, SPLIT_SEED, split_indices  # noqa: F401 (re-exported)
from compute.nn.weights import ASSETS, WeightsError, load, weights_path  # noqa: F401 (re-exported)
from compute.nn.weights import load_trained as _load_trained

Network = NiN
WEIGHTS_PATH = weights_path("nin")


def network_from_npz(path) -> NiN:
    """A NiN network from a weights file (``compute.nn.weights.load(path, "nin")``)."""
    return load(path, "nin")


def load_trained() -> NiN:
    """The committed trained NiN network, from ``compute/assets/network.npz`` (arrays read-only, cached)."""
    return _load_trained("nin")
