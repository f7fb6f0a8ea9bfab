"""The shipped inputs are real and loaded without any download."""

from __future__ import annotations

import numpy as np
import pytest

from compute.data import MNIST_PATH, load_digit, load_mnist, load_photo, sample_position
from compute.init import fc_layer
from compute.kernels import resolve_kernel


def test_mnist_is_the_shipped_10000_digits():
    images, labels = load_mnist()
    assert images.shape == (10000, 28, 28) and labels.shape == (10000,)
    assert np.bincount(labels).tolist() == [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
    assert 0.0 <= images.min() and images.max() == 1.0
    assert (MNIST_PATH.parent / "MNIST_README.md").read_text().count("CC BY-SA 3.0") == 1


def test_digit_selection():
    x = load_digit(7, 2)
    images, labels = load_mnist()
    position = sample_position(7, 2)
    assert labels[position] == 7
    np.testing.assert_array_equal(x, images[position])
    with pytest.raises(ValueError, match="digit must be 0..9"):
        load_digit(10, 0)
    with pytest.raises(ValueError, match="index for digit 5 must be 0..862"):
        load_digit(5, 863)


def test_photo_is_real_rgb():
    photo = load_photo(12)
    assert photo.shape == (3, 12, 12) and photo.dtype == np.float64
    assert 0.0 <= photo.min() < photo.max() <= 1.0
    assert not np.allclose(photo[0], photo[2])  # really three different planes


def test_seeded_layer_is_deterministic_and_glorot():
    W1, b1 = fc_layer()
    W2, b2 = fc_layer()
    np.testing.assert_array_equal(W1, W2)
    np.testing.assert_array_equal(b1, b2)
    assert np.abs(W1).max() <= np.sqrt(6 / (784 + 784))
    assert np.abs(b1).max() <= 0.1


def test_kernels():
    k, b = resolve_kernel("sobel-x")
    np.testing.assert_array_equal(k, [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    assert b == 0.0
    with pytest.raises(ValueError, match="allowed: sobel-x"):
        resolve_kernel("gauss")


def test_learned_kernel_is_the_networks_first_layer():
    from compute.nn.weights import load_trained

    params = load_trained("nin").params
    k, b = resolve_kernel("learned:5")
    np.testing.assert_array_equal(k, params["conv1_w"][5, 0])
    assert b == params["conv1_b"][5]
    with pytest.raises(ValueError, match="N must be 0..7"):
        resolve_kernel("learned:8")
