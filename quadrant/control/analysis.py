"""Run the SPC engine on stored measures: one measure for its page, all of them for the icons.

Values are shown in the measure's own units: for ratio charts the engine works on proportions
(numerator ÷ denominator) and Quadrant multiplies by the measure's multiplier (100 for a
percentage), so targets, which people set in the shown units, are divided by it on the way in.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from quadrant import spc
from quadrant.control.choices import RATIO_CHARTS, AnnotationKind, ChartType

# Observations hold one value per period, so subgroup charts are read as individuals.
ENGINE_CHART = {ChartType.XBAR: "xmr", ChartType.S: "xmr"}


def engine_chart(chart_type: str) -> str:
    return ENGINE_CHART.get(chart_type, str(chart_type))  # type: ignore[call-overload]


@dataclass
class Series:
    """One measure's observations in period order, ready for the engine."""

    measure_id: int
    chart: str
    improvement: str
    rules: str
    multiplier: float
    periods: list[dt.date] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    denominators: list[float] = field(default_factory=list)
    targets: list[float] = field(default_factory=list)
    rebase: list[int] = field(default_factory=list)

    @property
    def is_ratio(self) -> bool:
        return self.chart in RATIO_CHARTS

    @property
    def scale(self) -> float:
        """What turns an engine value into a shown one."""
        return self.multiplier if self.is_ratio else 1.0


def _target_per_point(periods: list[dt.date], targets: list[tuple[dt.date, float]]) -> list[float]:
    """The target in force at each period (nan before the first one)."""
    if not targets:
        return [float("nan")] * len(periods)
    dates = [date for date, _ in targets]
    out = []
    for period in periods:
        index = bisect_left(dates, period, hi=len(dates))
        if index < len(dates) and dates[index] == period:
            out.append(targets[index][1])
        elif index == 0:
            out.append(float("nan"))
        else:
            out.append(targets[index - 1][1])
    return out


def _rebase_indexes(periods: list[dt.date], dates: list[dt.date]) -> list[int]:
    """The first point on or after each rebase date (points before index 1 cannot rebase)."""
    indexes = {bisect_left(periods, date) for date in dates}
    return sorted(index for index in indexes if 0 < index < len(periods))


def _measure_rows(measure_ids: list[int] | None) -> dict[int, dict[str, Any]]:
    from quadrant.control.models import Measure

    queryset = Measure.objects.filter(archived_at__isnull=True)
    if measure_ids is not None:
        queryset = queryset.filter(pk__in=measure_ids)
    return {
        row["id"]: row
        for row in queryset.values("id", "chart_type", "direction", "rule_profile", "multiplier")
    }


def _side_rows(model: Any, ids: list[int] | None, fields: tuple[str, ...], **filters: Any) -> Any:
    queryset = model.objects.filter(**filters)
    if ids is not None:
        queryset = queryset.filter(measure_id__in=ids)
    return queryset.order_by("measure_id", fields[1]).values_list(*fields)


def load_series(measure_ids: list[int] | None = None) -> list[Series]:
    """The series of the given measures (all live measures when None), with targets and
    rebases: four queries whatever the number of measures."""
    from quadrant.control.models import Annotation, MeasureTarget

    measures = _measure_rows(measure_ids)
    ids = None if measure_ids is None else list(measures)
    targets: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    for measure_id, date, value in _side_rows(
        MeasureTarget, ids, ("measure_id", "effective_from", "value")
    ):
        targets[measure_id].append((date, value))
    rebases: dict[int, list[dt.date]] = defaultdict(list)
    for measure_id, date in _side_rows(
        Annotation, ids, ("measure_id", "date"), kind=AnnotationKind.REBASE,
        archived_at__isnull=True,
    ):  # fmt: skip
        rebases[measure_id].append(date)
    series: dict[int, Series] = {}
    for measure_id, period, value, numerator, denominator in _observation_rows(ids):
        one = series.get(measure_id)
        if one is None:
            row = measures.get(measure_id)
            if row is None:
                continue
            one = series[measure_id] = Series(
                measure_id,
                engine_chart(row["chart_type"]),
                row["direction"],
                row["rule_profile"],
                row["multiplier"] or 1.0,
            )
        one.periods.append(_as_date(period))
        if one.is_ratio:
            one.values.append(numerator if numerator is not None else float("nan"))
            one.denominators.append(denominator if denominator else float("nan"))
        else:
            one.values.append(value if value is not None else float("nan"))
    for one in series.values():
        scale = one.scale
        one.targets = [t / scale for t in _target_per_point(one.periods, targets[one.measure_id])]
        one.rebase = _rebase_indexes(one.periods, rebases[one.measure_id])
    return list(series.values())


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _observation_rows(ids: list[int] | None) -> Any:
    """(measure, period, value, numerator, denominator) in measure and period order, read
    with a plain cursor: a million rows come back in about a second."""
    from quadrant.control.models import Observation

    table = Observation._meta.db_table
    sql = f"SELECT measure_id, period, value, numerator, denominator FROM {table}"  # noqa: S608
    params: list[Any] = []
    if ids is not None:
        if not ids:
            return []
        sql += f" WHERE measure_id IN ({', '.join(['%s'] * len(ids))})"
        params = list(ids)
    sql += " ORDER BY measure_id, period"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def analyse_series(one: Series) -> spc.SpcResult:
    """The engine's full result for one series (values in engine units)."""
    return spc.analyse(
        np.asarray(one.values, dtype=float),
        chart=one.chart,
        denominators=np.asarray(one.denominators, dtype=float) if one.is_ratio else None,
        improvement=one.improvement,
        target=np.asarray(one.targets, dtype=float),
        rules=one.rules,
        rebase=one.rebase,
    )


def analyse_all(series: list[Series]) -> dict[int, spc.SpcResult]:
    """Every series through analyse_many (ratio and other charts in two batches): the
    result per measure id. A series the engine refuses is analysed alone and left out."""
    results: dict[int, spc.SpcResult] = {}
    for batch in ([one for one in series if one.is_ratio], [o for o in series if not o.is_ratio]):
        if not batch:
            continue
        try:
            many = _analyse_batch(batch)
        except spc.SpcInputError:
            for one in batch:
                try:
                    results[one.measure_id] = analyse_series(one)
                except spc.SpcInputError:
                    continue
            continue
        for one in batch:
            results[one.measure_id] = many.result(one.measure_id)
    return results


def _analyse_batch(batch: list[Series]) -> Any:
    values = np.concatenate([np.asarray(one.values, dtype=float) for one in batch])
    lengths = [len(one.values) for one in batch]
    groups = np.repeat(np.asarray([one.measure_id for one in batch]), lengths)
    denominators = None
    if batch[0].is_ratio:
        denominators = np.concatenate([np.asarray(one.denominators, dtype=float) for one in batch])
    targets = np.concatenate([np.asarray(one.targets, dtype=float) for one in batch])

    def option(name: str, default: Any) -> dict[int, Any]:
        return {
            one.measure_id: getattr(one, name) for one in batch if getattr(one, name) != default
        }

    return spc.analyse_many(
        values,
        groups,
        chart=option("chart", "xmr"),
        denominators=denominators,
        improvement=option("improvement", "increase"),
        target=targets,
        rules=option("rules", "mdc"),
        rebase={one.measure_id: one.rebase for one in batch if one.rebase},
    )
