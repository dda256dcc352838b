"""Where should the board look this month: the summary an executive sees on their home page.

For each unit where the reader holds the executive role (the trust for a board member, the
division for a division director), one summary of that unit's subtree: its priorities (its own
top-level goals running this financial year) with their progress and trend, the measures whose
Making Data Count icons show a special cause of concern or a consistently failed target,
overdue actions, signals nobody has answered yet and the Quality Account priorities of the
year. Counts first, then the top few of each list.

The summary costs a fixed number of queries however many measures, goals, actions and signals
the unit has: every list is counted and sliced in the database, and the progress of all the
goals shown is worked out by planning for all of them at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from quadrant.actions.public import Action
from quadrant.control import public as control
from quadrant.core.permissions import Capability, held_roles, restrict
from quadrant.organisation.choices import Role
from quadrant.organisation.models import OrgUnit
from quadrant.planning import public as planning

TOP = 5  # how many of each list the summary shows before "See all"

# Progress states, worst first: the order the priorities are listed in.
STATE_ORDER = {"off_track": 0, "at_risk": 1, "unknown": 2, "on_track": 3}


@dataclass
class GoalLine:
    """A goal with its progress (planning's judgement and reason) and its trend."""

    goal: Any
    progress: Any

    @property
    def trend(self) -> str:
        """Where the measures of the goal and of the goals below it go (planning's Trend)."""
        return str(self.progress.trend.text)


@dataclass
class Listing:
    """The first few of a list, how many there are in all, and the page with all of them."""

    items: list[Any]
    count: int
    url: str

    @property
    def more(self) -> bool:
        return self.count > len(self.items)


@dataclass
class UnitSummary:
    unit: Any
    year_label: str
    priorities: list[GoalLine]
    concerns: Listing
    concern_counts: dict[str, int]
    failing_url: str
    overdue: Listing
    signals: Listing
    quality_account: list[GoalLine]
    quality_account_url: str
    goals_url: str
    stale: Listing | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def quarter(self) -> int:
        """The quarter of the financial year today falls in (April to June is the first)."""
        return (self.today.month - 4) % 12 // 3 + 1

    @property
    def priorities_needing_attention(self) -> int:
        return sum(line.progress.state in {"off_track", "at_risk"} for line in self.priorities)

    @property
    def quality_account_on_track(self) -> int:
        return sum(line.progress.state == "on_track" for line in self.quality_account)


def executive_units(user: Any) -> list[Any]:
    """The units where USER holds the executive role, leaving out any inside another."""
    held = sorted(
        {(h.path, h.unit_id) for h in held_roles(user) if h.role == Role.EXECUTIVE},
    )
    tops: list[tuple[str, int]] = []
    for path, unit_id in held:
        if not any(path.startswith(top) for top, _ in tops):
            tops.append((path, unit_id))
    if not tops:
        return []
    units = OrgUnit.objects.in_bulk([unit_id for _, unit_id in tops])
    return [units[unit_id] for _, unit_id in tops if unit_id in units]


def board_summaries(user: Any, today: dt.date | None = None) -> list[UnitSummary]:
    """One summary for each unit where USER is an executive (none for anyone else)."""
    return [unit_summary(unit, user, today) for unit in executive_units(user)]


def unit_summary(unit: Any, user: Any, today: dt.date | None = None) -> UnitSummary:
    today = today or dt.date.today()
    year = planning.year_of(today)
    measures = restrict(
        control.Measure.objects.filter(
            archived_at__isnull=True, org_unit__path__startswith=unit.path
        ),
        user,
        Capability.VIEW,
    )
    summary_url = reverse("control:summary") + f"?unit={unit.code}"

    concern = Q(variation_icon__startswith="concern")
    failing = Q(assurance_icon="consistent_fail")
    statuses = control.statuses_of_concern(measures)
    counts = statuses.order_by().aggregate(
        all=Count("pk"), concern=Count("pk", filter=concern), failing=Count("pk", filter=failing)
    )
    concerns = Listing(list(statuses[:TOP]), counts["all"], summary_url + "&variation=concern")
    actions_on_measures(concerns.items, user)

    actions = restrict(Action.objects.overdue(today), user, Capability.VIEW).filter(
        archived_at__isnull=True, org_unit__path__startswith=unit.path
    )
    overdue = Listing(
        list(actions.select_related("owner", "org_unit").order_by("due_date", "pk")[:TOP]),
        actions.count(),
        reverse("actions:unit", args=[unit.code]),
    )

    signals = control.unanswered_signals(measures)
    unanswered = Listing(
        list(signals[:TOP]), signals.count(), reverse("control:unit_signals", args=[unit.code])
    )

    goals = list(
        restrict(planning.Goal.objects.all(), user, Capability.VIEW)
        .filter(
            org_unit=unit,
            archived_at__isnull=True,
            status=planning.GoalStatus.ACTIVE,
            first_year__lte=year,
            last_year__gte=year,
        )
        .filter(Q(parent__isnull=True) | ~Q(parent__org_unit=unit))
        .select_related("owner")
        .order_by("title", "pk")
    )
    chosen = list(
        restrict(planning.QualityAccountPriority.objects.all(), user, Capability.VIEW)
        .filter(year=year, archived_at__isnull=True, goal__org_unit__path__startswith=unit.path)
        .select_related("goal__org_unit")
        .order_by("order", "pk")
    )
    progress = progress_of([*goals, *(priority.goal for priority in chosen)], today)
    priorities = sorted(
        (GoalLine(goal, progress[goal.pk]) for goal in goals),
        key=lambda line: (STATE_ORDER.get(line.progress.state, 2), line.goal.title),
    )
    return UnitSummary(
        stale=stale_measures(measures, today, summary_url),
        unit=unit,
        year_label=planning.year_label(year),
        priorities=priorities,
        concerns=concerns,
        concern_counts={"concern": counts["concern"], "failing": counts["failing"]},
        failing_url=summary_url + "&assurance=fail",
        overdue=overdue,
        signals=unanswered,
        quality_account=[GoalLine(p.goal, progress[p.goal.pk]) for p in chosen],
        quality_account_url=reverse("planning:quality_account") + f"?year={year}",
        goals_url=reverse("planning:goals"),
        today=today,
    )


def actions_on_measures(statuses: list[Any], user: Any) -> None:
    """Give each of STATUSES the live actions raised from its measure's signals (`actions`),
    in two queries for all of them."""
    from django.contrib.contenttypes.models import ContentType

    signal_type = ContentType.objects.get_by_natural_key("control", "signal")
    measure_of = dict(
        control.Measure.objects.filter(pk__in=[status.measure_id for status in statuses])
        .filter(signals__isnull=False)
        .values_list("signals__pk", "pk")
    )
    by_measure: dict[int, list[Any]] = {}
    found = (
        restrict(Action.objects.live(), user, Capability.VIEW)
        .filter(source_type=signal_type, source_id__in=list(measure_of))
        .select_related("owner")
        .order_by("due_date", "pk")
    )
    for action in found:
        by_measure.setdefault(measure_of[action.source_id], []).append(action)
    for status in statuses:
        status.actions = by_measure.get(status.measure_id, [])


def stale_measures(measures: Any, today: dt.date, url: str) -> Listing:
    """MEASURES with no new data for more than two periods (control's rule), the longest
    without first: counted and sliced in the database."""
    stale = measures.filter(control.stale_filter(today)).select_related("org_unit", "status")
    items = list(stale.order_by("status__latest_period", "name", "pk")[:TOP])
    for measure in items:
        measure.stale_text = control.stale_text(measure.status.latest_period)
    return Listing(items, stale.count(), url)


def progress_of(goals: list[Any], today: dt.date) -> dict[int, Any]:
    """Planning's progress of each goal (rolled up its cascade), by goal id, worked out for all
    of them at once."""
    return planning.goals_progress([goal.pk for goal in goals], today=today)
