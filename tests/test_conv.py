"""compute.conv against independent references (SciPy), and the article's central identity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.signal import correlate

from compute.conv import (
    conv1x1,
    conv2d,
    dense,
    fc_as_1x1_kernels,
    fc_as_conv_kernels,
    flatten_to_channels,
    sliding_dense,
)
from compute.data import load_digit
from compute.init import fc_layer


def reference_conv2d(x, w, b, stride, padding):
    """Cross-correlation by SciPy, one (filter, channel) plane at a time, then strided."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, f = x.shape[0], w.shape[0]
    out = []
    for i in range(n):
        maps = []
        for o in range(f):
            full = sum(correlate(xp[i, c], w[o, c], mode="valid", method="direct") for c in range(x.shape[1]))
            maps.append(full[::stride, ::stride] + b[o])
        out.append(maps)
    return np.array(out)


@st.composite
def conv_case(draw):
    n = draw(st.integers(1, 2))
    c = draw(st.integers(1, 3))
    f = draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    padding = draw(st.integers(0, 2))
    stride = draw(st.integers(1, 3))
    h = draw(st.integers(max(1, kh - 2 * padding), 9))
    w_ = draw(st.integers(max(1, kw - 2 * padding), 9))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, c, h, w_)), rng.normal(size=(f, c, kh, kw)), rng.normal(size=f), stride, padding


@settings(max_examples=150, deadline=None)
@given(conv_case())
def test_conv2d_matches_scipy_correlate(case):
    x, w, b, stride, padding = case
    got = conv2d(x, w, b, stride=stride, padding=padding)
    want = reference_conv2d(x, w, b, stride, padding)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


def test_conv2d_unbatched_and_output_size():
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 28, 28)), rng.normal(size=(4, 2, 3, 3))
    assert conv2d(x, w).shape == (4, 26, 26)
    assert conv2d(x, w, padding=1).shape == (4, 28, 28)
    assert conv2d(x, w, stride=2).shape == (4, 13, 13)
    np.testing.assert_array_equal(conv2d(x, w), conv2d(x[None], w)[0])


@pytest.mark.parametrize(
    "x_shape, w_shape",
    [((28, 28), (1, 1, 3, 3)), ((1, 28, 28), (1, 2, 3, 3)), ((1, 4, 4), (1, 1, 5, 5))],
)
def test_conv2d_rejects_bad_shapes(x_shape, w_shape):
    with pytest.raises(ValueError):
        conv2d(np.zeros(x_shape), np.zeros(w_shape))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_conv1x1_is_conv2d_with_1x1_kernels(c, f, size, seed):
    rng = np.random.default_rng(seed)
    x, w, b = rng.normal(size=(c, size, size)), rng.normal(size=(f, c)), rng.normal(size=f)
    np.testing.assert_allclose(conv1x1(x, w, b), conv2d(x, w[:, :, None, None], b), rtol=0, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(conv_case())
def test_sliding_dense_matches_scipy_correlate(case):
    """The sliding FC unit (its own window gathering, then dense) against SciPy, image by image."""
    x, w, b, stride, padding = case
    want = reference_conv2d(x, w, b, stride, padding)
    for n in range(x.shape[0]):
        got = sliding_dense(x[n], w.reshape(w.shape[0], -1), b, w.shape[2:], stride, padding)
        np.testing.assert_allclose(got, want[n], rtol=0, atol=1e-9)


def test_fc_layer_is_a_full_size_conv_and_a_1x1_conv_on_a_real_digit():
    """The article's claim, on a real digit in float64: three computations, one answer."""
    x = load_digit(3, 0)
    W, b = fc_layer()
    assert x.dtype == W.dtype == np.float64
    y_dense = dense(x.ravel(), W, b)
    y_conv = conv2d(x[None], fc_as_conv_kernels(W, (1, 28, 28)), b)  # 784 filters of one 28x28 kernel
    y_1x1 = conv1x1(flatten_to_channels(x), fc_as_1x1_kernels(W), b)  # 784 filters of 784 1x1 kernels
    assert y_conv.shape == y_1x1.shape == (784, 1, 1)
    np.testing.assert_allclose(y_conv.ravel(), y_dense, rtol=0, atol=1e-9)
    np.testing.assert_allclose(y_1x1.ravel(), y_dense, rtol=0, atol=1e-9)
    # and against a plain Python sum for one neuron
    assert abs(sum(float(wi) * float(xi) for wi, xi in zip(W[5], x.ravel())) + b[5] - y_dense[5]) < 1e-9


def test_flatten_to_channels_is_row_major():
    x = np.arange(12.0).reshape(3, 4)
    v = flatten_to_channels(x)
    assert v.shape == (12, 1, 1)
    assert v[5, 0, 0] == x[1, 1]
    assert flatten_to_channels(np.zeros((3, 2, 2))).shape == (12, 1, 1)
