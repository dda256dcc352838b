"""The cached SPC status of every measure (icons, latest point, sparkline, reading).

`refresh_statuses()` runs analyse_many over the measures whose data changed (or all of them)
and writes one MeasureStatus row per measure; the summary matrix, the home page and the unit
page read those rows and never run the engine. It returns what changed, so that signal rules
can raise or close signals on the transitions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from quadrant.control.measures.analysis import Series, analyse_all, load_series
from quadrant.control.summary.models import MeasureStatus
from quadrant.control.summary.reading import Facts, facts_from, reading

SPARK_POINTS = 26
SPARK_WIDTH, SPARK_HEIGHT = 100, 24
VARIATION_WEIGHT = {"concern": 3, "improvement": 0}
ASSURANCE_WEIGHT = {"consistent_fail": 2, "consistent_pass": 0}
STATUS_FIELDS = [
    "computed_at", "points", "latest_period", "latest_value", "target", "variation_icon",
    "assurance_icon", "concern", "failing", "concern_since", "concern_count", "concern_rule",
    "concern_side", "attention", "sparkline", "reading",
]  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One measure's status before and after a refresh (`before` None: first analysis)."""

    measure_id: int
    before: tuple[bool, bool] | None  # (concern, failing)
    after: StatusRow


def sparkline_path(values: list[float]) -> str:
    """An SVG path of the last points in a 100 × 24 box (gaps where values are missing)."""
    tail = values[-SPARK_POINTS:]
    finite = [v for v in tail if math.isfinite(v)]
    if len(finite) < 2:
        return ""
    low, high = min(finite), max(finite)
    span = (high - low) or 1.0
    step = SPARK_WIDTH / max(len(tail) - 1, 1)
    parts, pen_down = [], False
    for i, value in enumerate(tail):
        if not math.isfinite(value):
            pen_down = False
            continue
        y = SPARK_HEIGHT - 2 - (value - low) / span * (SPARK_HEIGHT - 4)
        parts.append(f"{'L' if pen_down else 'M'}{i * step:.1f},{y:.1f}")
        pen_down = True
    return "".join(parts)


def attention(facts: Facts) -> int:
    """Higher needs attention sooner: concern first, then failing targets."""
    variation = VARIATION_WEIGHT.get(facts.kind, 1)
    return variation * 3 + ASSURANCE_WEIGHT.get(facts.assurance_icon, 1)


@dataclass(slots=True)
class StatusRow:
    """A MeasureStatus row as computed (a plain object: thousands are built per refresh)."""

    measure_id: int
    computed_at: Any
    points: int
    latest_period: Any
    latest_value: float | None
    target: float | None
    variation_icon: str
    assurance_icon: str
    concern: bool
    failing: bool
    concern_since: Any
    concern_count: int
    concern_rule: str
    concern_side: str
    attention: int
    sparkline: str
    reading: str


def status_from(series: Series, result: Any, meta: dict[str, Any], now: Any) -> StatusRow:
    facts = facts_from(series, result)
    concern = facts.kind == "concern"
    return StatusRow(
        measure_id=series.measure_id,
        computed_at=now,
        points=facts.points,
        latest_period=facts.latest_period,
        latest_value=facts.latest_value,
        target=facts.target,
        variation_icon=facts.variation_icon,
        assurance_icon=facts.assurance_icon,
        concern=concern,
        failing=facts.assurance_icon == "consistent_fail",
        concern_since=facts.run_since if concern else None,
        concern_count=facts.run_count if concern else 0,
        concern_rule=facts.rule if concern else "",
        concern_side=facts.side if concern else "",
        attention=attention(facts),
        sparkline=sparkline_path(result.value[-SPARK_POINTS:].tolist()),
        reading=reading(facts, unit_label=meta["unit_label"], frequency=meta["frequency"])[:300],
    )


def write_statuses(statuses: list[StatusRow]) -> None:
    """Insert or update the rows with one prepared statement (INSERT ... ON CONFLICT, which
    SQLite and PostgreSQL share): thousands of rows in a fraction of a second."""
    if not statuses:
        return
    ops = connection.ops
    table = ops.quote_name(MeasureStatus._meta.db_table)
    columns = ["measure_id", *STATUS_FIELDS]
    updates = ", ".join(
        f"{ops.quote_name(c)} = excluded.{ops.quote_name(c)}" for c in STATUS_FIELDS
    )
    sql = (
        f"INSERT INTO {table} ({', '.join(map(ops.quote_name, columns))}) "  # noqa: S608  # nosec B608 - reviewed: table and column names come from the models, values are parameters
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT (measure_id) DO UPDATE SET {updates}"
    )
    computed_at = ops.adapt_datetimefield_value(statuses[0].computed_at)

    def row(status: StatusRow) -> list[Any]:
        values = [getattr(status, name) for name in columns]
        values[1] = computed_at
        values[3] = ops.adapt_datefield_value(status.latest_period)
        values[10] = ops.adapt_datefield_value(status.concern_since)
        return values

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, [row(status) for status in statuses])


def refresh_statuses(measure_ids: list[int] | None = None) -> list[Change]:
    """Recalculate the status of MEASURE_IDS (every live measure when None) in one pass."""
    from quadrant.control.measures.models import Measure

    series = load_series(measure_ids)
    results = analyse_all(series)
    meta_rows = Measure.objects.filter(pk__in=[one.measure_id for one in series])
    if measure_ids is None:
        meta_rows = Measure.objects.filter(archived_at__isnull=True)
    meta = {row["id"]: row for row in meta_rows.values("id", "unit_label", "frequency")}
    before_rows = MeasureStatus.objects.all()
    if measure_ids is not None:
        before_rows = before_rows.filter(measure_id__in=measure_ids)
    before = {
        measure_id: (concern, failing)
        for measure_id, concern, failing in before_rows.values_list(
            "measure_id", "concern", "failing"
        )
    }
    now = timezone.now()
    statuses = [
        status_from(one, results[one.measure_id], meta[one.measure_id], now)
        for one in series
        if one.measure_id in results and one.measure_id in meta
    ]
    write_statuses(statuses)
    return [Change(s.measure_id, before.get(s.measure_id), s) for s in statuses]
