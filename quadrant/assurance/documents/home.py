"""The "Documents to read" section of "My quality": the current versions one's units ask one
to read and confirm, not yet confirmed. Nothing is shown to someone with none."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.documents.services.acknowledgements import to_acknowledge

SHOWN = 5


def documents_to_read(user: Any) -> dict[str, Any] | None:
    versions = list(to_acknowledge(user)[: SHOWN + 1])
    if not versions:
        return None
    more = to_acknowledge(user).count() - SHOWN if len(versions) > SHOWN else 0
    return {"versions": versions[:SHOWN], "more": more}


def unit_documents(unit: Any, user: Any) -> dict[str, Any] | None:
    """A unit's page: the documents in use at the unit and below it, and how many of them are
    overdue for review (two counts of one query each)."""
    from django.utils import timezone

    from quadrant.assurance.documents.library import library

    documents = library(user).filter(org_unit__path__startswith=unit.path)
    in_use = documents.filter(**{"current_number__isnull": False})
    total = in_use.count()
    if not total:
        return None
    overdue = in_use.filter(**{"current_review__lt": timezone.localdate()}).count()
    return {"total": total, "overdue": overdue, "unit": unit}
