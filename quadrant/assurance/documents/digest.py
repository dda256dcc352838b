"""Reminders in the daily digest. The owner of each document in use is told 30 days before
its current version's review date, on the day, and once a week while the review is overdue;
staff asked to read a version are told the day after it is approved and once a week until they
confirm (fixed days, so a digest re-run the same day sends nothing new). The overdue list is
also a page (views.reading.overdue_list)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from quadrant.actions.public import (
    DigestLines,
    absolute_link,
    register_digest_section,
    review_reminder_due,
    review_wording,
)
from quadrant.assurance.documents.choices import VersionStatus
from quadrant.assurance.documents.models import DocumentVersion

AHEAD_DAYS = 30
OVERDUE_EVERY_DAYS = 7


def reminder_due(review_date: dt.date, today: dt.date) -> bool:
    """Is TODAY a day to remind the owner of a review due on REVIEW_DATE?"""
    return review_reminder_due(
        review_date, today, ahead_days=AHEAD_DAYS, overdue_every_days=OVERDUE_EVERY_DAYS
    )


def document_reviews(today: dt.date) -> list[DigestLines]:
    """The documents in use whose review needs their owner today."""
    section = DigestLines("Documents to review")
    window = Q(review_date=today) | Q(review_date=today + dt.timedelta(days=AHEAD_DAYS))
    versions = (
        DocumentVersion.objects.filter(
            status=VersionStatus.APPROVED,
            archived_at__isnull=True,
            document__archived_at__isnull=True,
        )
        .filter(window | Q(review_date__lt=today))
        .select_related("document__org_unit")
        .order_by("review_date", "pk")
    )
    for version in versions:
        if reminder_due(version.review_date, today):
            document = version.document
            section.lines[document.owner_id].append(
                f"{document} (version {version.number}, {document.org_unit}) "
                f"{review_wording(version.review_date, today)}. "
                f"{absolute_link(document.get_absolute_url())}"
            )
    return [section]


def documents_to_read(today: dt.date) -> list[DigestLines]:
    """The people asked to read a current version who have not yet confirmed, on the day
    after it was approved and weekly after that."""
    from quadrant.assurance.documents.services.acknowledgements import required_people

    section = DigestLines("Documents to read")
    versions = (
        DocumentVersion.objects.filter(
            status=VersionStatus.APPROVED,
            archived_at__isnull=True,
            acknowledgement_units__isnull=False,
        )
        .distinct()
        .select_related("document")
        .order_by("signed_at", "pk")
    )
    for version in versions:
        days = (today - timezone.localtime(version.signed_at).date()).days
        if days < 1 or days % OVERDUE_EVERY_DAYS != 1:
            continue
        done = version.acknowledgements.values("person_id")
        for person in required_people(version).exclude(pk__in=done).values_list("pk", flat=True):
            section.lines[person].append(
                f"Please read {version.document} (version {version.number}) and confirm you "
                f"have. {absolute_link(version.get_absolute_url())}"
            )
    return [section]


register_digest_section(document_reviews)
register_digest_section(documents_to_read)
