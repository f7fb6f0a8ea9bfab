"""The one error a user's input raises, shared by every module that checks input (no imports, so no circle)."""

from __future__ import annotations


class InputError(ValueError):
    """A bad input; ``field`` names it (digit, index, kernel, image, step, …) and the message, one line,
    says what is wrong and what is allowed."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
