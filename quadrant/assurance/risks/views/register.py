"""The register (any unit and the units below it, filtered, paginated), its download and
the heat map of the same filters."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from quadrant.assurance.risks.filtersets import BAND_CHOICES, STATUS_CHOICES
from quadrant.assurance.risks.matrix import live_categories, matrix_or_defaults, threshold_of
from quadrant.assurance.risks.register import heat_map, with_bands
from quadrant.assurance.risks.views.common import RISKS_CRUMB, filtered_register
from quadrant.core.permissions import Capability, may, may_at
from quadrant.core.security import exported
from quadrant.core.views.generic import paginate, stream_csv

CSV_HEADER = [
    "Reference", "Title", "Unit", "Owner", "Category", "Likelihood", "Consequence", "Score",
    "Band", "Appetite", "Above appetite", "Status", "Escalated to", "Next review",
]  # fmt: skip


def _unit_context(request: HttpRequest, unit: Any) -> dict[str, Any]:
    if unit is None:
        return {}
    return {
        "unit": unit,
        "threshold": threshold_of(unit),
        "may_set_threshold": may_at(request.user, Capability.MANAGE_RISKS, unit),
    }


def _filter_context(request: HttpRequest, filters: Any) -> dict[str, Any]:
    cleaned = filters.form.cleaned_data if filters.is_valid() else {}
    return {
        "filters": filters,
        "categories": live_categories(),
        "band_choices": BAND_CHOICES,
        "status_choices": STATUS_CHOICES,
        "status": filters.data.get("status", ""),
        **_unit_context(request, cleaned.get("unit")),
    }


@login_required
def risk_register(request: HttpRequest) -> HttpResponse:
    filters = filtered_register(request)
    matrix = matrix_or_defaults()
    page = paginate(request, filters.qs)
    page.object_list = with_bands(page.object_list, matrix.bands)
    context = {
        **_filter_context(request, filters),
        "page": page,
        "may_add": may(request.user, Capability.MANAGE_RISKS),
        "may_configure": may(request.user, Capability.MANAGE_RISKS),
        "query": request.GET.urlencode(),
    }
    status = 400 if filters.form.errors else 200
    return render(request, "assurance/risks/register.html", context, status=status)


@login_required
def risk_heat_map(request: HttpRequest) -> HttpResponse:
    filters = filtered_register(request)
    matrix = matrix_or_defaults()
    base = filters.data.copy()
    for name in ("likelihood", "consequence", "page"):
        base.pop(name, None)
    rows, total = heat_map(filters.qs, matrix)
    context = {
        **_filter_context(request, filters),
        "rows": rows,
        "total": total,
        "consequence_words": list(enumerate(matrix.words("consequence"), start=1)),
        "bands": matrix.bands,
        "base_query": base.urlencode(),
        "breadcrumbs": [RISKS_CRUMB],
    }
    status = 400 if filters.form.errors else 200
    return render(request, "assurance/risks/heat_map.html", context, status=status)


@login_required
def risk_export(request: HttpRequest) -> StreamingHttpResponse:
    """The register's risks as asked (the same filters), one a row."""
    filters = filtered_register(request)
    bands = matrix_or_defaults().bands
    risks = with_bands(filters.qs, bands)
    rows = [
        [risk.reference, risk.title, risk.org_unit.name, str(risk.owner), risk.category.name,
         risk.current_likelihood, risk.current_consequence, risk.current_score,
         risk.band.label, risk.category.appetite,  # type: ignore[attr-defined]
         "yes" if risk.is_above_appetite else "no", risk.get_status_display(),
         risk.escalated_to.name if risk.escalated_to else "", risk.review_date.isoformat()]
        for risk in risks
    ]  # fmt: skip
    response = stream_csv("risk-register.csv", CSV_HEADER, rows)
    return exported(request, response, "risk register (CSV)", rows=len(rows))
