"""Background tasks of improvement: projects that have gone quiet, flagged to their coach.

`flag_quiet_projects` runs daily from a django-q2 schedule (created by a migration). A project
is quiet when no PDSA cycle and no new data has touched it for eight weeks. It is idempotent:
each project is claimed with a conditional update of `quiet_flagged_on`, so a run repeated
the same day (or within a week) sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from quadrant.improvement.choices import LIVE_STAGES
from quadrant.improvement.models import Project

logger = logging.getLogger(__name__)

QUIET_AFTER = dt.timedelta(weeks=8)
REMIND_EVERY = dt.timedelta(days=7)
QUIET_TASK = "quadrant.improvement.tasks.flag_quiet_projects"


def quiet_since(today: dt.date) -> dt.datetime:
    """Projects with no activity after this moment are quiet."""
    start = dt.datetime.combine(today - QUIET_AFTER, dt.time.min)
    return timezone.make_aware(start) if settings.USE_TZ else start


def quiet_projects(today: dt.date) -> Any:
    """Live projects untouched by a PDSA cycle or new data for eight weeks."""
    return Project.objects.filter(
        stage__in=LIVE_STAGES, archived_at__isnull=True, last_activity_at__lt=quiet_since(today)
    )


def _day(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment) if settings.USE_TZ else moment:%d %B %Y}"


def flag_quiet_projects(today: dt.date | None = None) -> int:
    """Tell each coach (or, without one, the lead) which of their projects have gone quiet;
    returns the number of projects flagged."""
    today = today or timezone.localdate()
    due = quiet_projects(today).filter(
        Q(quiet_flagged_on__isnull=True) | Q(quiet_flagged_on__lte=today - REMIND_EVERY)
    )
    by_person: dict[Any, list[Project]] = defaultdict(list)
    flagged = 0
    for project in due.select_related("coach", "lead", "org_unit"):
        person = project.coach or project.lead
        claimed = (
            Project.objects.filter(pk=project.pk)
            .filter(
                Q(quiet_flagged_on__isnull=True) | Q(quiet_flagged_on__lte=today - REMIND_EVERY)
            )
            .update(quiet_flagged_on=today)
        )
        if not claimed:
            continue  # another run took it
        flagged += 1
        if person is not None and person.is_active and person.email:
            by_person[person].append(project)
    base = getattr(settings, "QUADRANT_BASE_URL", "").rstrip("/")
    for person, projects in by_person.items():
        lines = [
            f"- {p.title} ({p.org_unit}): nothing since {_day(p.last_activity_at)}\n"
            f"  {base}{p.get_absolute_url()}"
            for p in projects
        ]
        send_mail(
            subject=f"Improvement projects gone quiet: {len(projects)}",
            message=(
                f"Hello {person.first_name or person.username},\n\nThese projects have had no "
                "PDSA cycle and no new data for eight weeks:\n\n" + "\n".join(lines) + "\n"
            ),
            from_email=None,
            recipient_list=[person.email],
            fail_silently=True,
        )
    logger.info("Quiet improvement projects flagged: %s", flagged)
    return flagged
