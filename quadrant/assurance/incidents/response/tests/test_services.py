"""Triage and learning responses through their services: what triage records and opens, the
reasons it asks for, the order of a response's steps, the plan's versions, and who may."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quadrant.actions.public import Action
from quadrant.assurance.incidents.candour.models import CandourRecord
from quadrant.assurance.incidents.choices import EventStatus
from quadrant.assurance.incidents.response import services
from quadrant.assurance.incidents.response.choices import (
    PlanStatus,
    ResponseStatus,
    ResponseType,
)
from quadrant.assurance.incidents.response.models import ResponsePlan, Triage
from quadrant.assurance.incidents.response.tests.conftest import triage_to_review
from quadrant.core.models import HistoryEvent
from quadrant.core.permissions import Capability, may

pytestmark = pytest.mark.django_db

AAR_ANSWERS = {
    "expected": "Hourly rounding with the bed rails checked.",
    "happened": "Rounding was missed between 02:00 and 04:00 during an admission.",
    "difference": "One nurse covered two bays while the other admitted a patient.",
    "learned": "Rounding needs a named cover when a nurse is taken by an admission.",
}


def test_triage_confirms_the_event_and_opens_the_response(reported: Any, people: Any) -> None:
    triage = triage_to_review(reported, people)
    reported.refresh_from_db()
    assert (reported.physical_harm, reported.category, reported.status) == (
        "moderate",
        "falls",
        EventStatus.AWAITING_RESPONSE,
    )
    assert reported.duty_of_candour  # moderate harm confirmed: the duty applies
    assert CandourRecord.objects.get(event=reported).deadline > timezone.localdate()
    assert triage.suggested_response == ResponseType.AFTER_ACTION_REVIEW
    assert triage.rule.title == "Falls with moderate harm or more"
    assert not triage.departs_from_plan and triage.plan.number == 1
    response = reported.learning_responses.get()
    assert response.lead == people["manager"] and response.status == ResponseStatus.PLANNED
    assert response.due_date == timezone.localdate() + dt.timedelta(days=30)
    # The lead is named a handler of the event: they see its patient details now.
    assert may(people["manager"], Capability.SEE_PII, reported)


def test_departing_from_the_plan_needs_a_reason(reported: Any, people: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        triage_to_review(reported, people, physical_harm="low")
    assert "different response from the plan's (no further response)" in str(refused.value)
    assert not Triage.objects.exists() and not reported.learning_responses.exists()
    triage = triage_to_review(
        reported, people, physical_harm="low", rationale="Third fall on this bay in a month."
    )
    assert triage.departs_from_plan


def test_a_learning_response_needs_a_lead_and_a_future_date(reported: Any, people: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        triage_to_review(
            reported, people, lead=None, due_date=timezone.localdate() - dt.timedelta(days=1)
        )
    assert set(refused.value.message_dict) == {"lead", "due_date"}


def test_no_further_response_closes_the_event(reported: Any, people: Any) -> None:
    triage_to_review(
        reported,
        people,
        physical_harm="none",
        lead=None,
        response_type=ResponseType.NO_FURTHER_RESPONSE,
    )
    reported.refresh_from_db()
    assert reported.status == EventStatus.NO_FURTHER_RESPONSE
    assert not reported.learning_responses.exists()


def test_an_event_is_triaged_once(reported: Any, people: Any) -> None:
    triage_to_review(reported, people)
    with pytest.raises(ValidationError, match="triaged already"):
        triage_to_review(reported, people)


@pytest.mark.parametrize("who", ["staff", "manager2", "board", "outsider"])
def test_only_those_who_triage_the_unit_may(reported: Any, people: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        triage_to_review(reported, people, actor=people[who])
    assert not Triage.objects.exists()


def test_the_unit_manager_triages_their_own_units_events(reported: Any, people: Any) -> None:
    triage = triage_to_review(reported, people, actor=people["manager"])
    assert triage.triaged_by == people["manager"]


def test_an_after_action_review_completes_with_its_four_answers(review: Any, people: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        services.complete_response(review, actor=people["quality"])
    assert "Answer “What was expected to happen?”" in str(refused.value)
    services.record_review(review, AAR_ANSWERS, actor=people["manager"])
    review.refresh_from_db()
    assert review.status == ResponseStatus.UNDER_WAY and review.started_on
    assert review.event.status == EventStatus.IN_RESPONSE
    services.complete_response(review, actor=people["manager"])
    review.refresh_from_db()
    review.event.refresh_from_db()
    assert review.status == ResponseStatus.COMPLETED
    assert review.event.status == EventStatus.CLOSED
    with pytest.raises(ValidationError, match="completed"):
        services.record_review(review, {"learned": "More"}, actor=people["quality"])


def test_findings_engagement_and_a_safety_action(review: Any, people: Any) -> None:
    finding = services.add_finding(
        review, "organisation", "No cover rule for admissions.", actor=people["quality"]
    )
    assert finding.get_factor_display() == "Organisation"
    with pytest.raises(ValidationError):
        services.add_engagement(
            review,
            {
                "person": "family",
                "held_on": timezone.localdate() + dt.timedelta(days=2),
                "said": "They asked why the rails were down.",
            },
            actor=people["quality"],
        )
    services.add_engagement(
        review,
        {
            "person": "family",
            "with_whom": "The patient's daughter",
            "held_on": timezone.localdate(),
            "said": "She asked why the rails were down.",
        },
        actor=people["quality"],
    )
    link = services.add_safety_action(
        review,
        title="Name a rounding cover at each handover",
        owner=people["manager"],
        due_date=timezone.localdate() + dt.timedelta(days=20),
        actor=people["quality"],
    )
    action = Action.objects.get(pk=link.action_id)
    assert action.source == review and action.owner == people["manager"]
    assert action.org_unit == review.event.org_unit


@pytest.mark.parametrize("who", ["staff", "manager2", "board"])
def test_others_cannot_work_on_a_response(review: Any, people: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.record_review(review, AAR_ANSWERS, actor=people[who])
    with pytest.raises(PermissionDenied):
        services.add_finding(review, "tasks", "Something", actor=people[who])


def test_every_step_is_in_the_history(review: Any, people: Any) -> None:
    services.record_review(review, AAR_ANSWERS, actor=people["manager"])
    rows = HistoryEvent.objects.filter(
        content_type__model="learningresponse", object_id=str(review.pk)
    )
    update = rows.filter(action="update").latest("id")
    assert update.actor_id == people["manager"].pk
    assert update.changes["expected"] == ["", AAR_ANSWERS["expected"]]


def test_the_plan_is_changed_on_a_new_version(people: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.revise_plan(actor=people["manager"])
    draft = services.revise_plan(actor=people["quality"])
    assert draft.number == 2 and draft.rules.count() == services.plan_in_use().rules.count()
    assert services.revise_plan(actor=people["quality"]) == draft  # one draft at a time
    services.add_rule(
        draft,
        {
            "title": "Violence with any harm",
            "category": "violence",
            "response_type": ResponseType.MDT_REVIEW,
            "timescale_days": 45,
        },
        actor=people["quality"],
    )
    with pytest.raises(ValidationError):
        services.publish_plan(draft, "", actor=people["quality"])
    services.publish_plan(draft, "A violence rule.", actor=people["quality"])
    assert services.plan_in_use() == draft
    assert ResponsePlan.objects.get(number=1).status == PlanStatus.RETIRED
    with pytest.raises(ValidationError, match="new draft version"):
        services.add_rule(
            draft,
            {"title": "X", "response_type": "psii", "timescale_days": 9},
            actor=people["quality"],
        )


def test_a_rule_is_validated(people: Any) -> None:
    draft = services.revise_plan(actor=people["quality"])
    with pytest.raises(ValidationError) as refused:
        services.add_rule(
            draft,
            {
                "title": "Bad",
                "response_type": ResponseType.MDT_REVIEW,
                "timescale_days": 0,
                "national_priority": True,
            },
            actor=people["quality"],
        )
    assert set(refused.value.message_dict) >= {"timescale_days"}


def test_a_triage_keeps_the_version_it_used(reported: Any, people: Any) -> None:
    triage = triage_to_review(reported, people)
    draft = services.revise_plan(actor=people["quality"])
    services.publish_plan(draft, "Reworded.", actor=people["quality"])
    triage.refresh_from_db()
    assert triage.plan.number == 1
