"""Background tasks of planning: review reminders to goal owners.

`send_review_reminders` runs daily from a django-q2 schedule (`ensure_review_schedule`,
called by migration 0002). It is
idempotent: each goal's reminder is claimed with a conditional update on `last_reminded_on`,
so a run repeated the same day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from quadrant.planning.choices import GoalStatus
from quadrant.planning.models import Goal
from quadrant.planning.services import record_review_reminder

logger = logging.getLogger(__name__)

REMINDER_TASK = "quadrant.planning.tasks.send_review_reminders"
REMINDER_SCHEDULE = "Goal review reminders"


def ensure_review_schedule(schedule_model: Any = None) -> Any:
    """The daily django-q2 schedule of review reminders (created once; idempotent)."""
    if schedule_model is None:
        from django_q.models import Schedule

        schedule_model = Schedule
    schedule, _ = schedule_model.objects.get_or_create(
        name=REMINDER_SCHEDULE,
        defaults={"func": REMINDER_TASK, "schedule_type": "D", "repeats": -1},
    )
    return schedule


def due_for_review(today: dt.date) -> list[Goal]:
    return list(
        Goal.objects.filter(
            archived_at__isnull=True,
            status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE],
            next_review__lte=today,
            owner__isnull=False,
            owner__is_active=True,
        )
        .exclude(last_reminded_on=today)
        .select_related("owner", "org_unit")
    )


def send_review_reminders(today: dt.date | None = None) -> int:
    """Email each owner whose goal's review is due; returns how many reminders were sent."""
    today = today or dt.date.today()
    sent = 0
    for goal in due_for_review(today):
        owner = goal.owner
        if owner is None:
            continue  # never: due_for_review finds only goals with an owner
        if not record_review_reminder(goal, today):
            continue  # another run claimed it
        base = getattr(settings, "QUADRANT_BASE_URL", "").rstrip("/")
        send_mail(
            subject=f"Review due: {goal.title}",
            message=(
                f"Hello {owner.first_name or owner.username},\n\n"
                f"The goal “{goal.title}” ({goal.org_unit}) was due for review on "
                f"{goal.next_review:%d %B %Y}. Please review its progress and set the next "
                f"review date.\n\n{base}{goal.get_absolute_url()}\n"
            ),
            from_email=None,
            recipient_list=[owner.email],
            fail_silently=True,
        )
        sent += 1
    logger.info("Goal review reminders sent: %s", sent)
    return sent
