"""Row-by-row checking of incoming observations, shared by every route data comes in by.

Plain Python and dictionaries on purpose: a million rows are checked in a few seconds. Each
problem is a RowError naming the row, the field and what is wrong, in plain words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import sys
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from quadrant.control.choices import RATIO_CHARTS, Frequency
from quadrant.control.intake.importers.combining import RowRules, combine_rows
from quadrant.spc.reading import CellProblem
from quadrant.spc.reading.dates import AmbiguityCheck, read_date
from quadrant.spc.reading.numbers import Percentage, on_scale, read_number
from quadrant.spc.reading.workbook import UncalculatedFormula, refuse_uncalculated

MAX_ERRORS_KEPT = 500
STOP_AFTER_ERRORS = 10_000  # a file this wrong is the wrong file: stop reading it
FIELDS = ("measure", "period", "value", "numerator", "denominator")

# One incoming row: (row number, measure code, period, value, numerator, denominator).
RawRow = tuple[int, Any, Any, Any, Any, Any]
# One checked row: (value, numerator, denominator, row number).
Checked = tuple[float | None, float | None, float | None, int]
# Cells that float() would read wrongly (or not at all): they take the full path.
_SLOW_CELLS = frozenset({bool, Percentage, UncalculatedFormula})

_QUARTER_MONTHS = {1, 4, 7, 10}
_NOT_ALIGNED = {
    Frequency.WEEK: "is not a Monday (weekly periods start on a Monday)",
    Frequency.MONTH: "is not the start of a month",
    Frequency.QUARTER: "is not the start of a quarter (1 January, 1 April, 1 July or 1 October)",
}


@dataclass(frozen=True)
class RowError:
    """One problem with one row: shown as "Row 14, column period: ..." and sent by the API."""

    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        return self.shown({})

    def shown(self, columns: dict[str, str]) -> str:
        """The problem naming its column as headed in the file (COLUMNS: field → heading);
        row 0 is the file as a whole."""
        heading = columns.get(self.field)
        column = f"“{heading}”" if heading and heading != self.field else self.field
        where = [f"Row {self.row}"] if self.row else []
        if column:
            where.append(f"column {column}" if where else f"Column {column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class MeasureInfo:
    """What the checks need to know about a measure (read once per code)."""

    id: int
    code: str
    frequency: str
    chart_type: str
    multiplier: float
    valid_min: float | None
    valid_max: float | None
    unit_id: int
    unit_label: str = ""

    @property
    def scale(self) -> float:
        """What a fraction is multiplied by on this measure: 100 for a %, else its multiplier."""
        return 100.0 if self.unit_label.strip() == "%" else self.multiplier


@dataclass
class CheckedRows:
    """The outcome of checking: rows grouped by measure and period, or the errors."""

    by_measure: dict[int, dict[dt.date, Checked]] = field(default_factory=dict)
    measures: dict[int, MeasureInfo] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0
    stopped_early: bool = False
    warnings: list[RowError] = field(default_factory=list)

    def add_error(self, row: int, field_name: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row, field_name, message))


def is_aligned(period: dt.date, frequency: str) -> bool:
    """Is PERIOD the first day of a period of FREQUENCY?"""
    if frequency == Frequency.WEEK:
        return period.weekday() == 0
    if frequency == Frequency.MONTH:
        return period.day == 1
    if frequency == Frequency.QUARTER:
        return period.day == 1 and period.month in _QUARTER_MONTHS
    return True


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The first day of the period of FREQUENCY that contains DAY."""
    if frequency == Frequency.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if frequency == Frequency.MONTH:
        return day.replace(day=1)
    if frequency == Frequency.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day


def alignment_problem(period: dt.date, frequency: str) -> str | None:
    if is_aligned(period, frequency):
        return None
    return f"{period.isoformat()} {_NOT_ALIGNED[Frequency(frequency)]}"


def parse_period(raw: Any, *, month_first: bool = False) -> dt.date | str:
    """A date from any of the forms files write them in; a message when it is not one."""
    try:
        refuse_uncalculated(raw)
        return read_date(raw, month_first=month_first)
    except CellProblem as problem:
        message = str(problem)
        return "the period is missing" if message == "Enter a date" else message


