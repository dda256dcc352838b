"""The portfolio of a unit and its subtree, read in a fixed number of queries at any size:
projects by stage, method, domain and goal, counts by stage month by month, and the projects
that have gone quiet."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from quadrant.core.permissions import Capability, may_at, restrict
from quadrant.improvement.choices import LIVE_STAGES, STAGE_ORDER, Method, Stage
from quadrant.improvement.models import Project, ProjectStage
from quadrant.improvement.tasks import quiet_since

MONTHS = 12
QUIET_SHOWN = 50
STAGES_SHOWN = [*STAGE_ORDER, Stage.ABANDONED]


@dataclass
class Portfolio:
    unit: Any
    total: int = 0
    by_stage: list[tuple[str, str, int]] = field(default_factory=list)  # code, label, count
    by_method: list[tuple[str, str, int]] = field(default_factory=list)
    by_domain: list[tuple[int, str, int]] = field(default_factory=list)  # id, name, count
    by_goal: list[tuple[int, str, int]] = field(default_factory=list)
    months: list[dt.date] = field(default_factory=list)
    over_time: dict[str, list[int]] = field(default_factory=dict)  # stage → count per month
    quiet: list[dict[str, Any]] = field(default_factory=list)
    quiet_count: int = 0


def month_ends(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The last day of each of the COUNT months up to and including today's (today for it)."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(count - 1):
        ends.append(first - dt.timedelta(days=1))
        first = ends[-1].replace(day=1)
    return list(reversed(ends))


def stages_over_time(
    changes: list[tuple[int, str, Any]], ends: list[dt.date]
) -> dict[str, list[int]]:
    """How many projects stood at each stage at each month end, from the stage history
    (rows in date order; dates as dates or ISO strings): one pass over the history."""
    current: dict[int, str] = {}
    counts: Counter[str] = Counter()
    series: dict[str, list[int]] = {stage: [] for stage in STAGES_SHOWN}
    index = 0
    for end in ends:
        last_day = end.isoformat()
        while index < len(changes) and str(changes[index][2])[:10] <= last_day:
            project_id, stage, _ = changes[index]
            if project_id in current:
                counts[current[project_id]] -= 1
            current[project_id] = stage
            counts[stage] += 1
            index += 1
        for stage in STAGES_SHOWN:
            series[stage].append(counts[stage])
    return series


def _plain_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """QUERYSET's rows straight from the cursor: no per-row converters (dates stay ISO text
    on SQLite), which is most of the time for thousands of rows."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def portfolio_scope(user: Any, unit: Any) -> Any:
    """The live (unarchived) projects of UNIT's subtree that USER may see. A role that covers
    the unit covers its whole subtree, so only people who see part of it need restrict()."""
    scope = Project.objects.filter(org_unit__path__startswith=unit.path, archived_at__isnull=True)
    if may_at(user, Capability.VIEW, unit):
        return scope
    return restrict(scope, user, Capability.VIEW)


def build_portfolio(user: Any, unit: Any, today: dt.date | None = None) -> Portfolio:
    """Everything the portfolio page shows: six queries whatever the number of projects."""
    today = today or timezone.localdate()
    scope = portfolio_scope(user, unit)
    result = Portfolio(unit=unit)
    stages: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    grouped = scope.order_by().values_list("stage", "method").annotate(n=Count("id"))
    for stage, method, count in grouped:
        stages[stage] += count
        methods[method] += count
    result.total = sum(stages.values())
    result.by_stage = [(s, Stage(s).label, stages[s]) for s in STAGES_SHOWN]
    result.by_method = [(m.value, m.label, methods[m.value]) for m in Method]
    result.by_domain = list(
        Project.domains.through.objects.filter(project__in=scope)
        .values_list("qualitydomain_id", "qualitydomain__name")
        .annotate(n=Count("project_id"))
        .order_by("-n", "qualitydomain__name")
    )
    result.by_goal = list(
        Project.goals.through.objects.filter(project__in=scope)
        .values_list("goal_id", "goal__title")
        .annotate(n=Count("project_id"))
        .order_by("-n", "goal__title")[:20]
    )
    result.months = month_ends(today)
    history = (
        ProjectStage.objects.filter(project__in=scope, changed_on__lte=today)
        .order_by("changed_on", "id")
        .values_list("project_id", "stage", "changed_on")
    )
    result.over_time = stages_over_time(_plain_rows(history), result.months)
    quiet = scope.filter(stage__in=LIVE_STAGES, last_activity_at__lt=quiet_since(today))
    result.quiet_count = quiet.count()
    rows = quiet.order_by("last_activity_at", "pk").values_list(
        "pk", "title", "stage", "last_activity_at", "org_unit__name",
        "coach__first_name", "coach__last_name",
    )[:QUIET_SHOWN]  # fmt: skip
    result.quiet = [
        {"pk": r[0], "title": r[1], "stage": Stage(r[2]).label, "since": r[3], "unit": r[4],
         "coach": f"{r[5]} {r[6]}".strip()}
        for r in rows
    ]  # fmt: skip
    return result
