"""The writes of the duty of candour, each through core's recorded services in one
transaction: opening a record when an event needs the duty, recording the notification
(conversation, apology, letter) or that it was not possible, and the organisation's nation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quadrant.assurance.incidents.access import SAFETY_TEAM
from quadrant.assurance.incidents.candour import clock
from quadrant.assurance.incidents.candour.access import may_change_settings
from quadrant.assurance.incidents.candour.choices import CandourStatus, NotPossibleReason
from quadrant.assurance.incidents.candour.models import CandourRecord, CandourSettings
from quadrant.assurance.incidents.models import SafetyEvent, needs_duty_of_candour
from quadrant.core.actors import PERSON, SystemActor, actor_kind, no_actor_error, refusal
from quadrant.core.permissions import Capability, may, require, require_at_top
from quadrant.core.services import create_object, update_object

#: Opens records on its own account (a report of moderate harm or worse as it arrives).
CANDOUR_CLOCK = SystemActor("duty of candour clock")
NOTIFICATION_FIELDS = (
    "aware_on", "conversation_on", "conversation_by", "conversation_with", "apology_given",
    "letter_on",
)  # fmt: skip
#: Those who may open a record for an event: its triage and its safety team.
OPENERS = (Capability.TRIAGE_INCIDENTS, SAFETY_TEAM)


def current_nation() -> str:
    return CandourSettings.current().nation


def needs_the_duty(event: SafetyEvent) -> bool:
    """Moderate harm or worse, physical or psychological, or flagged by the safety team."""
    return bool(event.duty_of_candour) or needs_duty_of_candour(
        event.physical_harm, event.psychological_harm
    )


def open_if_needed(
    event: SafetyEvent, *, by: Any, known_on: dt.date | None = None
) -> CandourRecord | None:
    """The event's record, opened now (clock started on KNOWN_ON, today by default) if the
    event needs the duty and has none; None when it does not need it. Idempotent: a second
    call, or two at once, answer the one record. BY is a person who triages or handles the
    event, or a system actor."""
    _check_opener(by, event)
    if not needs_the_duty(event):
        return None
    existing = CandourRecord.objects.filter(event=event).first()
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    aware_on = known_on or timezone.localdate()
    nation = current_nation()
    fields = {
        "event": event, "aware_on": aware_on, "nation": nation,
        "deadline": clock.deadline(aware_on, nation),
    }  # fmt: skip
    try:
        return create_object(CandourRecord, fields, actor=by)
    except IntegrityError:
        found = CandourRecord.objects.filter(event=event).first()  # opened at the same moment
        if found is None:
            raise
        return found  # type: ignore[no-any-return]


def _check_opener(by: Any, event: SafetyEvent) -> None:
    if by is None:
        raise no_actor_error()
    kind = actor_kind(by) or PERSON
    if kind == PERSON:
        if not any(may(by, capability, event) for capability in OPENERS):
            require(by, SAFETY_TEAM, event)  # refuses, naming the permission, and logs it
    elif not isinstance(by, SystemActor):
        raise PermissionDenied(refusal(by))


def record_notification(
    record: CandourRecord,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> CandourRecord:
    """Record the notification: the conversation (when, by whom, with whom), the apology and
    the letter, or correct the date the organisation became aware (the deadline follows).
    A notification made after all on a record said not possible makes it possible again."""
    require(actor, SAFETY_TEAM, record)
    values = {name: changes[name] for name in NOTIFICATION_FIELDS if name in changes}
    for name in ("conversation_by", "conversation_with"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    aware_on = values.get("aware_on") or record.aware_on
    if aware_on is None:
        raise ValidationError({"aware_on": "Enter the date the organisation became aware"})
    values["aware_on"] = aware_on
    if aware_on != record.aware_on and aware_on <= timezone.localdate():
        values["deadline"] = clock.deadline(aware_on, record.nation)
    if values.get("conversation_on") and record.not_possible:
        values.update(not_possible=False, not_possible_reason="", not_possible_note="",
                      not_possible_on=None)  # fmt: skip
    return _update(record, values, actor=actor, expected_version=expected_version)


def _update(
    record: CandourRecord, values: dict[str, Any], *, actor: Any, expected_version: int | None
) -> CandourRecord:
    """update_object, leaving RECORD as stored when the change is refused (it is drawn again
    beside the errors, and may be changed once they are put right)."""
    try:
        return update_object(record, values, actor=actor, expected_version=expected_version)
    except ValidationError:
        record.refresh_from_db()
        raise


def record_not_possible(
    record: CandourRecord,
    reason: str,
    note: str = "",
    *,
    actor: Any,
    expected_version: int | None = None,
) -> CandourRecord:
    """Stop the clock: the notification was not possible, for REASON (NOTE says more)."""
    require(actor, SAFETY_TEAM, record)
    if record.status_on(timezone.localdate()) in (
        CandourStatus.DONE_ON_TIME, CandourStatus.DONE_LATE
    ):  # fmt: skip
        raise ValidationError(
            {"not_possible_reason": "The notification has been made: it cannot be recorded "
             "as not possible"}
        )  # fmt: skip
    if reason not in NotPossibleReason.values:
        raise ValidationError(
            {"not_possible_reason": "Select why the notification was not possible"}
        )
    values = {
        "not_possible": True, "not_possible_reason": reason,
        "not_possible_note": (note or "").strip(), "not_possible_on": timezone.localdate(),
    }  # fmt: skip
    return _update(record, values, actor=actor, expected_version=expected_version)


def set_nation(nation: str, *, actor: Any, expected_version: int | None = None) -> CandourSettings:
    """Set the nation whose bank holidays the clock skips (the safety team at the top unit or
    an administrator). Records opened from now on use it; open records keep their deadline."""
    if not may_change_settings(actor):
        require_at_top(actor, SAFETY_TEAM)  # refuses a person, naming the permission
    if nation not in dict(clock.NATIONS):
        raise ValidationError({"nation": "Select the nation your organisation is in"})
    with transaction.atomic():
        found: CandourSettings | None = (
            CandourSettings.objects.select_for_update().filter(pk=1).first()
        )
        if found is None:
            return create_object(CandourSettings, {"pk": 1, "nation": nation}, actor=actor)
        return update_object(
            found, {"nation": nation}, actor=actor, expected_version=expected_version
        )
