"""The daily email digest: one message per person with what needs them.

Components add digest sections (`register_digest_section`): a function of the day that
returns lines per person and a `sent` callback that marks what was mailed (so nothing is
mailed twice). The digest itself is idempotent: a person's digest for a day is claimed with a
unique row (DigestDelivery) before it is sent, so a second run the same day sends nothing.
Overdue actions are listed to their owner and escalated once to the managers of the unit.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from quadrant.actions.models import Action, DigestDelivery

logger = logging.getLogger(__name__)
DIGEST_TASK = "quadrant.actions.digest.send_daily_digest"


@dataclass
class DigestLines:
    """What one section says to each person, and what to mark once it was mailed."""

    title: str
    lines: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    marks: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    sent: Callable[[list[Any]], None] = field(default=lambda items: None)


_sections: list[Callable[[dt.date], list[DigestLines]]] = []


def register_digest_section(collect: Callable[[dt.date], list[DigestLines]]) -> None:
    """Add a collector: COLLECT(day) returns the sections it has for that day's digests."""
    if collect not in _sections:
        _sections.append(collect)


def absolute_link(path: str) -> str:
    """PATH as a full address (the site's base URL in front), for links in emails."""
    return getattr(settings, "QUADRANT_BASE_URL", "").rstrip("/") + path


def review_reminder_due(
    review_date: dt.date, today: dt.date, *, ahead_days: int, overdue_every_days: int = 7
) -> bool:
    """Is TODAY a day to remind an owner of a review due on REVIEW_DATE: AHEAD_DAYS before,
    on the day, and every OVERDUE_EVERY_DAYS once it is late?"""
    days = (review_date - today).days
    return days in (ahead_days, 0) or (days < 0 and -days % overdue_every_days == 0)


def review_wording(review_date: dt.date, today: dt.date) -> str:
    """ "is due for review on …", "is due for review today" or "was due … N days ago"."""
    days = (review_date - today).days
    if days > 0:
        return f"is due for review on {review_date:%d %B %Y}"
    if days == 0:
        return "is due for review today"
    late = -days
    return f"was due for review on {review_date:%d %B %Y}, {late} day{'s' if late != 1 else ''} ago"


def unit_managers(unit: Any) -> list[Any]:
    """The people holding the manager role at UNIT or, failing that, the nearest unit above."""
    from quadrant.organisation.choices import Role
    from quadrant.organisation.models import Membership

    memberships = Membership.objects.filter(
        role=Role.MANAGER, archived_at__isnull=True, person__is_active=True
    ).select_related("person", "org_unit")
    found = [m for m in memberships if unit.path.startswith(m.org_unit.path)]
    if not found:
        return []
    nearest = max(m.org_unit.depth for m in found)
    return [m.person for m in found if m.org_unit.depth == nearest]


def overdue_actions(today: dt.date) -> list[DigestLines]:
    """Overdue actions to their owners; once, to the unit's manager(s) as an escalation."""
    section = DigestLines("Overdue actions")
    escalate = DigestLines("Overdue actions escalated to you")
    for action in Action.objects.live().overdue(today).select_related("owner", "org_unit"):
        days = (today - action.due_date).days
        line = (
            f"{action.title} ({action.org_unit}) was due on {action.due_date:%d %B %Y}, "
            f"{days} day{'s' if days != 1 else ''} ago. {absolute_link(action.get_absolute_url())}"
        )
        section.lines[action.owner_id].append(line)
        if action.escalated_on is None:
            for manager in unit_managers(action.org_unit):
                if manager.pk != action.owner_id:
                    escalate.lines[manager.pk].append(f"{action.owner}: {line}")
                    escalate.marks[manager.pk].append(action.pk)

    def mark_escalated(ids: list[Any]) -> None:
        Action.objects.filter(pk__in=ids, escalated_on__isnull=True).update(escalated_on=today)

    escalate.sent = mark_escalated
    return [section, escalate]


def compose(today: dt.date) -> dict[int, list[tuple[DigestLines, list[str]]]]:
    """Per person: the sections with lines for them (nothing for people with nothing)."""
    sections = [section for collect in _sections for section in collect(today)]
    per_person: dict[int, list[tuple[DigestLines, list[str]]]] = defaultdict(list)
    for section in sections:
        for person_id, lines in section.lines.items():
            if lines:
                per_person[person_id].append((section, lines))
    return per_person


def _body(person: Any, parts: list[tuple[DigestLines, list[str]]], today: dt.date) -> str:
    text = [f"Hello {person.first_name or person.username},", "",
            f"Here is what needs you in Quadrant on {today:%A %d %B %Y}.", ""]  # fmt: skip
    for section, lines in parts:
        text.append(f"{section.title} ({len(lines)})")
        text.extend(f"- {line}" for line in lines)
        text.append("")
    text.append(f"Your home page: {absolute_link('/')}")
    return "\n".join(text)


def send_daily_digest(today: dt.date | None = None) -> int:
    """Email each person their digest for TODAY (once a day); returns how many were sent."""
    today = today or dt.date.today()
    sent = 0
    composed = compose(today)
    people = get_user_model().objects.in_bulk(list(composed))
    for person_id, parts in composed.items():
        person = people.get(person_id)
        if person is None or not person.is_active or not person.email:
            continue
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(person=person, day=today)
        except IntegrityError:
            continue  # another run sent today's digest already
        count = sum(len(lines) for _, lines in parts)
        send_mail(
            subject=f"Quadrant: {count} thing{'s' if count != 1 else ''} need you today",
            message=_body(person, parts, today),
            from_email=None,
            recipient_list=[person.email],
            fail_silently=True,
        )
        for section, _ in parts:
            section.sent(section.marks.get(person_id, []))
        sent += 1
    logger.info("Daily digests sent: %s", sent)
    return sent


register_digest_section(overdue_actions)
