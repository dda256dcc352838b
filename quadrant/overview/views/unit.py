"""A unit's page: where it sits in the tree, who manages it, and what each component shows
for it (its goals, measures, projects, actions…), from the sections the components register."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.core.permissions import Capability, may, may_at
from quadrant.core.views.history import history_url
from quadrant.organisation.models import Membership
from quadrant.organisation.views import UNITS_CRUMB, unit_or_404


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_or_404(request.user, code)
    can_view_subtree = may_at(request.user, Capability.VIEW, unit)
    ancestors = list(unit.ancestors())
    children = list(unit.children.filter(active=True)) if can_view_subtree else []
    managers = (
        Membership.objects.filter(
            org_unit__in=[unit, *ancestors], role="manager", archived_at__isnull=True
        ).select_related("person", "org_unit")
        if can_view_subtree
        else []
    )
    breadcrumbs = [UNITS_CRUMB] + [
        {"label": a.name, "url": a.get_absolute_url()} for a in ancestors
    ]
    return render(
        request,
        "overview/unit.html",
        {
            "unit": unit,
            "children": children,
            "managers": managers,
            "breadcrumbs": breadcrumbs,
            "can_view_subtree": can_view_subtree,
            "can_manage": may(request.user, Capability.MANAGE_PEOPLE, unit),
            "history_url": history_url(unit) if can_view_subtree else "",
        },
    )
