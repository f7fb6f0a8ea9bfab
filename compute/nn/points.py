"""A digit as a point cloud, PointNet's input: (2,P) coordinates of P points sampled from its ink.

A pixel (row r, column c) of a 28×28 digit sits at x = 2c/27 − 1, y = 1 − 2r/27: coordinates in
[−1, 1], y up (row 0, the top, is y = +1). P pixels are drawn with probability ∝ intensity — without
replacement when the digit has at least P ink pixels (intensity > 0), with replacement otherwise —
so a cloud is (2,P), x in row 0 and y in row 1, channels first, and a batch (B,2,P).

``point_clouds(images, P)`` without a generator is the fixed evaluation sample: every digit uses the
same draws from ``default_rng(seed)``, so a digit's points depend on the digit alone (not on which
batch it is in). With a generator (training) every digit gets fresh draws and, optionally, a uniform
jitter of ± ``jitter`` added to every coordinate.
"""

from __future__ import annotations

import numpy as np

N_POINTS = 128
POINTS_SEED = 2017  # the fixed evaluation sample (PointNet's year)
SIDE = 28


def pixel_coordinates(side: int = SIDE) -> np.ndarray:
    """(2, side·side): the (x, y) of every pixel in row-major order; x = 2c/(side−1) − 1, y = 1 − 2r/(side−1)."""
    r, c = np.divmod(np.arange(side * side), side)
    return np.stack([2.0 * c / (side - 1) - 1.0, 1.0 - 2.0 * r / (side - 1)])


def point_clouds(
    images,
    n_points: int = N_POINTS,
    rng: np.random.Generator | None = None,
    seed: int = POINTS_SEED,
    jitter: float = 0.0,
) -> np.ndarray:
    """Sample ``n_points`` ink pixels of each digit: images (B,28,28) in [0,1] -> (B,2,P) float64.

    Weighted sampling without replacement by an exponential race (the P smallest E/w, E ~ Exp(1)),
    with replacement (inverse CDF of the intensities) when a digit has fewer than P ink pixels.
    ``rng`` None: the fixed evaluation sample, the same draws (from ``default_rng(seed)``) for every
    digit, no jitter. A digit with no ink is refused (ValueError).
    """
    images = np.asarray(images, dtype=np.float64)
    b, side = images.shape[0], images.shape[-1]
    w = images.reshape(b, -1)
    ink = (w > 0).sum(axis=1)
    if ink.min(initial=1) == 0:
        raise ValueError(f"digit {int(np.argmin(ink))} of the batch has no ink pixels to sample points from")
    shared = rng is None
    rng = np.random.default_rng(seed) if shared else rng
    size_e, size_u = ((1, w.shape[1]), (1, n_points)) if shared else (w.shape, (b, n_points))
    e = rng.exponential(size=size_e)
    u = rng.random(size_u)
    with np.errstate(divide="ignore"):
        keys = np.where(w > 0, e / np.where(w > 0, w, 1.0), np.inf)  # B,784: smaller wins; no ink never
    picked = np.argpartition(keys, n_points - 1, axis=1)[:, :n_points] if w.shape[1] > n_points else None
    index = np.empty((b, n_points), dtype=np.int64)
    for i in range(b):  # a loop over digits, not points
        if ink[i] >= n_points:
            index[i] = np.sort(picked[i])
        else:
            cdf = np.cumsum(w[i])
            index[i] = np.searchsorted(cdf / cdf[-1], u[0 if shared else i], side="right")
    coords = pixel_coordinates(side)[:, index]  # 2,B,P
    points = np.ascontiguousarray(coords.transpose(1, 0, 2))
    if not shared and jitter:
        points += rng.uniform(-jitter, jitter, size=points.shape)
    return points


def digit_points(image, n_points: int = N_POINTS, seed: int = POINTS_SEED) -> np.ndarray:
    """One digit's fixed cloud (2,P): ``point_clouds`` of image (28,28) alone, the evaluation sample."""
    return point_clouds(np.asarray(image)[None], n_points, seed=seed)[0]
