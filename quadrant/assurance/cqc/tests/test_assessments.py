"""Recording a self-assessment: the ratings follow CQC's arithmetic, every problem is named,
nothing is half-recorded, the history holds it, and only those who may assess the unit can."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.cqc.models import CategoryScore, SelfAssessment, StatementScore
from quadrant.assurance.cqc.results import key_question_summary, results_of
from quadrant.assurance.cqc.services import record_assessment
from quadrant.core.models import HistoryEvent

from .conftest import category, direct, statements

pytestmark = pytest.mark.django_db


def test_ratings_follow_the_arithmetic(cqc, org, people):
    safe, caring = statements(cqc, "safe"), statements(cqc, "caring")
    by_category = {
        "statement": caring[0].pk,
        "categories": [
            {"category": category(cqc, "people-experience").pk, "score": 3},
            {"category": category(cqc, "feedback-staff-leaders").pk, "score": 2},
        ],
        "rationale": "Mixed feedback",
    }
    scores = [*direct(safe, [3, 3, 3, 2, 3, 2, 3, 2]), by_category]
    assessment = record_assessment(org.medicine, scores, actor=people["quality"])
    summary = {row["key_question"]: row for row in key_question_summary(results_of(assessment))}
    assert summary["Safe"]["percent"] == 65.6 and summary["Safe"]["rating"] == "Good"
    assert (summary["Safe"]["total"], summary["Safe"]["maximum"]) == (21, 32)
    # Caring: one statement from two categories, 5 of 8 = 62.5% → 63 → a statement score of 3;
    # the key question is then 3 of 4 = 75% → Good.
    assert summary["Caring"]["percent"] == 75.0 and summary["Caring"]["rating"] == "Good"
    assert set(summary) == {"Safe", "Caring"}  # the others were not assessed
    lines = {line.group.title: line for line in results_of(assessment)}
    assert lines["Effective"].rating == "Not assessed"
    first_caring = lines["Caring"].statements[0]
    assert first_caring.how == "From 2 evidence categories: 5 out of 8 = 62.5%"


def test_every_row_is_in_the_history(cqc, org, people):
    assessment = record_assessment(
        org.ward_a, direct(statements(cqc, "safe"), [2, 3]), actor=people["manager"]
    )
    events = HistoryEvent.objects.filter(actor=people["manager"], action="create")
    assert events.filter(object_id=str(assessment.pk)).exists()
    assert events.count() == 3  # the assessment and its two scores


@pytest.mark.parametrize(
    ("scores", "field", "message"),
    [
        ([], "scores", "Score at least one quality statement"),
        ([{"statement": 999_999, "score": 3}], "scores[0].statement", "Choose a quality statement"),
        ([{"statement": "S", "score": 5}], "scores[0].score", "must be a whole number from 1 to 4"),
        ([{"statement": "S", "score": 0}], "scores[0].score", "must be a whole number from 1 to 4"),
        ([{"statement": "S"}], "scores[0].score", "score from 1 to 4, or score its evidence"),
        (
            [{"statement": "S", "score": 3, "categories": [{"category": "C", "score": 2}]}],
            "scores[0].score",
            "not both",
        ),
        (
            [{"statement": "S", "categories": [{"category": 999_999, "score": 2}]}],
            "scores[0].categories[0].category",
            "Choose an evidence category",
        ),
        (
            [{"statement": "S", "categories": [{"category": "C", "score": 7}]}],
            "scores[0].categories[0].score",
            "from 1 to 4",
        ),
        ([{"statement": "S", "score": 3}, {"statement": "S", "score": 2}], "scores[1].statement",
         "it is scored twice"),
    ],
)  # fmt: skip
def test_each_problem_is_named_and_nothing_is_written(cqc, org, people, scores, field, message):
    first = statements(cqc, "safe")[0]
    people_experience = category(cqc, "people-experience")
    for entry in scores:
        entry["statement"] = first.pk if entry["statement"] == "S" else entry["statement"]
        for row in entry.get("categories", []):
            row["category"] = people_experience.pk if row["category"] == "C" else row["category"]
    with pytest.raises(ValidationError) as refused:
        record_assessment(org.ward_a, scores, actor=people["quality"])
    assert message in " ".join(refused.value.message_dict[field])
    assert not SelfAssessment.objects.exists() and not StatementScore.objects.exists()
    assert not CategoryScore.objects.exists()


DENIED = [("staff", "ward_a"), ("manager2", "ward_a"), ("director", "surgery"),
          ("auditor", "ward_a")]  # fmt: skip


@pytest.mark.parametrize(("persona", "unit"), DENIED)
def test_only_those_who_may_assess_the_unit_can(cqc, org, people, persona, unit):
    with pytest.raises(PermissionDenied):
        record_assessment(
            getattr(org, unit), direct(statements(cqc, "safe"), [3]), actor=people[persona]
        )
    assert not SelfAssessment.objects.exists()


def test_a_future_date_is_refused(cqc, org, people):
    import datetime as dt

    with pytest.raises(ValidationError) as refused:
        record_assessment(
            org.ward_a,
            direct(statements(cqc, "safe"), [3]),
            actor=people["manager"],
            assessed_on=dt.date.today() + dt.timedelta(days=1),
        )
    assert "today or in the past" in refused.value.message_dict["assessed_on"][0]
