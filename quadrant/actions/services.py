"""Writes of the action tracker: raise, start, complete with evidence, verify, reassign.

Each is one transaction through the core services (so the change history records it), and each
refusal names the permission or the reason in plain words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.actions.choices import ActionStatus
from quadrant.actions.models import Action
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, may_at, require
from quadrant.core.references import check_references
from quadrant.core.services import create_object, update_object
from quadrant.core.uploads import as_checked, stored

EDITABLE = ("title", "description", "due_date")
EVIDENCE_FOLDER = "actions/evidence"


def _check_owner(owner: Any, unit: Any, actor: Any) -> None:
    if owner is None or not owner.is_active:
        raise ValidationError({"owner": "Choose an active person to own the action."})
    check_references(actor, {"owner": owner})  # someone ACTOR may name, before naming them
    if not may_at(owner, Capability.VIEW, unit):
        raise ValidationError(
            {"owner": f"{owner} cannot see {unit}: choose someone who works there or above it."}
        )


def _check_due(due_date: Any, *, today: dt.date | None = None) -> None:
    if not isinstance(due_date, dt.date):
        raise ValidationError({"due_date": "Enter the date the action is due, like 31 3 2027."})
    if due_date < (today or dt.date.today()):
        raise ValidationError({"due_date": "The due date must be today or in the future."})


def raise_action(
    *,
    title: str,
    owner: Any,
    org_unit: Any,
    due_date: dt.date,
    description: str = "",
    source: Any = None,
    actor: Any,
) -> Action:
    """Open an action for OWNER at ORG_UNIT, due on DUE_DATE, optionally linked to SOURCE."""
    require(actor, Capability.ACT_ON_SIGNALS, org_unit)
    if not title.strip():
        raise ValidationError({"title": "Enter what needs to be done."})
    _check_due(due_date)
    _check_owner(owner, org_unit, actor)
    fields: dict[str, Any] = {
        "title": title.strip(),
        "description": description.strip(),
        "owner": owner,
        "org_unit": org_unit,
        "due_date": due_date,
    }
    if source is not None:
        fields["source_type"] = ContentType.objects.get_for_model(type(source))
        fields["source_id"] = source.pk
    return create_object(Action, fields, actor=actor)


def update_action(
    action: Action,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Action:
    """Change an action's title, description or due date (people who manage actions there)."""
    require(actor, Capability.ACT_ON_SIGNALS, action.org_unit)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    if "due_date" in changes and changes["due_date"] != action.due_date:
        _check_due(changes["due_date"])
    return update_object(action, changes, actor=actor, expected_version=expected_version)


def _work_on(action: Action, actor: Any) -> None:
    """The owner, or someone who manages actions at the unit, may work on the action."""
    require(actor, Capability.ACT_ON_SIGNALS, action)


def start_action(action: Action, *, actor: Any) -> Action:
    """Mark an open action as in progress."""
    _work_on(action, actor)
    if action.status != ActionStatus.OPEN:
        state = action.get_status_display().lower()
        raise ValidationError(
            {"status": f"Only an open action can be started; this one is {state}."}
        )
    return update_object(action, {"status": ActionStatus.IN_PROGRESS}, actor=actor)


def complete_action(
    action: Action, *, evidence: str, evidence_file: Any = None, actor: Any
) -> Action:
    """Mark the action done, with evidence; it then waits for someone else to verify it.
    EVIDENCE_FILE (a photo or PDF) passes core.uploads' check first, and is stored under a
    random name only while the change is being written (removed again if it fails)."""
    _work_on(action, actor)
    if not action.is_live:
        raise ValidationError(
            {"status": f"This action is already {action.get_status_display().lower()}."}
        )
    if not (evidence or "").strip() and not evidence_file:
        raise ValidationError(
            {"evidence": "Describe the evidence that the action is done (or attach a file)."}
        )
    changes: dict[str, Any] = {
        "status": ActionStatus.DONE,
        "evidence": (evidence or "").strip(),
        "completed_at": timezone.now(),
    }
    if not evidence_file:
        return update_object(action, changes, actor=actor)
    checked = as_checked(evidence_file, field="evidence_file")
    with acting_as(actor), stored(checked, EVIDENCE_FOLDER) as name, transaction.atomic():
        return update_object(action, {**changes, "evidence_file": name}, actor=actor)


def verify_action(action: Action, *, actor: Any) -> Action:
    """Confirm that the evidence shows the action done: someone other than the owner."""
    require(actor, Capability.ACT_ON_SIGNALS, action.org_unit)
    if actor.pk == action.owner_id:
        raise PermissionDenied(
            "You own this action, so someone else must verify it: a second person checks "
            "the evidence."
        )
    if action.status != ActionStatus.DONE:
        raise ValidationError(
            {"status": "Only an action marked done, with its evidence, can be verified."}
        )
    return update_object(
        action,
        {"status": ActionStatus.VERIFIED, "verified_by": actor, "verified_at": timezone.now()},
        actor=actor,
    )


def reopen_action(action: Action, *, reason: str, actor: Any) -> Action:
    """Send a done action back to its owner when the evidence does not show it done."""
    require(actor, Capability.ACT_ON_SIGNALS, action.org_unit)
    if action.status != ActionStatus.DONE:
        raise ValidationError({"status": "Only an action marked done can be sent back."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the evidence does not show the action done."})
    note = f"{action.description}\n\nSent back on {dt.date.today():%d %B %Y}: {reason.strip()}"
    return update_object(
        action,
        {"status": ActionStatus.IN_PROGRESS, "completed_at": None, "description": note.strip()},
        actor=actor,
    )


def reassign_action(action: Action, owner: Any, *, actor: Any) -> Action:
    """Give the action to another person (who must be able to see its unit)."""
    require(actor, Capability.ACT_ON_SIGNALS, action.org_unit)
    if not action.is_live:
        raise ValidationError({"owner": "A finished action cannot be given to someone else."})
    _check_owner(owner, action.org_unit, actor)
    with acting_as(actor), transaction.atomic():
        return update_object(action, {"owner": owner, "escalated_on": None}, actor=actor)


def actions_for_source(source: Any) -> Any:
    """The actions raised from SOURCE (any model), newest first."""
    return Action.objects.filter(
        source_type=ContentType.objects.get_for_model(type(source)), source_id=source.pk
    ).order_by("-created_at")
