"""The daily digest: overdue actions to their owner, escalated once to the unit's manager."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from quadrant.actions.digest import send_daily_digest, unit_managers
from quadrant.actions.models import Action

pytestmark = pytest.mark.django_db


def test_overdue_actions_go_to_the_owner_and_once_to_their_manager(org, people, action):
    Action.objects.filter(pk=action.pk).update(due_date=dt.date(2026, 10, 1))
    assert send_daily_digest(dt.date(2026, 10, 4)) == 2
    by_person = {message.to[0]: message.body for message in mail.outbox}
    staff_body = by_person[people["staff"].email]
    assert "Overdue actions (1)" in staff_body
    assert "Refresh the falls risk training (Ward A) was due on 01 October 2026, 3 days ago" in (
        staff_body
    )
    manager_body = by_person[people["manager"].email]
    assert "Overdue actions escalated to you (1)" in manager_body
    assert str(people["staff"]) in manager_body
    action.refresh_from_db()
    assert action.escalated_on == dt.date(2026, 10, 4)
    mail.outbox.clear()
    assert send_daily_digest(dt.date(2026, 10, 4)) == 0  # a second run the same day
    assert send_daily_digest(dt.date(2026, 10, 5)) == 1  # the owner is reminded; no escalation
    assert mail.outbox[0].to == [people["staff"].email]


def test_the_nearest_managers_are_the_escalation(org, people):
    assert unit_managers(org.ward_a) == [people["manager"]]
    assert unit_managers(org.ward_a2) == []
