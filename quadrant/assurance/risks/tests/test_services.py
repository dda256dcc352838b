"""The risk services: the score history, appetite, escalation at each unit's threshold and up
the tree, de-escalation and status with their reasons, and bad input refused with nothing
stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quadrant.assurance.risks import services
from quadrant.assurance.risks.models import Risk, RiskReview
from quadrant.assurance.risks.tests.conftest import next_month, risk_fields
from quadrant.core.models import HistoryEvent


def test_a_new_risk_starts_its_score_history(make_risk: Any, people: dict[str, Any]) -> None:
    risk = make_risk()
    assert risk.current_score == 9 and risk.initial_score == 16 and risk.target_score == 4
    review = risk.reviews.get()
    assert (review.likelihood, review.consequence, review.score) == (3, 3, 9)
    assert review.reviewed_by == people["quality"] and review.note == "First rating"
    assert HistoryEvent.objects.filter(content_type__model="risk", object_id=str(risk.pk)).exists()


def test_each_review_adds_a_row_even_when_the_score_stands(
    make_risk: Any, people: dict[str, Any]
) -> None:
    risk = make_risk()
    risk = services.review_risk(risk, likelihood=3, consequence=3, review_date=next_month(),
                                note="Still the same", actor=people["manager"])  # fmt: skip
    risk = services.review_risk(risk, likelihood=2, consequence=3, review_date=next_month(),
                                note="Night checks began", actor=people["manager"])  # fmt: skip
    scores = list(risk.reviews.values_list("score", "note"))
    assert scores == [(9, "First rating"), (9, "Still the same"), (6, "Night checks began")]
    assert risk.current_score == 6


def test_above_appetite_follows_the_category(make_risk: Any, people: dict[str, Any]) -> None:
    risk = make_risk()  # 9 against an appetite of 8
    assert risk.is_above_appetite
    risk = services.review_risk(risk, likelihood=2, consequence=4, review_date=next_month(),
                                actor=people["manager"])  # fmt: skip
    assert not risk.is_above_appetite  # 8 is the most tolerated, and tolerated
    services.update_category(risk.category, {"appetite": 6}, actor=people["quality"])
    risk.refresh_from_db()
    assert risk.is_above_appetite


def test_a_score_reaching_the_threshold_escalates_up_the_tree(
    make_risk: Any, org: Any, people: dict[str, Any]
) -> None:
    services.set_threshold(org.acute, 20, actor=people["quality"])
    risk = make_risk(current_likelihood=3, current_consequence=4)  # 12: below 15, stays
    assert risk.escalated_to is None
    risk = services.review_risk(risk, likelihood=3, consequence=5, review_date=next_month(),
                                actor=people["manager"])  # fmt: skip
    # 15 reaches Ward A's 15 (the default) but not Acute medicine's 20: it stops there.
    assert risk.escalated_to == org.acute
    assert risk.escalated_by == people["manager"] and risk.escalated_at is not None
    risk = services.review_risk(risk, likelihood=4, consequence=5, review_date=next_month(),
                                actor=people["manager"])  # fmt: skip
    # 20 reaches Acute medicine's 20 and Medicine's 15: on to the trust.
    assert risk.escalated_to == org.trust


def test_one_below_the_threshold_does_not_escalate(
    make_risk: Any, org: Any, people: dict[str, Any]
) -> None:
    services.set_threshold(org.ward_a, 16, actor=people["manager"])
    services.set_threshold(org.acute, 20, actor=people["quality"])
    risk = make_risk(current_likelihood=3, current_consequence=5)  # 15, one below Ward A's 16
    assert risk.escalated_to is None
    risk = services.review_risk(risk, likelihood=4, consequence=4, review_date=next_month(),
                                actor=people["manager"])  # fmt: skip
    assert risk.escalated_to == org.acute  # 16 reaches 16; Acute medicine's 20 stops it


def test_a_unit_threshold_is_set_per_unit(make_risk: Any, org: Any, people: dict[str, Any]) -> None:
    services.set_threshold(org.ward_a, 12, actor=people["quality"])
    services.set_threshold(org.acute, 25, actor=people["quality"])
    risk = make_risk(current_likelihood=3, current_consequence=4)  # 12 reaches Ward A's 12
    assert risk.escalated_to == org.acute


def test_de_escalation_needs_a_reason_and_sticks_at_the_same_score(
    make_risk: Any, org: Any, people: dict[str, Any]
) -> None:
    services.set_threshold(org.acute, 25, actor=people["quality"])
    risk = make_risk(current_likelihood=4, current_consequence=4)
    assert risk.escalated_to == org.acute
    with pytest.raises(ValidationError) as refused:
        services.deescalate_risk(risk, reason="  ", actor=people["quality"])
    assert refused.value.message_dict == {"reason": ["Enter the reason for de-escalating the risk"]}
    risk.refresh_from_db()
    assert risk.escalated_to == org.acute
    risk = services.deescalate_risk(
        risk, reason="Extra night staff agreed", actor=people["quality"]
    )
    assert risk.escalated_to is None and risk.deescalation_reason == "Extra night staff agreed"
    risk = services.review_risk(risk, likelihood=4, consequence=4, review_date=next_month(),
                                actor=people["manager"])  # fmt: skip
    assert risk.escalated_to is None  # the same score reaches nothing new


def test_the_ward_manager_cannot_de_escalate_from_the_unit_above(
    make_risk: Any, people: dict[str, Any]
) -> None:
    from django.core.exceptions import PermissionDenied

    risk = make_risk(current_likelihood=4, current_consequence=4)
    with pytest.raises(PermissionDenied):
        services.deescalate_risk(risk, reason="Fine now", actor=people["manager"])


@pytest.mark.parametrize("status", ["tolerated", "closed"])
def test_tolerating_or_closing_needs_a_reason(
    make_risk: Any, people: dict[str, Any], status: str
) -> None:
    risk = make_risk()
    with pytest.raises(ValidationError) as refused:
        services.set_risk_status(risk, status, reason="", actor=people["manager"])
    assert refused.value.message_dict == {"reason": [f"Enter the reason the risk is {status}"]}
    risk.refresh_from_db()
    assert risk.status == "open"
    risk = services.set_risk_status(risk, status, reason="Accepted by the board",
                                    actor=people["manager"])  # fmt: skip
    assert risk.status == status and risk.status_reason == "Accepted by the board"


def test_a_level_of_6_is_refused_and_nothing_stored(
    people: dict[str, Any], org: Any, safety: Any
) -> None:
    fields = risk_fields(org.ward_a, people["manager"], safety, current_likelihood=6)
    with pytest.raises(ValidationError) as refused:
        services.create_risk(fields, actor=people["quality"])
    assert refused.value.message_dict == {
        "current_likelihood": ["Current likelihood must be a whole number from 1 to 5"]
    }
    assert not Risk.objects.exists() and not RiskReview.objects.exists()


def test_a_review_date_in_the_past_is_refused(
    make_risk: Any, people: dict[str, Any], org: Any, safety: Any
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    fields = risk_fields(org.ward_a, people["manager"], safety, review_date=yesterday)
    with pytest.raises(ValidationError, match="Next review must be today or in the future"):
        services.create_risk(fields, actor=people["quality"])
    risk = make_risk()
    with pytest.raises(ValidationError, match="Next review must be today or in the future"):
        services.review_risk(risk, likelihood=2, consequence=2, review_date=yesterday,
                             actor=people["manager"])  # fmt: skip
    assert risk.reviews.count() == 1


def test_the_owner_must_work_where_the_risk_is(
    people: dict[str, Any], org: Any, safety: Any
) -> None:
    fields = risk_fields(org.ward_a, people["manager2"], safety)
    with pytest.raises(ValidationError, match="Choose an owner who works in Ward A or above it"):
        services.create_risk(fields, actor=people["quality"])


def test_an_action_raised_from_a_risk_has_it_as_its_source(
    make_risk: Any, people: dict[str, Any]
) -> None:
    from quadrant.actions.public import actions_for_source

    risk = make_risk()
    action = services.open_risk_action(
        risk, title="Start hourly night checks", owner=people["manager"],
        due_date=next_month(), actor=people["manager"],
    )  # fmt: skip
    assert list(actions_for_source(risk)) == [action]
    assert action.org_unit == risk.org_unit


def test_bands_with_a_gap_are_refused_and_the_matrix_is_unchanged(people: dict[str, Any]) -> None:
    from quadrant.assurance.risks.matrix import current_matrix

    with pytest.raises(ValidationError, match="No band holds a score of 6"):
        services.update_matrix({"moderate_highest": 5}, actor=people["quality"])
    assert current_matrix().moderate_highest == 6
    matrix = services.update_matrix(
        {"likelihood_5": "Expected", "moderate_highest": 7, "high_lowest": 8},
        actor=people["quality"],
    )
    assert matrix.likelihood_5 == "Expected" and matrix.moderate_highest == 7


def test_only_quality_leads_at_the_top_change_the_matrix(people: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.update_matrix({"likelihood_1": "Never"}, actor=people["manager"])
