"""Progress of a goal: judged from its linked measures' latest SPC icons and targets wherever a
measure is linked; the manual RAG rating only where none is.

`measure_reading` computes the icons with the SPC engine from the measure's observations. It is
the one place to swap for control's cached icons once control stores them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from quadrant import spc

RATIO_CHARTS = {"p", "u", "pp", "up"}
SUBGROUP_CHARTS = {"xbar", "s"}

VARIATION_TEXT = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement (high)",
    "improvement_low": "Special cause improvement (low)",
    "concern_high": "Special cause concern (high)",
    "concern_low": "Special cause concern (low)",
    "neutral_high": "Special cause variation, neither better nor worse (high)",
    "neutral_low": "Special cause variation, neither better nor worse (low)",
}
ASSURANCE_TEXT = {
    "consistent_pass": "Consistently meeting the target",
    "consistent_fail": "Consistently missing the target",
    "inconsistent": "Hit and miss against the target",
}


@dataclass
class MeasureReading:
    """One linked measure's latest position."""

    measure: Any
    role: str = ""
    points: int = 0
    latest_value: float | None = None
    latest_period: Any = None
    target: float | None = None
    variation_icon: str | None = None
    assurance_icon: str | None = None
    problem: str = ""

    @property
    def variation_text(self) -> str:
        return VARIATION_TEXT.get(self.variation_icon or "", "Not enough data for a signal")

    @property
    def assurance_text(self) -> str:
        if self.target is None:
            return "No target set"
        return ASSURANCE_TEXT.get(self.assurance_icon or "", "Not enough data to judge")

    @property
    def concern(self) -> bool:
        return (self.variation_icon or "").startswith("concern") or (
            self.assurance_icon == "consistent_fail"
        )

    @property
    def good(self) -> bool:
        return (self.variation_icon or "").startswith("improvement") or (
            self.assurance_icon == "consistent_pass"
        )


@dataclass
class Progress:
    """How a goal is doing, and where that judgement comes from."""

    source: str  # "measures", "manual" or "none"
    state: str  # "on_track", "at_risk", "off_track" or "unknown"
    summary: str
    readings: list[MeasureReading] = field(default_factory=list)

    @property
    def tag_colour(self) -> str:
        return {"on_track": "green", "at_risk": "yellow", "off_track": "red"}.get(
            self.state, "grey"
        )

    @property
    def label(self) -> str:
        return {
            "on_track": "On track",
            "at_risk": "At risk",
            "off_track": "Off track",
        }.get(self.state, "Not yet known")


def measure_reading(measure: Any, role: str = "") -> MeasureReading:
    """The latest SPC icons, value and target of MEASURE (one query for its data)."""
    rows = list(
        measure.observations.order_by("period").values_list(
            "period", "value", "numerator", "denominator"
        )
    )
    targets = list(measure.targets.order_by("effective_from").values_list("value", flat=True))
    reading = MeasureReading(measure=measure, role=role, points=len(rows))
    reading.target = targets[-1] if targets else None
    if not rows:
        reading.problem = "No data yet"
        return reading
    reading.latest_period, reading.latest_value = rows[-1][0], rows[-1][1]
    chart = measure.chart_type if measure.chart_type not in SUBGROUP_CHARTS else "xmr"
    try:
        if chart in RATIO_CHARTS:
            values = [_number(row[2]) for row in rows]
            result = spc.analyse(
                values,
                chart=chart,
                denominators=[_number(row[3]) for row in rows],
                improvement=measure.direction,
                target=reading.target,
                rules=measure.rule_profile,
            )
        else:
            result = spc.analyse(
                [_number(row[1]) for row in rows],
                chart=chart,
                improvement=measure.direction,
                target=reading.target,
                rules=measure.rule_profile,
            )
    except spc.SpcInputError as error:
        reading.problem = str(error)
        return reading
    reading.variation_icon = result.variation_icon
    reading.assurance_icon = result.assurance_icon
    return reading


def _number(value: Any) -> float:
    return math.nan if value is None else float(value)


def goal_progress(goal: Any, links: list[Any] | None = None) -> Progress:
    """GOAL's progress from LINKS (its GoalMeasure rows, read if not given) or its RAG rating."""
    if links is None:
        links = list(goal.measure_links.select_related("measure"))
    if links:
        readings = [measure_reading(link.measure, link.role) for link in links]
        return judge(readings)
    if goal.rag:
        state = {"green": "on_track", "amber": "at_risk", "red": "off_track"}[goal.rag]
        summary = goal.rag_rationale or "Rated by hand; no reason given."
        return Progress("manual", state, summary)
    return Progress("none", "unknown", "No measure is linked and no RAG rating has been given.")


def judge(readings: list[MeasureReading]) -> Progress:
    """Off track if any measure shows concern or consistently fails its target; on track if
    every measure with a signal shows improvement or consistently passes; else at risk."""
    concerns = [r for r in readings if r.concern]
    good = [r for r in readings if r.good]
    judged = [r for r in readings if r.variation_icon or r.assurance_icon]
    if concerns:
        names = ", ".join(r.measure.name for r in concerns[:3])
        return Progress("measures", "off_track", f"Concern on {names}.", readings)
    if not judged:
        return Progress(
            "measures", "unknown", "The linked measures do not have enough data yet.", readings
        )
    if len(good) == len(judged):
        return Progress(
            "measures", "on_track", "Every linked measure is improving or meeting its target.",
            readings,
        )  # fmt: skip
    return Progress(
        "measures", "at_risk", "No concern, but not every measure is assured yet.", readings
    )
