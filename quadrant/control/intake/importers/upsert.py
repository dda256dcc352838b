"""The one all-or-nothing way observations come in: files, the API, FHIR and the command line.

Every row is checked; if any row is wrong nothing is written. Otherwise new periods are
inserted and changed ones updated (with a correction row keeping the old value), all inside one
history event that records the source, the file hash, the counts and old → new of updated rows.
(On PostgreSQL a file's new rows are sent while later rows are still being checked, inside one
transaction that is rolled back if any row is wrong: see _upsert_streaming.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from quadrant.control.events import observations_changed
from quadrant.control.intake.importers import pg_copy
from quadrant.control.intake.importers.validation import (
    CellRows,
    CheckedRows,
    MeasureInfo,
    RawRow,
    RowChecker,
    RowError,
    check_rows,
)
from quadrant.control.measures.models import Measure, Observation, ObservationCorrection
from quadrant.core import history
from quadrant.core.actors import PERSON, PERSON_OR_SYSTEM, actor_kind
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor, units_where

BATCH = 5000
STREAM_SLICE = 100_000  # rows of a file checked, then sent to PostgreSQL, at a time
SQLITE_CACHE_KB = 256 * 1024
MEASURE_CHUNK = 500
Progress = Callable[[float, str], None]


@dataclass
class UpsertResult:
    """What an import did (or, for a dry run, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    dry_run: bool = False
    stopped_early: bool = False
    measure_ids: list[int] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> str:
        """ "0 new, 0 changed, 1,234 unchanged" — or how many rows have errors."""
        if not self.ok:
            more = "more than " if self.stopped_early else ""
            problems = "problem" if self.error_count == 1 else "problems"
            return f"{more}{self.error_count:,} {problems} found; nothing was imported"
        text = f"{self.created:,} new, {self.updated:,} changed, {self.unchanged:,} unchanged"
        if self.dry_run:
            return f"Checked {self.rows:,} rows: {text} (nothing written, this was a check)"
        if self.created == 0 and self.updated == 0:
            return f"{text}: nothing to change"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "errors": [error.as_dict() for error in self.errors],
            "summary": self.summary(),
            "dry_run": self.dry_run,
            "warnings": [warning.as_dict() for warning in self.warnings],
        }


def measure_lookup(
    actor: Any, *, preload: bool = True
) -> Callable[[str], MeasureInfo | str | None]:
    """Find a measure by code and check the actor may enter its data (None: no such measure).
    A person enters the data of their units; a system actor (a command, the demo seed) any.

    PRELOAD reads every measure in one query (for files and bulk uploads)."""
    check_actor(actor, Capability.ENTER_DATA, allow=PERSON_OR_SYSTEM)
    allowed: set[int] | None = None
    if actor_kind(actor) == PERSON:
        allowed = set(units_where(actor, Capability.ENTER_DATA).values_list("pk", flat=True))
    columns = (
        "code", "id", "code", "frequency", "chart_type", "multiplier", "valid_min", "valid_max",
        "org_unit_id", "unit_label", "archived_at", "org_unit__name",
    )  # fmt: skip
    rows = Measure.objects.values_list(*columns)
    known = {row[0]: row[1:] for row in rows} if preload else None

    def lookup(code: str) -> MeasureInfo | str | None:
        found = known.get(code) if known is not None else rows.filter(code=code).first()
        if found is None:
            return None
        if known is None:
            found = found[1:]
        *fields, archived_at, unit_name = found
        if archived_at is not None:
            return f"the measure {code} is archived; restore it before adding data"
        info = MeasureInfo(*fields)
        if allowed is not None and info.unit_id not in allowed:
            return f"you do not have permission to enter data for {code} ({unit_name})"
        return info

    return lookup


