"""The real inputs: 10,000 MNIST digits shipped with the project and matplotlib's RGB photo.

Nothing is downloaded: the digits are ``compute/assets/mnist_digits.npz`` (attribution in
``compute/assets/MNIST_README.md``) and the photo is matplotlib's bundled ``grace_hopper.jpg``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from compute.settings import DEFAULT_DIGIT, DEFAULT_INDEX, PHOTO_SIZE  # noqa: F401 (re-exported)

ASSETS = Path(__file__).parent / "assets"
MNIST_PATH = ASSETS / "mnist_digits.npz"


@lru_cache(maxsize=1)
def _mnist_raw() -> tuple[np.ndarray, np.ndarray]:
    """The shipped digits as stored: images (N,28,28) uint8 and labels (N,) int64 (read-only)."""
    with np.load(MNIST_PATH, allow_pickle=False) as data:
        images, labels = data["images"], data["labels"].astype(np.int64)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


@lru_cache(maxsize=1)
def load_mnist() -> tuple[np.ndarray, np.ndarray]:
    """All shipped digits: images (N,28,28) float64 in [0,1] and labels (N,) int64."""
    raw, labels = _mnist_raw()
    images = raw.astype(np.float64) / 255.0
    images.setflags(write=False)
    return images, labels


def digit_positions(digit: int) -> np.ndarray:
    """Dataset positions (K,) of every sample of ``digit``, in file order."""
    return np.flatnonzero(_mnist_raw()[1] == digit)


def sample_position(digit: int, index: int) -> int:
    """Dataset position of the ``index``-th sample of ``digit``; ValueError names the allowed range."""
    if not 0 <= digit <= 9:
        raise ValueError(f"digit must be 0..9, got {digit}")
    positions = digit_positions(digit)
    if not 0 <= index < len(positions):
        raise ValueError(f"index for digit {digit} must be 0..{len(positions) - 1}, got {index}")
    return int(positions[index])


def load_digit(digit: int = DEFAULT_DIGIT, index: int = DEFAULT_INDEX, image=None) -> np.ndarray:
    """The ``index``-th sample of ``digit``: (28,28) float64 in [0,1], white on black — or, given
    ``image`` (a path), the user's own digit made MNIST-style (``compute.images.digit_from_image``;
    ``digit`` and ``index`` are then ignored; ImageError if it cannot be used)."""
    if image is not None:
        from compute.images import digit_from_image

        return digit_from_image(image).copy()
    return _mnist_raw()[0][sample_position(digit, index)].astype(np.float64) / 255.0  # one digit, as load_mnist


def photo_path() -> Path:
    """matplotlib's bundled sample photo (Grace Hopper, 600×512 RGB JPEG), found without importing matplotlib."""
    from importlib.util import find_spec

    (package,) = find_spec("matplotlib").submodule_search_locations
    return Path(package) / "mpl-data" / "sample_data" / "grace_hopper.jpg"


def load_photo(size: int = PHOTO_SIZE, image=None) -> np.ndarray:
    """The photo's face, cropped square and block-averaged to (3,size,size) float64 in [0,1] (read-only) —
    or, given ``image`` (a path), the user's photo cropped to a centred square and area-averaged
    (``compute.images.photo_from_image``; ImageError if it cannot be used)."""
    if image is not None:
        from compute.images import photo_from_image

        return photo_from_image(image, size)
    return _bundled_photo(size)


@lru_cache(maxsize=4)
def _bundled_photo(size: int) -> np.ndarray:
    from PIL import Image

    with Image.open(photo_path()) as photo:  # decoded by Pillow, as matplotlib.image.imread decodes a JPEG
        rgb = np.asarray(photo.convert("RGB")).astype(np.float64) / 255.0  # H,W,3
    top, left, side = 40, 56, 400  # a square around the face
    crop = rgb[top : top + side, left : left + side]
    block = side // size
    crop = crop[: block * size, : block * size]
    small = crop.reshape(size, block, size, block, 3).mean(axis=(1, 3))
    out = np.ascontiguousarray(np.moveaxis(small, -1, 0))
    out.setflags(write=False)
    return out
