"""The summary's downloads as rows: the CSV's (values as stored, for machines) and the Excel
workbook's (values rounded to each measure's precision, real dates, a filter on every column)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from quadrant.control.summary.icons import label
from quadrant.control.summary.precision import excel_format, measure_decimals, rounded

HEADER = [
    "Domain", "Code", "Measure", "Organisation unit", "Latest period", "Value", "Target",
    "Unit of measure", "Variation", "Assurance", "Reading", "New data",
]  # fmt: skip
WIDTHS = (16, 14, 40, 24, 12, 10, 10, 18, 40, 40, 60, 30)
DATE_COLUMN, VALUE_COLUMN, TARGET_COLUMN = 5, 6, 7  # 1-based, as Excel counts
EXCEL_DATE = "dd/mm/yyyy"


def _icon_text(code: str | None) -> str:
    return label(code) if code else ""


def export_row(row: dict[str, Any], value: float | None, target: float | None) -> list[Any]:
    """One matrix row as the export's columns, with VALUE and TARGET as given."""
    return [
        row["domain"], row["code"], row["name"], row["org_unit__name"],
        row["status__latest_period"], value, target, row["unit_label"],
        _icon_text(row["status__variation_icon"]), _icon_text(row["status__assurance_icon"]),
        row["status__reading"] or "", row["stale_text"],
    ]  # fmt: skip


def csv_rows(rows: list[dict[str, Any]]) -> Iterable[list[Any]]:
    """The CSV's rows: values as stored, so a machine reads the one answer every page gives."""
    for row in rows:
        yield export_row(row, row["status__latest_value"], row["status__target"])


def _style_numbers(cells: tuple[Any, ...], places: int) -> None:
    cells[DATE_COLUMN - 1].number_format = EXCEL_DATE
    for column in (VALUE_COLUMN, TARGET_COLUMN):
        cells[column - 1].number_format = excel_format(places)


def workbook_bytes(rows: list[dict[str, Any]]) -> bytes:
    """The rows as an Excel workbook: one sheet, header frozen and filtered, dates as Excel
    dates (dd/mm/yyyy), values and targets rounded to each measure's decimal places."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    places = measure_decimals([row["id"] for row in rows])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Summary"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        decimals = places.get(row["id"], 0)
        sheet.append(
            export_row(
                row,
                rounded(row["status__latest_value"], decimals),
                rounded(row["status__target"], decimals),
            )
        )
        _style_numbers(sheet[number], decimals)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
