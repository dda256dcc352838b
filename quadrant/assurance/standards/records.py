"""The Quadrant records a standard's evidence may point at, found for the person naming them
(a record they may not see is answered exactly like one that is not there)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q

from quadrant.core.filtersets import parse_id
from quadrant.core.permissions import Capability, restrict

EVIDENCE_RECORDS = {
    "control.measure": "measure",
    "improvement.project": "improvement project",
    "planning.goal": "goal",
    "assurance.document": "controlled document",
}


def find_record(
    user: Any, kind: str, reference: str, kinds: Mapping[str, str] = EVIDENCE_RECORDS
) -> Any:
    """The record of KIND (a model label of KINDS: what the field may point at, evidence's by
    default) whose id — or code, for records that have one — is REFERENCE, if USER may see it;
    else ValidationError naming the field."""
    if kind not in kinds:
        names = ", ".join(kinds)
        raise ValidationError({"record_type": f"Record type must be one of {names}"})
    reference = reference.strip()
    if not reference:
        raise ValidationError({"record": "Enter the code or id of the record"})
    model = apps.get_model(kind)
    pk = parse_id(reference)
    condition = Q(pk=pk) if pk else Q(pk__in=[])
    for name in ("code", "identifier"):  # a document is known by its identifier
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        condition |= Q(**{f"{name}__iexact": reference})
    found = restrict(model._default_manager.filter(condition), user, Capability.VIEW).first()
    if found is None:
        raise ValidationError(
            {"record": f"No {kinds[kind]} has the code or id “{reference[:100]}”, "
                       "or you may not see it"}
        )  # fmt: skip
    return found
