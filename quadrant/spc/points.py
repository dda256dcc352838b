"""The points of ``quadrant spc``: rows sorted by group and date, rows for the same group and
date refused or combined (``--aggregate sum|mean``), rows with a zero denominator left out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .reading.series import NO_DATE, Series

SHOWN_ROWS = 5  # duplicate rows named in the message


class PointsProblem(Exception):
    """Rows that cannot become points as they are; the message names them."""


@dataclass
class Points:
    lines: np.ndarray
    groups: np.ndarray
    dates: np.ndarray
    values: np.ndarray
    denominators: np.ndarray | None


def sorted_points(series: Series) -> Points:
    """The rows sorted by group, then date, then row number."""
    order = np.lexsort((series.lines, series.dates, series.groups))
    dens = series.denominators
    return Points(
        series.lines[order],
        series.groups[order],
        series.dates[order],
        series.values[order],
        None if dens is None else dens[order],
    )


def repeats(points: Points) -> np.ndarray:
    """A flag per point: the same group and date as the point before it."""
    same = np.zeros(points.lines.shape[0], dtype=bool)
    same[1:] = (points.groups[1:] == points.groups[:-1]) & (points.dates[1:] == points.dates[:-1])
    same &= points.dates != NO_DATE
    return same


def refuse_repeats(points: Points, same: np.ndarray, series: Series) -> None:
    """A PointsProblem naming the rows that share a group and date."""
    where = np.flatnonzero(same)
    pairs = []
    for i in where[:SHOWN_ROWS].tolist():
        first = i - 1
        while first > 0 and same[first]:
            first -= 1
        day = dt.date.fromordinal(int(points.dates[i])).isoformat()
        group = ", ".join(series.group_keys[int(points.groups[i])])
        pairs.append(
            f"rows {points.lines[first]} and {points.lines[i]} ({day}"
            + (f", {group})" if group else ")")
        )
    more = f" and {where.shape[0] - SHOWN_ROWS} more" if where.shape[0] > SHOWN_ROWS else ""
    raise PointsProblem(
        f"{'; '.join(pairs)}{more} have the same group and date; use --aggregate sum or "
        "--aggregate mean to combine such rows"
    )


def _combined(data: np.ndarray, starts: np.ndarray, how: str) -> np.ndarray:
    present = ~np.isnan(data)
    total = np.add.reduceat(np.where(present, data, 0.0), starts)
    count = np.add.reduceat(present.astype(np.int64), starts)
    out = total / np.maximum(count, 1) if how == "mean" else total
    return np.where(count > 0, out, np.nan)


def combine_repeats(points: Points, same: np.ndarray, how: str) -> Points:
    """Points for the same group and date added up (sum) or averaged (mean), blanks skipped;
    each combined point keeps the row number of its first row."""
    starts = np.flatnonzero(~same)
    dens = points.denominators
    return Points(
        points.lines[starts],
        points.groups[starts],
        points.dates[starts],
        _combined(points.values, starts, how),
        None if dens is None else _combined(dens, starts, how),
    )


def drop_zero_denominators(points: Points) -> tuple[Points, list[int]]:
    """The points without those whose denominator is 0, and the rows left out."""
    dens = points.denominators
    if dens is None:
        return points, []
    zero = dens == 0
    if not zero.any():
        return points, []
    keep = ~zero
    return (
        Points(
            points.lines[keep], points.groups[keep], points.dates[keep],
            points.values[keep], dens[keep],
        ),
        points.lines[zero].tolist(),
    )  # fmt: skip
