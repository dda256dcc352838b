"""Evidence recorded against a standard: a Quadrant record (through the link registry) or a
titled reference. Evidence against an internal standard counts for every external standard
mapped to it (standards.coverage.evidence_for)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from quadrant.assurance.standards.access import require_manager
from quadrant.assurance.standards.models import EvidenceCategory, Standard, StandardEvidence
from quadrant.core.actors import PERSON, actor_kind
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, may
from quadrant.core.services import archive_object


def record_evidence(
    standard: Standard,
    *,
    actor: Any,
    record: models.Model | None = None,
    title: str = "",
    url: str = "",
    evidence_date: dt.date | None = None,
    note: str = "",
    category: EvidenceCategory | None = None,
) -> StandardEvidence:
    """Record RECORD (a measure, project, goal … ACTOR may see) or a titled reference as
    evidence for STANDARD."""
    require_manager(actor)
    if (
        record is not None
        and actor_kind(actor) == PERSON
        and not may(actor, Capability.VIEW, record)
    ):
        raise PermissionDenied("You may only give as evidence a record you can see.")
    if category is not None and category.framework_id != standard.framework_id:
        raise ValidationError({"category": "Choose an evidence category of this framework"})
    evidence = StandardEvidence(
        standard=standard,
        category=category,
        linked_type=ContentType.objects.get_for_model(record) if record is not None else None,
        linked_id=record.pk if record is not None else None,
        title=title.strip(),
        url=url.strip(),
        evidence_date=evidence_date,
        note=note.strip(),
    )
    if record is None and not evidence.title:
        raise ValidationError({"title": "Enter a title for the evidence, or choose a record"})
    with acting_as(actor), transaction.atomic():
        evidence.full_clean()
        evidence.save()
    return evidence


def withdraw_evidence(evidence: StandardEvidence, *, actor: Any) -> StandardEvidence:
    """Archive EVIDENCE (it stays in the history)."""
    require_manager(actor)
    return archive_object(evidence, actor=actor)
