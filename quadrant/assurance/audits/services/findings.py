"""Findings: each question a signed-off run failed raises one; a finding opens actions in the
tracker (the action's source is the finding, so each shows the other)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from quadrant.actions.public import raise_action
from quadrant.assurance.audits.choices import FindingStatus, QuestionKind
from quadrant.assurance.audits.models import AuditAnswer, AuditFinding, AuditQuestion, AuditRun
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, require
from quadrant.core.services import update_object


def describe_failure(question: AuditQuestion, answer: AuditAnswer) -> str:
    if question.kind == QuestionKind.SCORE:
        given = f"{answer.score} of {question.max_score}"
    elif question.kind == QuestionKind.NUMBER:
        given = f"{answer.number:g}"
    else:
        given = answer.choice.capitalize()
    return f"{question.text} — {given}"[:700]


def raise_findings(run: AuditRun, failed: list[tuple[AuditQuestion, AuditAnswer]]) -> None:
    """One finding for each failed question of RUN (inside the sign-off's transaction)."""
    AuditFinding.objects.bulk_create(
        AuditFinding(run=run, question=question, summary=describe_failure(question, answer))
        for question, answer in failed
    )


def open_finding_action(
    finding: AuditFinding,
    *,
    title: str,
    owner: Any,
    due_date: dt.date,
    description: str = "",
    actor: Any,
) -> Any:
    """Raise an action from FINDING (at the run's unit) and mark the finding actioned."""
    require(actor, Capability.ACT_ON_SIGNALS, finding)
    if finding.status == FindingStatus.CLOSED:
        raise ValidationError({"title": "This finding has been closed without action"})
    with acting_as(actor), transaction.atomic():
        action = raise_action(
            title=title,
            description=description or f"Audit finding: {finding.summary}",
            owner=owner,
            org_unit=finding.run.org_unit,
            due_date=due_date,
            source=finding,
            actor=actor,
        )
        if finding.status != FindingStatus.ACTIONED:
            update_object(finding, {"status": FindingStatus.ACTIONED}, actor=actor)
    return action


def close_finding(finding: AuditFinding, *, actor: Any) -> AuditFinding:
    """Close a finding that needs no action (a one-off already put right)."""
    require(actor, Capability.ACT_ON_SIGNALS, finding)
    if finding.status != FindingStatus.OPEN:
        raise ValidationError("Only an open finding can be closed without action")
    return update_object(finding, {"status": FindingStatus.CLOSED}, actor=actor)


def link_finding_project(finding: AuditFinding, project: Any, *, actor: Any) -> None:
    """Record that PROJECT was started from FINDING (called by improvement inside the
    project's creation, which has checked that ACTOR may run projects at the unit)."""
    require(actor, Capability.RUN_PROJECTS, finding.run.org_unit)
    with acting_as(actor), transaction.atomic():
        finding.projects.add(project)
