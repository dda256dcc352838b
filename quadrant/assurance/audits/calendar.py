"""The programme's calendar: in one month, the date each schedule's period is due by (the last
day of a month, or of a quarter in March, June, September and December) and the audits signed
off on each day.

A period's due date reads the same as the programme (programme.py): "done" once a run of the
template on the unit was signed off within the period, "due" until its last day has passed,
then "overdue". A period the schedule was added during is not held against it (the programme
never counts it as missed), so it shows only while it is still due or once it is done.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from quadrant.assurance.audits.choices import RunStatus, ScheduleFrequency
from quadrant.assurance.audits.models import AuditRun, AuditSchedule
from quadrant.assurance.audits.programme import (
    DONE,
    DUE,
    OVERDUE,
    next_period,
    period_end,
    period_start,
    previous_period,
)


@dataclass(frozen=True)
class DueEntry:
    """A schedule's period falling due on a day of the month."""

    schedule: AuditSchedule
    title: str
    status: str  # DONE, DUE or OVERDUE


@dataclass(frozen=True)
class RunEntry:
    """An audit signed off on a day of the month, on a scheduled template and unit."""

    run: AuditRun


@dataclass
class CalendarDay:
    day: dt.date
    due: list[DueEntry] = field(default_factory=list)
    runs: list[RunEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.due and not self.runs


@dataclass(frozen=True)
class CalendarMonth:
    month: dt.date  # its first day
    weeks: list[list[CalendarDay | None]]  # Monday first; None outside the month
    previous: dt.date
    next: dt.date

    @property
    def busy_days(self) -> list[CalendarDay]:
        """The days with something on them, in order (the phone's list)."""
        return [day for week in self.weeks for day in week if day and not day.is_empty]


def parse_month(text: str | None, today: dt.date) -> dt.date | None:
    """The first day of the month TEXT names as YYYY-MM (this month when TEXT is empty), or
    None when TEXT is not a month."""
    if not text:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in text.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


def due_period(month: dt.date, frequency: str) -> dt.date | None:
    """The start of the FREQUENCY period that ends in MONTH (a quarter ends in only one of its
    three months), or None."""
    start = period_start(month, frequency)
    return start if period_end(start, frequency).month == month.month else None


def month_calendar(
    schedules: Iterable[AuditSchedule], titles: dict[str, str], month: dt.date, today: dt.date
) -> CalendarMonth:
    """The calendar of MONTH for SCHEDULES (titles by template code), in one query of runs."""
    schedules = list(schedules)
    month_end = next_period(month, ScheduleFrequency.MONTH) - dt.timedelta(days=1)
    earliest = period_start(month, ScheduleFrequency.QUARTER)  # the longest period in view
    runs = AuditRun.objects.filter(
        status=RunStatus.SIGNED_OFF,
        archived_at__isnull=True,
        run_date__gte=earliest,
        run_date__lte=month_end,
        org_unit__in={s.org_unit_id for s in schedules},
        template__code__in={s.template_code for s in schedules},
    ).select_related("template", "org_unit")
    by_pair: dict[tuple[str, int], list[AuditRun]] = defaultdict(list)
    for run in runs:
        by_pair[(run.template.code, run.org_unit_id)].append(run)
    days = {
        day: CalendarDay(day)
        for day in (month + dt.timedelta(days=n) for n in range(month_end.day))
    }
    for schedule in schedules:
        pair = (schedule.template_code, schedule.org_unit_id)
        for run in by_pair[pair]:
            if run.run_date >= month:
                days[run.run_date].runs.append(RunEntry(run))
        entry = _due_entry(schedule, by_pair[pair], month, today, titles)
        if entry is not None:
            days[_due_day(schedule, month)].due.append(entry)
    weeks = [
        [days.get(day) if day.month == month.month else None for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    return CalendarMonth(
        month,
        weeks,
        previous_period(month, ScheduleFrequency.MONTH),
        next_period(month, ScheduleFrequency.MONTH),
    )


def _due_day(schedule: AuditSchedule, month: dt.date) -> dt.date:
    start = due_period(month, schedule.frequency)
    assert start is not None  # only asked for a schedule with a period ending in MONTH
    return period_end(start, schedule.frequency)


def _due_entry(
    schedule: AuditSchedule,
    runs: list[AuditRun],
    month: dt.date,
    today: dt.date,
    titles: dict[str, str],
) -> DueEntry | None:
    start = due_period(month, schedule.frequency)
    if start is None:
        return None
    end = period_end(start, schedule.frequency)
    scheduled_on = schedule.created_at.date()
    if end < scheduled_on:
        return None  # before it was on the programme
    title = titles.get(schedule.template_code, schedule.template_code)
    if any(start <= run.run_date <= end for run in runs):
        return DueEntry(schedule, title, DONE)
    if end >= today:
        return DueEntry(schedule, title, DUE)
    if scheduled_on < start:
        return DueEntry(schedule, title, OVERDUE)
    return None  # added during a period that then ended: never counted as missed
