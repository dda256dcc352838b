"""Matching an event to the response plan's rules, and the plan an organisation starts with.

The first rule, in the plan's order, whose every condition the event meets decides the
suggested response. When no rule matches, a national priority still applies (a Never Event
or a death needs a PSII, by PSIRF's national priorities), and otherwise the safety team is
asked to decide (a swarm huddle is suggested: the lightest response that still learns).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quadrant.assurance.incidents.response.choices import ResponseType, harm_rank

#: When no rule matches: PSIRF's national priorities, then the lightest learning response.
NATIONAL_PRIORITY_DAYS = 90  # a PSII is completed within three months (PSIRF standards)
FALLBACK_DAYS = 14


@dataclass(frozen=True)
class Suggestion:
    response_type: str
    timescale_days: int
    rule: Any = None  # the matching rule, None for the fallback
    reason: str = ""

    @property
    def label(self) -> str:
        return str(ResponseType(self.response_type).label)


def matches(rule: Any, event: Any, *, category: str = "", harm: str = "") -> bool:
    """Does EVENT (with its CATEGORY and physical HARM as triage confirms them) meet RULE?"""
    category = category or event.category
    harm = harm if harm else event.physical_harm
    if rule.event_type and rule.event_type != event.event_type:
        return False
    if rule.category and rule.category != category:
        return False
    if rule.min_physical_harm and harm_rank(harm) < harm_rank(rule.min_physical_harm):
        return False
    return not (rule.never_event and not event.never_event)


def suggest(rules: Iterable[Any], event: Any, *, category: str = "", harm: str = "") -> Suggestion:
    """The response the plan's RULES suggest for EVENT."""
    for rule in rules:
        if matches(rule, event, category=category, harm=harm):
            return Suggestion(rule.response_type, rule.timescale_days, rule, rule.title)
    if event.never_event or (harm or event.physical_harm) == "fatal":
        return Suggestion(
            ResponseType.PSII,
            NATIONAL_PRIORITY_DAYS,
            reason="A national priority: Never Events and deaths need a PSII",
        )
    return Suggestion(
        ResponseType.SWARM_HUDDLE,
        FALLBACK_DAYS,
        reason="No rule of the plan covers this event: the safety team decides",
    )


#: The plan a new organisation starts with (its first version), to be edited to its own
#: safety profile: (title, conditions, response, days, national priority).
DEFAULT_RULES: tuple[tuple[str, dict[str, Any], str, int, bool], ...] = (
    ("Never Events", {"never_event": True}, ResponseType.PSII, 90, True),
    (
        "Deaths thought more likely than not due to problems in care",
        {"min_physical_harm": "fatal"},
        ResponseType.PSII,
        90,
        True,
    ),
    (
        "Maternity and neonatal events with severe harm",
        {"category": "maternity", "min_physical_harm": "severe"},
        ResponseType.PSII,
        90,
        False,
    ),
    ("Severe harm", {"min_physical_harm": "severe"}, ResponseType.MDT_REVIEW, 60, False),
    (
        "Falls with moderate harm or more",
        {"category": "falls", "min_physical_harm": "moderate"},
        ResponseType.AFTER_ACTION_REVIEW,
        30,
        False,
    ),
    (
        "Pressure ulcers with moderate harm or more (a local priority: thematic review)",
        {"category": "pressure-ulcers", "min_physical_harm": "moderate"},
        ResponseType.THEMATIC_REVIEW,
        90,
        False,
    ),
    (
        "Moderate harm",
        {"min_physical_harm": "moderate"},
        ResponseType.AFTER_ACTION_REVIEW,
        30,
        False,
    ),
    (
        "Medication events with low harm",
        {"category": "medication", "min_physical_harm": "low"},
        ResponseType.SWARM_HUDDLE,
        7,
        False,
    ),
    (
        "Good care: shared as learning",
        {"event_type": "good_care"},
        ResponseType.NO_FURTHER_RESPONSE,
        0,
        False,
    ),
    ("No or low harm", {}, ResponseType.NO_FURTHER_RESPONSE, 0, False),
)


def create_first_plan(plan_model: Any, rule_model: Any, *, published_at: Any) -> None:
    """Version 1 of the plan, in use from the start, for the organisation to edit (the
    migration's models or the live ones; nothing happens when a plan exists)."""
    if plan_model.objects.exists():
        return
    plan = plan_model.objects.create(
        number=1, status="published", summary="The plan Quadrant starts with.",
        published_at=published_at,
    )  # fmt: skip
    for order, (title, conditions, response, days, national) in enumerate(DEFAULT_RULES, 1):
        rule_model.objects.create(
            plan=plan, order=order, title=title, response_type=str(response),
            timescale_days=days, national_priority=national, **conditions,
        )  # fmt: skip
