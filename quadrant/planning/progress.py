"""Progress of a goal, rolled up the cascade by one rule (RULE, shown on the goal page).

A goal takes the worst status of what is known about it: each of its own linked measures, and
each of its child goals (closed ones left out), whose statuses are worked out the same way
from below. Off track beats at risk, which beats on track. Something whose status is not yet
known is left out; a goal is "Not yet known" only when nothing about it is known, and then the
reason says why ("No measure linked", "No data since March 2025", "No target set", ...).
Where no measure is linked, a RAG rating given by hand stands in for the goal's own measures.

One measure's status comes from control's stored SPC result (the cached status the summary
matrix shows, `control.public.measure_statuses`):
- no data, or a latest point too old for the measure's frequency: not yet known;
- special cause variation of concern, or an assurance icon saying the target is consistently
  missed: off track;
- no target: not yet known ("No target set");
- the target consistently met: on track; met only some of the time (hit and miss): at risk;
- too few points for an assurance icon: on track when the latest point meets the target, at
  risk when it misses it.

`goals_progress(ids)` works out many goals at once with a fixed number of queries (the goal
skeleton, the measure links of the goals below the ones asked for, their stored statuses),
whatever the size of the tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quadrant.control.public import assurance_text, measure_statuses, variation_text
from quadrant.planning.choices import GoalStatus

RULE = (
    "A goal takes the worst status of its linked measures and its child goals: off track if "
    "any of them is off track, otherwise at risk if any is at risk, otherwise on track. A "
    "measure or child goal that is not yet known is left out, and so are closed child goals. "
    "Where no measure is linked, the RAG rating given by hand counts instead of the measures."
)

ON_TRACK, AT_RISK, OFF_TRACK, UNKNOWN = "on_track", "at_risk", "off_track", "unknown"
STATES = (ON_TRACK, AT_RISK, OFF_TRACK, UNKNOWN)
LABELS = {
    ON_TRACK: "On track",
    AT_RISK: "At risk",
    OFF_TRACK: "Off track",
    UNKNOWN: "Not yet known",
}
WORSE = {ON_TRACK: 1, AT_RISK: 2, OFF_TRACK: 3}
RAG_STATES = {"green": ON_TRACK, "amber": AT_RISK, "red": OFF_TRACK}

# A latest point is stale once this many periods have passed since it without a newer one.
STALE_AFTER_PERIODS = 3


def _add_periods(day: dt.date, frequency: str, count: int) -> dt.date:
    if frequency == "day":
        return day + dt.timedelta(days=count)
    if frequency == "week":
        return day + dt.timedelta(weeks=count)
    months = count * (3 if frequency == "quarter" else 1)
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def period_name(day: dt.date, frequency: str) -> str:
    """How a period is named in a sentence: "March 2025", "the week of 3 March 2025"."""
    if frequency == "day":
        return f"{day.day} {day:%B %Y}"
    if frequency == "week":
        return f"the week of {day.day} {day:%B %Y}"
    if frequency == "quarter":
        return f"the quarter from {day:%B %Y}"
    return f"{day:%B %Y}"


def stale_since(latest_period: dt.date | None, frequency: str, today: dt.date) -> bool:
    """Whether a measure whose latest point is LATEST_PERIOD is out of date on TODAY: no newer
    point although STALE_AFTER_PERIODS periods of its FREQUENCY have begun since."""
    if latest_period is None:
        return False
    return _add_periods(latest_period, frequency, STALE_AFTER_PERIODS) <= today


@dataclass
class MeasureReading:
    """One linked measure's latest position and what it says about the goal."""

    measure: Any
    role: str = ""
    points: int = 0
    latest_value: float | None = None
    latest_period: Any = None
    target: float | None = None
    variation_icon: str | None = None
    assurance_icon: str | None = None
    problem: str = ""
    state: str = UNKNOWN
    why: str = ""

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

    @property
    def label(self) -> str:
        return LABELS[self.state]


