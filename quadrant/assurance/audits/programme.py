"""The audit programme: for each schedule the reader may see, whether this period's audit is
done, due or overdue.

A schedule's period is a calendar month or quarter. Its audit is "done" once a run of the
template (any version) on the unit is signed off in the current period; "overdue" when the
previous period ended without one (it has been a whole period, or longer, since the last);
otherwise "due", by the end of the current period. A schedule is never overdue before its
first whole period has passed.

The programme page, its calendar (calendar.py) and the digest's reminders (reminders.py) all
read schedules through `scheduled` and `items_of`, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet

from quadrant.assurance.audits.choices import RunStatus, ScheduleFrequency
from quadrant.assurance.audits.models import AuditRun, AuditSchedule
from quadrant.core.permissions import Capability, restrict

DONE, DUE, OVERDUE = "done", "due", "overdue"


def period_start(day: dt.date, frequency: str) -> dt.date:
    if frequency == ScheduleFrequency.QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def next_period(start: dt.date, frequency: str) -> dt.date:
    months = 3 if frequency == ScheduleFrequency.QUARTER else 1
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def previous_period(start: dt.date, frequency: str) -> dt.date:
    months = 3 if frequency == ScheduleFrequency.QUARTER else 1
    index = start.year * 12 + start.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class ProgrammeItem:
    schedule: AuditSchedule
    status: str
    last_run_date: dt.date | None
    due_by: dt.date  # the last day of the current period


def status_of(frequency: str, last: dt.date | None, scheduled_on: dt.date, today: dt.date) -> str:
    current = period_start(today, frequency)
    if last is not None and last >= current:
        return DONE
    previous = previous_period(current, frequency)
    began_before_previous = scheduled_on < previous
    if (last is None and began_before_previous) or (last is not None and last < previous):
        return OVERDUE
    return DUE


def period_end(start: dt.date, frequency: str) -> dt.date:
    """The last day of the period beginning on START: the date its audit is due by."""
    return next_period(start, frequency) - dt.timedelta(days=1)


def scheduled(user: Any) -> QuerySet[AuditSchedule]:
    """The live schedules USER may see, with their unit and assignee."""
    queryset = AuditSchedule.objects.select_related("org_unit", "assignee")
    return restrict(queryset, user, Capability.VIEW).filter(archived_at__isnull=True)


def narrowed(
    schedules: QuerySet[AuditSchedule],
    *,
    codes: Iterable[str] | None = None,
    unit: Any = None,
    assignee: Any = None,
) -> QuerySet[AuditSchedule]:
    """SCHEDULES of the template CODES only, on UNIT and the units below it, assigned to
    ASSIGNEE (each filter when given)."""
    if codes is not None:
        schedules = schedules.filter(template_code__in=list(codes))
    if unit is not None:
        schedules = schedules.filter(org_unit__path__startswith=unit.path)
    if assignee is not None:
        schedules = schedules.filter(assignee=assignee)
    return schedules


def items_of(schedules: Iterable[AuditSchedule], today: dt.date) -> list[ProgrammeItem]:
    """Each of SCHEDULES with its status today (overdue first, then due, then done), reading
    the last signed-off runs in one query."""
    schedules = list(schedules)
    latest = dict(
        ((code, unit), last)
        for code, unit, last in AuditRun.objects.filter(
            status=RunStatus.SIGNED_OFF,
            archived_at__isnull=True,
            org_unit__in={s.org_unit_id for s in schedules},
            template__code__in={s.template_code for s in schedules},
        )
        .values_list("template__code", "org_unit")
        .annotate(last=Max("run_date"))
        .values_list("template__code", "org_unit", "last")
    )
    items = []
    for schedule in schedules:
        last = latest.get((schedule.template_code, schedule.org_unit_id))
        scheduled_on = schedule.created_at.date()
        status = status_of(schedule.frequency, last, scheduled_on, today)
        end = period_end(period_start(today, schedule.frequency), schedule.frequency)
        items.append(ProgrammeItem(schedule, status, last, end))
    order = {OVERDUE: 0, DUE: 1, DONE: 2}
    return sorted(items, key=lambda item: (order[item.status], item.schedule.org_unit.name))


def programme(user: Any, today: dt.date) -> list[ProgrammeItem]:
    """Every schedule USER may see with its status today, in three queries."""
    return items_of(scheduled(user), today)
