"""Reading tables as they come out of trust systems: the text encoding and delimiter of a CSV
file, Excel cells (percent formats, formulas never calculated), dates and numbers as people
type them. Shared by ``quadrant spc`` and the file import; no Django, nothing of Quadrant."""

from __future__ import annotations


class CellProblem(ValueError):
    """A cell that cannot be read as what its column holds; the message says why, in plain
    words, without naming the row or column (the caller knows them)."""
