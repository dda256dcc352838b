"""The organisation's risk settings: the matrix (descriptors and bands, refused when a
reachable score would have no band or two), the categories with their appetite, and each
unit's escalation threshold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.access import require_settings_manager
from quadrant.assurance.risks.matrix import current_matrix
from quadrant.assurance.risks.models import EscalationThreshold, RiskCategory, RiskMatrix
from quadrant.core.actors import PERSON_OR_SYSTEM
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import create_object, update_object

WORD_FIELDS = tuple(
    f"{axis}_{level}" for axis in ("likelihood", "consequence") for level in scoring.LEVELS
)
BAND_FIELDS = tuple(
    f"{band.key}_{end}" for band in scoring.DEFAULT_BANDS for end in ("lowest", "highest")
)
CATEGORY_FIELDS = ("name", "appetite", "description")


def update_matrix(
    changes: Mapping[str, Any], *, actor: Any, expected_version: int | None = None
) -> RiskMatrix:
    """Change the descriptors or the bands (quality leads at the top unit)."""
    require_settings_manager(actor)
    values = {name: value for name, value in changes.items() if name in WORD_FIELDS + BAND_FIELDS}
    blank = [name for name in WORD_FIELDS if name in values and not str(values[name]).strip()]
    if blank:
        raise ValidationError({name: "Enter the words for this level" for name in blank})
    with acting_as(actor), transaction.atomic():
        matrix = current_matrix()
        proposed = {**{name: getattr(matrix, name) for name in BAND_FIELDS}, **values}
        bands = [
            scoring.Band(band.key, band.label, proposed[f"{band.key}_lowest"],
                         proposed[f"{band.key}_highest"])
            for band in scoring.DEFAULT_BANDS
        ]  # fmt: skip
        try:
            scoring.check_bands(bands)
        except scoring.BadBands as error:
            raise ValidationError(str(error)) from error
        return update_object(matrix, values, actor=actor, expected_version=expected_version)


def create_category(fields: Mapping[str, Any], *, actor: Any) -> RiskCategory:
    require_settings_manager(actor)
    name = str(fields.get("name", "")).strip()
    if RiskCategory.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"Name must be unique: “{name}” is already a category"})
    values = {key: fields[key] for key in CATEGORY_FIELDS if key in fields}
    return create_object(RiskCategory, {**values, "name": name}, actor=actor)


def update_category(
    category: RiskCategory,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> RiskCategory:
    """Change a category's name, appetite or description."""
    require_settings_manager(actor)
    values = {key: changes[key] for key in CATEGORY_FIELDS if key in changes}
    return update_object(category, values, actor=actor, expected_version=expected_version)


def set_threshold(unit: Any, threshold: int, *, actor: Any) -> EscalationThreshold:
    """Set the current score at which UNIT's risks go up the tree (people who manage risks at
    the unit or above). Risks already rated are not moved: the next review applies it."""
    check_actor(actor, Capability.MANAGE_RISKS, unit, allow=PERSON_OR_SYSTEM)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= 25:
        raise ValidationError(
            {"threshold": "Escalation threshold must be a whole number from 1 to 25"}
        )
    with acting_as(actor), transaction.atomic():
        found: EscalationThreshold | None = EscalationThreshold.objects.filter(
            org_unit=unit
        ).first()
        if found is None:
            fields = {"org_unit": unit, "threshold": threshold}
            return create_object(EscalationThreshold, fields, actor=actor)
        return update_object(found, {"threshold": threshold, "archived_at": None}, actor=actor)
