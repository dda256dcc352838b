"""Reading tables as they come out of trust systems: the text encoding and delimiter of a CSV
file, Excel cells (percent formats, formulas never calculated), dates and numbers as people
type them. Shared by ``quadrant spc`` and the file import; no Django, nothing of Quadrant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


class CellProblem(ValueError):
    """A cell that cannot be read as what its column holds; the message says why, in plain
    words, without naming the row or column (the caller knows them)."""


class RowProblem(CellProblem):
    """A problem met while reading the file at row ROW (a byte that does not fit the encoding,
    a quote never closed)."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(message)
        self.row = row


def numbered(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """ROWS, with a problem met while reading them raised as a RowProblem naming its row."""
    number = 0
    try:
        for number, row in enumerate(rows, start=1):  # noqa: B007 - read in the except
            yield row
    except RowProblem:
        raise
    except CellProblem as problem:
        raise RowProblem(number + 1, str(problem)) from problem
