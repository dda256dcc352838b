"""The "My safety reports" section of "My quality": the person's latest named reports, where
each is and whether something was learned from it ("you reported, we learned")."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.core.permissions import Capability, may

SHOWN = 5


def my_safety_reports(user: Any) -> dict[str, Any] | None:
    """One query for the reports; None for someone who neither reported nor may report."""
    reports = list(
        SafetyEvent.objects.filter(reporter=user.pk, archived_at__isnull=True)
        .select_related("org_unit")
        .order_by("-created_at")[:SHOWN]
    )
    if not reports and not may(user, Capability.REPORT_INCIDENT):
        return None
    return {"reports": reports}
