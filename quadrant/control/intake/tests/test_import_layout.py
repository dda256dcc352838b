"""Files as they come out of trust systems: report titles above the table (the header row is
guessed, can be chosen, and is remembered with the mapping), formulas never calculated, rows
for the same period (refused, or added up or averaged when asked), zero denominators (that
row left out with a warning)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from quadrant.control.intake.importers.run import import_file
from quadrant.control.intake.models import ColumnMapping, DataImport
from quadrant.control.intake.tests.uploading import csv_text, upload
from quadrant.control.measures.models import Observation

TITLED = [
    ["Ward returns: hand hygiene"],
    ["Printed 03/12/2026 by the information team"],
    [],
    ["Code", "Week", "Rate"],
    ["HH-A", "2024-01-01", "97"],
    ["HH-A", "2024-01-08", "x"],
]
MAPPING = {"measure": "Code", "period": "Week", "value": "Rate"}


def csv_bytes(rows: list[list[str]]) -> bytes:
    return csv_text(rows).encode()


def test_the_header_row_below_a_title_is_found_and_rows_are_numbered_as_in_the_file(
    client_for, measures
):
    client = client_for("manager")
    url = upload(client, csv_bytes(TITLED))
    record = DataImport.objects.get()
    assert record.counts["header_row"] == 4 and record.counts["header"] == ["Code", "Week", "Rate"]
    assert record.columns == {"measure": "Code", "period": "Week", "value": "Rate"}
    assert "the column headings are on row 4" in client.get(url).content.decode()
    checked = client.post(url, {**MAPPING, "check": "1"}).content.decode()
    assert "Row 6, column “Rate”: “x” is not a number" in checked


def test_the_chosen_header_row_is_remembered_with_the_mapping(client_for, org, measures):
    """A title as wide as the table fools the guess; the person says row 4, and the next file
    from the same source and unit is read from row 4 without asking."""
    rows = [["Hand hygiene", "Ward A", "weekly"], *TITLED[1:5]]
    client = client_for("manager")
    url = upload(client, csv_bytes(rows), source="Ward returns")
    assert DataImport.objects.get().counts["header_row"] == 1  # the title looked like headings
    assert (
        client.post(url, {"encoding": "utf-8", "header_row": "4", "reread": "1"}).status_code == 302
    )
    assert client.post(url, {**MAPPING, "check": "1"}).status_code == 200
    assert ColumnMapping.objects.get().columns == {**MAPPING, "header_row": 4}
    second = upload(client, csv_bytes(rows), source="Ward returns")
    record = DataImport.objects.get(pk=int(second.rstrip("/").split("/")[-1]))
    assert record.counts["header_row"] == 4 and record.columns == MAPPING


def test_a_header_row_past_the_end_of_the_file_is_refused(client_for, measures):
    client = client_for("manager")
    url = upload(client, csv_bytes(TITLED))
    refused = client.post(url, {"encoding": "utf-8", "header_row": "40", "reread": "1"})
    assert refused.status_code == 400
    assert "Row 40: the file is empty: it has no header row" in refused.content.decode()
    bad = client.post(url, {"encoding": "utf-8", "header_row": "0", "reread": "1"})
    assert "Row with the column headings must be 1 or more" in bad.content.decode()
    assert DataImport.objects.get().counts["header_row"] == 4


def run(path: Path, actor: Any, columns: dict[str, str], **kwargs: Any) -> Any:
    with path.open("rb") as handle:
        return import_file(
            handle, filename=path.name, columns=columns, actor=actor, source="test",
            route="file", **kwargs,
        )  # fmt: skip


def test_a_formula_never_calculated_is_named_per_cell(people, measures, write_xlsx):
    path = write_xlsx(
        [
            ["Code", "Week", "Rate"],
            ["HH-A", "2024-01-01", 96],
            ["HH-A", "2024-01-08", "=C2+1"],  # openpyxl saves formulas without their values
            ["HH-A", "=DATE(2024,1,15)", 97],
        ]
    )
    result = run(path, people["analyst"], MAPPING)
    assert [error.shown(MAPPING) for error in result.errors] == [
        "Row 3, column “Rate”: formula not calculated — open and save the file in Excel",
        "Row 4, column “Week”: formula not calculated — open and save the file in Excel",
    ]
    assert not Observation.objects.exists()


DUPLICATED = [
    ["measure", "period", "value", "numerator", "denominator"],
    ["HH-A", "2024-01-01", "90", "", ""],
    ["HH-A", "2024-01-01", "96", "", ""],
    ["FALLS-A", "2024-01-01", "", "2", "1000"],
    ["FALLS-A", "2024-01-01", "", "4", "1000"],
]
ALL_COLUMNS = {name: name for name in DUPLICATED[0]}


@pytest.mark.parametrize(
    ("aggregate", "hand_hygiene", "falls"),
    [("sum", 186, (6, 2000)), ("mean", 93, (3, 1000))],
)
def test_rows_for_the_same_period_are_combined_when_asked(
    people, measures, write_csv, aggregate, hand_hygiene, falls
):
    result = run(write_csv(DUPLICATED), people["analyst"], ALL_COLUMNS, aggregate=aggregate)
    assert result.ok and result.created == 2, [str(e) for e in result.errors]
    january = dt.date(2024, 1, 1)
    assert Observation.objects.get(measure__code="HH-A", period=january).value == hand_hygiene
    fall = Observation.objects.get(measure__code="FALLS-A", period=january)
    assert (fall.numerator, fall.denominator) == falls
    assert fall.value == pytest.approx(3.0)  # 6 / 2,000 × 1,000 either way


def test_rows_for_the_same_period_are_refused_unless_asked(people, measures, write_csv):
    result = run(write_csv(DUPLICATED), people["analyst"], ALL_COLUMNS)
    assert [str(e) for e in result.errors] == [
        "Row 3, column period: HH-A has the period 2024-01-01 twice (also in row 2); to add up "
        "or average such rows, choose how to combine them",
        "Row 5, column period: FALLS-A has the period 2024-01-01 twice (also in row 4); to add "
        "up or average such rows, choose how to combine them",
    ]
    assert not Observation.objects.exists()


def test_the_aggregate_chosen_on_the_page_is_used_by_the_import(client_for, measures):
    client = client_for("manager")
    url = upload(client, csv_bytes(DUPLICATED))
    done = client.post(url, {**ALL_COLUMNS, "aggregate": "sum", "import": "1"})
    assert done.status_code == 302
    assert Observation.objects.get(measure__code="HH-A").value == 186
    refused = client.post(
        upload(client, csv_bytes(DUPLICATED)), {**ALL_COLUMNS, "aggregate": "max"}
    )
    assert "Select a valid choice" in refused.content.decode()


def test_a_zero_denominator_leaves_that_row_out_with_a_warning(client_for, measures):
    rows = [
        ["measure", "period", "value", "numerator", "den"],
        ["FALLS-A", "2024-01-01", "", "2", "1000"],
        ["FALLS-A", "2024-02-01", "", "0", "0"],
        ["FALLS-A", "2024-03-01", "", "3", "1000"],
    ]
    columns = {**{name: name for name in rows[0][:4]}, "denominator": "den"}
    client = client_for("manager")
    url = upload(client, csv_bytes(rows))
    checked = client.post(url, {**columns, "check": "1"}).content.decode()
    assert "Row 3, column “den”: the denominator is 0, so this row is left out" in checked
    imported = client.post(url, {**columns, "import": "1"}, follow=True).content.decode()
    assert "the denominator is 0, so this row is left out" in imported  # shown after, too
    periods = Observation.objects.values_list("period", flat=True).order_by("period")
    assert list(periods) == [dt.date(2024, 1, 1), dt.date(2024, 3, 1)]
    assert DataImport.objects.get().counts["warnings"][0]["row"] == 3


def test_the_background_job_reads_the_file_as_its_preview_did(
    client_for, measures, django_capture_on_commit_callbacks
):
    """A file too big to import inline: the job uses the encoding, the header row and the
    choice of combining that the page showed and kept."""
    rows = [["Hand hygiene – Ward A £"], ["Code", "Week", "Rate"]]
    for week in range(5_001):
        monday = dt.date(1930, 1, 6) + dt.timedelta(weeks=week)
        rows.append(["HH-A", monday.strftime("%d/%m/%Y"), "45"])
    rows.append(["HH-A", "06/01/1930", "45"])  # the first week twice: added up
    client = client_for("analyst")
    url = upload(client, csv_text(rows).encode("cp1252"))
    assert DataImport.objects.get().counts["encoding"] == "cp1252"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**MAPPING, "aggregate": "sum", "import": "1"})
    assert response.status_code == 302
    assert DataImport.objects.get().job is not None
    assert Observation.objects.count() == 5_001
    assert Observation.objects.get(period=dt.date(1930, 1, 6)).value == 90


def test_a_data_row_wider_than_the_headings_does_not_make_the_title_the_header():
    """An unquoted "1,234" splits a data row in two: the widest row is then a data row, and
    the headings are still the first row of words, not the report's title above them."""
    from quadrant.control.intake.importers.files import guess_header_row

    top = [
        ["Ward 7 monthly report"],
        [],
        ["Measure code", "Month", "Rate"],
        ["W07-FALLS", "01/04/2026", "1", "234"],
        ["W07-FALLS", "01/05/2026", "17"],
    ]
    assert guess_header_row(top) == 3
