"""The one-line reading of a measure in plain English, led by what matters most.

For example: "Special cause of concern: 7 points above the mean since March 2026; the target
of 95% is not reliably met".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from quadrant.control.measures.analysis import Series

MIN_POINTS = 13
KIND_OF = {
    "special_cause_concern": "concern",
    "special_cause_improvement": "improvement",
    "special_cause_neutral": "neutral",
    "common_cause": "common",
}


@dataclass
class Facts:
    """What the reading (and the cached status) say about a measure's latest data."""

    points: int
    latest_period: dt.date | None = None
    latest_value: float | None = None
    kind: str = "none"  # concern, improvement, neutral, common or none
    rule: str = ""
    side: str = ""  # above or below (the centre line)
    run_count: int = 0
    run_since: dt.date | None = None
    variation_icon: str = ""
    assurance_icon: str = ""
    target: float | None = None
    centre: float | None = None


def _finite(value: Any) -> float | None:
    return float(value) if value is not None and math.isfinite(float(value)) else None


def facts_from(series: Series, result: Any) -> Facts:
    """The facts of the latest point of SERIES analysed as RESULT (values in shown units)."""
    scale = series.scale
    values = result.value
    present = np.flatnonzero(np.isfinite(values))
    facts = Facts(points=len(present))
    if not len(present):
        return facts
    last = int(present[-1])
    facts.latest_period = series.period(last)
    facts.latest_value = float(values[last]) * scale
    target = _finite(series.targets[last])
    facts.target = None if target is None else target * scale
    centre = _finite(result.centre[last])
    facts.centre = None if centre is None else centre * scale
    facts.variation_icon = result.variation_icon or ""
    facts.assurance_icon = result.assurance_icon or ""
    codes = result.point_type_code
    point_type = str(result.point_type[last])
    facts.kind = KIND_OF.get(point_type, "none") if facts.variation_icon else "none"
    facts.rule = str(result.rule[last])
    if centre is not None:
        facts.side = "above" if values[last] >= result.centre[last] else "below"
    if facts.kind in ("concern", "improvement", "neutral"):
        # The run of points of the same type that ends at the latest point.
        same = codes[present] == codes[last]
        breaks = np.flatnonzero(~same)
        first = int(breaks[-1]) + 1 if len(breaks) else 0
        facts.run_count = len(present) - first
        facts.run_since = series.period(int(present[first]))
    return facts


def period_text(date: dt.date | None, frequency: str) -> str:
    """A period as the reading names it: "March 2026", or "3 August 2026" for weeks and days."""
    if date is None:
        return ""
    if frequency in ("month", "quarter"):
        return date.strftime("%B %Y")
    return f"{date.day} {date:%B %Y}"


def format_value(value: float | None, unit_label: str = "") -> str:
    """A value as people read it: 95%, 4.2 per 1,000 bed days, 1,234."""
    if value is None:
        return "no value"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    if unit_label == "%":
        return f"{text}%"
    return f"{text} {unit_label}".strip()


def _variation(facts: Facts, frequency: str) -> str:
    if facts.kind == "none":
        if facts.points < MIN_POINTS:
            return f"Too few points to judge: {facts.points} of the {MIN_POINTS} needed"
        return "No signal can be read from the latest data"
    if facts.kind == "common":
        return "Common cause variation: no sign of change in the latest data"
    heading = {
        "concern": "Special cause of concern",
        "improvement": "Special cause of improvement",
        "neutral": "Special cause (neither direction is better)",
    }[facts.kind]
    since = period_text(facts.run_since, frequency)
    side = facts.side or "above"
    if facts.rule == "outside_limits" and facts.run_count == 1:
        limit = "upper" if side == "above" else "lower"
        when = period_text(facts.latest_period, frequency)
        detail = f"the latest point ({when}) is beyond the {limit} process limit"
    elif facts.rule == "trend":
        direction = "rising" if side == "above" else "falling"
        detail = f"a {direction} trend of {facts.run_count} points since {since}"
    elif facts.rule == "two_of_three":
        limit = "upper" if side == "above" else "lower"
        detail = f"two of the last three points near the {limit} process limit"
    else:
        points = "point" if facts.run_count == 1 else "points"
        detail = f"{facts.run_count} {points} {side} the mean since {since}"
    return f"{heading}: {detail}"


def _assurance(facts: Facts, unit_label: str) -> str:
    if facts.target is None:
        return "no target is set"
    target = format_value(facts.target, unit_label)
    return {
        "consistent_pass": f"the target of {target} is consistently met",
        "consistent_fail": f"the target of {target} will not be met without change",
        "inconsistent": f"the target of {target} is not reliably met",
    }.get(facts.assurance_icon, f"the target is {target}")


def reading(facts: Facts, *, unit_label: str = "", frequency: str = "month") -> str:
    """The one line that leads the measure page and the summary."""
    if facts.points == 0:
        return "No data yet"
    return f"{_variation(facts, frequency)}; {_assurance(facts, unit_label)}"
