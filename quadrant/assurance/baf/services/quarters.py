"""A quarter's BAF frozen and signed off. Freezing stores the BAF as it stands (every row and
its evidence, as the whole trust's keeper sees it) for the quarter of the day, sealed; it may
be frozen again, replacing the picture, until it is signed off. Signing off records who and
when (UTC) and seals that too: a signed-off quarter never changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.assurance.baf.access import MANAGE
from quadrant.assurance.baf.board import live_baf
from quadrant.assurance.baf.models import BafQuarter
from quadrant.assurance.baf.snapshots import seal, utc_text
from quadrant.assurance.incidents.themes import Quarter
from quadrant.core.actors import PERSON, actor_kind
from quadrant.core.context import acting_as
from quadrant.core.permissions import require_at_top
from quadrant.core.services import create_object, update_object


def signed_refusal(quarter: BafQuarter) -> ValidationError:
    return ValidationError(
        f"The BAF of {quarter.label} was signed off on {utc_text(quarter.signed_off_at)}: "
        "it cannot change"
    )


def freeze_quarter(*, actor: Any, today: dt.date | None = None, reader: Any = None) -> BafQuarter:
    """Freeze the BAF of TODAY's quarter (those who manage the BAF at the top; the demo seed
    as the system, reading as READER). A quarter frozen before is frozen again, unless it
    has been signed off."""
    require_at_top(actor, MANAGE)
    today = today or timezone.localdate()
    start = Quarter.of(today).start
    snapshot = live_baf(reader if actor_kind(actor) != PERSON else actor, today)
    person = actor if actor_kind(actor) == PERSON else None
    fields = {"snapshot": snapshot, "sha256": seal(start, snapshot), "frozen_at": timezone.now(),
              "frozen_by": person}  # fmt: skip
    with acting_as(actor), transaction.atomic():
        found: BafQuarter | None = (
            BafQuarter.objects.select_for_update().filter(quarter_start=start).first()
        )
        if found is None:
            return create_object(BafQuarter, {"quarter_start": start, **fields}, actor=actor)
        if found.is_signed_off:
            raise signed_refusal(found)
        return update_object(found, fields, actor=actor)


def sign_off_quarter(
    quarter: BafQuarter, *, actor: Any, expected_version: int | None = None
) -> BafQuarter:
    """Sign off a frozen quarter as ACTOR, now (UTC): sealed, it can no longer change."""
    require_at_top(actor, MANAGE)
    if actor_kind(actor) != PERSON:
        raise ValidationError("A quarter is signed off by a person")
    if quarter.is_signed_off:
        raise signed_refusal(quarter)
    moment = timezone.now().astimezone(dt.UTC).replace(microsecond=0)
    sealed = seal(quarter.quarter_start, quarter.snapshot, actor.pk, moment)
    changes = {"signed_off_by": actor, "signed_off_at": moment, "sha256": sealed}
    return update_object(quarter, changes, actor=actor, expected_version=expected_version)
