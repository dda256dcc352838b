"""The committees of the board that oversee principal risks: added, renamed and retired by
those who manage the BAF at the top of the organisation. A committee is retired (archived),
never deleted, so frozen quarters and the change history still name it; one that still
oversees a principal risk cannot be retired until the risk has another committee."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from quadrant.assurance.baf.access import MANAGE
from quadrant.assurance.baf.models import BafCommittee, PrincipalRisk
from quadrant.core.permissions import require_at_top
from quadrant.core.services import archive_object, create_object, update_object

FIELDS = ("name", "description")


def _clean(fields: Mapping[str, Any], *, current: BafCommittee | None = None) -> dict[str, str]:
    name = " ".join(str(fields.get("name") or "").split())
    if not name:
        raise ValidationError({"name": "Enter the committee's name"})
    same_name = BafCommittee.objects.filter(name__iexact=name)
    if current is not None:
        same_name = same_name.exclude(pk=current.pk)
    taken = same_name.first()
    if taken is not None:
        if taken.archived_at is not None:
            raise ValidationError(
                {"name": f"A retired committee is called {taken.name}: enter another name"}
            )
        raise ValidationError({"name": f"There is already a committee called {taken.name}"})
    return {"name": name, "description": str(fields.get("description") or "").strip()}


def oversees(committee: BafCommittee) -> list[PrincipalRisk]:
    """The principal risks on the BAF (not taken off) that COMMITTEE oversees."""
    found = PrincipalRisk.objects.filter(committee=committee, archived_at__isnull=True)
    return list(found.select_related("risk").order_by("risk_id"))


def create_committee(fields: Mapping[str, Any], *, actor: Any) -> BafCommittee:
    """A committee of the board."""
    require_at_top(actor, MANAGE)
    return create_object(BafCommittee, _clean(fields), actor=actor)


def update_committee(
    committee: BafCommittee,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> BafCommittee:
    """Rename a committee or change its description (a retired one is not changed)."""
    require_at_top(actor, MANAGE)
    if committee.archived_at is not None:
        raise ValidationError(f"{committee.name} has been retired and cannot be changed")
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise ValidationError(
            f"A committee has only a name and a description, not {', '.join(unknown)}"
        )
    values = _clean({**{name: getattr(committee, name) for name in FIELDS}, **changes},
                    current=committee)  # fmt: skip
    return update_object(committee, values, actor=actor, expected_version=expected_version)


def retire_committee(
    committee: BafCommittee, *, actor: Any, expected_version: int | None = None
) -> BafCommittee:
    """Retire a committee that no longer oversees any principal risk."""
    require_at_top(actor, MANAGE)
    overseen = oversees(committee)
    if overseen:
        references = ", ".join(principal.risk.reference for principal in overseen)
        raise ValidationError(
            f"{committee.name} still oversees {references}: choose another committee for "
            f"{'it' if len(overseen) == 1 else 'them'} first"
        )
    return archive_object(committee, actor=actor, expected_version=expected_version)
