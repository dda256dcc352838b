"""The response plan's rules: the first matching rule decides; national priorities hold
when no rule matches; the plan version 1 that the migration puts in use."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from quadrant.assurance.incidents.response import services
from quadrant.assurance.incidents.response.choices import ResponseType
from quadrant.assurance.incidents.response.plan import DEFAULT_RULES, matches, suggest


def event(**fields: Any) -> Any:
    base = {
        "event_type": "incident",
        "category": "falls",
        "physical_harm": "low",
        "never_event": False,
    }
    return SimpleNamespace(**{**base, **fields})


def rule(**fields: Any) -> Any:
    base = {
        "event_type": "",
        "category": "",
        "min_physical_harm": "",
        "never_event": False,
        "response_type": ResponseType.SWARM_HUDDLE,
        "timescale_days": 7,
        "title": "A rule",
    }
    return SimpleNamespace(**{**base, **fields})


def test_a_blank_condition_matches_anything() -> None:
    assert matches(rule(), event())
    assert matches(rule(), event(event_type="good_care", physical_harm=""))


@pytest.mark.parametrize(
    ("harm", "expected"),
    [
        ("none", False),
        ("low", False),
        ("moderate", True),
        ("severe", True),
        ("fatal", True),
        ("", False),
    ],
)
def test_harm_at_least(harm: str, expected: bool) -> None:
    assert matches(rule(min_physical_harm="moderate"), event(physical_harm=harm)) is expected


def test_every_condition_must_hold() -> None:
    falls_moderate = rule(category="falls", min_physical_harm="moderate")
    assert matches(falls_moderate, event(physical_harm="severe"))
    assert not matches(falls_moderate, event(category="medication", physical_harm="severe"))
    assert not matches(rule(event_type="outcome"), event())
    assert not matches(rule(never_event=True), event())
    assert matches(rule(never_event=True), event(never_event=True))


def test_triage_confirmed_category_and_harm_are_what_count() -> None:
    falls_moderate = rule(category="falls", min_physical_harm="moderate")
    reported = event(category="other", physical_harm="low")
    assert not matches(falls_moderate, reported)
    assert matches(falls_moderate, reported, category="falls", harm="moderate")


def test_the_first_matching_rule_decides() -> None:
    rules = [
        rule(
            title="Severe",
            min_physical_harm="severe",
            response_type=ResponseType.MDT_REVIEW,
            timescale_days=60,
        ),
        rule(title="Anything", response_type=ResponseType.NO_FURTHER_RESPONSE, timescale_days=0),
    ]
    chosen = suggest(rules, event(physical_harm="severe"))
    assert (chosen.response_type, chosen.timescale_days, chosen.rule.title) == (
        ResponseType.MDT_REVIEW,
        60,
        "Severe",
    )
    assert suggest(rules, event()).response_type == ResponseType.NO_FURTHER_RESPONSE


def test_national_priorities_hold_when_no_rule_matches() -> None:
    assert suggest([], event(never_event=True)).response_type == ResponseType.PSII
    assert suggest([], event(physical_harm="fatal")).response_type == ResponseType.PSII
    lightest = suggest([], event())
    assert lightest.response_type == ResponseType.SWARM_HUDDLE and lightest.rule is None


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"never_event": True, "physical_harm": "none"}, ResponseType.PSII),
        ({"physical_harm": "fatal"}, ResponseType.PSII),
        ({"category": "maternity", "physical_harm": "severe"}, ResponseType.PSII),
        ({"category": "medication", "physical_harm": "severe"}, ResponseType.MDT_REVIEW),
        ({"category": "falls", "physical_harm": "moderate"}, ResponseType.AFTER_ACTION_REVIEW),
        (
            {"category": "pressure-ulcers", "physical_harm": "moderate"},
            ResponseType.THEMATIC_REVIEW,
        ),
        ({"category": "pressure-ulcers", "physical_harm": "low"}, ResponseType.NO_FURTHER_RESPONSE),
        ({"category": "medication", "physical_harm": "low"}, ResponseType.SWARM_HUDDLE),
        ({"event_type": "good_care", "physical_harm": ""}, ResponseType.NO_FURTHER_RESPONSE),
        ({"category": "falls", "physical_harm": "none"}, ResponseType.NO_FURTHER_RESPONSE),
    ],
)
@pytest.mark.django_db
def test_the_plan_in_use_from_the_start(fields: dict[str, Any], expected: str) -> None:
    plan = services.plan_in_use()
    assert plan is not None and plan.number == 1
    assert plan.rules.count() == len(DEFAULT_RULES)
    assert services.suggestion_for(event(**fields)).response_type == expected
