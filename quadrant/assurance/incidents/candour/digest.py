"""Overdue duty of candour records in the daily digest, escalated to the safety team of the
event's unit: the people who handle safety events at the unit or, failing that, the nearest
unit above it. Each is listed every day while it stays overdue (the digest is claimed once a
person a day, so a second run sends nothing new)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quadrant.actions.public import DigestLines, absolute_link, register_digest_section
from quadrant.assurance.incidents.access import SAFETY_TEAM
from quadrant.assurance.incidents.candour import clock
from quadrant.assurance.incidents.candour.models import CandourRecord
from quadrant.core.permissions import roles_for

TITLE = "Overdue duty of candour"


def _safety_teams() -> list[tuple[str, int, int]]:
    """(unit path, unit depth, person id) of everyone holding a safety-team role."""
    from quadrant.organisation.models import Membership

    return list(
        Membership.objects.filter(
            role__in=roles_for(SAFETY_TEAM), archived_at__isnull=True, org_unit__active=True,
            person__is_active=True,
        ).values_list("org_unit__path", "org_unit__depth", "person_id")
    )  # fmt: skip


def safety_team_of(unit: Any, teams: list[tuple[str, int, int]]) -> list[int]:
    """The people of the nearest safety team at UNIT or above it."""
    found = [(depth, person) for path, depth, person in teams if unit.path.startswith(path)]
    if not found:
        return []
    nearest = max(depth for depth, _ in found)
    return sorted({person for depth, person in found if depth == nearest})


def _line(record: CandourRecord, today: dt.date) -> str:
    late = -clock.working_days_between(today, record.deadline, record.nation)
    return (
        f"{record.event} ({record.event.org_unit}): the duty of candour was due on "
        f"{record.deadline:%d %B %Y}, {late} working day{'s' if late != 1 else ''} ago. "
        f"{absolute_link(record.page_url())}"
    )


def overdue_candour(today: dt.date) -> list[DigestLines]:
    """Each overdue record to the safety team of its event's unit."""
    section = DigestLines(TITLE)
    records = (
        CandourRecord.objects.filter(archived_at__isnull=True, event__archived_at__isnull=True)
        .overdue_on(today)
        .select_related("event", "event__org_unit")
        .order_by("deadline", "pk")
    )
    teams: list[tuple[str, int, int]] | None = None
    for record in records:
        teams = _safety_teams() if teams is None else teams
        for person in safety_team_of(record.event.org_unit, teams):
            section.lines[person].append(_line(record, today))
    return [section]


register_digest_section(overdue_candour)
