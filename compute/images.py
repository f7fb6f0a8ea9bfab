"""The user's own image (``--image``): a photo or scan of a handwritten digit made into a 28×28 digit the
way MNIST made its digits, or any photo made into fig4's RGB grid.

A digit (``digit_from_image``): any size, dark-on-light or light-on-dark, with or without alpha, 8- or
16-bit, PNG or JPEG, becomes grey, ink bright on black, cropped to the ink, scaled to fit a 20×20 box
keeping its aspect ratio and placed in 28×28 with its centre of mass at the centre — MNIST's recipe.
Before that, what a photo adds and a scan from NIST did not have is taken away: the paper's uneven
lighting (a grey opening estimates the background), noise and specks (Otsu's threshold, then ink
components much smaller than the largest are dropped).

A photo (``photo_from_image``): cropped to a centred square and area-averaged to size×size, as
``compute.data.load_photo`` does with the bundled photo; a grey image is used as r = g = b and the user
is told so once (an ``ImageNote`` warning; the command line prints it as one line on stderr).

Every problem is an ``ImageError`` (an ``InputError`` on the field ``image``) whose one-line message
names the file and what is wrong. Images are refused from their header when too large (no
decompression-bomb crash, no minutes of work); JPEGs are decoded reduced (Pillow's ``draft``).
"""

from __future__ import annotations

import math
import os
import warnings
from functools import lru_cache
from pathlib import Path

import numpy as np

from compute.errors import InputError
from compute.settings import (
    IMAGE_FORMATS,
    IMAGE_MAX_JPEG_PIXELS,
    IMAGE_MAX_PIXELS,
    IMAGE_MAX_SIDE,
    IMAGE_MIN_INK,
    LUMA_BT601,
    MNIST_BOX,
    MNIST_SIZE,
)

SPECK_FRACTION = 0.05  # ink components smaller than this fraction of the largest one are specks
MEDIAN_SIZE = 3  # pixels: the median filter that keeps salt noise from deciding the ink's polarity


class ImageError(InputError):
    """The user's image cannot be used; the message is one line naming the file and what is wrong."""

    def __init__(self, path, problem: str):
        super().__init__("image", f"{os.fspath(path)}: {problem}")
        self.path = path


class ImageNote(UserWarning):
    """Something the user should know about how their image was read (e.g. a grey photo used as RGB)."""


def image_name(path) -> str:
    """How the figure and messages name the image: its file name."""
    return Path(os.fspath(path)).name


# ---- reading --------------------------------------------------------------------------------------


def _open(path):
    """The image opened lazily (header read, nothing decoded), after every check the header allows."""
    from PIL import Image, UnidentifiedImageError

    path = os.fspath(path)
    if not os.path.exists(path):
        raise ImageError(path, "no such file")
    if os.path.isdir(path):
        raise ImageError(path, "is a folder, not an image")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit is lower
        try:
            image = Image.open(path)
        except PermissionError:
            raise ImageError(path, "cannot be read (permission denied)") from None
        except Image.DecompressionBombError:
            limits = f"{IMAGE_MAX_PIXELS:,} pixels ({IMAGE_MAX_JPEG_PIXELS:,} for a JPEG)"
            raise ImageError(path, f"is too large: the limit is {limits}") from None
        except UnidentifiedImageError:
            if _signature(path) is not None:  # it says it is a PNG or JPEG, but its header is damaged
                raise ImageError(
                    path, f"is truncated or corrupt (a {_signature(path)} whose header is damaged)"
                ) from None
            raise ImageError(path, f"is not an image ({' or '.join(IMAGE_FORMATS)} expected)") from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ImageError(path, f"cannot be read: {_reason(error)}") from None
    kind = "JPEG" if image.format == "MPO" else image.format  # cameras write JPEGs as MPO
    if kind not in IMAGE_FORMATS:
        image.close()
        raise ImageError(path, f"is a {image.format} image; {' or '.join(IMAGE_FORMATS)} expected")
    width, height = image.size
    limit = IMAGE_MAX_JPEG_PIXELS if kind == "JPEG" else IMAGE_MAX_PIXELS
    if width * height > limit:
        image.close()
        raise ImageError(
            path, f"is {width}×{height} = {width * height:,} pixels, too large: the limit for {kind} is {limit:,}"
        )
    return image


SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}  # how the files begin


def _signature(path) -> str | None:
    """'PNG' or 'JPEG' if the file begins as one, else None."""
    with open(path, "rb") as fh:
        start = fh.read(8)
    return next((kind for magic, kind in SIGNATURES.items() if start.startswith(magic)), None)


def check_image(path) -> None:
    """Raise ImageError if ``path`` is missing, unreadable, not a PNG/JPEG or too large (header only)."""
    _open(path).close()


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def read_image(path) -> tuple[np.ndarray, np.ndarray | None, bool]:
    """The image decoded: rgb (H,W,3) float64 in [0,1] with H, W ≤ IMAGE_MAX_SIDE (area-reduced, EXIF
    orientation applied), alpha (H,W) in [0,1] or None if opaque, and whether it is grey (r = g = b)."""
    from PIL import ImageOps

    image = source = _open(path)
    try:
        width, height = image.size
        side = max(width, height)
        if side > IMAGE_MAX_SIDE and image.format in ("JPEG", "MPO"):
            scale = IMAGE_MAX_SIDE / side  # decode at 1/2, 1/4 or 1/8 scale: never the whole huge JPEG
            image.draft(image.mode, (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))))
        image.load()
        image = ImageOps.exif_transpose(image)
        sixteen = image.mode.startswith("I")  # 16-bit grey PNGs open as I;16 (or I)
        if sixteen:
            image = image.convert("I") if image.mode != "I" else image
        elif image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            image = image.convert("RGBA")
        else:
            image = image.convert("RGB")
        factor = math.ceil(max(image.size) / IMAGE_MAX_SIDE)
        if factor > 1:
            image = image.reduce(factor)  # area average over factor×factor blocks
        pixels = np.asarray(image, dtype=np.float64)
    except ImageError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as error:
        raise ImageError(path, f"is truncated or corrupt ({_reason(error)})") from None
    finally:
        source.close()
    if sixteen:
        grey = np.clip(pixels / 65535.0, 0.0, 1.0)
        return np.repeat(grey[..., None], 3, axis=-1), None, True
    pixels /= 255.0
    rgb = pixels[..., :3]
    alpha = pixels[..., 3] if pixels.shape[-1] == 4 else None
    if alpha is not None and alpha.min() >= 1.0:
        alpha = None
    is_grey = bool(np.all(rgb[..., 0] == rgb[..., 1]) and np.all(rgb[..., 1] == rgb[..., 2]))
    return rgb, alpha, is_grey


def _cache_key(path) -> tuple[str, int, int]:
    """(absolute path, modification time, size): a changed file is read again."""
    absolute = os.path.abspath(os.fspath(path))
    try:
        stat = os.stat(absolute)
    except FileNotFoundError:
        raise ImageError(path, "no such file") from None
    except OSError as error:
        raise ImageError(path, f"cannot be read: {error.strerror or error}") from None
    return absolute, stat.st_mtime_ns, stat.st_size


# ---- a handwritten digit --------------------------------------------------------------------------


def digit_from_image(path) -> np.ndarray:
    """The user's image as an MNIST digit: (28,28) float64 in [0,1], ink bright on black, in steps of 1/255
    as MNIST's bytes. ImageError if it cannot be read or has no ink."""
    return _digit_cached(os.fspath(path), *_cache_key(path))


@lru_cache(maxsize=8)
def _digit_cached(path: str, absolute: str, mtime_ns: int, size: int) -> np.ndarray:
    rgb, alpha, _ = read_image(path)
    grey = rgb @ np.asarray(LUMA_BT601)
    if alpha is not None:
        grey = _over_contrasting_background(grey, alpha)
    try:
        digit = mnist_digit(grey)
    except ValueError as error:
        raise ImageError(path, str(error)) from None
    digit.setflags(write=False)
    return digit


