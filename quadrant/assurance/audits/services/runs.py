"""Runs: start one, save each answer as it is given, sign it off.

Saving an answer is one small transaction (the run and question are read by the caller, the
run's row is locked, the answer is inserted or changed in place): saving the same answer again
changes nothing and records nothing, and nothing is recalculated until sign-off.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.assurance.audits.choices import QuestionKind, RunStatus, YesNo
from quadrant.assurance.audits.models import AuditAnswer, AuditQuestion, AuditRun, AuditTemplate
from quadrant.assurance.audits.scoring import RunScore, score_run
from quadrant.assurance.audits.services.evidence import missing_required_evidence
from quadrant.assurance.audits.services.results import after_sign_off
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import create_object, update_object

DO = Capability.DO_AUDITS


def start_run(template: AuditTemplate, org_unit: Any, run_date: dt.date, *, actor: Any) -> AuditRun:
    """Begin an audit of the current version of TEMPLATE on ORG_UNIT, by ACTOR."""
    check_actor(actor, DO, AuditRun(org_unit=org_unit))
    if not template.is_current:
        raise ValidationError({"template": "Choose the current version of the template"})
    if run_date > timezone.localdate():
        raise ValidationError({"run_date": "Date of the audit must be today or in the past"})
    fields = {"template": template, "org_unit": org_unit, "auditor": actor, "run_date": run_date}
    return create_object(AuditRun, fields, actor=actor)


def save_answer(
    run: AuditRun, question: AuditQuestion, value: str, note: str = "", *, actor: Any
) -> AuditAnswer:
    """Record (or change) the answer VALUE, as typed or chosen, to QUESTION in RUN."""
    check_actor(actor, DO, run)
    with acting_as(actor), transaction.atomic():
        # The run's row is locked: an answer sent twice at once (a phone resending what it
        # kept offline) updates one row instead of failing, and a sign-off cannot slip between.
        locked = AuditRun.objects.select_for_update().filter(pk=run.pk)
        if locked.values_list("status", flat=True).first() != RunStatus.IN_PROGRESS:
            raise ValidationError(
                "This audit has been signed off: its answers can no longer change"
            )
        if question.section.template_id != run.template_id or question.archived_at is not None:
            raise ValidationError({"question": "Choose a question of this audit's template"})
        fields = {**parse_answer(question, value.strip()), "note": note.strip()}
        existing: AuditAnswer | None = AuditAnswer.objects.filter(
            run=run, question=question
        ).first()
        if existing is None:
            return create_object(AuditAnswer, {"run": run, "question": question, **fields},
                                 actor=actor)  # fmt: skip
        return update_object(existing, fields, actor=actor)


def parse_answer(question: AuditQuestion, value: str) -> dict[str, Any]:
    """The answer's fields from VALUE, or a ValidationError saying what to give instead."""
    blank = {"choice": "", "score": None, "number": None, "text": ""}
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        if value not in YesNo.values:
            raise ValidationError({"answer": "Choose yes, no or not applicable"})
        return {**blank, "choice": value}
    if kind == QuestionKind.SCORE:
        top = question.max_score or 0
        if not value.isdigit() or int(value) > top:
            raise ValidationError({"answer": f"Score must be a whole number from 0 to {top}"})
        return {**blank, "score": int(value)}
    if kind == QuestionKind.NUMBER:
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            number = float("nan")
        if number != number or number in (float("inf"), float("-inf")):
            raise ValidationError({"answer": "Enter a number"})
        return {**blank, "number": number}
    if kind == QuestionKind.CHOICE:
        if value not in question.choice_list:
            options = ", ".join(question.choice_list)
            raise ValidationError({"answer": f"Choose one of: {options}"})
        return {**blank, "choice": value}
    if not value:
        raise ValidationError({"answer": "Enter an answer"})
    return {**blank, "text": value}


def questions_and_answers(run: AuditRun) -> list[tuple[AuditQuestion, AuditAnswer | None]]:
    """Every live question of the run's template version, with its answer (or None)."""
    answers = {answer.question_id: answer for answer in run.answers.all()}
    questions = AuditQuestion.objects.filter(
        section__template_id=run.template_id, archived_at__isnull=True
    ).select_related("section")
    return [(question, answers.get(question.pk)) for question in questions]


def _numbers(numbers: list[int], one: str, several: str) -> str:
    """ "2, 5 are": the first five question numbers, with the verb that agrees with them."""
    shown = ", ".join(str(n) for n in numbers[:5])
    return f"{shown} {one if len(numbers) == 1 else several}"


def sign_off_run(run: AuditRun, *, actor: Any) -> RunScore:
    """Complete RUN: every question answered, the score computed against the template's
    threshold, who signed it off and when recorded; its results fed on (results module)."""
    check_actor(actor, DO, run)
    with acting_as(actor), transaction.atomic():
        run = AuditRun.objects.select_for_update().select_related("template").get(pk=run.pk)
        if run.status != RunStatus.IN_PROGRESS:
            raise ValidationError("This audit has already been signed off")
        pairs = questions_and_answers(run)
        unanswered = [n for n, (_, answer) in enumerate(pairs, start=1) if answer is None]
        unevidenced = missing_required_evidence(run, [question for question, _ in pairs])
        problems = []
        if unanswered:
            problems.append(
                "Answer every question before signing off: "
                f"{_numbers(unanswered, 'is', 'are')} not answered yet"
            )
        if unevidenced:
            problems.append(
                "Attach evidence to every question that requires it before signing off: "
                f"{_numbers(unevidenced, 'has', 'have')} none yet"
            )
        if problems:
            raise ValidationError(problems)
        result = score_run(pairs, run.template.pass_threshold)
        update_object(
            run,
            {"status": RunStatus.SIGNED_OFF, "signed_off_by": actor,
             "signed_off_at": timezone.now(), "score": result.percent, "passed": result.passed},
            actor=actor,
        )  # fmt: skip
        answers = {question.pk: answer for question, answer in pairs}
        after_sign_off(run, result, answers, actor=actor)
    return result
