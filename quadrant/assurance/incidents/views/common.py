"""Look-ups and breadcrumbs shared by the safety event pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy

from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.core.views.generic import visible_or_404

EVENTS_CRUMB = {"label": "Safety events", "url": reverse_lazy("assurance:safety_events")}
MY_REPORTS_CRUMB = {"label": "My reports", "url": reverse_lazy("assurance:my_safety_reports")}
EVENT_QUERYSET = SafetyEvent.objects.select_related("org_unit", "reporter")


def event_or_404(user: Any, pk: int) -> SafetyEvent:
    return visible_or_404(SafetyEvent, user, pk, EVENT_QUERYSET, what="safety event")  # type: ignore[no-any-return]
