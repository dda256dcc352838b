"""Progress of a goal: judged from its linked measures' latest SPC icons and targets wherever a
measure is linked; the manual RAG rating only where none is.

The icons, latest point and target are control's stored SPC status of each measure (the
cached result the summary matrix shows), read in one query for all of a goal's measures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quadrant.control.public import assurance_text, measure_statuses, variation_text


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
        return variation_text(self.variation_icon)

    @property
    def assurance_text(self) -> str:
        return assurance_text(self.assurance_icon)

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


def measure_readings(pairs: Iterable[tuple[Any, str]]) -> list[MeasureReading]:
    """The latest SPC icons, value and target of each (measure, role) in PAIRS."""
    pairs = list(pairs)
    statuses = measure_statuses(measure.pk for measure, _ in pairs)
    readings = []
    for measure, role in pairs:
        reading = MeasureReading(measure=measure, role=role)
        status = statuses.get(measure.pk)
        if status is None or not status.points:
            reading.problem = "No data yet"
        else:
            reading.points = status.points
            reading.latest_period = status.latest_period
            reading.latest_value = status.latest_value
            reading.target = status.target
            reading.variation_icon = status.variation_icon or None
            reading.assurance_icon = status.assurance_icon or None
        readings.append(reading)
    return readings


def measure_reading(measure: Any, role: str = "") -> MeasureReading:
    """The latest SPC icons, value and target of MEASURE."""
    return measure_readings([(measure, role)])[0]


def goal_progress(goal: Any, links: list[Any] | None = None) -> Progress:
    """GOAL's progress from LINKS (its GoalMeasure rows, read if not given) or its RAG rating."""
    if links is None:
        links = list(goal.measure_links.select_related("measure"))
    if links:
        readings = measure_readings((link.measure, link.role) for link in links)
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
