"""The portfolio page of a unit and its subtree (a fixed number of SQL queries at any size)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from quadrant.core.permissions import Capability, may, restrict, visible_units
from quadrant.improvement.choices import STAGE_ORDER, Stage
from quadrant.improvement.portfolio import STAGES_SHOWN, build_portfolio
from quadrant.improvement.svg import STAGE_COLOURS, stage_bars
from quadrant.improvement.views.common import IMPROVEMENT_CRUMB
from quadrant.organisation.models import OrgUnit


def _unit_for(request: HttpRequest) -> OrgUnit | None:
    """The unit asked for (?unit=CODE), else the highest unit the person may see."""
    code = request.GET.get("unit", "").strip()
    if not code:
        return (
            restrict(OrgUnit.objects.all(), request.user, Capability.VIEW)
            .order_by("depth", "path")
            .first()
        )
    unit = OrgUnit.objects.filter(code__iexact=code).first()
    if unit is None or may(request.user, Capability.VIEW, unit):
        return unit  # a role at the unit or above: no further query
    return visible_units(request.user).filter(pk=unit.pk).first()


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """Projects of a unit's subtree by stage, method, domain and goal; counts by stage over
    time; the projects gone quiet."""
    unit = _unit_for(request)
    result = build_portfolio(request.user, unit) if unit is not None else None
    chart = legend = table = None
    if result is not None:
        chart = stage_bars(result.months, result.over_time)
        legend = [(Stage(s).label, STAGE_COLOURS[s]) for s in STAGES_SHOWN]
        table = [(Stage(s).label, result.over_time[s]) for s in STAGES_SHOWN]
    context = {
        "unit": unit,
        "portfolio": result,
        "chart": chart,
        "legend": legend,
        "table": table,
        "live_stages": [s.value for s in STAGE_ORDER],
        "units": visible_units(request.user).filter(depth__lte=2).order_by("path")[:100],
        "breadcrumbs": [IMPROVEMENT_CRUMB],
    }
    return render(request, "improvement/portfolio.html", context)
