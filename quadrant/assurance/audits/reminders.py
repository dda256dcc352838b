"""The programme's reminders in the daily digest (quadrant.actions' digest, which mails each
person once a day): audits due within a week, and overdue ones.

Each goes to the person assigned to the schedule or, with nobody assigned, to the unit's
managers, linking to the audit's start (or, for a manager who does not carry out audits, to
the unit's programme). A due date is mentioned once (`due_reminded_for` keeps the date last
reminded of); an overdue audit at most once a week (`overdue_reminded_on`), not every day it
stays overdue.
Both are set only once the digest has been mailed, by a conditional update, so a digest run
twice, or two runs at once, mention nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse

from quadrant.actions.public import (
    DigestLines,
    absolute_link,
    register_digest_section,
    unit_managers,
)
from quadrant.assurance.audits.models import AuditSchedule, AuditTemplate
from quadrant.assurance.audits.programme import DUE, OVERDUE, ProgrammeItem, items_of
from quadrant.core.permissions import Capability, may

DUE_WITHIN = dt.timedelta(days=7)
OVERDUE_EVERY = dt.timedelta(days=7)


def recipients(schedule: AuditSchedule) -> list[Any]:
    """The assignee, or the unit's managers when nobody is assigned (or the assignee has
    left)."""
    if schedule.assignee is not None and schedule.assignee.is_active:
        return [schedule.assignee]
    return unit_managers(schedule.org_unit)


def link_for(person: Any, schedule: AuditSchedule) -> str:
    """Where the reminder takes PERSON: the start of the audit for someone who may carry it
    out, otherwise (a manager reminded for nobody) the unit's programme."""
    if may(person, Capability.DO_AUDITS, schedule):
        return absolute_link(reverse("assurance:audit_schedule_start", args=[schedule.pk]))
    programme = reverse("assurance:audit_programme")
    return absolute_link(f"{programme}?org_unit={schedule.org_unit_id}")


def _line(item: ProgrammeItem, title: str, today: dt.date, link: str) -> str:
    schedule = item.schedule
    last = f"last done {item.last_run_date:%d %B %Y}" if item.last_run_date else "never done"
    if item.status == OVERDUE:
        return f"{title} ({schedule.org_unit}) is overdue: {last}. {link}"
    days = (item.due_by - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return f"{title} ({schedule.org_unit}) is due by {item.due_by:%d %B %Y}, {when}. {link}"


def audit_reminders(today: dt.date) -> list[DigestLines]:
    """The digest's two sections of the programme for TODAY."""
    due = DigestLines("Audits due within 7 days")
    overdue = DigestLines("Overdue audits")
    week_ago = today - OVERDUE_EVERY
    schedules = AuditSchedule.objects.filter(archived_at__isnull=True).select_related(
        "org_unit", "assignee"
    )
    titles = dict(
        AuditTemplate.objects.filter(superseded_at__isnull=True).values_list("code", "title")
    )
    for item in items_of(schedules, today):
        schedule = item.schedule
        title = titles.get(schedule.template_code, schedule.template_code)
        if item.status == DUE and item.due_by - today <= DUE_WITHIN:
            if schedule.due_reminded_for == item.due_by:
                continue
            section, mark = due, (schedule.pk, item.due_by)
        elif item.status == OVERDUE:
            reminded = schedule.overdue_reminded_on
            if reminded is not None and reminded > week_ago:
                continue
            section, mark = overdue, (schedule.pk, today)
        else:
            continue
        for person in recipients(schedule):
            line = _line(item, title, today, link_for(person, schedule))
            section.lines[person.pk].append(line)
            section.marks[person.pk].append(mark)
    due.sent = _marker("due_reminded_for")
    overdue.sent = _marker("overdue_reminded_on", week_ago)
    return [due, overdue]


def _marker(field: str, not_since: dt.date | None = None) -> Any:
    """Record FIELD = the date of each (schedule, date) mark mailed: only where it is not set
    to that date already (or, for a weekly reminder, set before NOT_SINCE), so that the
    managers of one unit, each mailed the same line, record it once."""

    def mark(items: Iterable[tuple[int, dt.date]]) -> None:
        for pk, day in items:
            unmarked = Q(**{f"{field}__isnull": True})
            unmarked |= Q(**{f"{field}__lte": not_since}) if not_since else ~Q(**{field: day})
            AuditSchedule.objects.filter(unmarked, pk=pk).update(**{field: day})

    return mark


register_digest_section(audit_reminders)
