"""The one exception the SPC engine raises for bad input."""

from __future__ import annotations


class SpcInputError(ValueError):
    """Bad input to the SPC engine: the message names the position and the problem.

    ``position`` is the 0-based index of the offending value where there is one
    (``None`` for a problem with an option as a whole).
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position