def _existing(measure_ids: list[int]) -> Iterable[tuple[Any, ...]]:
    """(id, measure id, period, value, numerator, denominator) of the stored rows of the
    measures, with plain SQL: the ORM's per-row date conversion costs seconds on a million
    rows, and a file has few distinct periods (parsed once each here)."""
    ops = connection.ops
    table = ops.quote_name(Observation._meta.db_table)
    dates: dict[Any, Any] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(measure_ids), MEASURE_CHUNK):
            chunk = measure_ids[start : start + MEASURE_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "SELECT id, measure_id, period, value, numerator, denominator "  # noqa: S608  # nosec B608 - reviewed: table and column names come from the models, values are parameters
                f"FROM {table} WHERE measure_id IN ({marks})",
                chunk,
            )
            for row in cursor.fetchall():
                period = row[2]
                day = dates.get(period)
                if day is None:
                    day = dates[period] = (
                        period if isinstance(period, dt.date) else dt.date.fromisoformat(period)
                    )
                yield (row[0], row[1], day, row[3], row[4], row[5])


def _plan(checked: CheckedRows, result: UpsertResult) -> tuple[list[Any], list[Any]]:
    """Split checked rows into new ones and changed ones (with their stored values)."""
    changed: list[tuple[Any, ...]] = []
    by_measure = checked.by_measure
    for obs_id, measure_id, period, value, numerator, denominator in _existing(list(by_measure)):
        incoming = by_measure[measure_id].pop(period, None)
        if incoming is None:
            continue
        if incoming[:3] == (value, numerator, denominator):
            result.unchanged += 1
        else:
            changed.append((obs_id, measure_id, period, (value, numerator, denominator), incoming))
    new = [
        (measure_id, period, values)
        for measure_id, periods in by_measure.items()
        for period, values in periods.items()
    ]
    result.created, result.updated = len(new), len(changed)
    return new, changed


