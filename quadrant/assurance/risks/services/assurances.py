"""Assurances of a risk: a Quadrant record (a measure, an audit template, a controlled document)
that shows whether its controls work, with its line (1, 2, 3) and level. The record is found
for the person naming it, so one cannot point at what one may not see."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.risks.choices import AssuranceLevel, AssuranceLine
from quadrant.assurance.risks.models import Risk, RiskAssurance
from quadrant.core.actors import PERSON, PERSON_OR_SYSTEM, actor_kind
from quadrant.core.permissions import Capability, check_actor, may
from quadrant.core.services import archive_object, create_object

MANAGE = Capability.MANAGE_RISKS
ASSURANCE_RECORDS = {
    "control.measure": "measure",
    "assurance.audittemplate": "audit template",
    "assurance.document": "controlled document",
}
CHOOSE_KIND = "Choose a measure, an audit template or a controlled document"


def add_assurance(
    risk: Risk,
    record: Any,
    *,
    line: int,
    level: str,
    note: str = "",
    actor: Any,
) -> RiskAssurance:
    """Record RECORD as assurance on RISK, at LINE of assurance, giving LEVEL."""
    check_actor(actor, MANAGE, risk, allow=PERSON_OR_SYSTEM)
    if record._meta.label_lower not in ASSURANCE_RECORDS:
        raise ValidationError({"record_type": CHOOSE_KIND})
    if actor_kind(actor) == PERSON and not may(actor, Capability.VIEW, record):
        raise PermissionDenied("You may only give as assurance a record you can see.")
    if line not in AssuranceLine.values:
        raise ValidationError({"line": "Choose the line of assurance: 1, 2 or 3"})
    if level not in AssuranceLevel.values:
        raise ValidationError({"level": "Choose the level: reasonable, limited or none"})
    fields = {
        "risk": risk,
        "linked_type": ContentType.objects.get_for_model(record),
        "linked_id": record.pk,
        "line": line,
        "level": level,
        "note": note.strip(),
    }
    return create_object(RiskAssurance, fields, actor=actor)


def withdraw_assurance(assurance: RiskAssurance, *, actor: Any) -> RiskAssurance:
    """Archive an assurance that no longer holds (it stays in the history)."""
    check_actor(actor, MANAGE, assurance.risk)
    return archive_object(assurance, actor=actor)