def _judge_reading(reading: MeasureReading, today: dt.date) -> None:
    """Set READING's state and the words that say why (see the module docstring)."""
    measure = reading.measure
    frequency = getattr(measure, "frequency", "month")
    if not reading.points:
        reading.state, reading.why = UNKNOWN, "No data yet"
    elif stale_since(reading.latest_period, frequency, today):
        reading.state = UNKNOWN
        reading.why = f"No data since {period_name(reading.latest_period, frequency)}"
    elif (reading.variation_icon or "").startswith("concern"):
        reading.state, reading.why = OFF_TRACK, "shows special cause variation of concern"
    elif reading.assurance_icon == "consistent_fail":
        reading.state, reading.why = OFF_TRACK, "consistently misses its target"
    elif reading.target is None:
        reading.state, reading.why = UNKNOWN, "No target set"
    elif reading.assurance_icon == "consistent_pass":
        reading.state, reading.why = ON_TRACK, "consistently meets its target"
    elif reading.assurance_icon == "inconsistent":
        reading.state, reading.why = AT_RISK, "meets its target only some of the time"
    elif getattr(measure, "direction", "neutral") not in ("increase", "decrease"):
        reading.state, reading.why = UNKNOWN, "No improvement direction set"
    else:
        value, target = reading.latest_value or 0.0, reading.target
        met = value >= target if measure.direction == "increase" else value <= target
        if met:
            reading.state, reading.why = ON_TRACK, "meets its target at its latest point"
        else:
            reading.state, reading.why = AT_RISK, "misses its target at its latest point"


def measure_readings(
    pairs: Iterable[tuple[Any, str]], *, today: dt.date | None = None
) -> list[MeasureReading]:
    """The latest SPC icons, value, target and status of each (measure, role) in PAIRS."""
    pairs = list(pairs)
    statuses = measure_statuses(measure.pk for measure, _ in pairs) if pairs else {}
    return _readings(pairs, statuses, today or dt.date.today())


def _readings(
    pairs: list[tuple[Any, str]], statuses: dict[int, Any], today: dt.date
) -> list[MeasureReading]:
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
        _judge_reading(reading, today)
        readings.append(reading)
    return readings


def measure_reading(measure: Any, role: str = "") -> MeasureReading:
    """The latest SPC icons, value, target and status of MEASURE."""
    return measure_readings([(measure, role)])[0]


@dataclass
class Progress:
    """How a goal is doing and why, by RULE."""

    source: str  # what is known: "measures", "manual", "children", several joined, or "none"
    state: str  # "on_track", "at_risk", "off_track" or "unknown"
    summary: str  # the reason, in words
    readings: list[MeasureReading] = field(default_factory=list)
    rule: str = RULE

    @property
    def reason(self) -> str:
        return self.summary

    @property
    def tag_colour(self) -> str:
        return {ON_TRACK: "green", AT_RISK: "yellow", OFF_TRACK: "red"}.get(self.state, "grey")

    @property
    def label(self) -> str:
        return LABELS[self.state]

    def as_dict(self) -> dict[str, str]:
        """What the API says of it."""
        return {"status": self.state, "reason": self.summary, "rule": self.rule}


@dataclass(slots=True)
class GoalFacts:
    """What the roll-up needs of one goal."""

    pk: int
    parent_id: int | None
    status: str = GoalStatus.ACTIVE
    rag: str = ""
    rag_rationale: str = ""


def _names(items: list[str], limit: int = 3) -> str:
    shown = items[:limit]
    if len(items) > limit:
        shown.append(f"{len(items) - limit} more")
    if len(shown) == 1:
        return shown[0]
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def _child_words(count: int, total: int, state: str) -> str:
    label = LABELS[state].lower()
    if total == 1:
        return f"its child goal is {label}"
    verb = "is" if count == 1 else "are"
    return f"{count} of its {total} child goals {verb} {label}"


def judge(readings: list[MeasureReading]) -> Progress:
    """Progress by RULE from READINGS alone (a goal's own linked measures, no child goals)."""
    return roll_up(GoalFacts(0, None), readings, [])


def roll_up(goal: Any, readings: list[MeasureReading], children: list[Progress]) -> Progress:
    """GOAL's progress by RULE from its READINGS (its linked measures), its RAG rating when
    no measure is linked, and the progress of its CHILDREN (live, not closed)."""
    own: list[tuple[str, str]] = []  # (state, words) of the goal's own evidence
    sources = []
    if readings:
        sources.append("measures")
        own = [(r.state, f"{r.measure.name} {r.why}") for r in readings if r.state != UNKNOWN]
    elif goal.rag in RAG_STATES:
        sources.append("manual")
        rationale = goal.rag_rationale.strip() or "no reason given"
        own = [(RAG_STATES[goal.rag], f"the RAG rating given by hand is {goal.rag} ({rationale})")]
    known_children = [c for c in children if c.state != UNKNOWN]
    if children:
        sources.append("children")
    states = [state for state, _ in own] + [c.state for c in known_children]
    source = " and ".join(sources) or "none"
    if not states:
        return Progress(source, UNKNOWN, _unknown_reason(readings, bool(own), children), readings)
    worst = max(states, key=WORSE.__getitem__)
    parts = [words for state, words in own if state == worst]
    matching = [c for c in known_children if c.state == worst]
    if matching:
        parts.append(_child_words(len(matching), len(children), worst))
    summary = f"{LABELS[worst]}: {_names(parts, limit=4)}."
    unknown = [r for r in readings if r.state == UNKNOWN]
    unknown_children = len(children) - len(known_children)
    notes = [f"{r.measure.name} ({r.why[0].lower()}{r.why[1:]})" for r in unknown]
    if unknown_children:
        notes.append(f"{unknown_children} child goal{'s' if unknown_children != 1 else ''}")
    if notes:
        summary += f" Not yet known: {_names(notes)}."
    return Progress(source, worst, summary[0].upper() + summary[1:], readings)


