"""The themes of safety events and the safety oversight page.

Themes are counts over the events of the units the reader may triage, handle or oversee
(theme_access), never an event and never a patient's details; the oversight page renders
every registered section (panels.oversight_for). The safety team refreshes the event
measures from the themes page, as a background job it can watch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from quadrant.assurance.incidents.oversight import event_rates
from quadrant.assurance.incidents.panels import oversight_for
from quadrant.assurance.incidents.services.measures import event_measures_of
from quadrant.assurance.incidents.tasks import REFRESH_JOB
from quadrant.assurance.incidents.theme_access import (
    may_refresh_measures,
    may_see_oversight,
    may_see_themes,
    require_oversight,
    require_themes,
    scope_unit_ids,
)
from quadrant.assurance.incidents.theme_chart import paired_bars
from quadrant.assurance.incidents.theme_forms import ThemeFilterForm
from quadrant.assurance.incidents.themes import Quarter, compute_themes, theme_sections_for
from quadrant.assurance.incidents.views.common import EVENTS_CRUMB
from quadrant.control.public import PHONE_CHART, describe, render_svg
from quadrant.core.jobs import start_job
from quadrant.organisation.models import OrgUnit

FILTERS = ("unit", "quarter", "event_type")
CHART_ROWS = 10


@dataclass(frozen=True)
class ThemeFilters:
    """What registered theme sections are told: the reader's scope and the page's choices."""

    unit_ids: list[int] | None
    unit: OrgUnit | None
    quarter: Quarter
    event_type: str


@login_required
def themes_page(request: HttpRequest) -> HttpResponse:
    """Counts by category, unit, harm and type, and the recurring words, this quarter against
    the quarter before, over the reader's units; the event rate measures under them."""
    require_themes(request.user)
    unit_ids = scope_unit_ids(request.user)
    today = timezone.localdate()
    bound = any(name in request.GET for name in FILTERS)
    form = ThemeFilterForm(
        request.GET if bound else None, user=request.user, unit_ids=unit_ids, today=today
    )
    context: dict[str, Any] = {
        "form": form,
        "breadcrumbs": [EVENTS_CRUMB],
        "may_refresh": may_refresh_measures(request.user),
        "may_oversee": may_see_oversight(request.user),
    }
    if bound and not form.is_valid():
        return render(request, "assurance/incidents/themes.html", context, status=400)
    data = form.cleaned_data if bound else {}
    unit, event_type = data.get("unit"), data.get("event_type") or ""
    quarter = form.chosen_quarter() if bound else form.quarters[0]
    themes = compute_themes(
        unit_ids, quarter=quarter, today=today, unit=unit, event_type=event_type
    )
    filters = ThemeFilters(unit_ids, unit, quarter, event_type)
    themes.sections = theme_sections_for(request, filters)
    context.update(
        themes=themes,
        unit=unit,
        charts=_charts(themes),
        rates=event_rates(request.user, _rate_units(unit, unit_ids)),
        unit_charts=_unit_charts(unit) if unit is not None else [],
    )
    return render(request, "assurance/incidents/themes.html", context)


def _charts(themes: Any) -> dict[str, str]:
    now, before = themes.quarter.short, themes.quarter.previous.short
    if themes.days_done is not None:
        now = f"{now} so far"
    return {
        name: paired_bars(rows[:CHART_ROWS], f"Events by {title}: {now} and {before}", now, before)
        for name, title, rows in (
            ("categories", "category", themes.categories),
            ("units", "unit", themes.units),
            ("harms", "physical harm", themes.harms),
            ("types", "type of event", themes.types),
        )
    }


def _rate_units(unit: OrgUnit | None, unit_ids: list[int] | None) -> list[int] | None:
    if unit is None:
        return unit_ids
    below = set(OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
    return sorted(below if unit_ids is None else below & set(unit_ids))


def _unit_charts(unit: OrgUnit) -> list[dict[str, Any]]:
    """The chosen unit's own event count and rate, charted with SPC (the house's chart)."""
    charts = []
    for measure in event_measures_of([unit]).get(unit.pk, []):
        description = describe(measure)
        unique = f"chart-title-{measure.pk}"
        charts.append(
            {
                "measure": measure,
                "description": description,
                "svg": render_svg(description).replace("chart-title", unique),
                "svg_narrow": render_svg(description, size=PHONE_CHART).replace(
                    "chart-title", unique
                ),
            }
        )
    return charts


@login_required
@require_POST
def refresh_measures(request: HttpRequest) -> HttpResponse:
    """ "Refresh the event measures": a background job over the safety team member's units."""
    if not may_refresh_measures(request.user):
        if may_see_themes(request.user):
            raise PermissionDenied(
                "You do not have permission to refresh the event measures: it needs the right "
                "to handle patient safety events (the safety team)."
            )
        require_themes(request.user)
    job = start_job(
        REFRESH_JOB, title="Refresh the safety event measures", actor=request.user, params={}
    )
    messages.success(
        request, "The event measures are being refreshed; this page shows when it is done."
    )
    return redirect("job", pk=job.pk)


@login_required
def oversight_page(request: HttpRequest) -> HttpResponse:
    """Safety oversight for the safety team and the board: every registered section."""
    require_oversight(request.user)
    context = {"sections": oversight_for(request), "breadcrumbs": [EVENTS_CRUMB]}
    return render(request, "assurance/incidents/oversight.html", context)
