"""The BAF for the board paper as an Excel workbook: one sheet of the principal risks (a row
each, as the board page), one of their evidence (a row per source of assurance), one of the
themes of their safety events. The same function writes the live BAF and a frozen quarter."""

from __future__ import annotations

import io
from typing import Any

RISK_HEADER = [
    "Reference", "Principal risk", "Strategic aim", "Goal", "Committee", "Owner", "Category",
    "Current score", "Current band", "Target score", "Target band", "Appetite",
    "Above appetite", "Key controls", "Gaps in control", "Gaps in assurance", "Live actions",
    "Overdue actions", "Events of its themes this quarter", "The quarter before",
]  # fmt: skip
EVIDENCE_HEADER = [
    "Reference", "Line of assurance", "Level", "Kind", "Source", "Variation", "Assurance",
    "Latest period", "Compliance (%)", "Pass threshold (%)", "Signed-off runs", "Document",
]  # fmt: skip
THEME_HEADER = ["Reference", "Theme", "This quarter", "The quarter before", "Change"]


def risk_row(row: dict[str, Any]) -> list[Any]:
    return [
        row["reference"], row["title"], row["aim"], row["goal"], row["committee"], row["owner"],
        row["category"], row["current"]["score"], row["current"]["band_label"],
        row["target"]["score"], row["target"]["band_label"], row["appetite"],
        "Yes" if row["above_appetite"] else "No", "\n".join(row["controls"]),
        "\n".join(row["gaps_in_control"]), "\n".join(row["gaps_in_assurance"]),
        len(row["actions"]), row["overdue_actions"], row["events"].get("current", 0),
        row["events"].get("previous", 0),
    ]  # fmt: skip


KIND_LABELS = {"measure": "Measure", "audit": "Audit", "document": "Document"}


def _source_cells(source: dict[str, Any]) -> list[Any]:
    """The columns after the source's title, by its kind (blank where they do not apply)."""
    if source["kind"] == "measure":
        return [source.get("variation_text", ""), source.get("assurance_text", ""),
                source.get("latest_label", ""), None, None, None, ""]  # fmt: skip
    if source["kind"] == "audit":
        return ["", "", source.get("month_label", ""), source.get("compliance"),
                source.get("threshold"), source.get("runs"), ""]  # fmt: skip
    return ["", "", "", None, None, None, source.get("status_text", "")]


def evidence_rows(row: dict[str, Any]) -> list[list[Any]]:
    return [
        [row["reference"], line["label"], source["level_label"],
         KIND_LABELS.get(source["kind"], source["kind"]), source["title"], *_source_cells(source)]
        for line in row["lines"] for source in line["sources"]
    ]  # fmt: skip


def _sheet(
    workbook: Any, title: str, header: list[str], rows: list[list[Any]], first: bool
) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 22


def workbook_bytes(document: dict[str, Any]) -> bytes:
    """DOCUMENT (a live BAF or a snapshot) as an .xlsx file."""
    from openpyxl import Workbook

    workbook = Workbook()
    rows = document["rows"]
    _sheet(workbook, "Principal risks", RISK_HEADER, [risk_row(row) for row in rows], True)
    evidence = [line for row in rows for line in evidence_rows(row)]
    _sheet(workbook, "Evidence", EVIDENCE_HEADER, evidence, False)
    themes = [[row["reference"], theme["label"], theme["current"], theme["previous"],
               theme["change_text"]] for row in rows for theme in row["themes"]]  # fmt: skip
    _sheet(workbook, "Themes of events", THEME_HEADER, themes, False)
    workbook.properties.title = f"Board assurance framework {document['quarter']}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
