"""Pages for units: the tree, and each unit's page (the start of its cockpit)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.core.permissions import Action, may, visible_units
from quadrant.organisation.models import Membership, OrgUnit


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = list(visible_units(request.user).filter(active=True).only(
        "code", "name", "kind", "depth", "path"
    ))
    return render(request, "organisation/unit_list.html", {"units": units})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = visible_units(request.user).filter(code=code).first()
    if unit is None:
        raise Http404("No such unit, or you may not see it.")
    can_view_subtree = may(request.user, Action.VIEW, unit)
    ancestors = list(unit.ancestors())
    children = list(unit.children.filter(active=True)) if can_view_subtree else []
    managers = (
        Membership.objects.filter(
            org_unit__in=[unit, *ancestors], role="manager", archived_at__isnull=True
        ).select_related("person", "org_unit")
        if can_view_subtree
        else []
    )
    breadcrumbs = [{"label": a.name, "url": a.get_absolute_url()} for a in ancestors]
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "managers": managers,
            "breadcrumbs": breadcrumbs,
            "can_view_subtree": can_view_subtree,
        },
    )
