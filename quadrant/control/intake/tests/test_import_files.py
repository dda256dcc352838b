"""File imports: every kind of bad file gives row-level errors and writes nothing."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from quadrant.control.intake.importers.run import import_file
from quadrant.control.measures.models import Observation, ObservationCorrection
from quadrant.core.models import HistoryEvent

HEADER = ["measure", "period", "value", "numerator", "denominator"]
COLUMNS = {name: name for name in HEADER}


def run(path: Path, actor: Any, columns: dict[str, str] | None = None, **kwargs: Any) -> Any:
    with path.open("rb") as handle:
        return import_file(
            handle,
            filename=path.name,
            columns=columns or COLUMNS,
            actor=actor,
            source="ward returns",
            route="file",
            **kwargs,
        )


def messages(result: Any) -> list[str]:
    return [str(error) for error in result.errors]


def assert_nothing_written() -> None:
    assert Observation.objects.count() == 0
    assert not HistoryEvent.objects.filter(action="bulk").exists()


@pytest.fixture
def good_rows() -> list[list[Any]]:
    return [
        HEADER,
        ["FALLS-A", "2024-01-01", "", 3, 1500],
        ["FALLS-A", "2024-02-01", "", 5, 1400],
        ["HH-A", "2024-01-01", 96.5, "", ""],
        ["HH-A", "2024-01-08", 98, "", ""],
    ]


def test_good_file_is_imported_in_one_history_event(measures, people, write_csv, good_rows):
    result = run(write_csv(good_rows), people["analyst"])
    assert result.ok, messages(result)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    falls = Observation.objects.get(measure=measures["falls_a"], period=dt.date(2024, 1, 1))
    assert falls.value == pytest.approx(2.0)  # 3 / 1500 × 1,000
    assert (falls.numerator, falls.denominator) == (3, 1500)
    event = HistoryEvent.objects.get(action="bulk")
    assert event.changes["file_hash"] and event.changes["created"] == 4
    assert event.changes["counts"]["control.observation.create"] == 4


def test_reimport_of_the_same_file_changes_nothing_and_says_so(
    people, measures, write_csv, good_rows
):
    path = write_csv(good_rows)
    run(path, people["analyst"])
    events = HistoryEvent.objects.count()
    again = run(path, people["analyst"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert again.summary() == "0 new, 0 changed, 4 unchanged: nothing to change"
    assert HistoryEvent.objects.count() == events


def test_changed_rows_are_updated_and_keep_the_old_value(people, measures, write_csv, good_rows):
    run(write_csv(good_rows), people["analyst"])
    good_rows[3][2] = 90
    result = run(write_csv(good_rows, "v2.csv"), people["analyst"])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    correction = ObservationCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == (96.5, 90)
    event = HistoryEvent.objects.filter(action="bulk").first()
    assert event.changes["rows"][0]["changes"]["value"] == [96.5, 90.0]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["FALLS-A", "2024-01-01", "", "three", 1500],
            "Row 2, column numerator: “three” is not a number",
        ),
        (
            ["NOPE", "2024-01-01", 4, "", ""],
            "Row 2, column measure: there is no measure with the code “NOPE”",
        ),
        (
            ["FALLS-A", "2024-02-03", "", 3, 100],
            "Row 2, column period: 2024-02-03 is not the start of a month",
        ),
        (["HH-A", "2024-01-02", 90, "", ""], "Row 2, column period: 2024-01-02 is not a Monday"),
        (["FALLS-A", "2024-01-01", "", 3, -1], "Row 2, column denominator: the denominator is -1"),
        (
            ["HH-A", "2024-01-01", 120, "", ""],
            "Row 2, column value: 120 is above the highest allowed",
        ),
        (["HH-A", "2024-01-01", "", "", ""], "Row 2, column value: the value is missing"),
        (
            ["FALLS-A", "2024-01-01", 4, "", ""],
            "Row 2, column numerator: FALLS-A is charted as a u chart",
        ),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(people, measures, write_csv, row, expected):
    result = run(write_csv([HEADER, ["HH-A", "2024-01-15", 97, "", ""], row]), people["analyst"])
    assert not result.ok
    assert any(
        message.startswith(expected.replace("Row 2", "Row 3")) for message in messages(result)
    ), messages(result)
    assert_nothing_written()


def test_duplicate_periods_in_the_file(people, measures, write_csv):
    rows = [HEADER, ["HH-A", "2024-01-01", 97, "", ""], ["HH-A", "2024-01-01", 98, "", ""]]
    result = run(write_csv(rows), people["analyst"])
    assert messages(result) == [
        "Row 3, column period: HH-A has the period 2024-01-01 twice (also in row 2); to add up "
        "or average such rows, choose how to combine them"
    ]
    assert_nothing_written()


def test_wrong_columns(people, measures, write_csv):
    result = run(
        write_csv([["code", "when", "amount"], ["HH-A", "2024-01-01", 97]]), people["analyst"]
    )
    assert "Row 1, column measure: the file has no column called “measure”" in messages(result)
    assert_nothing_written()


def test_empty_file(people, measures, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = run(path, people["analyst"])
    assert messages(result) == ["Row 1: the file is empty: it has no header row"]
    assert_nothing_written()


def test_header_only_file(people, measures, write_csv):
    result = run(write_csv([HEADER]), people["analyst"])
    assert messages(result) == ["Row 1: there are no rows of data"]
    assert_nothing_written()


def test_excel_file_with_dates_stored_as_text(people, measures, write_xlsx):
    rows = [
        HEADER,
        ["HH-A", dt.datetime(2024, 1, 1), 97, None, None],  # a real Excel date: fine
        ["HH-A", "08/01/2024", 98, None, None],  # a date typed as text, day first
        ["HH-A", "15/13/2024", 99, None, None],  # not a date either way
    ]
    result = run(write_xlsx(rows), people["analyst"])
    assert messages(result) == [
        "Row 4, column period: “15/13/2024” is not a real date; write dates like 01/04/2020, "
        "01-Apr-2020 or 2020-04-01"
    ]
    assert_nothing_written()


def test_excel_file_is_imported(people, measures, write_xlsx):
    rows = [
        HEADER,
        ["HH-A", dt.datetime(2024, 1, 1), 97, None, None],
        ["FALLS-A", "2024-03-01", None, 2, 900],
    ]
    result = run(write_xlsx(rows), people["analyst"])
    assert result.ok and result.created == 2


def test_ten_megabytes_of_junk(people, measures, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(os.urandom(10 * 1024 * 1024))
    result = run(path, people["analyst"])
    assert not result.ok and result.errors[0].row >= 1
    assert_nothing_written()


def test_ten_megabytes_of_junk_called_xlsx(people, measures, tmp_path):
    path = tmp_path / "junk.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(10 * 1024 * 1024))
    result = run(path, people["analyst"])
    assert messages(result) == ["Row 1: the file is not an Excel workbook (.xlsx) that can be read"]
    assert_nothing_written()


def test_ten_megabytes_of_text_junk(people, measures, tmp_path):
    path = tmp_path / "junk.csv"
    line = "measure,period,value\n" + "lorem,ipsum,dolor\n" * (10 * 1024 * 1024 // 18)
    path.write_text(line)
    columns = {"measure": "measure", "period": "period", "value": "value"}
    result = run(path, people["analyst"], columns)
    assert result.error_count >= 10_000 and len(result.errors) == 500
    assert result.summary() == "more than 10,002 problems found; nothing was imported"
    assert result.errors[0].field == "measure"
    assert_nothing_written()


def test_manager_cannot_import_another_units_values(people, measures, write_csv):
    rows = [HEADER, ["HH-A", "2024-01-01", 97, "", ""], ["FALLS-B", "2024-01-01", 4, "", ""]]
    result = run(write_csv(rows), people["manager"])
    assert messages(result) == [
        "Row 3, column measure: you do not have permission to enter data for FALLS-B (Ward B)"
    ]
    assert_nothing_written()


def test_dry_run_writes_nothing(people, measures, write_csv, good_rows):
    result = run(write_csv(good_rows), people["analyst"], dry_run=True)
    assert result.ok and result.created == 4
    assert "nothing written" in result.summary()
    assert_nothing_written()


def test_large_load_writes_exact_values_and_reports_progress(people, measures, monkeypatch):
    """The bulk path (COPY on PostgreSQL, many-row INSERTs on SQLite), in several chunks: the
    values read back exactly, the stamps are set, and progress (a database write, as a
    background job's is) is reported between chunks."""
    from quadrant.control.intake.importers import pg_copy, upsert
    from quadrant.core.models import Job

    monkeypatch.setattr(upsert, "BATCH", 100)
    monkeypatch.setattr(pg_copy, "COPY_CHUNK", 250)
    hand = measures["hand_a"]
    first = dt.date(2000, 1, 3)
    values = [0.1 + 0.2, 1e-7, 99.99999999999999, 0.0, 1 / 3, 100.0, 12.5]
    rows = [
        (number, "HH-A", (first + dt.timedelta(weeks=number)).isoformat(),
         values[number % len(values)], None, None)
        for number in range(1_000)
    ]  # fmt: skip
    job = Job.objects.create(kind="test", title="progress")
    seen: list[float] = []

    def progress(fraction: float, message: str) -> None:
        seen.append(fraction)
        Job.objects.filter(pk=job.pk).update(progress=int(fraction))

    result = upsert.upsert_observations(
        rows, actor=people["analyst"], source="test", route="api", progress=progress
    )
    assert result.ok and result.created == 1_000, messages(result)
    stored = list(hand.observations.order_by("period"))
    assert [o.value for o in stored] == [values[n % len(values)] for n in range(1_000)]
    assert {(o.numerator, o.denominator, o.version) for o in stored} == {(None, None, 1)}
    assert {o.created_by_id for o in stored} == {people["analyst"].pk}
    assert stored[-1].period == first + dt.timedelta(weeks=999)
    assert all(o.created_at is not None and o.created_at == o.updated_at for o in stored)
    assert len([f for f in seen if 30 < f < 100]) >= 4
    event = HistoryEvent.objects.get(action="bulk")
    assert event.changes["counts"]["control.observation.create"] == 1_000


@pytest.fixture
def small_slices(monkeypatch):
    """Files checked (and, on PostgreSQL, streamed) three rows at a time."""
    from quadrant.control.intake.importers import upsert

    monkeypatch.setattr(upsert, "STREAM_SLICE", 3)


def test_a_problem_after_rows_were_sent_still_writes_nothing(
    people, measures, write_csv, small_slices, monkeypatch
):
    """On PostgreSQL the first slices of a file are stored while later ones are checked; a
    problem in a later slice rolls them back."""
    from django.db import connection

    from quadrant.control.intake.importers import pg_copy

    sent: list[int] = []
    start = pg_copy.CopyStream.start
    monkeypatch.setattr(
        pg_copy.CopyStream,
        "start",
        lambda self, data, count: sent.append(count) or start(self, data, count),
    )
    rows = [HEADER] + [["HH-A", f"2024-01-{day:02d}", 90, "", ""] for day in (1, 8, 15, 22, 29)]
    rows += [["HH-A", "2024-02-05", "lots", "", ""], ["HH-A", "2024-02-12", 91, "", ""]]
    result = run(write_csv(rows), people["analyst"])
    assert messages(result) == ["Row 7, column value: “lots” is not a number"]
    assert_nothing_written()
    assert sent == ([3] if connection.vendor == "postgresql" else [])
    duplicate = [*rows[:6], ["HH-A", "2024-01-08", 95, "", ""]]
    result = run(write_csv(duplicate), people["analyst"])
    assert messages(result) == [
        "Row 7, column period: HH-A has the period 2024-01-08 twice (also in row 3); to add up "
        "or average such rows, choose how to combine them"
    ]
    assert_nothing_written()


def test_new_measures_and_stored_ones_in_one_file(people, measures, write_csv, small_slices):
    """Rows of a measure without data (sent as they are checked on PostgreSQL) and of one with
    stored data (compared at the end) in one file, several slices long."""
    first = [HEADER, ["FALLS-A", "2024-01-01", "", 3, 1500], ["FALLS-A", "2024-02-01", "", 5, 1400]]
    assert run(write_csv(first), people["analyst"]).ok
    rows = [HEADER] + [["HH-A", f"2024-01-{day:02d}", 90 + day / 10, "", ""] for day in (1, 8, 15)]
    rows += [["FALLS-A", "2024-01-01", "", 3, 1500], ["FALLS-A", "2024-02-01", "", 6, 1400]]
    rows += [["FALLS-A", "2024-03-01", "", 1, 1000], ["HH-A", "2024-01-22", 97.5, "", ""]]
    result = run(write_csv(rows), people["analyst"])
    assert result.ok, messages(result)
    assert (result.rows, result.created, result.updated, result.unchanged) == (7, 5, 1, 1)
    hand = list(measures["hand_a"].observations.order_by("period").values_list("value", flat=True))
    assert hand == [90.1, 90.8, 91.5, 97.5]
    falls = measures["falls_a"].observations.order_by("period")
    assert [(o.numerator, o.denominator) for o in falls] == [(3, 1500), (6, 1400), (1, 1000)]
    assert ObservationCorrection.objects.get().old_numerator == 5
    event = HistoryEvent.objects.filter(action="bulk").latest("pk")
    assert event.changes["counts"]["control.observation.create"] == 5
    assert (event.changes["created"], event.changes["updated"]) == (5, 1)


def _force_deferred_checks() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    else:
        connection.check_constraints()


def test_an_observation_must_name_a_measure_that_exists(measures):
    """The database refuses an observation of no measure and the deletion of a measure that
    has observations, however they are written (on PostgreSQL with triggers that check a whole
    statement at once, on SQLite with the foreign key)."""
    from django.db import IntegrityError, connection, transaction

    hand = measures["hand_a"]
    Observation.objects.create(measure=hand, period=dt.date(2024, 1, 1), value=1)
    missing = hand.pk + 1000
    for sql, params in (
        (
            "INSERT INTO control_observation (measure_id, period, value, created_at, updated_at, "
            "version) VALUES (%s, '2024-01-08', 1, %s, %s, 1), (%s, '2024-01-15', 1, %s, %s, 1)",
            [hand.pk, dt.datetime.now(dt.UTC), dt.datetime.now(dt.UTC), missing,
             dt.datetime.now(dt.UTC), dt.datetime.now(dt.UTC)],
        ),
        ("UPDATE control_observation SET measure_id = %s", [missing]),
        ("DELETE FROM control_measure WHERE id = %s", [hand.pk]),
    ):  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
            _force_deferred_checks()
    assert Observation.objects.get().measure_id == hand.pk
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "control_observation")
    links = [c for c in constraints.values() if c["foreign_key"] == ("control_measure", "id")]
    assert len(links) == (0 if connection.vendor == "postgresql" else 1)
    moved = Observation.objects.get()
    moved.measure = measures["falls_b"]
    moved.save()
    assert Observation.objects.get().measure_id == measures["falls_b"].pk
    Observation.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM control_measure WHERE id = %s", [hand.pk])
    _force_deferred_checks()
