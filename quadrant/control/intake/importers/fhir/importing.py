"""MeasureReports into observations through the one all-or-nothing upsert.

Each group of each report becomes one row of the upsert once its measure is known: the period
from `period.start` (or `period.end`), checked against the measure's frequency; the score
converted to the measure's scale (units.py) and checked against the numerator and denominator
beside it. Every problem names the FHIRPath of its element; if any is found nothing is saved.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from quadrant.control.intake.importers.fhir import units
from quadrant.control.intake.importers.fhir.export import period_end
from quadrant.control.intake.importers.fhir.reading import GroupRow, group_rows
from quadrant.control.intake.importers.fhir.structure import FhirProblem, measures_in, reports_in
from quadrant.control.intake.importers.upsert import (
    UpsertResult,
    measure_lookup,
    upsert_observations,
)
from quadrant.control.intake.importers.validation import (
    FIELDS,
    MeasureInfo,
    RawRow,
    RowError,
    is_aligned,
    period_start,
)
from quadrant.control.measures.models import Measure

_ALSO_IN_ROW = re.compile(r"\(also in row (\d+)\)")


def _period(row: GroupRow, frequency: str) -> tuple[dt.date, RowError | None]:
    """The first day of ROW's period, and a problem when its end is not that period's end."""
    start, end = row.start, row.end
    at_end = f"{row.report}.period.end"
    if start is not None:
        period = start.first
    else:
        assert end is not None  # reading refuses a period with neither
        period = period_start(end.last, frequency)
        if end.midnight and period_end(period, frequency) != end.last:
            period = period_start(end.first - dt.timedelta(days=1), frequency)
    if end is None or not is_aligned(period, frequency):
        return period, None  # an unaligned start is named by the upsert's checks
    expected = period_end(period, frequency)
    if end.last == expected or (end.midnight and end.first == expected + dt.timedelta(days=1)):
        return period, None
    if start is None:
        message = (
            f"{end.last.isoformat()} is not the last day of a {frequency}ly period: "
            "give period.start"
        ).replace("dayly", "daily")
    else:
        message = (
            f"the period ends on {end.last.isoformat()}, but the {frequency} starting "
            f"{period.isoformat()} ends on {expected.isoformat()}"
        )
    return period, RowError(row.row, at_end, message)


def _value(row: GroupRow, measure: Any) -> float | RowError | None:
    """ROW's score on MEASURE's scale, checked against its counts."""
    if row.score is None or row.score.get("value") is None:
        return None
    unit = units.unit_of(measure)
    numerator, denominator = row.count("numerator"), row.count("denominator")
    counted = numerator is not None and denominator is not None and denominator > 0
    readings = units.readings(row.score, unit, counted=counted)
    at = f"{row.group}.measureScore"
    if isinstance(readings, str):
        return RowError(row.row, at, readings)
    if not counted:
        return readings[0]
    assert numerator is not None and denominator is not None
    expected = numerator / denominator * measure.multiplier
    sent = float(row.score["value"])
    for reading in readings:
        rounding = units.sent_precision(row.score["value"]) * (abs(reading / sent) if sent else 1.0)
        if units.agrees(reading, expected, rounding):
            return reading
    return RowError(
        row.row,
        at,
        f"{row.name}: the score {sent:g} ({readings[0]:.6g} {unit.code}) does not agree with "
        f"its counts ({numerator:g} ÷ {denominator:g} × {measure.multiplier:g} = "
        f"{expected:.6g} {unit.code})",
    )


def _measures(codes: set[str], actor: Any) -> dict[str, Any]:
    """The measures of CODES the actor may enter data for (the others are named by the upsert,
    which says why in words that do not tell a stranger more than it may know)."""
    lookup = measure_lookup(actor)
    allowed = [info.id for code in codes if isinstance(info := lookup(code), MeasureInfo)]
    return {measure.code: measure for measure in Measure.objects.filter(pk__in=allowed)}


def _raw(number: int, row: GroupRow, period: Any, value: Any) -> RawRow:
    return (number, row.code, period, value, row.count("numerator"), row.count("denominator"))


def _as_read(row: GroupRow) -> Any:
    """ROW's period as written (for a measure that is not found: the upsert says so)."""
    return row.start.first if row.start else row.end.last if row.end else None


