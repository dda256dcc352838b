"""The sections of the safety oversight page that themes own: "Themes this quarter" (the top
categories with their change on the quarter before) and "Event rates under control" (each
unit's events per 1,000 bed days with its Making Data Count icons). Both show counts and
measures only, over the units the reader sees themes of; never an event or a patient."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from quadrant.assurance.incidents.panels import OversightSection, register_oversight_section
from quadrant.assurance.incidents.services.measures import SOURCE
from quadrant.assurance.incidents.theme_access import (
    may_refresh_measures,
    may_see_themes,
    scope_unit_ids,
)
from quadrant.assurance.incidents.themes import top_categories
from quadrant.control.public import Measure, measure_statuses
from quadrant.core.permissions import Capability, restrict

RATES_SHOWN = 12


def themes_this_quarter(user: Any) -> dict[str, Any] | None:
    if not may_see_themes(user):
        return None
    return {"themes": top_categories(scope_unit_ids(user), timezone.localdate())}


def event_rates(user: Any, unit_ids: list[int] | None = None) -> dict[str, Any] | None:
    """The rate measures of the reader's units (of UNIT_IDS when given), concerns first."""
    if not may_see_themes(user):
        return None
    measures = Measure.objects.filter(
        data_source=SOURCE, code__startswith="PSE-RATE-", archived_at__isnull=True
    ).select_related("org_unit")
    if unit_ids is not None:
        measures = measures.filter(org_unit_id__in=unit_ids)
    found = list(restrict(measures, user, Capability.VIEW).order_by("org_unit__path"))
    statuses = measure_statuses(measure.pk for measure in found)
    rows = [{"measure": measure, "status": statuses.get(measure.pk)} for measure in found]
    rows.sort(key=lambda row: -(row["status"].attention if row["status"] else 0))
    concerns = sum(
        1 for row in rows if row["status"] and row["status"].variation_icon.startswith("concern")
    )
    return {
        "rates": rows[:RATES_SHOWN],
        "rate_count": len(rows),
        "concerns": concerns,
        "may_refresh": may_refresh_measures(user),
    }


register_oversight_section(
    OversightSection(
        "Themes this quarter", "assurance/incidents/includes/oversight_themes.html", 40,
        themes_this_quarter,
    )
)  # fmt: skip


def event_rates_section(user: Any) -> dict[str, Any] | None:
    return event_rates(user, scope_unit_ids(user))


register_oversight_section(
    OversightSection(
        "Event rates under control", "assurance/incidents/includes/event_rates.html", 50,
        event_rates_section,
    )
)  # fmt: skip
