"""The server copy of a report being written, saved as the reporter types (debounced by the
page), so that a lapsed session or a dropped connection loses nothing.

Only a signed-in reporter who is not reporting anonymously has one: an anonymous draft stays
in the browser. Saving a draft changes only bookkeeping fields, so it adds nothing to the
change history (whose rows would otherwise keep what was typed for good).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from quadrant.assurance.incidents.models import DESCRIPTION_LIMIT, ReportDraft
from quadrant.assurance.incidents.services.reports import PATIENT_FIELDS, REPORT_FIELDS
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import create_object

#: The names a draft keeps (the report's, as the form posts them: dates in three boxes).
DRAFT_FIELDS = frozenset(
    {*REPORT_FIELDS, *PATIENT_FIELDS}
    - {"occurred_on", "patient_date_of_birth"}
    | {f"{date}-{part}" for date in ("occurred_on", "patient_date_of_birth")
       for part in ("day", "month", "year")}
)  # fmt: skip
VALUE_LIMIT = DESCRIPTION_LIMIT + 100  # room for a little over the limit: the form will say


def _clean(data: dict[str, Any]) -> dict[str, str]:
    return {
        name: str(value)[:VALUE_LIMIT]
        for name, value in data.items()
        if name in DRAFT_FIELDS and isinstance(value, str | int | bool)
    }


def save_draft(data: dict[str, Any], *, actor: Any) -> ReportDraft:
    """Keep what ACTOR has typed so far (unknown names are dropped, long values cut)."""
    check_actor(actor, Capability.REPORT_INCIDENT)
    kept = _clean(data)
    now = timezone.now()
    with acting_as(actor):
        draft: ReportDraft | None = ReportDraft.objects.filter(author=actor).first()
        if draft is None:
            return create_object(
                ReportDraft, {"author": actor, "data": kept, "saved_at": now}, actor=actor
            )
        ReportDraft.objects.filter(pk=draft.pk).update(data=kept, saved_at=now)
        draft.data, draft.saved_at = kept, now
    return draft


def load_draft(user: Any) -> ReportDraft | None:
    """USER's draft, if they have one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return ReportDraft.objects.filter(author=user).first()


def discard_draft(*, actor: Any) -> None:
    """Drop ACTOR's draft (they chose to report anonymously, or started again)."""
    check_actor(actor, Capability.REPORT_INCIDENT)
    with acting_as(actor):
        for draft in ReportDraft.objects.filter(author=actor):
            draft.delete()
