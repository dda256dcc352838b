"""The frameworks list and a framework's page (its groups, standards and coverage)."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.assurance.standards.access import manages_standards
from quadrant.assurance.standards.coverage import coverage_of, live_mappings, live_standards
from quadrant.assurance.standards.models import Framework
from quadrant.assurance.standards.views.common import STANDARDS_CRUMB, framework_or_404
from quadrant.core.permissions import Capability, restrict


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = list(
        restrict(Framework.objects.all(), request.user, Capability.VIEW).filter(
            archived_at__isnull=True
        )
    )
    context = {
        "coverage": coverage_of(frameworks, request.user),
        "may_manage": manages_standards(request.user),
    }
    return render(request, "assurance/standards/framework_list.html", context)


@login_required
def framework_detail(request: HttpRequest, code: str) -> HttpResponse:
    framework = framework_or_404(request.user, code)
    standards = live_standards().filter(framework=framework).select_related("group")
    mapped = dict(
        live_mappings()
        .filter(external__framework=framework)
        .values_list("external_id", "internal__code")
    )
    based: dict[int, int] = {}
    for internal_id in (
        live_mappings().filter(internal__framework=framework).values_list("internal_id", flat=True)
    ):
        based[internal_id] = based.get(internal_id, 0) + 1
    rows: list[dict[str, Any]] = [
        {"standard": s, "mapped_to": mapped.get(s.pk), "basis": based.get(s.pk, 0)}
        for s in standards
    ]
    groups = [(group, list(items)) for group, items in groupby(rows, lambda r: r["standard"].group)]
    context = {
        "framework": framework,
        "groups": groups,
        "categories": framework.evidence_categories.filter(archived_at__isnull=True),
        "coverage": coverage_of([framework], request.user)[0],
        "may_manage": manages_standards(request.user),
        "breadcrumbs": [STANDARDS_CRUMB],
    }
    return render(request, "assurance/standards/framework_detail.html", context)
