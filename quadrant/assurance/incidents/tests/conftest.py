"""Safety event test helpers: a report's answers as the form sends them and as the service
takes them, and a report from `staff` on Ward A with a patient's details."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quadrant.assurance.incidents import services

PATIENT = {
    "patient_name": "Margaret Thistlewood",
    "patient_nhs_number": "943 476 5919",
    "patient_date_of_birth": dt.date(1941, 5, 17),
    "patient_hospital_number": "RX0042917",
}
EVENT_DAY = dt.date(2026, 11, 2)


def answers(unit: Any, **changes: Any) -> dict[str, Any]:
    """A complete report for the service (REPORT_FIELDS and PATIENT_FIELDS names)."""
    fields: dict[str, Any] = {
        "event_type": "incident",
        "description": "Patient found on the floor beside the bed at 03:10.",
        "occurred_on": EVENT_DAY,
        "occurred_at": dt.time(3, 10),
        "org_unit": unit,
        "location": "Bay 3, bed 4",
        "affected": "patient",
        "immediate_actions": "Doctor called; patient checked and made comfortable.",
        "physical_harm": "low",
        "psychological_harm": "none",
        "category": "falls",
        "never_event_type": "",
        "reportable_to_cqc": False,
        **PATIENT,
    }
    fields.update(changes)
    return fields


def form_data(unit: Any, **changes: Any) -> dict[str, str]:
    """The same report as the page posts it (dates in three boxes)."""
    data = {
        "event_type": "incident",
        "description": "Patient found on the floor beside the bed at 03:10.",
        "occurred_on-day": "2", "occurred_on-month": "11", "occurred_on-year": "2026",
        "occurred_at": "03:10",
        "org_unit": str(unit.pk),
        "location": "Bay 3, bed 4",
        "affected": "patient",
        "immediate_actions": "Doctor called.",
        "physical_harm": "low",
        "psychological_harm": "none",
        "category": "falls",
        "never_event_type": "",
        "patient_name": PATIENT["patient_name"],
        "patient_nhs_number": PATIENT["patient_nhs_number"],
        "patient_date_of_birth-day": "17", "patient_date_of_birth-month": "5",
        "patient_date_of_birth-year": "1941",
        "patient_hospital_number": PATIENT["patient_hospital_number"],
    }  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def reported(org: Any, people: dict[str, Any]) -> Any:
    """A named report by `staff` on Ward A, with the patient's details."""
    return services.submit_report(answers(org.ward_a), actor=people["staff"]).event
