"""The mapping memory: which column holds which field, and the row the headings are on,
remembered per source of one unit (the row as "header_row" beside the fields' columns).

A saved mapping belongs to a unit: it is used and changed only by people who may enter that
unit's data, and only the columns the new file has are taken from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from quadrant.control.intake.importers.validation import FIELDS
from quadrant.control.intake.models import ColumnMapping
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, require, restrict
from quadrant.core.services import create_object, update_object


def usable_mappings(actor: Any) -> Any:
    """The live saved mappings of units where ACTOR may enter data."""
    live = ColumnMapping.objects.filter(archived_at__isnull=True)
    return restrict(live, actor, Capability.ENTER_DATA)


def known_columns(columns: Mapping[str, Any] | None) -> dict[str, str]:
    """Only the fields an import knows, each naming a column (blank choices dropped)."""
    if not isinstance(columns, Mapping):
        return {}
    return {
        name: str(columns[name])
        for name in FIELDS
        if isinstance(columns.get(name), str) and columns[name].strip()
    }


HEADER_ROW = "header_row"


def header_row_of(columns: Mapping[str, Any] | None) -> int:
    """The row a saved mapping's headings are on (0 when it does not say)."""
    row = columns.get(HEADER_ROW) if isinstance(columns, Mapping) else None
    return row if isinstance(row, int) and not isinstance(row, bool) and row > 0 else 0


def _saved(source: str, org_unit: Any, actor: Any) -> Any:
    return (
        usable_mappings(actor)
        .filter(org_unit=org_unit, source=source.strip())
        .values_list("columns", flat=True)
        .first()
    )


def saved_header_row(source: str, *, org_unit: Any, actor: Any) -> int:
    """The row ORG_UNIT's saved mapping for SOURCE finds the headings on (0: none saved)."""
    if not source.strip() or org_unit is None:
        return 0
    return header_row_of(_saved(source, org_unit, actor))


def mapping_for(source: str, *, org_unit: Any, actor: Any, header: list[str]) -> dict[str, str]:
    """The columns of HEADER that ORG_UNIT's saved mapping for SOURCE names ({} when there
    is none, or ACTOR may not use it)."""
    source = source.strip()
    if not source or org_unit is None:
        return {}
    saved = _saved(source, org_unit, actor)
    present = set(header)
    return {name: column for name, column in known_columns(saved).items() if column in present}


def remember_mapping(
    source: str, columns: Mapping[str, Any], *, org_unit: Any, actor: Any, header_row: int = 1
) -> ColumnMapping | None:
    """Remember COLUMNS (and the HEADER_ROW they are headed on) for files from SOURCE at
    ORG_UNIT (ACTOR must be able to enter data there). A choice of no columns at all is not
    worth remembering and changes nothing."""
    source, chosen = source.strip(), known_columns(columns)
    if not source or org_unit is None or not chosen:
        return None
    if header_row > 1:
        chosen = {**chosen, HEADER_ROW: header_row}  # type: ignore[dict-item]
    require(actor, Capability.ENTER_DATA, org_unit)
    with acting_as(actor), transaction.atomic():
        mapping: ColumnMapping | None = (
            ColumnMapping.objects.select_for_update()
            .filter(org_unit=org_unit, source=source)
            .first()
        )
        if mapping is None:
            try:
                with transaction.atomic():  # a parallel upload may have saved it first
                    fields = {"org_unit": org_unit, "source": source, "columns": chosen}
                    return create_object(ColumnMapping, fields, actor=actor)
            except (IntegrityError, ValidationError):
                mapping = ColumnMapping.objects.filter(org_unit=org_unit, source=source).first()
                if mapping is None:
                    raise
        if mapping.columns != chosen or mapping.archived_at is not None:
            updated: ColumnMapping = update_object(
                mapping, {"columns": chosen, "archived_at": None}, actor=actor
            )
            return updated
    return mapping
