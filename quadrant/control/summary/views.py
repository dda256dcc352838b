"""The MDC summary matrix page and its CSV and Excel exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.control.summary import exports, matrix
from quadrant.control.summary.render import rows_html
from quadrant.core.permissions import Capability, units_where, visible_units
from quadrant.core.security import exported
from quadrant.core.views.generic import paginate, stream_csv

PAGE_SIZE = 50  # measure rows a page: a trust-wide summary stays a small page
UNIT_COLUMNS = [(key, text) for key, text, _ in matrix.VARIATION_COLUMNS]


def _top_unit(user: Any) -> Any:
    unit = units_where(user, Capability.VIEW).order_by("depth", "path").first()
    if unit is None:
        raise Http404("You do not hold a role at any unit, so there is no summary to show.")
    return unit


def filters_from(request: HttpRequest) -> matrix.Filters:
    code = request.GET.get("unit", "")
    if code:
        unit = visible_units(request.user).filter(code=code).first()
        if unit is None:
            raise Http404(f"There is no unit {code} that you may see.")
    else:
        unit = _top_unit(request.user)
    return matrix.Filters(
        unit=unit,
        domain=request.GET.get("domain", ""),
        variation=request.GET.get("variation", "")
        if request.GET.get("variation") in matrix.VARIATION_FILTERS
        else "",
        assurance=request.GET.get("assurance", "")
        if request.GET.get("assurance") in matrix.ASSURANCE_FILTERS
        else "",
    )


@login_required
def summary_matrix(request: HttpRequest) -> HttpResponse:
    """Every measure of a unit's subtree with its icons, "needs attention" first."""
    filters = filters_from(request)
    built = matrix.build(request.user, filters)
    page = paginate(request, built.rows, per_page=PAGE_SIZE)
    context = {
        "summary": built,
        "page": page,
        "groups": [
            (domain, rows_html(rows)) for domain, rows in matrix.by_domain(list(page.object_list))
        ],
        "unit_columns": UNIT_COLUMNS,
        "filters": filters,
        "variation_choices": matrix.FILTER_LABELS["variation"],
        "assurance_choices": matrix.FILTER_LABELS["assurance"],
        "columns": matrix.VARIATION_COLUMNS,
        "export_query": filters.as_query(),
        "breadcrumbs": [{"label": filters.unit.name, "url": filters.unit.get_absolute_url()}],
    }
    return render(request, "control/summary.html", context)


def _export_rows(request: HttpRequest) -> tuple[matrix.Filters, list[dict[str, Any]]]:
    filters = filters_from(request)
    return filters, matrix.rows(request.user, filters)


@login_required
def summary_csv(request: HttpRequest) -> Any:
    filters, rows = _export_rows(request)
    response = stream_csv(
        f"summary-{filters.unit.code}.csv", exports.HEADER, exports.csv_rows(rows)
    )
    return exported(request, response, "summary CSV", rows=len(rows), filters=filters.as_query())


@login_required
def summary_xlsx(request: HttpRequest) -> HttpResponse:
    """The same rows as an Excel workbook (see `exports.workbook_bytes`)."""
    filters, rows = _export_rows(request)
    response = HttpResponse(
        exports.workbook_bytes(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="summary-{filters.unit.code}.xlsx"'
    return exported(request, response, "summary Excel", rows=len(rows), filters=filters.as_query())
