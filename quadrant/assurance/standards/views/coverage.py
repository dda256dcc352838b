"""The coverage of the consolidation map: counts per framework, the external standards not yet
mapped and the internal standards with no external basis."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.assurance.standards.coverage import (
    coverage_of,
    internal_without_basis,
    unmapped_external,
)
from quadrant.assurance.standards.models import Framework
from quadrant.assurance.standards.views.common import STANDARDS_CRUMB
from quadrant.core.permissions import Capability, restrict
from quadrant.core.views.generic import paginate


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    frameworks = list(
        restrict(Framework.objects.all(), request.user, Capability.VIEW).filter(
            archived_at__isnull=True
        )
    )
    context = {
        "coverage": coverage_of(frameworks, request.user),
        "unmapped": paginate(request, unmapped_external()),
        "without_basis": list(internal_without_basis()[:500]),
        "breadcrumbs": [STANDARDS_CRUMB],
    }
    return render(request, "assurance/standards/coverage.html", context)
