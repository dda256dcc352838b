"""Events for the themes and measures tests, made in bulk (their counts are what matter)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from quadrant.assurance.incidents.models import PatientDetails, SafetyEvent

_numbers = itertools.count(1)


def make_events(
    unit: Any, day: dt.date, count: int = 1, *, patient_name: str = "", **fields: Any
) -> list[SafetyEvent]:
    """COUNT events on UNIT on DAY (an incident, falls, low harm unless FIELDS say otherwise),
    each with a patient called PATIENT_NAME when one is given."""
    defaults: dict[str, Any] = {
        "event_type": "incident",
        "affected": "patient",
        "description": "Patient found on the floor beside the bed.",
        "physical_harm": "low",
        "category": "falls",
    }
    defaults.update(fields)
    events = SafetyEvent.objects.bulk_create(
        SafetyEvent(reference=f"T-{next(_numbers):08d}", org_unit=unit, occurred_on=day, **defaults)
        for _ in range(count)
    )
    if patient_name:
        PatientDetails.objects.bulk_create(
            PatientDetails(event=event, name=patient_name, nhs_number="9434765919")
            for event in events
        )
    return events