def parse_number(raw: Any) -> float | str | None:
    """A float (a Percentage for "22.5%"), None when blank, or a message when the cell holds
    something else."""
    try:
        refuse_uncalculated(raw)
        return read_number(raw)
    except CellProblem as problem:
        return str(problem)


@dataclass
class CellRows:
    """Rows of a table file as lists of cells, with the positions of the mapped fields.

    Iterating gives RawRows; check_rows reads the cells directly instead (no tuple per row)."""

    rows: Iterable[list[Any]]
    index: dict[str, int]
    first_number: int = 2
    rules: RowRules = field(default_factory=RowRules)

    def raw(self, number: int, cells: list[Any]) -> RawRow:
        padded = [*cells, None]
        return (number, *(padded[self.index.get(name, -1)] for name in FIELDS))

    def __iter__(self) -> Iterator[RawRow]:
        for number, cells in enumerate(self.rows, start=self.first_number):
            if any(cells):
                yield self.raw(number, cells)

    def slices(self, size: int, first_size: int | None = None) -> Iterator[CellRows]:
        """The rows SIZE at a time (FIRST_SIZE in the first slice), numbered on from one slice
        to the next; each slice must be read to its end before the next. Rows are not held in
        memory: a list per row kept alive costs the garbage collector dearly."""
        rows, first, take = iter(self.rows), self.first_number, first_size or size
        while (head := next(rows, None)) is not None:
            piece = itertools.chain((head,), itertools.islice(rows, take - 1))
            yield CellRows(piece, self.index, first, self.rules)
            first, take = first + take, size


_BIGGEST = sys.float_info.max


