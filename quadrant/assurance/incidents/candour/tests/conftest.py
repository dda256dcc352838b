"""Duty of candour test helpers: reports of a given harm (dated relative to today, so the
clock's arithmetic holds whatever the day), a divisional safety team at Surgery, and a
record opened some working days ago."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.candour.models import CandourRecord
from quadrant.core.testing.personas import make_person
from quadrant.organisation.choices import Role
from quadrant.organisation.models import Membership


def report_fields(unit: Any, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "event_type": "incident",
        "description": "Wrong dose of insulin given at 08:00.",
        "occurred_on": timezone.localdate() - dt.timedelta(days=60),
        "occurred_at": dt.time(8, 0),
        "org_unit": unit,
        "location": "Bay 2",
        "affected": "patient",
        "immediate_actions": "Doctor called.",
        "physical_harm": "moderate",
        "psychological_harm": "none",
        "category": "medication",
        "never_event_type": "",
        "reportable_to_cqc": False,
        "patient_name": "Margaret Thistlewood",
        "patient_nhs_number": "943 476 5919",
    }
    fields.update(changes)
    return fields


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def report(org: Any, people: dict[str, Any]) -> Any:
    """report(harm="moderate", ward="a") → a named report (by staff on Ward A, by manager2 on
    Ward B)."""

    def make(harm: str = "moderate", ward: str = "a", **changes: Any) -> Any:
        unit, reporter = (org.ward_a, "staff") if ward == "a" else (org.ward_b, "manager2")
        fields = report_fields(unit, physical_harm=harm, **changes)
        return services.submit_report(fields, actor=people[reporter]).event

    return make


@pytest.fixture
def harmed(report: Any) -> Any:
    """A moderate-harm event on Ward A (its record opened as the report arrived)."""
    return report()


@pytest.fixture
def record(harmed: Any) -> CandourRecord:
    found: CandourRecord = CandourRecord.objects.get(event=harmed)
    return found


@pytest.fixture
def overdue(harmed: Any, record: CandourRecord, people: dict[str, Any], today: dt.date) -> Any:
    """The record with its clock started 30 days ago: past its deadline."""
    from quadrant.assurance.incidents.candour import services as candour

    return candour.record_notification(
        record, {"aware_on": today - dt.timedelta(days=30)}, actor=people["quality"]
    )


@pytest.fixture
def surgery_safety(org: Any) -> Any:
    """A quality lead of the Surgery division: the safety team of Ward B, not of Ward A."""
    person = make_person("surgql", home_unit=org.surgery)
    Membership.objects.create(person=person, org_unit=org.surgery, role=Role.QUALITY_LEAD)
    return person
