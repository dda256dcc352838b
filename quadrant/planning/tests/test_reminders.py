"""Review reminders: a daily scheduled job emails the owners of goals due for review, once."""

import datetime as dt

import pytest
from django.core import mail
from django_q.models import Schedule

from quadrant.core.testing.actors import quality_lead
from quadrant.planning import services
from quadrant.planning.tasks import REMINDER_TASK, ensure_review_schedule, send_review_reminders

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)


def test_the_daily_schedule_is_made_once():
    ensure_review_schedule()
    ensure_review_schedule()
    schedule = Schedule.objects.get(func=REMINDER_TASK)
    assert schedule.schedule_type == Schedule.DAILY


def test_due_owners_are_reminded_once(cascade, people):
    assert send_review_reminders(TODAY) == 2  # trust goal (quality) and Ward A goal (manager)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "manager@example.nhs.uk", "quality@example.nhs.uk"
    ]  # fmt: skip
    assert "Review due: Ward A: falls risk assessed" in {m.subject for m in mail.outbox}
    assert send_review_reminders(TODAY) == 0
    assert len(mail.outbox) == 2
    cascade.ward_a.refresh_from_db()
    assert cascade.ward_a.last_reminded_on == TODAY


def test_not_due_closed_or_unowned_goals_are_left_alone(cascade, people):
    assert send_review_reminders(dt.date(2026, 11, 30)) == 0
    services.update_goal(cascade.ward_a, {"status": "closed"}, actor=quality_lead())
    assert send_review_reminders(TODAY) == 1


def test_next_review_follows_the_cadence():
    assert services.next_review_after(dt.date(2025, 1, 31), "monthly") == dt.date(2025, 2, 28)
    assert services.next_review_after(dt.date(2025, 11, 15), "quarterly") == dt.date(2026, 2, 15)
    assert services.next_review_after(dt.date(2025, 4, 1), "annually") == dt.date(2026, 4, 1)
