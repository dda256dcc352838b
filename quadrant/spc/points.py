"""The points of ``quadrant spc``: rows sorted by group and date, rows for the same group and
date refused or combined (``--aggregate sum|mean``), rows with a zero denominator left out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
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


class Batches:
    """The rows sorted by group, then date, then row number, in batches of whole groups of
    about MAX_POINTS points: the engine's working memory is that of one batch."""

    def __init__(self, series: Series, max_points: int) -> None:
        self.series = series
        self.order = np.lexsort((series.dates, series.groups))  # stable: rows stay in order
        ends = np.cumsum(np.bincount(series.groups, minlength=len(series.group_keys)))
        self.ranges: list[tuple[int, int]] = []
        low, n = 0, int(ends[-1]) if ends.shape[0] else 0
        while low < n:
            k = int(np.searchsorted(ends, low + max_points, side="right")) - 1
            high = int(ends[k]) if k >= 0 and ends[k] > low else 0
            if high <= low:  # one group bigger than a batch: the group alone
                high = int(ends[np.searchsorted(ends, low, side="right")])
            self.ranges.append((low, high))
            low = high

    def __len__(self) -> int:
        return len(self.ranges)

    def __iter__(self) -> Iterator[Points]:
        series = self.series
        for low, high in self.ranges:
            take = self.order[low:high]
            dens = series.denominators
            yield Points(
                series.lines[take],
                series.groups[take].astype(np.intp),
                series.dates[take],
                series.values[take],
                None if dens is None else dens[take],
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
