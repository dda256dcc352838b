"""Dates and numbers as people write them, read by the one reader every route uses: ISO,
01/04/2020 (day first unless the organisation says month first), 01-Apr-2020, Excel dates and
serial numbers; "1,234", "22.5%", " 17 ", "£1,200", and Excel cells formatted as percentages,
each stored on the measure's own scale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from quadrant.control.intake.importers.run import import_file
from quadrant.control.intake.tests.uploading import csv_text, upload
from quadrant.control.measures.models import Measure, Observation
from quadrant.organisation.models import OrganisationSettings

COLUMNS = {"measure": "measure", "period": "period", "value": "value"}


def run(path: Path, actor: Any, **kwargs: Any) -> Any:
    with path.open("rb") as handle:
        return import_file(
            handle, filename=path.name, columns=COLUMNS, actor=actor, source="test",
            route="file", **kwargs,
        )  # fmt: skip


def stored(code: str) -> dict[dt.date, float]:
    rows = Observation.objects.filter(measure__code=code).values_list("period", "value")
    return dict(rows)


@pytest.fixture
def scaled(org, people) -> dict[str, Measure]:
    """A monthly percentage (unit %) and a monthly proportion (0 to 1) on Ward A."""
    common = {"org_unit": org.ward_a, "chart_type": "xmr", "frequency": "month"}
    return {
        "percent": Measure.objects.create(code="PCT", name="Screened", unit_label="%", **common),
        "proportion": Measure.objects.create(code="PROP", name="Share", valid_max=1, **common),
        "count": Measure.objects.create(code="COST", name="Agency spend", unit_label="£", **common),
    }


def test_every_form_of_date_reads_as_the_same_month(people, scaled, write_csv, write_xlsx):
    csv_rows = [
        ["measure", "period", "value"],
        ["COST", "2020-01-01", 1],
        ["COST", "01/02/2020", 2],  # 1 February: day first
        ["COST", "01-Mar-2020", 3],
        ["COST", "1 April 2020", 4],
        ["COST", "43952", 5],  # Excel's serial for 1 May 2020, saved as text
    ]
    result = run(write_csv(csv_rows), people["analyst"])
    assert result.ok, [str(e) for e in result.errors]
    excel_rows = [
        ["measure", "period", "value"],
        ["COST", dt.datetime(2020, 6, 1), 6],  # a real Excel date cell
        ["COST", 44013, 7],  # a date cell formatted as a number: 1 July 2020
    ]
    result = run(write_xlsx(excel_rows), people["analyst"])
    assert result.ok, [str(e) for e in result.errors]
    assert stored("COST") == {dt.date(2020, month, 1): month for month in range(1, 8)}


def test_month_first_when_the_organisation_says_so(people, scaled, write_csv):
    OrganisationSettings.objects.update_or_create(pk=1, defaults={"dates_day_first": False})
    rows = [["measure", "period", "value"], ["COST", "02/01/2020", 1]]  # 1 February
    assert run(write_csv(rows), people["analyst"]).ok
    assert stored("COST") == {dt.date(2020, 2, 1): 1}


def test_a_date_that_is_no_date_either_way_is_named(people, scaled, write_csv):
    rows = [
        ["measure", "period", "value"],
        ["COST", "13/13/2020", 1],
        ["COST", "01/13/2020", 1],
        ["COST", "31-Foo-2020", 1],
        ["COST", "2020-02-01 09:30", 1],
    ]
    result = run(write_csv(rows), people["analyst"])
    assert [str(e) for e in result.errors] == [
        "Row 2, column period: “13/13/2020” is not a real date; write dates like 01/04/2020, "
        "01-Apr-2020 or 2020-04-01",
        "Row 3, column period: “01/13/2020” is not a real date read day first (the file may "
        "write dates month first)",
        "Row 4, column period: “Foo” is not the name of a month",
        "Row 5, column period: 2020-02-01 09:30 has a time of day; give the period's first day",
    ]
    assert not Observation.objects.exists()


@pytest.mark.parametrize(("second", "flagged"), [("01/03/2020", True), ("13/02/2020", False)])
def test_dates_that_read_both_ways_are_flagged_in_the_preview(client_for, scaled, second, flagged):
    client = client_for("manager")
    rows = [["measure", "period", "value"], ["COST", "01/02/2020", "1"], ["COST", second, "2"]]
    content = csv_text(rows).encode()
    page = client.get(upload(client, content)).content.decode()
    assert ("could be read day first or month first" in page) is flagged
    if flagged:
        assert "They are read day first (01/04/2020 is 1 April 2020)" in page
        assert "organisation settings" in page
        checked = client.post(upload(client, content), {**COLUMNS, "check": "1"})
        assert "every date could be read day first or month first" in checked.content.decode()


def test_numbers_as_people_type_them(people, scaled, write_csv):
    rows = [
        ["measure", "period", "value"],
        ["COST", "2024-01-01", "1,234"],
        ["COST", "2024-02-01", " 17 "],
        ["COST", "2024-03-01", "£1,200"],
        ["COST", "2024-04-01", "£1,200.50"],
        ["PCT", "2024-01-01", "22.5%"],
        ["PROP", "2024-01-01", "22.5%"],
    ]
    result = run(write_csv(rows), people["analyst"])
    assert result.ok, [str(e) for e in result.errors]
    assert list(stored("COST").values()) == [1234, 17, 1200, 1200.5]
    assert stored("PCT") == {dt.date(2024, 1, 1): 22.5}  # on the measure's own scale
    assert stored("PROP") == {dt.date(2024, 1, 1): 0.225}


def test_an_excel_percentage_cell_is_put_on_the_measures_scale(people, scaled, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["measure", "period", "value"])
    sheet.append(["PCT", "2024-01-01", 0.225])
    sheet.append(["PROP", "2024-01-01", 0.225])
    sheet.append(["PCT", "2024-02-01", 0.5])  # typed 0.5, not formatted: 0.5 on a % measure
    for cell in ("C2", "C3"):
        sheet[cell].number_format = "0.0%"
    path = tmp_path / "percent.xlsx"
    book.save(path)
    result = run(path, people["analyst"])
    assert result.ok, [str(e) for e in result.errors]
    assert stored("PCT") == {dt.date(2024, 1, 1): 22.5, dt.date(2024, 2, 1): 0.5}
    assert stored("PROP") == {dt.date(2024, 1, 1): 0.225}


def test_numbers_that_are_not_numbers_are_named(people, scaled, measures, write_csv):
    rows = [
        ["measure", "period", "value", "numerator", "denominator"],
        ["COST", "2024-01-01", "1,23", "", ""],
        ["COST", "2024-02-01", "twelve", "", ""],
        ["FALLS-A", "2024-01-01", "", "10%", "100"],
    ]
    columns = {name: name for name in rows[0]}
    with write_csv(rows).open("rb") as handle:
        result = import_file(
            handle, filename="x.csv", columns=columns, actor=people["analyst"], source="t",
            route="file",
        )  # fmt: skip
    assert [str(e) for e in result.errors] == [
        "Row 2, column value: “1,23” is not a number (commas may only separate thousands, "
        "like 1,234)",
        "Row 3, column value: “twelve” is not a number",
        "Row 4, column numerator: the numerator must be a count, not a percentage",
    ]
    assert not Observation.objects.exists()


def test_an_administrator_sets_the_order_of_dates_on_the_settings_page(
    client_for, people, scaled, write_csv
):
    form = {"name": "Northshire NHS Trust", "qms_name": "Quadrant", "version": 1}
    page = client_for("admin").get("/units/settings/").content.decode()
    assert "Dates in files are day first" in page
    assert client_for("manager").post("/units/settings/", form).status_code in (403, 404)
    assert OrganisationSettings.current().dates_day_first  # the manager changed nothing
    assert client_for("admin").post("/units/settings/", form).status_code == 302  # unticked
    assert not OrganisationSettings.current().dates_day_first
    rows = [["measure", "period", "value"], ["COST", "02/01/2020", 1]]
    assert run(write_csv(rows), people["analyst"]).ok
    assert stored("COST") == {dt.date(2020, 2, 1): 1}  # 02/01/2020 month first: 1 February
