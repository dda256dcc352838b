"""Reading an event's patient details: only for those allowed (access.py), and every read is
written to the security log (who, when, which event, from where)."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.incidents.access import may_see_patient_details
from quadrant.assurance.incidents.models import PatientDetails, SafetyEvent
from quadrant.core.security import log_security_event


def read_patient_details(
    event: SafetyEvent, user: Any, *, request: Any = None, where: str = "page"
) -> PatientDetails | None:
    """EVENT's patient details for USER, logged as a sensitive view; None when USER may not
    see them or there are none (the two look the same to the caller's page)."""
    if not may_see_patient_details(user, event):
        return None
    details = PatientDetails.objects.filter(event=event).first()
    if details is not None:
        log_security_event(
            "sensitive_view", person=user, request=request,
            detail=f"patient details of {event.reference} ({where})",
        )  # fmt: skip
    return details
