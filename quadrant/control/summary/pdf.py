"""The summary matrix as an A4 PDF for a board paper: the variation × assurance grid, the
counts by unit and the measures the filters show, those needing attention first, with their
icons and latest value and target written to each measure's decimal places.

A big unit's PDF lists at most MOST_ROWS measures: laying out a table row costs the renderer
about 10 ms, so the 3,000 measures of a large trust would take a minute and 275 pages. The
grid and the counts still count every measure, and the Excel download lists them all."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from quadrant.control.summary import matrix
from quadrant.control.summary.icons import VARIATION, label, standalone
from quadrant.control.summary.precision import measure_decimals, number_text
from quadrant.control.summary.render import day_text
from quadrant.control.summary.views import UNIT_COLUMNS, filters_from
from quadrant.core.security import exported
from quadrant.core.views.pdf import pdf_response, svg_data_url

MOST_ROWS = 200  # about fifteen pages: a board paper's worth, printed in a few seconds


@cache
def icon_picture(code: str, size: int = 24) -> dict[str, str]:
    """A Making Data Count icon as a picture for a PDF and the words it stands for (one
    data: URL a code, so the renderer decodes each icon once however many rows show it)."""
    kind = "Variation" if code in VARIATION else "Assurance"
    return {
        "src": svg_data_url(standalone(code, size)),
        "label": label(code),
        "alt": f"{kind} icon",
    }


def with_unit(value: float | None, places: int, unit: str) -> str:
    """A value as the PDF writes it: "95.0%", "6.5 days", "–" for none."""
    if value is None:
        return "–"
    text = number_text(value, places)
    return f"{text}%" if unit == "%" else f"{text} {unit}".strip()


def filters_text(filters: matrix.Filters) -> str:
    """The filters in words: "in Safe, variation: special cause of concern"."""
    parts = [f"in {filters.domain}"] if filters.domain else []
    for name in ("variation", "assurance"):
        key = getattr(filters, name)
        if key:
            parts.append(f"{name}: {matrix.FILTER_LABELS[name][key].lower()}")
    return ", ".join(parts)


def pdf_row(row: dict[str, Any], places: int) -> dict[str, Any]:
    variation, assurance = row["status__variation_icon"], row["status__assurance_icon"]
    return {
        "name": row["name"],
        "code": row["code"],
        "unit": row["org_unit__name"],
        "period": day_text(row["status__latest_period"]),
        "stale_text": row["stale_text"],
        "value": with_unit(row["status__latest_value"], places, row["unit_label"]),
        "target": with_unit(row["status__target"], places, row["unit_label"]),
        "variation": icon_picture(variation) if variation else None,
        "assurance": icon_picture(assurance) if assurance else None,
    }


@login_required
def summary_pdf(request: HttpRequest) -> HttpResponse:
    """The summary page as a PDF, with the same unit and filters and the same scope."""
    filters = filters_from(request)
    built = matrix.build(request.user, filters)
    listed = built.rows[:MOST_ROWS]
    places = measure_decimals([row["id"] for row in listed])
    context = {
        "summary": built,
        "filters": filters,
        "unit_columns": UNIT_COLUMNS,
        "columns": matrix.VARIATION_COLUMNS,
        "filters_text": filters_text(filters),
        "groups": [
            (domain, [pdf_row(row, places.get(row["id"], 0)) for row in rows])
            for domain, rows in matrix.by_domain(listed)
        ],
        "listed": len(listed),
        "left_out": built.shown - len(listed),
    }
    response = pdf_response(
        request, "control/summary_pdf.html", context,
        title=f"Summary of measures: {filters.unit.name}",
        filename=f"summary-{filters.unit.code}.pdf",
    )  # fmt: skip
    return exported(request, response, "summary PDF", rows=len(listed), filters=filters.as_query())
