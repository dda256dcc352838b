"""A measure's page as an A4 PDF for a board paper: the reading, icons, the chart drawn as
SVG (the range and layers the page shows), the definition and the data of the periods drawn."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from quadrant.control.charts import describe
from quadrant.control.charts.description import window
from quadrant.control.charts.views import chart_options, standalone_chart
from quadrant.control.measures.views import visible
from quadrant.control.summary.pdf import icon_picture
from quadrant.control.summary.precision import decimals_of, decimals_of_values, number_text
from quadrant.core.security import exported
from quadrant.core.views.pdf import pdf_response, svg_data_url


def data_rows(description: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """The periods drawn, newest first, their values written to the data's decimal places;
    numerator and denominator columns only when some period has them."""
    points = description["points"][start:end]
    places = decimals_of_values(point["value"] for point in points)
    counts = any(p["numerator"] is not None or p["denominator"] is not None for p in points)
    rows = [
        {
            "period": point["label"],
            "value": number_text(point["value"], places),
            "numerator": _count(point["numerator"]),
            "denominator": _count(point["denominator"]),
            "kind": point["type_label"],
        }
        for point in reversed(points)
    ]
    return {"rows": rows, "counts": counts}


def _count(value: float | None) -> str:
    return number_text(value, 0 if value is None else decimals_of(value))


@login_required
def measure_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The measure page as a PDF: who may see the page may print it, anyone else gets the
    page's own 404."""
    measure = visible(request, code)
    options = chart_options(request)
    description = describe(measure)
    start, end = window(description, options["range"])
    chart = standalone_chart(description, options)
    context = {
        "measure": measure,
        "description": description,
        "chart_src": svg_data_url(chart),
        "icons": [
            icon_picture(icon, 40)
            for icon in (description["variation_icon"], description["assurance_icon"])
            if icon
        ],
        "targets": measure.targets.all(),
        "data": data_rows(description, start, end),
    }
    response = pdf_response(
        request, "control/measure_pdf.html", context,
        title=f"{measure.name} ({measure.code})", filename=f"{measure.code}.pdf",
    )  # fmt: skip
    return exported(request, response, f"measure {measure.code} PDF", rows=end - start)
