"""The one description of a measure's chart, for the browser and for the SVG renderer.

A plain dictionary of JSON types: the measure, every point (value, type and colour, centre,
process limits, two-sigma lines, target, moving range), the annotations (rebases, events,
notes, later PDSA cycles) and the icons and reading.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from django.db.models import Q

from quadrant.control.measures.analysis import Series, analyse_series, load_series
from quadrant.control.summary.icons import BLUE, GREY, ORANGE, PURPLE
from quadrant.control.summary.models import is_stale, stale_text
from quadrant.control.summary.reading import Facts, facts_from, reading

POINT_COLOURS = {
    "common_cause": GREY,
    "special_cause_improvement": BLUE,
    "special_cause_concern": ORANGE,
    "special_cause_neutral": PURPLE,
}
POINT_LABELS = {
    "common_cause": "common cause",
    "special_cause_improvement": "special cause of improvement",
    "special_cause_concern": "special cause of concern",
    "special_cause_neutral": "special cause (neither direction is better)",
}
RANGES = {"6m": 183, "1y": 366, "2y": 731, "5y": 1827}
RANGE_LABELS = {"all": "All", "5y": "5 years", "2y": "2 years", "1y": "1 year", "6m": "6 months"}


def _num(value: Any, scale: float = 1.0) -> float | None:
    if value is None:
        return None
    number = float(value)
    return round(number * scale, 6) if math.isfinite(number) else None


def period_label(period: dt.date, frequency: str) -> str:
    if frequency == "month":
        return period.strftime("%b %Y")
    if frequency == "quarter":
        return f"Q{(period.month - 1) // 3 + 1} {period.year}"
    return f"{period.day} {period:%b %Y}"


Counts = dict[str, tuple[float | None, float | None]]


def recorded_counts(measure: Any, series: Series) -> Counts:
    """The numerator and denominator of each period (ISO) that has them: the engine's inputs
    of a ratio chart, or, for a measure charted on its values, those recorded beside them."""
    if series.is_ratio:
        return {
            iso: (_num(series.values[i]), _num(series.denominators[i]))
            for i, iso in enumerate(list(series.periods))
        }
    recorded = measure.observations.filter(
        Q(numerator__isnull=False) | Q(denominator__isnull=False)
    ).values_list("period", "numerator", "denominator")
    return {period.isoformat(): (_num(top), _num(bottom)) for period, top, bottom in recorded}


def _points(series: Series, result: Any, frequency: str, counts: Counts) -> list[dict[str, Any]]:
    scale = series.scale
    points = []
    types, rules = result.point_type.tolist(), result.rule.tolist()
    for i, iso in enumerate(list(series.periods)):
        point_type = types[i]
        numerator, denominator = counts.get(iso, (None, None))
        points.append(
            {
                "i": i,
                "period": iso,
                "label": period_label(dt.date.fromisoformat(iso), frequency),
                "value": _num(result.value[i], scale),
                "numerator": numerator,
                "denominator": denominator,
                "type": point_type,
                "type_label": POINT_LABELS.get(point_type, "missing"),
                "colour": POINT_COLOURS.get(point_type, GREY),
                "rule": rules[i],
                "centre": _num(result.centre[i], scale),
                "lower": _num(result.lower[i], scale),
                "upper": _num(result.upper[i], scale),
                "lower_2sigma": _num(result.lower_2sigma[i], scale),
                "upper_2sigma": _num(result.upper_2sigma[i], scale),
                "target": _num(series.targets[i], scale),
                "moving_range": _num(result.moving_range[i], scale),
                "moving_range_upper": _num(result.moving_range_upper[i], scale),
            }
        )
    return points


def _annotations(measure: Any) -> list[dict[str, Any]]:
    from quadrant.control.charts.providers import provided_annotations

    own = [
        {"date": note.date.isoformat(), "kind": note.kind, "text": note.text}
        for note in measure.annotations.filter(archived_at__isnull=True).order_by("date")
    ]
    return sorted(own + provided_annotations(measure), key=lambda note: note["date"])


def describe(measure: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The chart description of MEASURE (every point; the renderer picks the window). The
    icons, reading and latest point are the measure's stored status, the one every page
    shows; `stale` says whether its data is older than two periods by TODAY. The time axis
    runs to `axis_end`: TODAY or the last annotation, whichever is later, so that a PDSA
    cycle begun since the last data is drawn."""
    found = load_series([measure.pk])
    annotations = _annotations(measure)
    axis_end = max([(today or dt.date.today()).isoformat()] + [n["date"] for n in annotations])
    base: dict[str, Any] = {
        "measure": {
            "code": measure.code,
            "name": measure.name,
            "unit": measure.unit_label,
            "direction": measure.direction,
            "chart": measure.chart_type,
            "frequency": measure.frequency,
            "rules": measure.get_rule_profile_display(),
        },
        "points": [],
        "annotations": annotations,
        "axis_end": axis_end,
        "variation_icon": "",
        "assurance_icon": "",
        "reading": "No data yet",
        "latest_period": None,
        "latest_value": None,
        "stale": False,
        "stale_text": "",
        "has_limits": False,
        "has_moving_range": False,
    }
    if not found:
        return base
    series = found[0]
    result = analyse_series(series)
    facts = facts_from(series, result)
    points = _points(series, result, measure.frequency, recorded_counts(measure, series))
    status = stored_status(measure.pk, facts)
    latest = status.latest_period if status else None
    stale = is_stale(measure, latest, today)
    base.update(
        points=points,
        variation_icon=status.variation_icon if status else "",
        assurance_icon=status.assurance_icon if status else "",
        reading=status.reading if status else "No data yet",
        latest_period=latest.isoformat() if latest else None,
        latest_value=status.latest_value if status else None,
        stale=stale,
        stale_text=stale_text(latest) if stale else "",
        has_limits=any(p["upper"] is not None or p["lower"] is not None for p in points),
        has_moving_range=any(p["moving_range"] is not None for p in points),
    )
    return base


