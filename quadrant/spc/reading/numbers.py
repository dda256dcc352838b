"""Numbers as people type them: "1,234", "22.5%", " 17 ", "£1,200"."""

from __future__ import annotations

import math
import re
from typing import Any

from . import CellProblem

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f\t")


class Percentage(float):
    """A number written as a percentage (22.5% or an Excel cell formatted as one): its
    float value is the fraction (0.225); the caller puts it on the measure's scale."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Percentage({float(self)!r})"

    def __str__(self) -> str:
        return f"{round(float(self) * 100, 10):g}%"


def on_scale(number: float, scale: float) -> float:
    """NUMBER on a measure whose values are fractions × SCALE (100 for a %, 1 for a
    proportion); a percentage's float noise (0.225 × 100) is rounded away."""
    if isinstance(number, Percentage):
        return round(float(number) * scale, 10)
    return float(number)


def read_number(cell: Any) -> float | None:
    """A float (a Percentage for "22.5%"), None when the cell is blank; a CellProblem when it
    holds something else."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise CellProblem(f"“{cell}” is not a number")
    if isinstance(cell, int | float):
        number = float(cell) if not isinstance(cell, Percentage) else cell
    else:
        text = str(cell).translate(_SPACES)
        if not text:
            return None
        number = _read_text(text, str(cell))
    if not math.isfinite(number):
        raise CellProblem(f"“{cell}” is not a number")
    return number


def _read_text(text: str, shown: str) -> float:
    percent = text.endswith("%")
    body = text[:-1] if percent else text
    sign = ""
    if body[:1] in "+-":
        sign, body = body[:1], body[1:]
    body = body.removeprefix("£")
    if "," in body:
        if not _GROUPED.fullmatch(body):
            raise CellProblem(
                f"“{shown.strip()[:40]}” is not a number (commas may only separate thousands, "
                "like 1,234)"
            )
        body = body.replace(",", "")
    try:
        number = float(sign + body)
    except ValueError:
        raise CellProblem(f"“{shown.strip()[:40]}” is not a number") from None
    return Percentage(number / 100) if percent else number
