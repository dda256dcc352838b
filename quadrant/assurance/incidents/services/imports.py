"""Importing historical events from a trust's earlier system (importing.py reads and checks
the file): all of the file's new events or none, in one transaction, as the person who
imports it, who must handle safety events at the chosen unit. Each event keeps its reference
in the old system, so importing the same file again skips the events already in; an imported
event has no reporter and is not anonymous (nobody reported it through Quadrant)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from quadrant.assurance.incidents.access import SAFETY_TEAM
from quadrant.assurance.incidents.importing import Checked, RowError, Table, check_rows
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.services.reports import save_with_reference
from quadrant.core.context import acting_as
from quadrant.core.permissions import check_actor
from quadrant.organisation.models import OrganisationSettings

RACED = (
    "Someone imported some of these events while you were checking the file. Nothing was "
    "imported: check the file again, and the events already in will be skipped"
)


def check_import(table: Table, columns: dict[str, str], *, unit: Any, actor: Any) -> Checked:
    """What importing TABLE with COLUMNS for UNIT would do (nothing is stored)."""
    check_actor(actor, SAFETY_TEAM, unit)
    at = table.header.index(columns["source_reference"])
    references = {row[at].strip()[:100] for row in table.rows if at < len(row)} - {""}
    known = SafetyEvent._base_manager.filter(source_reference__in=references).values_list(
        "source_reference", flat=True
    )
    month_first = not OrganisationSettings.current().dates_day_first
    return check_rows(table, columns, unit, month_first=month_first, known=known)


def import_events(table: Table, columns: dict[str, str], *, unit: Any, actor: Any) -> Checked:
    """Store every new event of TABLE (none if any row has a problem); the answer says which
    were stored, which skipped as already imported, and every problem."""
    checked = check_import(table, columns, unit=unit, actor=actor)
    if not checked.ok or not checked.events:
        return checked
    try:
        with acting_as(actor), transaction.atomic():
            for event in checked.events:
                save_with_reference(event)
    except IntegrityError:
        for event in checked.events:
            event.pk, event.reference = None, ""
        checked.errors.append(RowError(0, "", RACED))
    return checked
