"""Review reminders in the daily digest: each live risk's owner is told two weeks before its
review date, on the day, and once a week while the review is overdue (the days are fixed, so
nothing needs marking as sent and a digest re-run the same day sends nothing new: the digest
itself is claimed once a person a day)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from quadrant.actions.public import (
    DigestLines,
    absolute_link,
    register_digest_section,
    review_reminder_due,
    review_wording,
)
from quadrant.assurance.risks.choices import RiskStatus
from quadrant.assurance.risks.models import Risk

AHEAD_DAYS = 14
OVERDUE_EVERY_DAYS = 7


def reminder_due(review_date: dt.date, today: dt.date) -> bool:
    """Is TODAY a day to remind the owner of a review due on REVIEW_DATE?"""
    return review_reminder_due(
        review_date, today, ahead_days=AHEAD_DAYS, overdue_every_days=OVERDUE_EVERY_DAYS
    )


def risk_reviews(today: dt.date) -> list[DigestLines]:
    """The risks whose review needs their owner today."""
    section = DigestLines("Risks to review")
    overdue_days = Q(review_date__lt=today)
    window = Q(review_date=today) | Q(review_date=today + dt.timedelta(days=AHEAD_DAYS))
    risks = (
        Risk.objects.filter(archived_at__isnull=True)
        .exclude(status=RiskStatus.CLOSED)
        .filter(window | overdue_days)
        .select_related("org_unit")
        .order_by("review_date", "pk")
    )
    for risk in risks:
        if reminder_due(risk.review_date, today):
            section.lines[risk.owner_id].append(
                f"{risk} ({risk.org_unit}, score {risk.current_score}) "
                f"{review_wording(risk.review_date, today)}. "
                f"{absolute_link(risk.get_absolute_url())}"
            )
    return [section]


register_digest_section(risk_reviews)
