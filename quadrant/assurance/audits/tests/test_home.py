"""The "My audits" section of "My quality": an auditor's audits begun and not signed off, and
the programme's audits assigned to them that are due or overdue, with the way to each; nothing
for someone with neither, and nothing of another ward's programme."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.audits.services.schedules import schedule_audit
from quadrant.assurance.audits.tests.conftest import on_programme_since

pytestmark = pytest.mark.django_db


def section(client: Any) -> str:
    home = client.get("/").content.decode()
    return home[home.index(">My audits<") :] if ">My audits<" in home else ""


def test_an_auditor_sees_what_they_began_and_what_is_assigned_to_them(
    hygiene: SimpleNamespace, run_a: Any, org: Any, people: dict[str, Any], client_for: Any
) -> None:
    schedule = schedule_audit(
        hygiene.template, org.ward_a, "month", assignee=people["auditor"], actor=people["quality"]
    )
    on_programme_since(schedule, dt.date(2025, 1, 1))  # never done since: overdue
    mine = section(client_for("auditor"))
    assert f'href="{run_a.get_absolute_url()}">Carry on: {hygiene.template.title}, Ward A' in mine
    start = reverse("assurance:audit_schedule_start", args=[schedule.pk])
    assert "Overdue" in mine and f'href="{start}">Start {hygiene.template.title}' in mine
    assert reverse("assurance:audit_programme") + "?mine=on" in mine


def test_nothing_is_shown_to_someone_with_no_audit_begun_or_assigned(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any], client_for: Any
) -> None:
    schedule_audit(hygiene.template, org.ward_a, "month", assignee=None, actor=people["quality"])
    assert section(client_for("auditor")) == ""
    assert section(client_for("manager2")) == ""
