"""Runs: started in the auditor's scope, answered one question at a time, signed off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditAnswer, AuditRun
from quadrant.assurance.audits.tests.conftest import AUDIT_DATE, answer_all


def test_an_answer_is_saved_as_it_is_given_and_can_change(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]
) -> None:
    auditor = people["auditor"]
    first = services.save_answer(run_a, hygiene.yes_no, "no", "One missed", actor=auditor)
    again = services.save_answer(run_a, hygiene.yes_no, "yes", actor=auditor)
    assert first.pk == again.pk
    stored = AuditAnswer.objects.get()
    assert (stored.choice, stored.note, stored.version) == ("yes", "", 2)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("yes_no", "maybe", "Choose yes, no or not applicable"),
        ("score", "5", "Score must be a whole number from 0 to 4"),
        ("score", "-1", "Score must be a whole number from 0 to 4"),
        ("number", "ten", "Enter a number"),
        ("number", "nan", "Enter a number"),
        ("choice", "Maybe", "Choose one of: Yes, Old version, No"),
        ("text", "  ", "Enter an answer"),
    ],
)
def test_a_wrong_answer_is_refused_with_what_to_give(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any], name: str, value: str,
    message: str,
) -> None:  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.save_answer(run_a, getattr(hygiene, name), value, actor=people["auditor"])
    assert error.value.message_dict == {"answer": [message]}
    assert not AuditAnswer.objects.exists()


def test_a_question_of_another_template_is_refused(run_a: Any, people: dict[str, Any]) -> None:
    from quadrant.assurance.audits.tests.conftest import build_template

    other = build_template(people["quality"], code="other")
    with pytest.raises(ValidationError, match="this audit's template"):
        services.save_answer(run_a, other.yes_no, "yes", actor=people["auditor"])


@pytest.mark.parametrize("username", ["manager", "staff", "quality", "manager2"])
def test_only_auditors_start_and_answer(
    hygiene: SimpleNamespace, run_a: Any, org: Any, people: dict[str, Any], username: str
) -> None:
    with pytest.raises(PermissionDenied, match="carry out audits"):
        services.start_run(hygiene.template, org.ward_a, AUDIT_DATE, actor=people[username])
    with pytest.raises(PermissionDenied):
        services.save_answer(run_a, hygiene.yes_no, "yes", actor=people[username])
    assert AuditRun.objects.count() == 1 and not AuditAnswer.objects.exists()


def test_a_run_cannot_be_dated_in_the_future(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError, match="today or in the past"):
        services.start_run(hygiene.template, org.ward_a, tomorrow, actor=people["auditor"])


def test_sign_off_needs_every_answer(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]
) -> None:
    services.save_answer(run_a, hygiene.yes_no, "yes", actor=people["auditor"])
    with pytest.raises(ValidationError, match="2, 3, 4, 5 are not answered yet"):
        services.sign_off_run(run_a, actor=people["auditor"])
    run_a.refresh_from_db()
    assert not run_a.is_signed_off and run_a.score is None


def test_sign_off_scores_records_who_and_when_and_freezes_the_answers(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]
) -> None:
    auditor = people["auditor"]
    # yes_no (weight 2) no, score 3/4, number 12 ≥ 10, choice passing: (0 + .75 + 1 + 1) / 5
    answer_all(run_a, hygiene, auditor, yes_no="no", score="3")
    result = services.sign_off_run(run_a, actor=auditor)
    assert result.percent == Decimal("55.0") and result.passed is False
    assert result.failed == (hygiene.yes_no, hygiene.score)
    run_a.refresh_from_db()
    assert (run_a.score, run_a.passed, run_a.signed_off_by) == (Decimal("55.0"), False, auditor)
    assert run_a.signed_off_at is not None
    with pytest.raises(ValidationError, match="signed off"):
        services.save_answer(run_a, hygiene.yes_no, "yes", actor=auditor)
    with pytest.raises(ValidationError, match="already been signed off"):
        services.sign_off_run(run_a, actor=auditor)


def test_not_applicable_everywhere_scores_nothing(org: Any, people: dict[str, Any]) -> None:
    quality, auditor = people["quality"], people["auditor"]
    template = services.create_template({"code": "trolley", "title": "Trolley"}, actor=quality)
    section = services.add_section(template, "Checks", actor=quality)
    asked = services.add_question(section, {"text": "Sealed?", "kind": "yes_no"}, actor=quality)
    count = services.add_question(section, {"text": "Count", "kind": "number"}, actor=quality)
    run = services.start_run(template, org.ward_b, AUDIT_DATE, actor=auditor)
    services.save_answer(run, asked, "na", actor=auditor)
    services.save_answer(run, count, "3", actor=auditor)
    result = services.sign_off_run(run, actor=auditor)
    assert (result.percent, result.passed) == (None, None)


def test_saving_an_answer_on_the_page_is_a_few_queries(
    hygiene: SimpleNamespace, run_a: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    from django.urls import reverse

    client = client_for("auditor")
    url = reverse("assurance:audit_answer", args=[run_a.pk, hygiene.yes_no.pk])
    client.post(url, {"answer": "no"}, HTTP_HX_REQUEST="true")  # the first: an insert
    # session, person, roles, grants, run, question; the run's lock, the answer's version
    # claim, full_clean's look-ups, the save and its history event; 8 of the 27 are savepoints
    # and releases.
    with django_assert_max_num_queries(27):
        response = client.post(url, {"answer": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert AuditAnswer.objects.get().choice == "yes"
