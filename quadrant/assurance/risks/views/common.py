"""Look-ups, breadcrumbs and the register's filters shared by the risk pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse_lazy

from quadrant.assurance.risks.filtersets import LIVE, RiskFilterSet
from quadrant.assurance.risks.models import Risk
from quadrant.assurance.risks.register import visible_risks
from quadrant.core.views.generic import VersionedUpdateView, visible_or_404

RISKS_CRUMB = {"label": "Risk register", "url": reverse_lazy("assurance:risks")}
RISK_QUERYSET = Risk.objects.select_related("org_unit", "owner", "category", "escalated_to",
                                            "escalated_by")  # fmt: skip


def risk_or_404(request: HttpRequest, pk: int) -> Risk:
    return visible_or_404(Risk, request.user, pk, RISK_QUERYSET, live=True, what="risk")  # type: ignore[no-any-return]


def risk_crumbs(risk: Risk) -> list[dict[str, Any]]:
    return [RISKS_CRUMB, {"label": str(risk), "url": risk.get_absolute_url()}]


def register_query(request: HttpRequest) -> QueryDict:
    """The register's filters as asked, open and tolerated risks unless a status is named."""
    query = request.GET.copy()
    if "status" not in query:
        query["status"] = LIVE
    return query


def filtered_register(request: HttpRequest) -> RiskFilterSet:
    return RiskFilterSet(register_query(request), queryset=visible_risks(request.user),
                         request=request)  # fmt: skip


class RiskFormView(VersionedUpdateView):
    """A versioned edit of the risk pages, on the shared form page; errors answer 400."""

    template_name = "core/form.html"

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response
