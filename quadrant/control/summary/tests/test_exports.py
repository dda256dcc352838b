"""The summary's downloads fit for a board paper: the Excel workbook carries each measure's
unit of measure, values rounded to the measure's precision (shown by the cells' number
format), real Excel dates and a filter over the table; the CSV keeps the stored values."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from quadrant.control.measures.models import Measure
from quadrant.control.summary.precision import decimals_of, excel_format
from quadrant.control.testing.insight import STABLE, months

pytestmark = pytest.mark.django_db
LOS_VALUES = [6.5 + (value - 10) / 4 for value in STABLE[:-1]] + [6.127]


@pytest.fixture
def length_of_stay(org: Any, load: Any) -> Measure:
    """Length of stay on Ward A in days, recorded to two decimal places, the latest to three."""
    measure = Measure.objects.create(
        code="LOS-A", name="Length of stay, Ward A", org_unit=org.ward_a, chart_type="xmr",
        frequency="month", direction="decrease", unit_label="days",
    )  # fmt: skip
    load(measure, LOS_VALUES)
    return measure


def _workbook_rows(client: Any, query: str = "unit=TRUST") -> tuple[Any, dict[str, tuple[Any]]]:
    response = client.get(f"/control/summary/export.xlsx?{query}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    return sheet, rows


def test_the_excel_summary_has_units_rounding_dates_and_a_filter(
    trust_measures: dict[str, Any], length_of_stay: Measure, client_for: Any
) -> None:
    sheet, rows = _workbook_rows(client_for("board"))
    header = [cell.value for cell in sheet[1]]
    assert header[3:8] == [
        "Organisation unit", "Latest period", "Value", "Target", "Unit of measure",
    ]  # fmt: skip
    assert sheet.auto_filter.ref == f"A1:L{len(rows) + 1}" and sheet.freeze_panes == "A2"
    assert set(rows) == {"FALLS-W", "HH-A2", "WAIT-B", "LOS-A"}

    los = rows["LOS-A"]
    period = los[4]
    assert period.is_date and period.number_format == "dd/mm/yyyy"
    assert period.value.date() == months(len(LOS_VALUES))[-1]  # a date, not the text of one
    assert los[5].value == 6.13 and los[5].number_format == "#,##0.00"  # 6.127, to 2 places
    assert los[7].value == "days"

    hygiene = rows["HH-A2"]
    assert hygiene[7].value == "%" and hygiene[5].number_format == "#,##0"
    assert hygiene[6].value == 50 and hygiene[6].number_format == "#,##0"
    assert isinstance(rows["FALLS-W"][5].value, int | float)


def test_the_csv_keeps_the_stored_value_and_names_the_unit_of_measure(
    trust_measures: dict[str, Any], length_of_stay: Measure, client_for: Any
) -> None:
    response = client_for("board").get("/control/summary/export.csv?unit=WARDA")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["Code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["LOS-A"]["Value"] == "6.127" and rows["LOS-A"]["Unit of measure"] == "days"
    assert rows["LOS-A"]["Latest period"] == months(len(LOS_VALUES))[-1].isoformat()


def test_a_manager_of_another_ward_gets_no_workbook_of_ward_a(
    trust_measures: dict[str, Any], client_for: Any
) -> None:
    assert client_for("manager2").get("/control/summary/export.xlsx?unit=WARDA").status_code == 404
    _, rows = _workbook_rows(client_for("manager2"), "")
    assert set(rows) == {"WAIT-B"}  # their own ward's measure, nothing of Ward A


@pytest.mark.parametrize(
    ("value", "places"), [(620.0, 0), (6.5, 1), (6.25, 2), (33.333333, 2), (0.1 + 0.2, 1)]
)
def test_a_values_decimal_places(value: float, places: int) -> None:
    assert decimals_of(value) == places


def test_the_excel_format_shows_the_places() -> None:
    assert [excel_format(n) for n in (0, 1, 2)] == ["#,##0", "#,##0.0", "#,##0.00"]
