"""Reading an event's patient details: only for those allowed (access.py), and every read is
written to the security log (who, when, which event, from where)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quadrant.assurance.incidents.access import may_see_patient_details
from quadrant.assurance.incidents.models import PatientDetails, SafetyEvent
from quadrant.core.permissions import restrict
from quadrant.core.security import log_security_event, log_security_events


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


def read_nhs_numbers(
    events: Sequence[SafetyEvent], user: Any, *, request: Any = None, where: str = "export"
) -> dict[int, str]:
    """The NHS number of each of EVENTS whose patient details USER may see (by event id),
    each one handed out logged as a sensitive view, like read_patient_details; the others
    are simply absent."""
    allowed = restrict(PatientDetails.objects.filter(event__in=[e.pk for e in events]), user)
    numbers = dict(allowed.exclude(nhs_number="").values_list("event_id", "nhs_number"))
    if numbers:
        log_security_events(
            "sensitive_view",
            [f"patient details of {e.reference} ({where})" for e in events if e.pk in numbers],
            person=user, request=request,
        )  # fmt: skip
    return numbers
