"""The compliance pages: the matrix of a framework's standards × a unit and the units below
it (`/assurance/compliance/`), and one standard on one unit, opened (its runs, failed
questions and SPC trend)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, reverse_lazy

from quadrant.assurance.compliance.cell import cell_detail
from quadrant.assurance.compliance.matrix import build_matrix, default_unit, readable_units
from quadrant.assurance.compliance.query import ComplianceQuery, frameworks_for
from quadrant.assurance.compliance.rule import RULE_SUMMARY, TREND_SUMMARY
from quadrant.assurance.standards.views.common import standard_or_404
from quadrant.core.security import log_hidden_denial
from quadrant.organisation.models import OrgUnit

COMPLIANCE_CRUMB = {"label": "Compliance", "url": reverse_lazy("assurance:compliance")}


@login_required
def compliance_matrix(request: HttpRequest) -> HttpResponse:
    query = ComplianceQuery(request.GET, user=request.user)
    context: dict[str, Any] = {
        "form": query,
        "rule": RULE_SUMMARY,
        "trend_rule": TREND_SUMMARY,
        "frameworks": list(frameworks_for(request.user).order_by("title", "pk")),
    }
    if not query.is_valid():
        return render(request, "assurance/compliance/matrix.html", context, status=400)
    framework = query.cleaned_data["framework"]
    unit = query.cleaned_data["unit"] or default_unit(request.user)
    if framework is not None:
        context["matrix"] = build_matrix(framework, unit, request.user)
    context["framework"] = framework
    return render(request, "assurance/compliance/matrix.html", context)


def readable_unit_or_404(user: Any, code: str) -> OrgUnit:
    unit: OrgUnit | None = readable_units(user).filter(code=code).first()
    if unit is None:
        log_hidden_denial(user, OrgUnit, code=code)
        raise Http404("No such unit, or you may not see it.")
    return unit


@login_required
def compliance_cell(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    standard = standard_or_404(request.user, pk)
    unit = readable_unit_or_404(request.user, unit_code)
    matrix_url = reverse("assurance:compliance") + f"?framework={standard.framework.code}"
    context = {
        "detail": cell_detail(standard, unit),
        "rule": RULE_SUMMARY,
        "trend_rule": TREND_SUMMARY,
        "breadcrumbs": [COMPLIANCE_CRUMB, {"label": standard.framework.title,
                                           "url": f"{matrix_url}&unit={unit.code}"}],
    }  # fmt: skip
    return render(request, "assurance/compliance/cell.html", context)
