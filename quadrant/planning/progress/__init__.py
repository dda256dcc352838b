"""Progress of a goal, rolled up the cascade by one rule (RULE, shown on the goal page).

A goal takes the worst status of what is known about it: each of its own linked measures, and
each of its child goals (closed ones left out), whose statuses are worked out the same way
from below. Off track beats at risk, which beats on track. Something whose status is not yet
known is left out; a goal is "Not yet known" only when nothing about it is known, and then the
reason says why ("No measure linked", "No new data since March 2025", "No target set", ...).
Where no measure is linked, a RAG rating given by hand stands in for the goal's own measures.

One measure's status comes from control's stored SPC result (the cached status the summary
matrix shows, `control.public.measure_statuses`):
- no data, or stale data (control's is_stale: two complete periods of the measure's frequency
  ended since its latest point): not yet known ("No new data since March 2025");
- special cause variation of concern, or an assurance icon saying the target is consistently
  missed: off track;
- no target: not yet known ("No target set");
- the target consistently met: on track; met only some of the time (hit and miss): at risk;
- too few points for an assurance icon: on track when the latest point meets the target, at
  risk when it misses it.

`goals_progress(ids)` answers for many goals at once: the whole tree is rolled up once for each
state of its data and each day (`tree_memo`), with a fixed number of queries (the goal
skeleton, the measure links, their stored statuses) whatever the size of the tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from quadrant.control.public import (
    assurance_text,
    is_stale,
    measure_statuses,
    stale_text,
    variation_text,
)
from quadrant.planning.choices import GoalStatus
from quadrant.planning.progress import tree_memo
from quadrant.planning.progress.trend import Trend

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
    if not reading.points:
        reading.state, reading.why = UNKNOWN, "No data yet"
    elif is_stale(measure, reading.latest_period, today):
        reading.state, reading.why = UNKNOWN, stale_text(reading.latest_period)
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


class Progress:
    """How a goal is doing and why, by RULE. The reason is written when first read (a tree of
    thousands of goals shows only their states)."""

    __slots__ = ("_explain", "_summary", "readings", "rule", "source", "state", "trend")

    def __init__(
        self,
        source: str,  # what is known: "measures", "manual", "children", both, or "none"
        state: str,  # "on_track", "at_risk", "off_track" or "unknown"
        summary: str | None = None,  # the reason, in words (or EXPLAIN writes it)
        readings: list[MeasureReading] | None = None,
        rule: str = RULE,
        explain: Callable[[], str] | None = None,
        trend: Trend | None = None,  # over the goal and the goals below it (trend.py)
    ) -> None:
        self.source, self.state, self.rule = source, state, rule
        self.readings = readings if readings is not None else []
        self.trend = trend if trend is not None else Trend.of(self.readings)
        self._summary, self._explain = summary, explain

    def __repr__(self) -> str:
        return f"Progress({self.source!r}, {self.state!r}, {self.summary!r})"

    @property
    def summary(self) -> str:
        if self._summary is None:
            self._summary = self._explain() if self._explain is not None else ""
        return self._summary

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


NOTHING_KNOWN = Progress("none", UNKNOWN, "No measure linked.")


def roll_up(goal: Any, readings: list[MeasureReading], children: list[Progress]) -> Progress:
    """GOAL's progress by RULE from its READINGS (its linked measures), its RAG rating when
    no measure is linked, and the progress of its CHILDREN (live, not closed)."""
    rag = "" if readings else RAG_STATES.get(goal.rag, "")
    sources = "measures" if readings else ("manual" if rag else "")
    if children:
        sources = f"{sources} and children" if sources else "children"
    worst, rank = UNKNOWN, WORSE.get(rag, 0)
    if rank:
        worst = rag
    for state in [reading.state for reading in readings] + [child.state for child in children]:
        found = WORSE.get(state, 0)
        if found > rank:
            worst, rank = state, found
    return Progress(
        sources or "none",
        worst,
        readings=readings,
        explain=lambda: _explain(goal, worst, readings, children),
        trend=Trend.of(readings).with_children(child.trend for child in children),
    )


def _explain(
    goal: Any, worst: str, readings: list[MeasureReading], children: list[Progress]
) -> str:
    """The reason of a goal whose state by RULE is WORST, in words."""
    if worst == UNKNOWN:
        return _unknown_reason(readings, children)
    if readings:
        parts = [f"{r.measure.name} {r.why}" for r in readings if r.state == worst]
    elif RAG_STATES.get(goal.rag) == worst:
        rationale = goal.rag_rationale.strip() or "no reason given"
        parts = [f"the RAG rating given by hand is {goal.rag} ({rationale})"]
    else:
        parts = []
    matching = sum(child.state == worst for child in children)
    if matching:
        parts.append(_child_words(matching, len(children), worst))
    summary = f"{LABELS[worst]}: {_names(parts, limit=4)}."
    notes = [
        f"{r.measure.name} ({r.why[0].lower()}{r.why[1:]})" for r in readings if r.state == UNKNOWN
    ]
    unknown_children = sum(child.state == UNKNOWN for child in children)
    if unknown_children:
        notes.append(f"{unknown_children} child goal{'s' if unknown_children != 1 else ''}")
    if notes:
        summary += f" Not yet known: {_names(notes)}."
    return summary[0].upper() + summary[1:]


def _unknown_reason(readings: list[MeasureReading], children: list[Progress]) -> str:
    """Why nothing is known of a goal: "No measure linked", "No new data since March 2025"..."""
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

    The roll-up of the whole tree is worked out once for each state of the data it rests on
    and each day (`tree_memo`), so most calls cost one query; otherwise three queries however
    many goals: the goals' skeleton, their measure links, and the measures' stored statuses.
    """
    today = today or dt.date.today()
    tree = tree_memo.whole_tree(today, lambda: _work_out(None, today))
    if ids is None:
        return dict(tree)
    asked = list(dict.fromkeys(ids))
    if all(pk in tree for pk in asked):
        return {pk: tree[pk] for pk in asked}
    return _work_out(asked, today)  # an archived goal: judged on its own


def _work_out(asked: list[int] | None, today: dt.date) -> dict[int, Progress]:
    """The progress of the goals ASKED (every live goal when None), worked out from the data."""
    from django.db.models import BooleanField, ExpressionWrapper, Q

    from quadrant.planning.models import Goal, GoalMeasure

    goals = Goal.objects.order_by()
    fields = ("pk", "parent_id", "status", "rag", "rag_rationale")
    rows = goals.filter(archived_at__isnull=True).values_list(*fields)
    if asked:  # an archived goal asked for is judged, but is no one's child goal
        gone = ExpressionWrapper(Q(archived_at__isnull=False), output_field=BooleanField())
        rows = goals.filter(Q(archived_at__isnull=True) | Q(pk__in=asked)).values_list(
            *fields, gone
        )
    facts: dict[int, GoalFacts] = {}
    children: dict[int, list[int]] = {}
    closed = str(GoalStatus.CLOSED)
    for pk, parent_id, status, rag, rationale, *archived in rows:
        facts[pk] = GoalFacts(pk, parent_id, status, rag, rationale)
        if parent_id is not None and status != closed and not any(archived):
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
        found, below = pairs.get(pk), children.get(pk)
        goal = facts[pk]
        if not found and not below and not goal.rag:
            done[pk] = NOTHING_KNOWN  # most leaves of a large tree: one shared answer
            continue
        readings = _readings(found, statuses, today) if found else []
        done[pk] = roll_up(goal, readings, [done[child] for child in below or ()])
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
