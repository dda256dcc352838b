"""The columns ``quadrant spc`` charts, read from a CSV or Excel file row by row into compact
arrays (a few numbers a row, not a Python object per cell), so that a file of hundreds of
megabytes is charted in a small multiple of its size."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import CellProblem, RowProblem, numbered
from .dates import AmbiguityCheck, read_date
from .numbers import Percentage, on_scale, read_number
from .text import csv_rows, layout_of
from .workbook import refuse_uncalculated, xlsx_rows

NO_DATE = -1


class TableProblem(Exception):
    """The file, a column or a cell cannot be read; the message names the row and column."""


@dataclass(frozen=True)
class Wanted:
    """The columns to read (by heading) and how to read them."""

    value: str
    date: str | None = None
    groups: tuple[str, ...] = ()
    denominator: str | None = None
    month_first: bool = False
    encoding: str | None = None


@dataclass
class Series:
    """One entry per data row, in the order of the file: its row number, its group (an index
    into GROUP_KEYS), its date (a proleptic ordinal, NO_DATE when no date column) and its
    value and denominator (nan when blank)."""

    header: list[str]
    lines: np.ndarray
    groups: np.ndarray
    group_keys: list[tuple[str, ...]]
    dates: np.ndarray
    values: np.ndarray
    denominators: np.ndarray | None
    ambiguous_dates: bool = False


def _rows(path: Path, encoding: str | None) -> Iterator[list[Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return xlsx_rows(path)
    handle = path.open("rb")
    return _closing(handle, csv_rows(handle, layout_of(handle, encoding)))


def _closing(handle: Any, rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    with handle:
        yield from rows


def _column(header: list[str], name: str, path: Path) -> int:
    if name not in header:
        raise TableProblem(f"{path}: no column {name!r} (columns: {', '.join(header)})")
    return header.index(name)


class _NumberColumn:
    """Cells of one column read as floats: float() first (in C), the full reader when that
    fails. A percentage counts as shown (22.5% is 22.5)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.out = array("d")

    def add(self, cell: Any, line: int) -> None:
        try:
            if cell.__class__ is Percentage:
                raise TypeError
            self.out.append(float(cell))
            return
        except (TypeError, ValueError):
            pass
        try:
            refuse_uncalculated(cell)
            number = read_number(cell)
        except CellProblem as problem:
            raise TableProblem(f"row {line}, column {self.name!r}: {problem}") from None
        if number is None:
            self.out.append(float("nan"))
        else:
            self.out.append(on_scale(number, 100.0))  # a percentage as shown


class _DateColumn:
    """Cells of one column read as dates (each distinct cell parsed once)."""

    def __init__(self, name: str, month_first: bool) -> None:
        self.name, self.month_first = name, month_first
        self.out = array("i")
        self.known: dict[Any, int] = {}
        self.check = AmbiguityCheck()

    def add(self, cell: Any, line: int) -> None:
        try:
            self.out.append(self.known[cell])
            return
        except (KeyError, TypeError):
            pass
        try:
            refuse_uncalculated(cell)
            ordinal = read_date(cell, month_first=self.month_first).toordinal()
        except CellProblem as problem:
            raise TableProblem(f"row {line}, column {self.name!r}: {problem}") from None
        self.check.see(cell)
        if len(self.known) < 100_000:
            self.known[cell] = ordinal
        self.out.append(ordinal)


def read_series(path: Path, wanted: Wanted) -> Series:
    """The wanted columns of the file at PATH (a TableProblem names what is wrong)."""
    if not path.is_file():
        raise TableProblem(f"{path}: no such file")
    try:
        rows = numbered(_rows(path, wanted.encoding))
        first = next(rows, None)
        if first is None:
            raise TableProblem(f"{path}: the file is empty")
        header = ["" if h is None else str(h).strip() for h in first]
        return _read(path, header, rows, wanted)
    except RowProblem as problem:
        where = f"{path}, row {problem.row}" if problem.row else str(path)
        raise TableProblem(f"{where}: {problem}") from None
    except CellProblem as problem:
        raise TableProblem(f"{path}: {problem}") from None


def _read(path: Path, header: list[str], rows: Iterator[list[Any]], wanted: Wanted) -> Series:
    vcol = _column(header, wanted.value, path)
    dcol = _column(header, wanted.date, path) if wanted.date else None
    gcols = [_column(header, g, path) for g in wanted.groups]
    ncol = _column(header, wanted.denominator, path) if wanted.denominator else None
    width = len(header)
    values = _NumberColumn(header[vcol])
    denominators = _NumberColumn(header[ncol]) if ncol is not None else None
    dates = _DateColumn(header[dcol], wanted.month_first) if dcol is not None else None
    lines, groups = array("i"), array("i")  # four bytes a row each
    group_ids: dict[tuple[str, ...], int] = {}
    for line, row in enumerate(rows, start=2):  # the header is row 1
        if len(row) < width:
            if not any(c not in (None, "") for c in row):
                continue  # blank lines
            row = [*row, *([None] * (width - len(row)))]
        elif not any(c not in (None, "") for c in row):
            continue
        key = tuple("" if row[c] is None else str(row[c]) for c in gcols)
        group = group_ids.get(key)
        if group is None:
            group = group_ids[key] = len(group_ids)
        groups.append(group)
        lines.append(line)
        values.add(row[vcol], line)
        if denominators is not None:
            denominators.add(row[ncol], line)  # type: ignore[index]
        if dates is not None:
            dates.add(row[dcol], line)  # type: ignore[index]
    n = len(lines)
    return Series(
        header=header,
        lines=np.frombuffer(lines, dtype=np.int32) if n else np.zeros(0, np.int32),
        groups=np.frombuffer(groups, dtype=np.int32) if n else np.zeros(0, np.int32),
        group_keys=list(group_ids),
        dates=(
            np.frombuffer(dates.out, dtype=np.int32)
            if dates is not None and n
            else np.full(n, NO_DATE, dtype=np.int32)
        ),
        values=np.frombuffer(values.out, dtype=np.float64) if n else np.zeros(0),
        denominators=(
            (np.frombuffer(denominators.out, dtype=np.float64) if n else np.zeros(0))
            if denominators is not None
            else None
        ),
        ambiguous_dates=dates is not None and dates.check.ambiguous,
    )


def iso_dates(ordinals: np.ndarray) -> list[str]:
    """Each ordinal as YYYY-MM-DD ("" for NO_DATE), converting each distinct date once."""
    unique, inverse = np.unique(ordinals, return_inverse=True)
    names = np.array(
        ["" if o == NO_DATE else dt.date.fromordinal(int(o)).isoformat() for o in unique.tolist()],
        dtype=object,
    )
    return names[inverse].tolist()  # type: ignore[no-any-return]
