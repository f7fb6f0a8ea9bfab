"""What a user may choose for a figure, declared once: ``FigureInputs``.

Each field carries what the command line needs to offer it (its help text and how a string is read), so a
new input is declared here and nowhere else: ``render.py``'s input options, the Python API's keywords and
the scenes all go through ``FigureInputs`` and ``inputs_for``, and every range is checked in one place,
``FigureInputs.validate``. Bad input raises ``InputError`` with one line naming the field and what is allowed.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from compute.data import sample_position
from compute.errors import InputError
from compute.kernels import resolve_kernel
from compute.settings import (
    DEFAULT_DIGIT,
    DEFAULT_INDEX,
    DEFAULT_KERNEL,
    LUMA_BT601,
    PADDINGS,
    RGB_WEIGHT_LIMIT,
    STRIDES,
    kernel_choices,
)

MNIST_FIELDS = ("digit", "index")  # what an image replaces


def parse_rgb_weights(text) -> tuple[float, float, float]:
    """'r,g,b' (or three numbers) as a tuple of floats; InputError if it is not three finite numbers."""
    if isinstance(text, str):
        try:
            weights = tuple(float(part) for part in text.split(","))
        except ValueError:
            weights = ()
    else:
        weights = tuple(float(w) for w in text)
    if len(weights) != 3 or not all(np.isfinite(weights)):
        raise InputError("rgb_weights", f"{text!r} is not three numbers r,g,b (e.g. 0.299,0.587,0.114)")
    return weights


def _declared(default, help: str, parse: Callable = str, metavar: str | None = None):
    """A FigureInputs field with what the command line needs: its help, how a string is read, its metavar."""
    return field(default=default, metadata={"help": help, "parse": parse, "metavar": metavar})


@dataclass(frozen=True)
class FigureInputs:
    """What a user may choose for a figure; each figure reads only the fields its registry entry names."""

    digit: int = _declared(DEFAULT_DIGIT, "Which digit class, 0-9.", int)
    index: int = _declared(DEFAULT_INDEX, "Which sample of that digit (0 = first).", int)
    kernel: str = _declared(DEFAULT_KERNEL, f"3x3 kernel: {kernel_choices()}.")
    padding: int = _declared(0, f"Zero padding of the sliding figures: {', '.join(map(str, PADDINGS))}.", int)
    stride: int = _declared(1, f"Stride of the sliding figures: {', '.join(map(str, STRIDES))}.", int)
    rgb_weights: tuple[float, float, float] = _declared(
        LUMA_BT601, f"The 1x1 filter's weights r,g,b, each in [-{RGB_WEIGHT_LIMIT:g}, {RGB_WEIGHT_LIMIT:g}].",
        parse_rgb_weights, "R,G,B",
    )  # fmt: skip
    image: str | None = _declared(
        None,
        "Your own PNG/JPEG: a photo or scan of a handwritten digit (made MNIST-style, instead of "
        "--digit/--index), or for fig4a/fig4b any photo.",
        os.fspath,
        "PATH",
    )

    def validate(self) -> "FigureInputs":
        """Raise InputError (a ValueError) with a one-line message naming the bad field and what is allowed.
        An image is checked from its header here (exists, PNG/JPEG, not too large); reading it may still
        find it truncated or without ink: ``compute.images.ImageError``, an InputError too."""
        if self.image is not None:
            from compute.images import check_image

            check_image(self.image)
        try:
            sample_position(self.digit, self.index)
        except ValueError as error:
            raise InputError("index" if str(error).startswith("index") else "digit", str(error)) from None
        try:
            resolve_kernel(self.kernel)
        except ValueError as error:
            raise InputError("kernel", str(error)) from None
        if self.padding not in PADDINGS:
            raise InputError("padding", f"padding must be one of {', '.join(map(str, PADDINGS))}, got {self.padding}")
        if self.stride not in STRIDES:
            raise InputError("stride", f"stride must be one of {', '.join(map(str, STRIDES))}, got {self.stride}")
        weights = np.asarray(self.rgb_weights, dtype=np.float64)
        if weights.shape != (3,) or not np.all(np.abs(weights) <= RGB_WEIGHT_LIMIT):
            raise InputError(
                "rgb_weights",
                f"rgb weights must be three numbers r,g,b in [-{RGB_WEIGHT_LIMIT:g}, {RGB_WEIGHT_LIMIT:g}], "
                f"got {self.rgb_weights}",
            )
        return self


INPUT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(FigureInputs))


def declared_inputs() -> list[dataclasses.Field]:
    """The fields of FigureInputs, each with ``metadata`` help, parse and metavar (for the command line)."""
    return list(dataclasses.fields(FigureInputs))


def inputs_for(figures: list[tuple[str, tuple[str, ...]]], chosen: dict, spell: Callable[[str], str] = str):
    """FigureInputs from the inputs ``chosen`` (None = the default) for figures given as (id, the fields it
    reads), validated; the one place the rules live: a figure refuses an input it does not read, an image
    replaces digit and index, every value in range, a given image readable now (before any work is done).
    ``spell`` names a field in messages (the command line spells ``rgb_weights`` as ``--rgb-weights``)."""
    given = {name: value for name, value in chosen.items() if value is not None}
    unknown = sorted(set(given) - set(INPUT_FIELDS))
    if unknown:
        raise InputError(unknown[0], f"unknown input {unknown[0]!r}; inputs are {', '.join(INPUT_FIELDS)}")
    for figure_id, reads in figures:
        extra = sorted(set(given) - set(reads))
        if extra:
            takes = ", ".join(map(spell, reads)) or "no inputs"
            raise InputError(extra[0], f"{figure_id} does not take {', '.join(map(spell, extra))}; it takes {takes}")
    if "image" in given and set(MNIST_FIELDS) & set(given):
        names = " and ".join(map(spell, MNIST_FIELDS))
        raise InputError("image", f"{spell('image')} replaces {names}; give one or the other")
    fields = {f.name: f for f in dataclasses.fields(FigureInputs)}
    parsed = {}
    for name, value in given.items():
        try:
            parsed[name] = fields[name].metadata["parse"](value)
        except InputError:
            raise
        except (TypeError, ValueError):
            raise InputError(name, f"{spell(name)} cannot be read from {value!r}") from None
    inputs = FigureInputs(**parsed).validate()
    if inputs.image is not None:  # read it now, so every command refuses a bad image before any work
        from compute.data import PHOTO_SIZE, load_digit, load_photo

        if any("digit" in reads for _, reads in figures):
            load_digit(image=inputs.image)
        if any("rgb_weights" in reads for _, reads in figures):
            load_photo(PHOTO_SIZE, image=inputs.image)
    return inputs


__all__ = ["FigureInputs", "INPUT_FIELDS", "InputError", "MNIST_FIELDS", "declared_inputs", "inputs_for"]
