"""The programme in the daily digest: audits due within a week to the person assigned (or the
unit's managers), overdue ones once a week at most, and nothing mailed twice."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from quadrant.actions.digest import send_daily_digest
from quadrant.actions.public import absolute_link
from quadrant.assurance.audits.services.schedules import schedule_audit
from quadrant.assurance.audits.tests.conftest import on_programme_since
from quadrant.assurance.audits.tests.test_measures import signed_run

SINCE = dt.date(2026, 1, 10)


@pytest.fixture
def schedules(hygiene: SimpleNamespace, org: Any, people: dict[str, Any]) -> SimpleNamespace:
    """Ward A's hand hygiene, assigned to the auditor, done in October; Ward B's, assigned to
    nobody and never done."""
    quality = people["quality"]
    ward_a = schedule_audit(
        hygiene.template, org.ward_a, "month", assignee=people["auditor"], actor=quality
    )
    ward_b = schedule_audit(hygiene.template, org.ward_b, "month", actor=quality)
    signed_run(hygiene, org.ward_a, dt.date(2026, 10, 20), people)
    mail.outbox.clear()
    return SimpleNamespace(
        ward_a=on_programme_since(ward_a, SINCE), ward_b=on_programme_since(ward_b, SINCE)
    )


def _mail_to(username: str) -> list[str]:
    return [message.body for message in mail.outbox if message.to == [f"{username}@example.nhs.uk"]]


def _start_link(schedule: Any) -> str:
    return absolute_link(reverse("assurance:audit_schedule_start", args=[schedule.pk]))


def test_the_assignee_hears_of_an_audit_due_within_a_week(schedules: SimpleNamespace) -> None:
    send_daily_digest(dt.date(2026, 11, 25))
    (body,) = _mail_to("auditor")
    assert (
        "Audits due within 7 days (1)\n- Hand hygiene (Ward A) is due by 30 November 2026, "
        f"in 5 days. {_start_link(schedules.ward_a)}\n"
    ) in body
    assert "Ward B" not in body
    assert _mail_to("manager") == []  # Ward A's audit has someone assigned


def test_with_nobody_assigned_the_units_managers_hear_it_is_overdue(
    schedules: SimpleNamespace,
) -> None:
    send_daily_digest(dt.date(2026, 11, 25))
    (body,) = _mail_to("manager2")
    programme = absolute_link(reverse("assurance:audit_programme"))
    assert (
        "Overdue audits (1)\n- Hand hygiene (Ward B) is overdue: never done. "
        f"{programme}?org_unit={schedules.ward_b.org_unit_id}\n"
    ) in body


def test_a_due_date_further_off_is_not_mentioned_yet(schedules: SimpleNamespace) -> None:
    send_daily_digest(dt.date(2026, 11, 18))  # twelve days before 30 November
    assert _mail_to("auditor") == []


def test_nothing_is_mailed_twice_and_overdue_once_a_week(schedules: SimpleNamespace) -> None:
    assert send_daily_digest(dt.date(2026, 11, 25)) == 2
    assert send_daily_digest(dt.date(2026, 11, 25)) == 0  # the same day again
    for day in range(26, 31):  # the days after: said already
        assert send_daily_digest(dt.date(2026, 11, day)) == 0
    assert len(mail.outbox) == 2
    schedules.ward_a.refresh_from_db()
    schedules.ward_b.refresh_from_db()
    assert schedules.ward_a.due_reminded_for == dt.date(2026, 11, 30)
    assert schedules.ward_b.overdue_reminded_on == dt.date(2026, 11, 25)
    mail.outbox.clear()
    send_daily_digest(dt.date(2026, 12, 2))  # a week on: still overdue, so said again
    (body,) = _mail_to("manager2")
    assert "- Hand hygiene (Ward B) is overdue: never done." in body
    (auditor,) = _mail_to("auditor")  # November went by without an audit on Ward A
    assert "- Hand hygiene (Ward A) is overdue: last done 20 October 2026." in auditor


def test_a_schedule_taken_off_the_programme_is_not_mentioned(
    schedules: SimpleNamespace, people: dict[str, Any]
) -> None:
    from quadrant.assurance.audits.services.schedules import unschedule_audit

    unschedule_audit(schedules.ward_b, actor=people["quality"])
    send_daily_digest(dt.date(2026, 11, 25))
    assert _mail_to("manager2") == []