def _over_contrasting_background(grey: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """grey (H,W) composited over white if its opaque part (the ink) is dark, over black if it is light:
    a digit drawn on a transparent layer stays visible whatever colour its hidden pixels have."""
    weight = alpha.sum()
    ink_level = float((grey * alpha).sum() / weight) if weight > 0 else 0.0
    background = 1.0 if ink_level < 0.5 else 0.0
    return alpha * grey + (1.0 - alpha) * background


def mnist_digit(grey: np.ndarray) -> np.ndarray:
    """A grey picture of one digit (H,W) in [0,1], either polarity, made into MNIST's form:
    (28,28) float64 in [0,1], ink bright on black, the ink's bounding box scaled to fit 20×20 (aspect kept),
    its centre of mass at the centre of the 28×28 field. ValueError if there is no ink."""
    grey = np.asarray(grey, dtype=np.float64)
    if grey.ndim != 2 or grey.size == 0:
        raise ValueError(f"a grey image (H,W) is needed, got shape {grey.shape}")
    if grey.max() - grey.min() == 0:
        raise ValueError("is all one colour: there is no ink to centre")
    ink = ink_layer(grey)
    return place_in_field(crop_to_ink(ink))


def ink_layer(grey: np.ndarray) -> np.ndarray:
    """(H,W) in [0,1]: how much ink each pixel holds — the paper 0, a stroke's core 1.

    The ink is the rarer extreme (dark on light paper, or light on a dark board). The background,
    uneven lighting included, is a grey closing (opening) wider than any stroke: dark ink is the fraction
    of the paper's light a pixel lacks, light ink what stands above the ground. What is left is
    thresholded with Otsu's method, specks are dropped, and the strokes' cores (the median of the ink)
    become 1 with soft, anti-aliased edges as in MNIST."""
    from scipy import ndimage

    smooth = ndimage.median_filter(grey, MEDIAN_SIZE) if min(grey.shape) >= MEDIAN_SIZE else grey
    middle = float(np.median(smooth))
    dark_ink = middle - smooth.min() > smooth.max() - middle
    width = max(3, max(grey.shape) // 4)  # wider than any stroke of a digit that fills the picture
    if dark_ink:  # light multiplies: ink is the fraction of the paper's light a pixel lacks
        paper = ndimage.grey_closing(grey, size=(width, width))
        ink = np.clip(1.0 - grey / np.maximum(paper, 1e-6), 0.0, 1.0)
    else:  # light ink on a dark ground: what stands above the ground
        ink = np.clip(grey - ndimage.grey_opening(grey, size=(width, width)), 0.0, None)
    strength = float((ndimage.median_filter(ink, MEDIAN_SIZE) if min(ink.shape) >= MEDIAN_SIZE else ink).max())
    if strength < IMAGE_MIN_INK:
        raise ValueError(
            f"has no ink: nothing stands out from the background by {IMAGE_MIN_INK:.0%} of full brightness"
        )
    threshold = otsu_threshold(ink)
    mask = _drop_specks(ink > threshold)
    core = float(np.median(ink[mask]))
    low = threshold / 2  # noise under half the threshold is paper
    level = np.clip((ink - low) / max(core - low, 1e-12), 0.0, 1.0)
    near = ndimage.binary_dilation(mask, iterations=2)  # keep the strokes' soft edges, nothing else
    return np.where(near, level, 0.0)


def otsu_threshold(values: np.ndarray, bins: int = 256) -> float:
    """Otsu's threshold: the level that best splits ``values`` into two classes (max between-class variance)."""
    counts, edges = np.histogram(values, bins=bins)
    centres = (edges[:-1] + edges[1:]) / 2
    weight_low = np.cumsum(counts)
    weight_high = weight_low[-1] - weight_low
    sum_low = np.cumsum(counts * centres)
    mean_low = sum_low / np.maximum(weight_low, 1)
    mean_high = (sum_low[-1] - sum_low) / np.maximum(weight_high, 1)
    between = weight_low * weight_high * (mean_low - mean_high) ** 2
    return float(edges[1:][int(np.argmax(between))])


def _drop_specks(mask: np.ndarray) -> np.ndarray:
    """``mask`` without the connected pieces smaller than SPECK_FRACTION of the largest (dust, noise)."""
    from scipy import ndimage

    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count <= 1:
        return mask
    areas = np.bincount(labels.ravel())[1:]
    keep = np.flatnonzero(areas >= SPECK_FRACTION * areas.max()) + 1
    return np.isin(labels, keep)


def crop_to_ink(ink: np.ndarray) -> np.ndarray:
    """The ink's bounding box scaled so its longer side is MNIST_BOX (20) pixels, aspect kept:
    (h,w) float64 in [0,1], h, w ≤ 20, its brightest pixel 1 (as MNIST's strokes)."""
    from PIL import Image

    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    box = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    h, w = box.shape
    scale = MNIST_BOX / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR  # area average when shrinking
    small = np.asarray(Image.fromarray(box.astype(np.float32), "F").resize(size, resample), dtype=np.float64)
    small = np.clip(small, 0.0, None)
    return small / small.max()


def place_in_field(digit: np.ndarray) -> np.ndarray:
    """``digit`` (h,w) placed in a MNIST_SIZE×MNIST_SIZE black field with its centre of mass at the centre
    (shifted by whole pixels; never past an edge), quantised to 1/255 as MNIST's bytes: (28,28) float64."""
    h, w = digit.shape
    rows, cols = np.indices(digit.shape)
    mass = digit.sum()
    centre = MNIST_SIZE / 2  # MNIST's centres of mass lie within half a pixel of pixel (14, 14) (shipped digits)
    top = int(np.floor(centre - (rows * digit).sum() / mass + 0.5))
    left = int(np.floor(centre - (cols * digit).sum() / mass + 0.5))
    top, left = min(max(top, 0), MNIST_SIZE - h), min(max(left, 0), MNIST_SIZE - w)
    field = np.zeros((MNIST_SIZE, MNIST_SIZE))
    field[top : top + h, left : left + w] = np.round(digit * 255.0) / 255.0
    return field


# ---- a photo --------------------------------------------------------------------------------------


def photo_from_image(path, size: int) -> np.ndarray:
    """The user's photo for fig4: a centred square crop area-averaged to (3,size,size) float64 in [0,1].
    Transparent parts are black; a grey image gives r = g = b (an ImageNote says so, once)."""
    return _photo_cached(os.fspath(path), *_cache_key(path), size)


@lru_cache(maxsize=8)
def _photo_cached(path: str, absolute: str, mtime_ns: int, nbytes: int, size: int) -> np.ndarray:
    from PIL import Image

    rgb, alpha, is_grey = read_image(path)
    if alpha is not None:
        rgb = rgb * alpha[..., None]  # over black
    if is_grey:
        warnings.warn(
            ImageNote(f"{image_name(path)} is grey: its grey is used as red, green and blue alike"), stacklevel=2
        )
    h, w, _ = rgb.shape
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    square = rgb[top : top + side, left : left + side]
    channels = [
        np.asarray(
            Image.fromarray(square[..., c].astype(np.float32), "F").resize((size, size), Image.Resampling.BOX),
            dtype=np.float64,
        )
        for c in range(3)
    ]
    photo = np.clip(np.stack(channels), 0.0, 1.0)
    photo.setflags(write=False)
    return photo


__all__ = [
    "ImageError",
    "ImageNote",
    "check_image",
    "crop_to_ink",
    "digit_from_image",
    "image_name",
    "ink_layer",
    "mnist_digit",
    "otsu_threshold",
    "photo_from_image",
    "place_in_field",
    "read_image",
]
