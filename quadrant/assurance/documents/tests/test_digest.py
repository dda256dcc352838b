"""Review reminders in the daily digest: to the owner 30 days ahead, on the day and once a
week while overdue; a superseded version is not reminded, only the one in use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quadrant.assurance.documents import services
from quadrant.assurance.documents.digest import document_reviews, reminder_due

pytestmark = pytest.mark.django_db


def test_the_reminder_days() -> None:
    due = dt.date(2027, 3, 31)
    assert reminder_due(due, dt.date(2027, 3, 1))  # thirty days ahead
    assert not reminder_due(due, dt.date(2027, 3, 2))
    assert reminder_due(due, due)
    assert not reminder_due(due, dt.date(2027, 4, 1))
    assert reminder_due(due, dt.date(2027, 4, 7)) and reminder_due(due, dt.date(2027, 4, 14))


def test_the_owner_is_reminded(approved: Any, approve: Any, people: Any) -> None:
    owner = people["manager"]
    [section] = document_reviews(approved.review_date - dt.timedelta(days=30))
    [line] = section.lines[owner.pk]
    assert approved.document.identifier in line and "is due for review on" in line
    [section] = document_reviews(approved.review_date + dt.timedelta(days=14))
    assert "14 days ago" in section.lines[owner.pk][0]
    draft = services.new_draft(approved.document, actor=owner)
    services.update_draft(
        draft, {"review_date": approved.review_date + dt.timedelta(days=3)}, actor=owner
    )
    approve(draft)
    [section] = document_reviews(approved.review_date)
    assert not section.lines.get(owner.pk)  # version 1 is superseded: version 2's date counts


def test_the_digest_sends_it(approved: Any, people: Any, mailoutbox: Any) -> None:
    from quadrant.actions.digest import send_daily_digest

    assert send_daily_digest(approved.review_date) >= 1
    mail = next(m for m in mailoutbox if people["manager"].email in m.to)
    assert "Documents to review (1)" in mail.body and approved.document.identifier in mail.body


def test_staff_asked_to_read_are_reminded_until_they_confirm(
    make_document: Any, approve: Any, people: Any, org: Any
) -> None:
    from django.utils import timezone

    from quadrant.assurance.documents.digest import documents_to_read

    version = approve(make_document(), units=[org.ward_a])
    signed_on = timezone.localtime(version.signed_at).date()
    assert documents_to_read(signed_on)[0].lines == {}  # not on the day itself
    [section] = documents_to_read(signed_on + dt.timedelta(days=1))
    assert set(section.lines) == {people["staff"].pk, people["manager"].pk}
    assert "Please read PROC-001 Falls prevention at night" in section.lines[people["staff"].pk][0]
    services.acknowledge_version(version, actor=people["staff"])
    [section] = documents_to_read(signed_on + dt.timedelta(days=8))
    assert set(section.lines) == {people["manager"].pk}
    assert documents_to_read(signed_on + dt.timedelta(days=3))[0].lines == {}