def _unknown_reason(readings: list[MeasureReading], rated: bool, children: list[Progress]) -> str:
    """Why nothing is known of a goal, e.g. "No measure linked" or "No data since March 2025"."""
    if not readings:
        reason = "No measure linked"
    else:
        reasons = list(dict.fromkeys(r.why for r in readings))
        if len(reasons) == 1:
            reason = reasons[0]
        else:
            reason = "; ".join(f"{r.measure.name}: {r.why[0].lower()}{r.why[1:]}" for r in readings)
    if len(children) == 1:
        reason += "; its child goal is not yet known either"
    elif children:
        reason += f"; its {len(children)} child goals are not yet known either"
    return reason + "."


def goals_progress(
    ids: Iterable[int] | None = None, *, today: dt.date | None = None
) -> dict[int, Progress]:
    """The progress of each goal of IDS (every live goal when None), by RULE, by id. Only
    live goals count as child goals; an archived goal asked for by id is judged too.

    Three queries however many goals: the goals' skeleton (id, parent, status, RAG), the
    measure links of the goals in the subtrees asked for, and their measures' stored statuses
    (control may add a few to store a status it has not stored yet).
    """
    from django.db.models import Q

    from quadrant.planning.models import Goal, GoalMeasure

    today = today or dt.date.today()
    asked = None if ids is None else list(dict.fromkeys(ids))
    which = Q(archived_at__isnull=True) | Q(pk__in=asked or [])
    facts: dict[int, GoalFacts] = {}
    children: dict[int, list[int]] = {}
    for pk, parent_id, status, rag, rationale, archived in (
        Goal.objects.filter(which)
        .order_by()
        .values_list("pk", "parent_id", "status", "rag", "rag_rationale", "archived_at")
    ):
        facts[pk] = GoalFacts(pk, parent_id, status, rag, rationale)
        if parent_id is not None and archived is None and status != GoalStatus.CLOSED:
            children.setdefault(parent_id, []).append(pk)
    wanted = list(facts) if asked is None else [pk for pk in asked if pk in facts]
    order = _post_order(wanted, children)
    pairs: dict[int, list[tuple[Any, str]]] = {}
    links = GoalMeasure.objects.filter(archived_at__isnull=True).select_related("measure")
    if asked is not None:
        links = links.filter(goal_id__in=order)
    for link in links.order_by("goal_id", "role", "measure__code"):
        pairs.setdefault(link.goal_id, []).append((link.measure, link.role))
    statuses = measure_statuses({m.pk for found in pairs.values() for m, _ in found})
    done: dict[int, Progress] = {}
    for pk in order:
        readings = _readings(pairs.get(pk, []), statuses, today)
        below = [done[child] for child in children.get(pk, []) if child in done]
        done[pk] = roll_up(facts[pk], readings, below)
    return {pk: done[pk] for pk in wanted}


def _post_order(roots: list[int], children: dict[int, list[int]]) -> list[int]:
    """ROOTS and everything below them, each goal after all its children (cycle-safe)."""
    order: list[int] = []
    seen: set[int] = set()
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:
            pk, expanded = stack.pop()
            if expanded:
                order.append(pk)
                continue
            stack.append((pk, True))
            for child in children.get(pk, []):
                if child not in seen:
                    seen.add(child)
                    stack.append((child, False))
    return order


def goal_progress(goal: Any, links: list[Any] | None = None) -> Progress:
    """GOAL's progress by RULE, from its own measures and the goals below it.

    LINKS, when given, are GOAL's live GoalMeasure rows with their measures (already read for
    the page); the readings then keep their order."""
    found = goals_progress([goal.pk]).get(goal.pk)
    if found is None:  # a goal not saved yet: its own evidence only
        pairs = [(link.measure, link.role) for link in links or []]
        return roll_up(goal, measure_readings(pairs), [])
    return found
