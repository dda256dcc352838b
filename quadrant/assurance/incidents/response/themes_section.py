"""The learning responses' findings on the themes page: how often each SEIPS work-system
factor was found behind the events of the reader's units, this quarter against the one
before (counted by the quarter the event happened in; no finding's text is shown)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from quadrant.assurance.incidents.response.choices import SeipsFactor
from quadrant.assurance.incidents.response.models import Finding
from quadrant.assurance.incidents.theme_chart import paired_bars
from quadrant.assurance.incidents.themes import (
    ThemeRow,
    ThemeSection,
    narrowed,
    register_theme_section,
    scoped_events,
)


def findings_by_factor(events: Any, quarter: Any) -> list[ThemeRow]:
    """The findings of the responses to EVENTS by work-system factor, in QUARTER and the one
    before, every factor listed (the most found first)."""
    previous = quarter.previous
    counts = {
        row["factor"]: row
        for row in Finding.objects.filter(
            archived_at__isnull=True,
            response__event__in=events.filter(
                occurred_on__gte=previous.start, occurred_on__lt=quarter.end
            ).values("pk"),
        )
        .values("factor")
        .annotate(
            current=Count("pk", filter=Q(response__event__occurred_on__gte=quarter.start)),
            previous=Count("pk", filter=Q(response__event__occurred_on__lt=quarter.start)),
        )
    }
    rows = [
        ThemeRow(
            factor.value,
            str(factor.label),
            counts.get(factor.value, {}).get("current", 0),
            counts.get(factor.value, {}).get("previous", 0),
        )
        for factor in SeipsFactor
    ]
    return sorted(rows, key=lambda row: (-row.current, -row.previous, row.label))


def _section(user: Any, filters: Any) -> dict[str, Any] | None:
    events = narrowed(scoped_events(filters.unit_ids), filters.unit, filters.event_type)
    rows = findings_by_factor(events, filters.quarter)
    now, before = filters.quarter.short, filters.quarter.previous.short
    return {
        "rows": rows if any(row.current or row.previous for row in rows) else [],
        "heading": "Work-system factor",
        "current": now,
        "previous": before,
        "chart": paired_bars(
            rows, f"Findings by work-system factor: {now} and {before}", now, before
        ),
        "intro": "What the learning responses found behind these events, by the SEIPS "
        "work-system factors, counted by the quarter the event happened in.",
    }


register_theme_section(
    ThemeSection(
        "Findings by work-system factor (SEIPS)",
        "assurance/incidents/includes/theme_section.html",
        20,
        _section,
    )
)
