"""Evidence of an answer: photos and PDFs attached to a question of a run while it is being
done, and withdrawn again until sign-off. Each file passes core.uploads' check before anything
is written; it is stored under a random name and removed again should the write fail, so a
refusal leaves no file, no row and no history behind."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from quadrant.assurance.audits.choices import EvidenceNeed, RunStatus
from quadrant.assurance.audits.models import AuditEvidence, AuditQuestion, AuditRun
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import archive_object, create_object
from quadrant.core.uploads import as_checked, stored

FOLDER = "audits/evidence"
SIGNED_OFF = "This audit has been signed off: its evidence can no longer change"


def _lock_in_progress(run: AuditRun) -> None:
    """Lock RUN's row (a sign-off cannot slip between) and refuse once it is signed off."""
    locked = AuditRun.objects.select_for_update().filter(pk=run.pk)
    if locked.values_list("status", flat=True).first() != RunStatus.IN_PROGRESS:
        raise ValidationError(SIGNED_OFF)


def attach_evidence(
    run: AuditRun, question: AuditQuestion, upload: Any, *, actor: Any
) -> AuditEvidence:
    """Attach UPLOAD (a file, or one already checked) to QUESTION's answer in RUN."""
    check_actor(actor, Capability.DO_AUDITS, run)
    if question.section.template_id != run.template_id or question.archived_at is not None:
        raise ValidationError({"question": "Choose a question of this audit's template"})
    if question.evidence == EvidenceNeed.NONE:
        raise ValidationError({"file": "This question does not take evidence"})
    checked = as_checked(upload)
    with acting_as(actor), stored(checked, FOLDER) as name, transaction.atomic():
        _lock_in_progress(run)
        fields = {"run": run, "question": question, "file": name, "name": checked.name,
                  "content_type": checked.content_type, "size": checked.size}  # fmt: skip
        return create_object(AuditEvidence, fields, actor=actor)


def withdraw_evidence(evidence: AuditEvidence, *, actor: Any) -> AuditEvidence:
    """Take EVIDENCE off its answer before sign-off (archived: the history keeps it)."""
    check_actor(actor, Capability.DO_AUDITS, evidence.run)
    with acting_as(actor), transaction.atomic():
        _lock_in_progress(evidence.run)
        return archive_object(evidence, actor=actor)


def evidence_by_question(
    run: AuditRun, question: AuditQuestion | None = None
) -> dict[int, list[AuditEvidence]]:
    """RUN's live evidence (of QUESTION only, when given), by question id, oldest first."""
    found = AuditEvidence.objects.filter(run=run, archived_at__isnull=True)
    if question is not None:
        if question.evidence == EvidenceNeed.NONE:
            return {}  # it takes none: no query
        found = found.filter(question=question)
    grouped: dict[int, list[AuditEvidence]] = {}
    for evidence in found.order_by("created_at", "id"):
        grouped.setdefault(evidence.question_id, []).append(evidence)
    return grouped


def missing_required_evidence(run: AuditRun, questions: list[AuditQuestion]) -> list[int]:
    """The numbers (1-based, in QUESTIONS' order) of the questions requiring evidence that
    have none in RUN."""
    with_evidence = set(
        AuditEvidence.objects.filter(run=run, archived_at__isnull=True).values_list(
            "question_id", flat=True
        )
    )
    return [
        number
        for number, question in enumerate(questions, start=1)
        if question.evidence == EvidenceNeed.REQUIRED and question.pk not in with_evidence
    ]
