"""The consolidation map: an external standard mapped to the one internal standard it is met
through (many external standards to one internal one), singly or a whole group at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.assurance.standards.access import require_manager
from quadrant.assurance.standards.models import Standard, StandardGroup, StandardMapping
from quadrant.core import history
from quadrant.core.context import acting_as


def _check_pair(external: Standard, internal: Standard | None) -> None:
    if external.framework.is_internal:
        raise ValidationError(
            f"{external.code} is an internal standard: choose an external standard to map"
        )
    if internal is not None and not internal.framework.is_internal:
        raise ValidationError(
            f"{internal.code} is not an internal standard: map to a standard of the "
            "organisation's own framework"
        )


def map_standard(
    external: Standard, internal: Standard | None, *, actor: Any
) -> StandardMapping | None:
    """Map EXTERNAL to INTERNAL (None undoes the mapping), as ACTOR."""
    require_manager(actor)
    _check_pair(external, internal)
    with acting_as(actor), transaction.atomic():
        return _set(external, internal)


def _set(external: Standard, internal: Standard | None) -> StandardMapping | None:
    mapping: StandardMapping | None = (
        StandardMapping.objects.select_for_update().filter(external=external).first()
    )
    if internal is None:
        if mapping is not None and mapping.archived_at is None:
            mapping.archived_at = timezone.now()
            mapping.save()
        return None
    if mapping is None:
        mapping = StandardMapping(external=external, internal=internal)
        mapping.full_clean()
        mapping.save()
        return mapping
    if mapping.internal_id != internal.pk or mapping.archived_at is not None:
        mapping.internal, mapping.archived_at = internal, None
        mapping.save()
    return mapping


def map_group(
    group: StandardGroup, internal: Standard, *, actor: Any, only_unmapped: bool = True
) -> int:
    """Map every standard of GROUP (those not mapped yet, unless ONLY_UNMAPPED is False) to
    INTERNAL, as ACTOR: one transaction and one history event. The number mapped."""
    require_manager(actor)
    standards: Iterable[Standard] = group.standards.select_related("framework").filter(
        archived_at__isnull=True
    )
    if only_unmapped:
        standards = [s for s in standards if not _is_mapped(s)]
    standards = list(standards)
    for external in standards:
        _check_pair(external, internal)
    with (
        acting_as(actor),
        history.grouped(
            f"Mapping of {group} to {internal.code}", group=group.pk, internal=internal.pk
        ),
    ):
        for external in standards:
            _set(external, internal)
    return len(standards)


def _is_mapped(standard: Standard) -> bool:
    return StandardMapping.objects.filter(external=standard, archived_at__isnull=True).exists()