def upsert_rows(rows: list[GroupRow], actor: Any) -> tuple[list[RawRow], list[RowError]]:
    """The upsert's rows (numbered by their position in ROWS, from 1), or the problems."""
    measures = _measures({row.code for row in rows}, actor)
    raws: list[RawRow] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows, start=1):
        measure = measures.get(row.code)
        if measure is None:
            score = (row.score or {}).get("value")
            raws.append(_raw(number, row, _as_read(row), score))
            continue
        period, problem = _period(row, measure.frequency)
        value = _value(row, measure)
        found = [error for error in (problem, value) if isinstance(error, RowError)]
        if found:
            errors += found
            continue
        raws.append(_raw(number, row, period, value))
    return raws, errors


def _placed(error: RowError, rows: list[GroupRow], root: str) -> RowError:
    """An error of the upsert (row = position in ROWS) at the FHIRPath of its element."""
    if not 0 < error.row <= len(rows):
        return RowError(1, root, error.message)
    row = rows[error.row - 1]
    counts = {name: path for name, (_, path) in row.counts.items()}
    paths = {
        "measure": row.code_path,
        "period": f"{row.report}.period.{'start' if row.start else 'end'}",
        "value": f"{row.group}.measureScore" + (".value" if row.score else ""),
        "numerator": counts.get("numerator", f"{row.group}.population"),
        "denominator": counts.get("denominator", f"{row.group}.population"),
    }
    message = _ALSO_IN_ROW.sub(
        lambda match: f"(also in {rows[int(match[1]) - 1].group})", error.message
    )
    return RowError(row.row, paths.get(error.field, row.report), message)


def import_resource(
    data: Any,
    *,
    actor: Any,
    source: str,
    route: str = "fhir",
    file_hash: str = "",
    dry_run: bool = False,
    progress: Any = None,
) -> UpsertResult:
    """Import a MeasureReport or a Bundle of them, all or nothing; a FhirProblem when the
    JSON is not valid FHIR, else the UpsertResult, whose errors name each bad element."""
    found = reports_in(data)
    rows, errors = group_rows(found, measures_in(data))
    raws, refused = upsert_rows(rows, actor)
    errors += refused
    if errors and not raws:
        return UpsertResult(errors=errors[:500], error_count=len(errors), dry_run=dry_run)
    # With a problem already found, the other rows are only checked: nothing is saved.
    result = upsert_observations(
        raws, actor=actor, source=source, route=route, file_hash=file_hash,
        dry_run=dry_run or bool(errors), progress=progress,
    )  # fmt: skip
    placed = [_placed(error, rows, str(data.get("resourceType"))) for error in result.errors]
    if not errors:
        result.errors = placed
        return result
    everything = sorted([*errors, *placed], key=lambda error: error.row)
    return UpsertResult(
        rows=len(rows), errors=everything[:500], error_count=len(errors) + result.error_count,
        dry_run=dry_run,
    )  # fmt: skip


def import_reports(data: Any, **options: Any) -> UpsertResult:
    """import_resource, with a FhirProblem's errors in the result (for the file import)."""
    try:
        return import_resource(data, **options)
    except FhirProblem as problem:
        return UpsertResult(
            errors=problem.errors,
            error_count=len(problem.errors),
            dry_run=bool(options.get("dry_run")),
        )


def table_rows(data: Any) -> Iterator[list[Any]]:
    """A FHIR resource as a table: a header of the observation fields, then one row a group."""
    rows, errors = group_rows(reports_in(data), measures_in(data))
    if errors:
        raise FhirProblem(errors)
    yield list(FIELDS)
    for row in rows:
        yield list(_raw(0, row, _as_read(row), (row.score or {}).get("value"))[1:])
