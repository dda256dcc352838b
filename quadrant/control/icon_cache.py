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

from django.utils import timezone

from quadrant.control.analysis import Series, analyse_all, load_series
from quadrant.control.reading import Facts, facts_from, reading
from quadrant.control.signal_models import MeasureStatus

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
    after: MeasureStatus


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


def status_from(series: Series, result: Any, meta: dict[str, Any], now: Any) -> MeasureStatus:
    facts = facts_from(series, result)
    concern = facts.kind == "concern"
    return MeasureStatus(
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
        sparkline=sparkline_path([float(v) for v in result.value]),
        reading=reading(facts, unit_label=meta["unit_label"], frequency=meta["frequency"])[:300],
    )


def refresh_statuses(measure_ids: list[int] | None = None) -> list[Change]:
    """Recalculate the status of MEASURE_IDS (every live measure when None) in one pass."""
    from quadrant.control.models import Measure

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
    MeasureStatus.objects.bulk_create(
        statuses,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["measure"],
        update_fields=STATUS_FIELDS,
    )
    return [Change(s.measure_id, before.get(s.measure_id), s) for s in statuses]