def describe_values(
    name: str,
    periods: list[dt.date],
    values: list[float | None],
    *,
    unit_label: str = "",
    target: float | None = None,
    direction: str = "increase",
    frequency: str = "month",
) -> dict[str, Any]:
    """The chart description of a series that is not a stored measure (a figure another
    component works out, such as compliance with a standard): VALUES for PERIODS in order,
    an individuals (XmR) chart with the Making Data Count rules, icons and reading worked out
    now, in the same shape as describe() so that render_svg draws it."""
    series = Series(0, "xmr", direction, "mdc", 1.0)
    series.periods = [period.isoformat() for period in periods]
    series.values = np.asarray([np.nan if v is None else v for v in values], dtype=float)
    series.targets = np.full(len(periods), np.nan if target is None else float(target))
    result = analyse_series(series)
    facts = facts_from(series, result)
    points = _points(series, result, frequency, {})
    return {
        "measure": {"code": "", "name": name, "unit": unit_label, "direction": direction,
                    "chart": "xmr", "frequency": frequency, "rules": "Making Data Count"},
        "points": points,
        "annotations": [],
        "axis_end": periods[-1].isoformat() if periods else None,
        "variation_icon": facts.variation_icon,
        "assurance_icon": facts.assurance_icon,
        "reading": reading(facts, unit_label=unit_label, frequency=frequency),
        "latest_period": facts.latest_period.isoformat() if facts.latest_period else None,
        "latest_value": facts.latest_value,
        "stale": False,
        "stale_text": "",
        "has_limits": any(p["upper"] is not None or p["lower"] is not None for p in points),
        "has_moving_range": any(p["moving_range"] is not None for p in points),
    }  # fmt: skip


def stored_status(measure_id: int, facts: Facts) -> Any:
    """The stored status of the measure, the one the summary, the API and the exports read;
    recalculated first when it is missing or no longer matches the data (FACTS: the data's
    latest point as analysed now), as a change of the data would have done."""
    from quadrant.control.signals.rules import measure_statuses, recalculate

    status = measure_statuses([measure_id]).get(measure_id)
    if status is not None and _same_latest(status, facts):
        return status
    recalculate([measure_id])
    return measure_statuses([measure_id]).get(measure_id)


def _same_latest(status: Any, facts: Facts) -> bool:
    if (status.points, status.latest_period) != (facts.points, facts.latest_period):
        return False
    if status.latest_value is None or facts.latest_value is None:
        return status.latest_value is facts.latest_value
    return math.isclose(status.latest_value, facts.latest_value, rel_tol=1e-9, abs_tol=1e-12)


def window(description: dict[str, Any], range_key: str) -> tuple[int, int]:
    """The points [start, end) to draw for a range such as "1y" (ending at the last point)."""
    points = description["points"]
    if range_key not in RANGES or not points:
        return 0, len(points)
    last = dt.date.fromisoformat(points[-1]["period"])
    first = last - dt.timedelta(days=RANGES[range_key])
    start = next((p["i"] for p in points if p["period"] >= first.isoformat()), 0)
    return start, len(points)
