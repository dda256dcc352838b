"""One reader of period dates for every route a file comes in by.

ISO (2020-04-01), 01/04/2020 (day first unless the organisation writes month first),
01-Apr-2020 and 1 April 2020, Excel's dates and Excel serial numbers (43922).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from . import CellProblem

FORMS = "like 01/04/2020, 01-Apr-2020 or 2020-04-01"
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1 January 1900 (Excel's leap-year bug aside)
SERIAL_RANGE = (1, 2_958_465)  # Excel's 1 January 1900 to 31 December 9999
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MIDNIGHT = r"(?:[ T]00:00(?::00(?:\.0+)?)?)?"
_ISO = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_MIDNIGHT}")
_NUMERIC = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}){_MIDNIGHT}")
_NAMED = re.compile(rf"(\d{{1,2}})[ /-]([A-Za-z]{{3,9}})[ /-](\d{{4}}){_MIDNIGHT}")
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.0+)?")
_TIME_OF_DAY = re.compile(r".*\d[ T]\d{1,2}:\d{2}")


def _real(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellProblem(f"“{text[:40]}” is not a real date; write dates {FORMS}") from None


def from_serial(serial: float) -> dt.date:
    """The date of an Excel serial number (its time of day must be midnight)."""
    if serial != int(serial):
        raise CellProblem(f"{serial:g} has a time of day; give the period's first day")
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        raise CellProblem(f"{serial:g} is not a date; write dates {FORMS}")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def read_date(cell: Any, *, month_first: bool = False) -> dt.date:
    """The date a cell holds; a CellProblem says why it is not one. Numeric dates are read
    day first (01/04/2020 is 1 April) unless MONTH_FIRST; a time of day other than midnight is
    refused, since a period starts on a day."""
    if isinstance(cell, dt.datetime):
        if cell.time() != dt.time(0):
            return _refuse_time(cell.isoformat(sep=" "))
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, bool):
        raise CellProblem(f"“{cell}” is not a date; write dates {FORMS}")
    if isinstance(cell, int | float):
        return from_serial(cell)
    text = "" if cell is None else str(cell).strip()
    if not text:
        raise CellProblem("Enter a date")
    return _read_text(text, month_first)


def _read_text(text: str, month_first: bool) -> dt.date:
    if found := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
        return _real(year, month, day, text)
    if found := _NUMERIC.fullmatch(text):
        first, second, year = (int(part) for part in found.groups())
        month, day = (first, second) if month_first else (second, first)
        if month > 12 and day <= 12:
            order, other = ("month", "day") if month_first else ("day", "month")
            raise CellProblem(
                f"“{text[:40]}” is not a real date read {order} first "
                f"(the file may write dates {other} first)"
            )
        return _real(year, month, day, text)
    if found := _NAMED.fullmatch(text):
        day_text, name, year_text = found.groups()
        named = _MONTHS.get(name.lower())
        if named is None:
            raise CellProblem(f"“{name[:20]}” is not the name of a month")
        return _real(int(year_text), named, int(day_text), text)
    if _SERIAL_TEXT.fullmatch(text):
        return from_serial(float(text))
    if _TIME_OF_DAY.match(text):
        return _refuse_time(text)
    raise CellProblem(f"“{text[:40]}” is not a date; write dates {FORMS}")


def _refuse_time(shown: str) -> dt.date:
    raise CellProblem(f"{shown[:40]} has a time of day; give the period's first day")


def looks_like_numeric_date(cell: Any) -> bool:
    """Is CELL text like 01/04/2020 (a date whose day and month are both numbers)?"""
    return isinstance(cell, str) and _NUMERIC.fullmatch(cell.strip()) is not None


class AmbiguityCheck:
    """Watches the numeric dates of a column (01/04/2020): ambiguous when every one of them
    reads as a real date both day first and month first, and the readings differ."""

    def __init__(self) -> None:
        self.seen_numeric = False
        self.decided = False  # some date has a part above 12: only one reading fits
        self.differ = False  # some date reads differently day first and month first
        self._seen: set[str] = set()  # a file repeats its few periods on every row

    def see(self, cell: Any) -> None:
        if self.decided or not isinstance(cell, str) or cell in self._seen:
            return
        if len(self._seen) < 10_000:
            self._seen.add(cell)
        found = _NUMERIC.fullmatch(cell.strip())
        if found is None:
            return
        first, second = int(found.group(1)), int(found.group(2))
        self.seen_numeric = True
        if first > 12 or second > 12:
            self.decided = True
        elif first != second:
            self.differ = True

    @property
    def ambiguous(self) -> bool:
        return self.seen_numeric and self.differ and not self.decided


def ambiguity_warning(*, month_first: bool, how_to_change: str) -> str:
    """The warning for dates that read either way, saying which reading is used."""
    example = "4 January 2020" if month_first else "1 April 2020"
    order = "month first" if month_first else "day first"
    return (
        f"every date could be read day first or month first; they are read {order} "
        f"(01/04/2020 is {example}). {how_to_change}"
    )