def upsert_observations(
    rows: Iterable[RawRow],
    *,
    actor: Any,
    source: str,
    route: str,
    file_hash: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> UpsertResult:
    """Check every row, then insert new periods and update changed ones — all or nothing.

    ROWS are (row number, measure code, period, value, numerator, denominator). A re-import of
    the same data writes nothing and says so.
    """
    report = progress or (lambda fraction, message: None)
    report(0, "Checking rows")
    lookup = measure_lookup(actor)
    streamable = isinstance(rows, CellRows) and not rows.rules.aggregate  # sums wait to the end
    if streamable and not dry_run and connection.vendor == "postgresql":
        assert isinstance(rows, CellRows)
        return _upsert_streaming(
            rows, lookup, actor=actor, source=source, route=route, file_hash=file_hash,
            report=report,
        )  # fmt: skip
    checked = check_rows(rows, lookup)
    result = _result(checked, dry_run)
    if not result.ok:
        return result
    report(30, "Comparing with the stored data")
    new, changed = _plan(checked, result)
    if dry_run or not (new or changed):
        return result
    _save(new, changed, result, actor=actor, source=source, route=route, file_hash=file_hash,
          report=report)  # fmt: skip
    report(100, result.summary())
    return result


def _result(checked: CheckedRows, dry_run: bool) -> UpsertResult:
    result = UpsertResult(
        rows=checked.rows,
        dry_run=dry_run,
        measure_ids=list(checked.by_measure),
        warnings=checked.warnings,
    )
    if checked.error_count:
        result.errors, result.error_count = checked.errors, checked.error_count
        result.stopped_early = checked.stopped_early
    return result


def _save(
    new: list[tuple[Any, ...]],
    changed: list[tuple[Any, ...]],
    result: UpsertResult,
    *,
    actor: Any,
    source: str,
    route: str,
    file_hash: str,
    report: Progress,
    streamed: int = 0,
) -> None:
    """Insert NEW, update CHANGED (STREAMED new rows are already in), in one history event."""
    with (
        acting_as(actor),
        history.grouped(
            f"Imported observations from {source}: {result.summary()}",
            model=Observation,
            source=source,
            route=route,
            file_hash=file_hash,
            rows=result.rows,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        ),
    ):
        history.record_bulk(Observation, "create", streamed, [])
        insert_observations(new, actor, report)
        _update(changed, actor, route, f"Imported from {source}")
        measure_ids = result.measure_ids
        transaction.on_commit(
            lambda: observations_changed.send(
                Observation, measure_ids=measure_ids, actor=actor, route=route
            )
        )


class _Refused(Exception):
    """A row is wrong: what was streamed is rolled back."""


def _upsert_streaming(
    table: CellRows,
    lookup: Callable[[str], MeasureInfo | str | None],
    *,
    actor: Any,
    source: str,
    route: str,
    file_hash: str,
    report: Progress,
) -> UpsertResult:
    """PostgreSQL, a file: the same all-or-nothing upsert, using both cores.

    The rows are checked STREAM_SLICE at a time; the good rows of measures that have no stored
    data (so every row is new) go to the database in a COPY while the next slice is checked.
    All of it happens in one transaction: when any row is wrong, the checking goes on to name
    every problem and the transaction is rolled back, so nothing is written. The rows of
    measures with stored data are compared and saved at the end, as by upsert_observations.
    """
    checker = RowChecker(lookup, table.rules)
    stream = pg_copy.CopyStream(getattr(actor, "pk", None))
    result = UpsertResult()
    try:
        with transaction.atomic():
            empty = checker.record_for = _measures_without_rows()
            try:
                # A small first slice: the server starts storing sooner.
                for piece in table.slices(STREAM_SLICE, first_size=STREAM_SLICE // 5):
                    checker.check_cells(piece)
                    batch = checker.recorded[:]  # the list itself stays: the checker appends to it
                    checker.recorded.clear()
                    if checker.result.error_count:  # nothing more to send: it will be undone
                        checker.record_for = ()
                        if checker.result.stopped_early:
                            break
                        continue
                    data = stream.encode(batch) if batch else b""
                    stream.finish()
                    report(10, f"Checked {checker.rows_checked:,} rows")
                    if batch:
                        stream.start(data, len(batch))
                stream.finish()
            except BaseException as error:
                stream.abort(error)
                raise
            checked = checker.finish()
            result = _result(checked, dry_run=False)
            if not result.ok:
                raise _Refused
            report(30, "Comparing with the stored data")
            sent = {measure_id for measure_id in checked.by_measure if measure_id in empty}
            rest = CheckedRows(
                by_measure={
                    measure_id: periods
                    for measure_id, periods in checked.by_measure.items()
                    if measure_id not in sent
                }
            )
            new, changed = _plan(rest, result)
            result.created += stream.rows
            if new or changed or stream.rows:
                _save(new, changed, result, actor=actor, source=source, route=route,
                      file_hash=file_hash, report=report, streamed=stream.rows)  # fmt: skip
    except _Refused:
        return result
    report(100, result.summary())
    return result


def _measures_without_rows() -> set[int]:
    """Ids of the measures that have no observations yet (one indexed probe per measure)."""
    stored = Observation.objects.filter(measure=OuterRef("pk"))
    return set(Measure.objects.filter(~Exists(stored)).values_list("pk", flat=True))


def insert_observations(
    new: list[tuple[Any, ...]], actor: Any, report: Progress | None = None
) -> None:
    """Insert NEW (measure id, period, (value, numerator, denominator, ...)) rows, already
    checked, with COPY (PostgreSQL), many-row INSERTs (SQLite) or executemany: Django's
    bulk_create builds a model instance per row, which costs most of a large import's time.
    The history is recorded all the same."""
    report = report or (lambda fraction, message: None)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    actor_id = getattr(actor, "pk", None)
    table = Observation._meta.db_table
    columns = pg_copy.COLUMNS
    # Table and column names are ours; the values go in as parameters.
    sql = (
        f"INSERT INTO {ops.quote_name(table)} ({', '.join(map(ops.quote_name, columns))}) "  # noqa: S608  # nosec B608 - reviewed: table and column names come from the models, values are parameters
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    dates: dict[Any, Any] = {}
    total = len(new) or 1
    if connection.vendor == "postgresql" and len(new) > BATCH:
        pg_copy.copy_rows(
            new, actor_id, lambda n: report(30 + 65 * n / total, f"Saved {n:,} new periods")
        )
        history.record_bulk(Observation, "create", len(new), [])
        return
    if connection.vendor == "sqlite" and len(new) > BATCH:
        _sqlite_rows(new, table, columns, (now, now, actor_id, actor_id, 1), report)
        history.record_bulk(Observation, "create", len(new), [])
        return
    with connection.cursor() as cursor:
        for start in range(0, len(new), BATCH):
            params = []
            for measure_id, period, values in new[start : start + BATCH]:
                day = dates.get(period)
                if day is None:
                    day = dates[period] = ops.adapt_datefield_value(period)
                params.append((measure_id, day, *values[:3], now, now, actor_id, actor_id, 1))
            cursor.executemany(sql, params)
            done = start + len(params)
            report(30 + 65 * done / total, f"Saved {done:,} new periods")
    history.record_bulk(Observation, "create", len(new), [])


def _sqlite_rows(
    new: list[tuple[Any, ...]],
    table: str,
    columns: tuple[str, ...],
    stamps: tuple[Any, ...],
    report: Progress,
) -> None:
    """SQLite: many rows per INSERT (VALUES (...), (...), ...) on the raw connection, about
    twice as fast as executemany for a large load."""
    import sqlite3

    per = 300 if sqlite3.sqlite_version_info >= (3, 32) else 90  # bound-variable limit
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES "  # noqa: S608  # nosec B608 - reviewed: table and column names come from the models, values are parameters
    one = "(" + ", ".join(["?"] * len(columns)) + ")"
    statements = {per: head + ", ".join([one] * per)}
    connection.ensure_connection()
    raw = connection.connection
    raw.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KB}")
    dates: dict[Any, str] = {}
    total = len(new)
    for start in range(0, total, BATCH):
        flat: list[Any] = []
        extend = flat.extend
        batch = new[start : start + BATCH]
        for measure_id, period, values in batch:
            day = dates.get(period)
            if day is None:
                day = dates[period] = period.isoformat()
            extend((measure_id, day, values[0], values[1], values[2], *stamps))
        width = len(columns)
        for first in range(0, len(batch), per):
            count = min(per, len(batch) - first)
            sql = statements.get(count) or statements.setdefault(
                count, head + ", ".join([one] * count)
            )
            raw.execute(sql, flat[first * width : (first + count) * width])
        done = start + len(batch)
        report(30 + 65 * done / total, f"Saved {done:,} new periods")


def _update(changed: list[tuple[Any, ...]], actor: Any, route: str, reason: str) -> None:
    if not changed:
        return
    now = timezone.now()
    objs, corrections = [], []
    for obs_id, measure_id, period, old, new in changed:
        observation = Observation(
            pk=obs_id,
            measure_id=measure_id,
            period=period,
            value=new[0],
            numerator=new[1],
            denominator=new[2],
            updated_at=now,
            updated_by_id=getattr(actor, "pk", None),
        )
        objs.append(observation)
        corrections.append(ObservationCorrection.between(observation, old, new, reason, route))
    fields = ["value", "numerator", "denominator", "updated_at", "updated_by"]
    Observation.objects.bulk_update(objs, fields, batch_size=BATCH)
    ObservationCorrection.objects.bulk_create(corrections, batch_size=BATCH)


def as_raw_rows(items: Iterable[dict[str, Any]], first_row: int = 1) -> Iterable[RawRow]:
    """Rows from dictionaries with the keys measure, period, value, numerator, denominator."""
    for number, item in enumerate(items, start=first_row):
        if not isinstance(item, dict):
            yield (number, None, None, None, None, None)
            continue
        yield (
            number,
            item.get("measure"),
            item.get("period"),
            item.get("value"),
            item.get("numerator"),
            item.get("denominator"),
        )
