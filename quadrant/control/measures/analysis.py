"""Run the SPC engine on stored measures: one measure for its page, all of them for the icons.

Values are shown in the measure's own units: for ratio charts the engine works on proportions
(numerator ÷ denominator) and Quadrant multiplies by the measure's multiplier (100 for a
percentage), so targets, which people set in the shown units, are divided by it on the way in.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from django.db import connection

from quadrant import spc
from quadrant.control.choices import RATIO_CHARTS, AnnotationKind, ChartType

# Observations hold one value per period, so subgroup charts are read as individuals.
ENGINE_CHART: dict[str, str] = {ChartType.XBAR: "xmr", ChartType.S: "xmr"}


def engine_chart(chart_type: str) -> str:
    return ENGINE_CHART.get(chart_type, str(chart_type))


@dataclass
class Series:
    """One measure's observations in period order, ready for the engine.

    `periods` are ISO dates (text compares in date order); `values` are the engine's inputs
    (numerators for ratio charts) with nan for a missing value.
    """

    measure_id: int
    chart: str
    improvement: str
    rules: str
    multiplier: float
    periods: Any = field(default_factory=list)
    values: Any = field(default_factory=lambda: np.empty(0))
    denominators: Any = field(default_factory=lambda: np.empty(0))
    targets: Any = field(default_factory=lambda: np.empty(0))
    rebase: list[int] = field(default_factory=list)

    @property
    def is_ratio(self) -> bool:
        return self.chart in RATIO_CHARTS

    @property
    def scale(self) -> float:
        """What turns an engine value into a shown one."""
        return self.multiplier if self.is_ratio else 1.0

    def period(self, index: int) -> dt.date:
        return _as_date(self.periods[index])


def _target_per_point(periods: Any, targets: list[tuple[str, float]]) -> Any:
    """The target in force at each period (nan before the first one); TARGETS by date."""
    out = np.full(len(periods), np.nan)
    for date, value in targets:
        out[bisect_left(periods, date) :] = value
    return out


def _rebase_indexes(periods: Any, dates: list[str]) -> list[int]:
    """The first point on or after each rebase date (points before index 1 cannot rebase)."""
    indexes = {bisect_left(periods, date) for date in dates}
    return sorted(index for index in indexes if 0 < index < len(periods))


def _measure_rows(measure_ids: list[int] | None) -> dict[int, dict[str, Any]]:
    from quadrant.control.measures.models import Measure

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


MISSING = -1e300  # stands for NULL in the bulk read (no real measurement is this low)


def load_series(measure_ids: list[int] | None = None) -> list[Series]:
    """The series of the given measures (all live measures when None), with targets and
    rebases: four queries whatever the number of measures, no Python loop over rows."""
    from quadrant.control.measures.models import Annotation, MeasureTarget

    measures = _measure_rows(measure_ids)
    ids = None if measure_ids is None else list(measures)
    targets: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for measure_id, date, value in _side_rows(
        MeasureTarget, ids, ("measure_id", "effective_from", "value")
    ):
        targets[measure_id].append((date.isoformat(), value))
    rebases: dict[int, list[str]] = defaultdict(list)
    for measure_id, date in _side_rows(
        Annotation, ids, ("measure_id", "date"), kind=AnnotationKind.REBASE,
        archived_at__isnull=True,
    ):  # fmt: skip
        rebases[measure_id].append(date.isoformat())
    series = []
    kinds = {row["chart_type"] in RATIO_CHARTS for row in measures.values()}
    for ratio in sorted(kinds):
        series.extend(_build(measures, ratio, ids, targets, rebases))
    series.sort(key=lambda one: one.measure_id)
    return series


def _build(
    measures: dict[int, dict[str, Any]],
    ratio: bool,
    ids: list[int] | None,
    targets: dict[int, list[tuple[str, float]]],
    rebases: dict[int, list[str]],
) -> list[Series]:
    rows = _observation_rows(ids, ratio)
    if not rows:
        return []
    columns = list(zip(*rows, strict=True))
    owners = np.fromiter(columns[0], dtype=np.int64, count=len(rows))
    all_periods = columns[1]  # ISO text, sliced per measure (no conversion of a million)
    numbers = [_floats(column) for column in columns[2:]]
    starts = np.concatenate(([0], np.flatnonzero(owners[1:] != owners[:-1]) + 1, [len(rows)]))
    series = []
    for first, last in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        row = measures.get(int(owners[first]))
        if row is None:
            continue
        one = Series(
            row["id"], engine_chart(row["chart_type"]), row["direction"], row["rule_profile"],
            row["multiplier"] or 1.0,
        )  # fmt: skip
        one.periods = all_periods[first:last]
        one.values = numbers[0][first:last]
        if ratio:
            one.denominators = numbers[1][first:last]
        one.targets = _target_per_point(one.periods, targets[one.measure_id]) / one.scale
        one.rebase = _rebase_indexes(one.periods, rebases[one.measure_id])
        series.append(one)
    return series


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _floats(column: tuple[Any, ...]) -> Any:
    array = np.asarray(column, dtype=float)
    array[array <= MISSING] = np.nan
    return array


def _observation_rows(ids: list[int] | None, ratio: bool) -> list[tuple[Any, ...]]:
    """(measure, period as ISO text, value) — or (…, numerator, denominator) for the ratio
    charts — in measure and period order, read with a plain cursor (NULL as MISSING, so that
    numpy reads a column at once). Only the columns the charts use are read."""
    from quadrant.control.measures.models import Measure, Observation

    ops = connection.ops
    table = ops.quote_name(Observation._meta.db_table)
    numbers = (
        "COALESCE(numerator, %s), COALESCE(denominator, %s)" if ratio else "COALESCE(value, %s)"
    )
    params: list[Any] = [MISSING, MISSING] if ratio else [MISSING]
    charts = sorted(RATIO_CHARTS)
    kind = (
        f"SELECT id FROM {ops.quote_name(Measure._meta.db_table)} "  # noqa: S608  # nosec B608 - reviewed: table and column names come from the models, values are parameters
        f"WHERE chart_type {'' if ratio else 'NOT '}IN ({', '.join(['%s'] * len(charts))})"
    )
    params += charts
    sql = (
        f"SELECT measure_id, CAST(period AS TEXT), {numbers} FROM {table} "  # noqa: S608  # nosec B608 - reviewed: table and column names come from the models, values are parameters
        f"WHERE measure_id IN ({kind})"
    )
    if ids is not None:
        if not ids:
            return []
        sql += f" AND measure_id IN ({', '.join(['%s'] * len(ids))})"
        params += list(ids)
    sql += " ORDER BY measure_id, period"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def analyse_series(one: Series) -> spc.SpcResult:
    """The engine's full result for one series (values in engine units)."""
    return spc.analyse(
        np.asarray(one.values, dtype=float),
        chart=one.chart,
        denominators=np.asarray(one.denominators, dtype=float) if one.is_ratio else None,
        improvement=one.improvement,
        target=cast(Sequence[float], np.asarray(one.targets, dtype=float)),
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