class RowChecker:
    """Checks rows one at a time; LOOKUP(code) returns a MeasureInfo, None, or a message.

    After a measure's first good row, its later rows take a fast path: the measure cell maps
    to (its periods, the periods already parsed for its frequency, lowest, highest, its id),
    so a row costs a few dictionary lookups and one float(). Anything unusual takes the full
    path, which names the problem.

    The good rows of the measures in RECORD_FOR are also appended to RECORDED as (measure id,
    period, checked), in the order of the file (an import streams them to the database while
    it checks the next rows)."""

    def __init__(self, lookup: Any, rules: RowRules | None = None) -> None:
        self.lookup = lookup
        self.rules = rules or RowRules()
        self.result = CheckedRows()
        self.dates = AmbiguityCheck()
        self._repeats: dict[tuple[int, dt.date], int] = {}  # rows combined into one period
        self._measures: dict[str, MeasureInfo | str] = {}
        self._periods: dict[Any, dt.date | str] = {}
        self._aligned: dict[tuple[dt.date, str], str | None] = {}
        self._fast: dict[Any, tuple[Any, ...]] = {}
        self._known: dict[str, dict[Any, dt.date]] = {}  # frequency → raw cell → period
        self.fast_rows = 0
        self.record_for: Container[int] = ()
        self.recorded: list[tuple[int, dt.date, Checked]] = []

    def _measure(self, code: Any) -> MeasureInfo | str:
        if isinstance(code, UncalculatedFormula):
            return parse_number(code)  # type: ignore[return-value]  # the formula's message
        key = "" if code is None else str(code).strip()
        found = self._measures.get(key)
        if found is None:
            if not key:
                found = "the measure code is missing"
            else:
                info = self.lookup(key)
                found = info if info is not None else f"there is no measure with the code “{key}”"
            self._measures[key] = found
        return found

    def _period(self, raw: Any) -> dt.date | str:
        month_first = self.rules.month_first
        try:
            found = self._periods.get(raw)
        except TypeError:
            return parse_period(raw, month_first=month_first)
        if found is None:
            self.dates.see(raw)
            found = parse_period(raw, month_first=month_first)
            if len(self._periods) < 100_000:
                self._periods[raw] = found
        return found

    def _learn(
        self,
        code: Any,
        raw_period: Any,
        period: dt.date,
        measure: MeasureInfo,
        periods: dict[dt.date, Any],
    ) -> None:
        """Remember a good row's measure cell and period cell for the fast path."""
        known = self._known.setdefault(measure.frequency, {})
        with contextlib.suppress(TypeError):  # an unhashable cell is simply not cached
            if len(known) < 100_000:
                known[raw_period] = period
            if code not in self._fast and measure.chart_type not in RATIO_CHARTS:
                low = -_BIGGEST if measure.valid_min is None else measure.valid_min
                high = _BIGGEST if measure.valid_max is None else measure.valid_max
                sink = self.recorded.append if measure.id in self.record_for else None
                self._fast[code] = (periods, known, low, high, measure.id, sink)

    def check(self, row: RawRow) -> None:
        """Check one row and keep it (or its errors)."""
        number, code, raw_period, raw_value, raw_num, raw_den = row
        try:
            fast = self._fast.get(code)
        except TypeError:
            fast = None
        if (
            fast is not None
            and (raw_num is None or raw_num == "")
            and (raw_den is None or raw_den == "")
            and raw_value.__class__ not in _SLOW_CELLS
            and self._fast_row(fast, number, raw_period, raw_value)
        ):
            return
        self._check_fully(row)

    def _fast_row(
        self, fast: tuple[Any, ...], number: int, raw_period: Any, raw_value: Any
    ) -> bool:
        periods, known, low, high, measure_id, sink = fast
        try:
            period = known.get(raw_period)
            value = float(raw_value)
        except (TypeError, ValueError):
            return False
        if period is None or not low <= value <= high or period in periods:
            return False
        periods[period] = checked = (value, None, None, number)
        if sink is not None:
            sink((measure_id, period, checked))
        self.fast_rows += 1
        return True

    def check_cells(self, table: CellRows) -> None:
        """Check every row of TABLE, reading the cells directly (the fast path inlined)."""
        index = table.index
        im, ip = index["measure"], index["period"]
        iv = index.get("value")
        width = max(index.values()) + 1
        simple = iv is not None and "numerator" not in index and "denominator" not in index
        value_at = iv if iv is not None else 0  # read only on the simple path, where iv is set
        fast_map, result, full, raw = self._fast, self.result, self._check_fully, table.raw
        count = 0
        for number, cells in enumerate(table.rows, start=table.first_number):
            if simple and len(cells) >= width:
                fast = fast_map.get(cells[im])
                if fast is not None:
                    periods, known, low, high, measure_id, sink = fast
                    period = known.get(cells[ip])
                    cell = cells[value_at]
                    if (
                        period is not None
                        and period not in periods
                        and cell.__class__ not in _SLOW_CELLS
                    ):
                        try:
                            value = float(cell)
                        except (TypeError, ValueError):
                            value = None
                        if value is not None and low <= value <= high:
                            periods[period] = checked = (value, None, None, number)
                            if sink is not None:
                                sink((measure_id, period, checked))
                            count += 1
                            continue
            if not any(cells):
                continue
            full(raw(number, cells))
            if result.error_count >= STOP_AFTER_ERRORS:
                result.stopped_early = True
                break
        self.fast_rows += count

    def _check_fully(self, row: RawRow) -> None:
        number, code, raw_period, raw_value, raw_num, raw_den = row
        result = self.result
        result.rows += 1
        errors_before = result.error_count
        measure = self._measure(code)
        if isinstance(measure, str):
            result.add_error(number, "measure", measure)
        period = self._period(raw_period)
        if isinstance(period, str):
            result.add_error(number, "period", period)
        value = parse_number(raw_value)
        numerator = parse_number(raw_num)
        denominator = parse_number(raw_den)
        for name, parsed in (
            ("value", value),
            ("numerator", numerator),
            ("denominator", denominator),
        ):
            if isinstance(parsed, str):
                result.add_error(number, name, parsed)
        if result.error_count > errors_before:
            return
        assert isinstance(measure, MeasureInfo) and isinstance(period, dt.date)
        key = (period, measure.frequency)
        if key not in self._aligned:
            self._aligned[key] = alignment_problem(period, measure.frequency)
        if self._aligned[key]:
            result.add_error(number, "period", self._aligned[key])  # type: ignore[arg-type]
            return
        checked = self._combine(number, measure, value, numerator, denominator)  # type: ignore[arg-type]
        if checked is None:
            return
        periods = result.by_measure.get(measure.id)
        if periods is None:
            periods = result.by_measure[measure.id] = {}
            result.measures[measure.id] = measure
        earlier = periods.get(period)
        if earlier is not None:
            self._repeat(measure, period, earlier, checked)
            return
        periods[period] = checked
        if measure.id in self.record_for:
            self.recorded.append((measure.id, period, checked))
        if numerator is None and denominator is None:
            self._learn(code, raw_period, period, measure, periods)

    def _repeat(
        self, measure: MeasureInfo, period: dt.date, earlier: Checked, row: Checked
    ) -> None:
        """A second row for a period: combined when the rules say how, else refused."""
        number = row[3]
        if not self.rules.aggregate:
            self.result.add_error(
                number,
                "period",
                f"{measure.code} has the period {period.isoformat()} twice (also in row "
                f"{earlier[3]}){self.rules.repeat_hint()}",
            )
            return
        combined = combine_rows(earlier, row, measure.multiplier)
        if isinstance(combined, str):
            self.result.add_error(number, "period", combined)
            return
        self.result.by_measure[measure.id][period] = combined
        key = (measure.id, period)
        self._repeats[key] = self._repeats.get(key, 1) + 1

    def _combine(
        self,
        number: int,
        measure: MeasureInfo,
        value: float | None,
        numerator: float | None,
        denominator: float | None,
    ) -> Checked | None:
        result = self.result
        has_ratio = numerator is not None or denominator is not None
        if has_ratio:
            if numerator is None or denominator is None:
                missing = "numerator" if numerator is None else "denominator"
                result.add_error(number, missing, f"the {missing} is missing")
                return None
            for name, count in (("numerator", numerator), ("denominator", denominator)):
                if isinstance(count, Percentage):
                    result.add_error(number, name, f"the {name} must be a count, not a percentage")
                    return None
            if denominator == 0 and self.rules.drop_zero_denominators:
                result.warnings.append(
                    RowError(number, "denominator", "the denominator is 0, so this row is left out")
                )
                return None
            if denominator <= 0:
                result.add_error(
                    number, "denominator", f"the denominator is {denominator:g}; it must be above 0"
                )
                return None
            if numerator < 0:
                result.add_error(number, "numerator", "the numerator must not be negative")
                return None
            if value is None:
                value = numerator / denominator * measure.multiplier
        elif measure.chart_type in RATIO_CHARTS:
            result.add_error(
                number,
                "numerator",
                f"{measure.code} is charted as a {measure.chart_type} chart, so it needs a "
                "numerator and a denominator",
            )
            return None
        if value is None:
            result.add_error(
                number,
                "value",
                "the value is missing (give a value, or a numerator and a denominator)",
            )
            return None
        value = on_scale(value, measure.scale)
        if measure.valid_min is not None and value < measure.valid_min:
            result.add_error(
                number,
                "value",
                f"{value:g} is below the lowest allowed value for {measure.code} "
                f"({measure.valid_min:g})",
            )
            return None
        if measure.valid_max is not None and value > measure.valid_max:
            result.add_error(
                number,
                "value",
                f"{value:g} is above the highest allowed value for {measure.code} "
                f"({measure.valid_max:g})",
            )
            return None
        return (value, numerator, denominator, number)

    @property
    def rows_checked(self) -> int:
        return self.result.rows + self.fast_rows

    def finish(self) -> CheckedRows:
        """The result, once every row has been checked."""
        self.result.rows += self.fast_rows
        self.fast_rows = 0
        self.rules.finish_combined(self.result.by_measure, self._repeats)
        if self.dates.ambiguous:
            self.result.warnings.insert(0, RowError(0, "period", self.rules.ambiguity_warning()))
        if self.result.rows == 0 and not self.result.errors:
            self.result.add_error(1, "", "there are no rows of data")
        return self.result


def check_rows(rows: Iterable[RawRow], lookup: Any) -> CheckedRows:
    """Check every row; the result holds the good rows by measure, or the errors."""
    checker = RowChecker(lookup, rows.rules if isinstance(rows, CellRows) else None)
    if isinstance(rows, CellRows):
        checker.check_cells(rows)
    else:
        check = checker.check
        for row in rows:
            check(row)
            if checker.result.error_count >= STOP_AFTER_ERRORS:
                checker.result.stopped_early = True
                break
    return checker.finish()
