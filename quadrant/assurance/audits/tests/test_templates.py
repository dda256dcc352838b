"""Templates: built by quality leads only; versioned once they have runs."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditQuestion, AuditTemplate
from quadrant.assurance.audits.services.runs import questions_and_answers
from quadrant.assurance.audits.tests.conftest import answer_all, build_template
from quadrant.core.logs import HistoryEvent


def test_a_template_is_built_with_defaults_and_its_history(hygiene: SimpleNamespace) -> None:
    template = hygiene.template
    assert template.version_number == 1 and template.pass_threshold == Decimal("85")
    assert hygiene.score.weight == Decimal("1")
    assert template.sections.get().questions.count() == 5
    assert HistoryEvent.objects.filter(
        content_type__model="auditquestion", object_id=str(hygiene.yes_no.pk)
    ).exists()


@pytest.mark.parametrize("username", ["auditor", "manager", "staff", "admin"])
def test_only_quality_leads_build_templates(people: dict[str, Any], username: str) -> None:
    with pytest.raises(PermissionDenied, match="manage audit templates"):
        services.create_template({"code": "x", "title": "X"}, actor=people[username])
    assert not AuditTemplate.objects.exists()


def test_a_template_code_is_unique(hygiene: SimpleNamespace, people: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="already a template"):
        build_template(people["quality"])


def test_question_rules_are_checked(hygiene: SimpleNamespace, people: dict[str, Any]) -> None:
    add = lambda **f: services.add_question(hygiene.section, f, actor=people["quality"])  # noqa: E731
    with pytest.raises(ValidationError) as score:
        add(text="Score?", kind="score")
    assert score.value.message_dict["max_score"] == ["Enter the highest score, 1 or more"]
    with pytest.raises(ValidationError) as choice:
        add(text="Pick", kind="choice", choices="A\nB", passing_choices="C")
    assert (
        "Passing choices must be among the choices: C"
        in choice.value.message_dict["passing_choices"]
    )
    with pytest.raises(ValidationError) as number:
        add(text="Count", kind="number", pass_min=5, pass_max=1)
    assert "pass_max" in number.value.message_dict


def test_editing_an_unused_template_changes_it_in_place(
    hygiene: SimpleNamespace, people: dict[str, Any]
) -> None:
    changed = services.update_template(
        hygiene.template, {"pass_threshold": Decimal("90")}, actor=people["quality"]
    )
    assert changed.pk == hygiene.template.pk and changed.version_number == 1
    assert AuditTemplate.objects.count() == 1


def test_editing_a_template_with_runs_makes_a_new_version(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]
) -> None:
    quality = people["quality"]
    answer_all(run_a, hygiene, people["auditor"])
    services.sign_off_run(run_a, actor=people["auditor"])
    hygiene.yes_no.standards.set([])

    new_question = services.update_question(hygiene.yes_no, {"weight": Decimal("3")}, actor=quality)

    old, new = AuditTemplate.objects.order_by("version_number")
    assert (old.pk, new.version_number) == (hygiene.template.pk, 2)
    assert not old.is_current and new.is_current
    assert new_question.section.template == new and new_question.weight == Decimal("3")
    hygiene.yes_no.refresh_from_db()
    assert hygiene.yes_no.weight == Decimal("2")  # the old version stays as it was
    run_a.refresh_from_db()
    assert run_a.template == old and run_a.score == Decimal("100.0")
    assert [q.text for q, _ in questions_and_answers(run_a)] == [
        q.text for q in AuditQuestion.objects.filter(section__template=new)
    ]
    # A second edit changes the new version in place (it has no runs yet).
    services.update_template(new, {"title": "Hand hygiene (2027)"}, actor=quality)
    assert AuditTemplate.objects.count() == 2


def test_an_old_version_cannot_be_edited(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]
) -> None:
    services.update_template(hygiene.template, {"title": "New title"}, actor=people["quality"])
    with pytest.raises(ValidationError, match="has been replaced"):
        services.update_template(hygiene.template, {"title": "Again"}, actor=people["quality"])


def test_removing_a_question_of_a_used_template_keeps_it_in_the_old_version(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]
) -> None:
    new = services.remove_question(hygiene.text, actor=people["quality"])
    assert new.version_number == 2
    live = AuditQuestion.objects.filter(section__template=new, archived_at__isnull=True)
    assert hygiene.text.text not in {q.text for q in live}
    assert len(questions_and_answers(run_a)) == 5
