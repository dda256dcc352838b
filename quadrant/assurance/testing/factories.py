"""Minimal valid assurance records for tests that walk every model (core.testing.factories):
evidence is a titled reference (a linked record needs both halves of its link); a
self-assessment's scores are 1 to 4."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.audits.models import AuditEvidence, AuditQuestion, AuditRun
from quadrant.assurance.cqc.models import CategoryScore, SelfAssessment, StatementScore
from quadrant.assurance.standards.models import Standard, StandardEvidence
from quadrant.core.testing.factories import build, register_factory


@register_factory(StandardEvidence)
def _evidence(world: Any) -> StandardEvidence:
    standard = build(Standard, world)
    standard.save()
    return StandardEvidence(standard=standard, title="Hand hygiene audit, March")


@register_factory(StatementScore)
def _statement_score(world: Any) -> StatementScore:
    return StatementScore(
        assessment=_saved(build(SelfAssessment, world)),
        statement=_saved(build(Standard, world)),
        score=3,
    )


@register_factory(CategoryScore)
def _category_score(world: Any) -> CategoryScore:
    from quadrant.assurance.standards.models import EvidenceCategory

    row = _saved(_statement_score(world))
    category = build(EvidenceCategory, world)
    category.framework = row.statement.framework
    return CategoryScore(statement_score=row, category=_saved(category), score=2)


def _saved(obj: Any) -> Any:
    obj.save()
    return obj


@register_factory(AuditEvidence)
def _audit_evidence(world: Any) -> AuditEvidence:
    """A small real photo, stored when the row is saved (the walks read it back)."""
    from django.core.files.base import ContentFile

    from quadrant.core.testing.uploads import jpeg_with_location

    photo = jpeg_with_location((8, 8))
    run = _saved(build(AuditRun, world))
    question = _saved(build(AuditQuestion, world))
    fields = {"file": ContentFile(photo, name="walk.jpg"), "name": "Gel dispenser.jpg",
              "content_type": "image/jpeg", "size": len(photo)}  # fmt: skip
    return AuditEvidence(run=run, question=question, **fields)
