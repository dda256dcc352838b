"""The programme: schedules per unit and frequency; done, due and overdue; who sees and who
schedules; a quarterly schedule makes a quarterly measure."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quadrant.assurance.audits.models import AuditMeasure, AuditSchedule
from quadrant.assurance.audits.programme import DONE, DUE, OVERDUE, period_start, status_of
from quadrant.assurance.audits.services.schedules import schedule_audit
from quadrant.assurance.audits.tests.test_measures import signed_run

TODAY = dt.date(2026, 11, 18)
LONG_AGO = dt.date(2025, 1, 1)


@pytest.mark.parametrize(
    ("frequency", "last", "scheduled_on", "expected"),
    [
        ("month", dt.date(2026, 11, 1), LONG_AGO, DONE),  # this month
        ("month", dt.date(2026, 10, 31), LONG_AGO, DUE),  # last month: due by 30 November
        ("month", dt.date(2026, 9, 30), LONG_AGO, OVERDUE),  # a whole month missed
        ("month", None, LONG_AGO, OVERDUE),
        ("month", None, dt.date(2026, 10, 15), DUE),  # scheduled last month: not yet overdue
        ("quarter", dt.date(2026, 10, 1), LONG_AGO, DONE),
        ("quarter", dt.date(2026, 7, 1), LONG_AGO, DUE),
        ("quarter", dt.date(2026, 6, 30), LONG_AGO, OVERDUE),
    ],
)
def test_status_of_a_schedule(
    frequency: str, last: dt.date | None, scheduled_on: dt.date, expected: str
) -> None:
    assert status_of(frequency, last, scheduled_on, TODAY) == expected


def test_period_starts() -> None:
    assert period_start(dt.date(2026, 11, 18), "quarter") == dt.date(2026, 10, 1)
    assert period_start(dt.date(2026, 3, 31), "quarter") == dt.date(2026, 1, 1)
    assert period_start(dt.date(2026, 3, 31), "month") == dt.date(2026, 3, 1)


@pytest.mark.parametrize("username", ["auditor", "manager", "staff"])
def test_only_quality_leads_schedule(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any], client_for: Any, username: str
) -> None:
    with pytest.raises(PermissionDenied, match="manage audit templates"):
        schedule_audit(hygiene.template, org.ward_a, "month", actor=people[username])
    assert client_for(username).get(reverse("assurance:audit_schedule_new")).status_code == 403
    assert not AuditSchedule.objects.exists()


def test_a_unit_has_a_template_once_on_its_programme(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    schedule_audit(hygiene.template, org.ward_a, "month", actor=people["quality"])
    with pytest.raises(ValidationError, match="already has “Hand hygiene” on its programme"):
        schedule_audit(hygiene.template, org.ward_a, "quarter", actor=people["quality"])


def test_the_programme_page_by_persona(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any], client_for: Any
) -> None:
    response = client_for("quality").post(
        reverse("assurance:audit_schedule_new"),
        {"template": hygiene.template.pk, "org_unit": org.ward_a.pk, "frequency": "month"},
    )
    assert response.status_code == 302
    schedule_audit(hygiene.template, org.ward_b, "quarter", actor=people["quality"])
    auditor_page = client_for("auditor").get(reverse("assurance:audit_programme")).content
    assert b"Ward A" in auditor_page and b"Ward B" in auditor_page
    manager2_page = client_for("manager2").get(reverse("assurance:audit_programme")).content
    assert b"Ward B" in manager2_page and b"Ward A<" not in manager2_page
    assert b"Quarterly" in manager2_page


def test_a_quarterly_schedule_makes_a_quarterly_measure(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    schedule_audit(hygiene.template, org.ward_b, "quarter", actor=people["quality"])
    signed_run(hygiene, org.ward_b, dt.date(2026, 8, 20), people)
    measure = AuditMeasure.objects.get().measure
    assert measure.frequency == "quarter"
    assert list(measure.observations.values_list("period", flat=True)) == [dt.date(2026, 7, 1)]
