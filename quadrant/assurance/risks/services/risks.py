"""Risks: create one, change it, review its current rating (each review is a score-history
row), tolerate or close it with a reason, raise actions from it, and escalate it up the tree
when its current score reaches its unit's threshold (de-escalation needs a reason).

Escalation happens when a rating *reaches* a threshold it did not reach before (a new risk,
or a review that moves it higher up the tree): a risk de-escalated with a reason stays where
it was put until a later review raises it further.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.actions.public import raise_action
from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.choices import RiskStatus
from quadrant.assurance.risks.matrix import escalation_target
from quadrant.assurance.risks.models import Risk, RiskReview
from quadrant.core.actors import PERSON, PERSON_OR_SYSTEM, actor_kind
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor, may_at, require
from quadrant.core.services import create_object, update_object

MANAGE = Capability.MANAGE_RISKS
SYSTEM_TOO = PERSON_OR_SYSTEM  # the demo seed writes risks as the system
RATINGS = ("initial", "current", "target")
EDITABLE = (
    "title", "cause", "event", "effect", "owner", "category", "controls", "gaps_in_control",
    "gaps_in_assurance", "review_date",
    *(f"{rating}_{axis}" for rating in RATINGS for axis in ("likelihood", "consequence")),
)  # fmt: skip
CURRENT = ("current_likelihood", "current_consequence")


def check_ratings(fields: Mapping[str, Any]) -> None:
    """Every level given is a whole number from 1 to 5, or ValidationError by field."""
    errors: dict[str, str] = {}
    for name, value in fields.items():
        if name.endswith(("_likelihood", "_consequence")) and value is not None:
            what = name.replace("_", " ").capitalize()
            try:
                scoring.check_level(value, what)
            except scoring.BadLevel as error:
                errors[name] = str(error)
    if errors:
        raise ValidationError(errors)


def check_review_date(value: dt.date | None, field: str = "review_date") -> None:
    if value is not None and value < timezone.localdate():
        raise ValidationError({field: "Next review must be today or in the future"})


def check_owner(owner: Any, unit: Any) -> None:
    """The owner is an active person who may read the risks of UNIT."""
    if owner is None or not getattr(owner, "is_active", False):
        raise ValidationError({"owner": "Choose the risk's owner"})
    if not may_at(owner, Capability.VIEW, unit):
        raise ValidationError({"owner": f"Choose an owner who works in {unit} or above it"})


def _who(actor: Any) -> Any:
    return actor if actor_kind(actor) == PERSON else None


def create_risk(fields: Mapping[str, Any], *, actor: Any, note: str = "") -> Risk:
    """A new risk at its unit (managers of the unit or above, quality leads), its current
    rating the first row of its score history; escalated if its score reaches the unit's
    threshold."""
    unit = fields.get("org_unit")
    if unit is None:
        raise ValidationError({"org_unit": "Choose the unit the risk belongs to"})
    check_actor(actor, MANAGE, Risk(org_unit=unit), allow=SYSTEM_TOO)
    values = {name: fields[name] for name in ("org_unit", *EDITABLE) if name in fields}
    check_ratings(values)
    check_review_date(values.get("review_date"))
    check_owner(values.get("owner"), unit)
    with acting_as(actor), transaction.atomic():
        risk = create_object(Risk, values, actor=actor)
        _record_review(risk, note or "First rating", actor)
        _escalate_if_reached(risk, None, actor)
    return risk


def update_risk(
    risk: Risk,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
    note: str = "",
) -> Risk:
    """Change what the risk says or its ratings (the owner, managers above, quality leads);
    a change of the current rating is a review (a score-history row) and may escalate it."""
    check_actor(actor, MANAGE, risk, allow=SYSTEM_TOO)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(unknown)}")
    check_ratings(changes)
    if "review_date" in changes and changes["review_date"] != risk.review_date:
        check_review_date(changes["review_date"])
    if "owner" in changes and changes["owner"] != risk.owner:
        check_owner(changes["owner"], risk.org_unit)
    rated = any(name in changes and changes[name] != getattr(risk, name) for name in CURRENT)
    with acting_as(actor), transaction.atomic():
        old_score = risk.current_score
        risk = update_object(risk, changes, actor=actor, expected_version=expected_version)
        if rated:
            _record_review(risk, note or "Current rating changed", actor)
            _escalate_if_reached(risk, old_score, actor)
    return risk


def review_risk(
    risk: Risk,
    *,
    likelihood: int,
    consequence: int,
    review_date: dt.date,
    note: str = "",
    actor: Any,
    expected_version: int | None = None,
) -> Risk:
    """A review: the current rating as it now stands (the same or changed), a note and the
    next review date. Every review is a row of the score history."""
    changes = {"current_likelihood": likelihood, "current_consequence": consequence,
               "review_date": review_date}  # fmt: skip
    check_actor(actor, MANAGE, risk, allow=SYSTEM_TOO)
    check_ratings(changes)
    check_review_date(review_date)
    with acting_as(actor), transaction.atomic():
        old_score = risk.current_score
        risk = update_object(risk, changes, actor=actor, expected_version=expected_version)
        _record_review(risk, note or "Reviewed", actor)
        _escalate_if_reached(risk, old_score, actor)
    return risk


def _record_review(risk: Risk, note: str, actor: Any) -> RiskReview:
    reviewer = _who(actor) or risk.owner
    fields = {"risk": risk, "reviewed_on": timezone.localdate(), "note": note.strip(),
              "likelihood": risk.current_likelihood, "consequence": risk.current_consequence,
              "reviewed_by": reviewer}  # fmt: skip
    return create_object(RiskReview, fields, actor=actor)


def _escalate_if_reached(risk: Risk, old_score: int | None, actor: Any) -> None:
    """Send RISK up the tree when its new score reaches a threshold the old one did not."""
    unit = risk.org_unit
    target = escalation_target(unit, risk.current_score)
    if target is None:
        return
    before = escalation_target(unit, old_score) if old_score is not None else None
    if before is not None and before.pk == target.pk:
        return  # the same threshold as before: nothing newly reached
    current = risk.escalated_to
    if current is not None and current.depth <= target.depth:
        return  # already escalated this high
    update_object(
        risk,
        {"escalated_to": target, "escalated_at": timezone.now(), "escalated_by": _who(actor)},
        actor=actor,
    )


def deescalate_risk(
    risk: Risk, *, reason: str, actor: Any, expected_version: int | None = None
) -> Risk:
    """Bring an escalated risk back to its unit's register, with the reason (people who
    manage risks where it was escalated to)."""
    if risk.escalated_to is None:
        raise ValidationError("This risk is not escalated")
    check_actor(actor, MANAGE, risk.escalated_to, allow=SYSTEM_TOO)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for de-escalating the risk"})
    changes = {"escalated_to": None, "escalated_at": None, "escalated_by": None,
               "deescalated_at": timezone.now(), "deescalation_reason": reason}  # fmt: skip
    return update_object(risk, changes, actor=actor, expected_version=expected_version)


def set_risk_status(
    risk: Risk,
    status: str,
    *,
    reason: str = "",
    actor: Any,
    expected_version: int | None = None,
) -> Risk:
    """Open, tolerate or close a risk; tolerating or closing needs the reason."""
    check_actor(actor, MANAGE, risk, allow=SYSTEM_TOO)
    if status not in RiskStatus.values:
        raise ValidationError({"status": "Choose open, tolerated or closed"})
    reason = reason.strip()
    if status != RiskStatus.OPEN and not reason:
        word = RiskStatus(status).label.lower()
        raise ValidationError({"reason": f"Enter the reason the risk is {word}"})
    return update_object(
        risk, {"status": status, "status_reason": reason}, actor=actor,
        expected_version=expected_version,
    )  # fmt: skip


def open_risk_action(
    risk: Risk,
    *,
    title: str,
    owner: Any,
    due_date: dt.date,
    description: str = "",
    actor: Any,
) -> Any:
    """An action in the tracker whose source is RISK (shown on each other's pages)."""
    require(actor, MANAGE, risk)
    return raise_action(
        title=title,
        description=description or f"To reduce the risk {risk}",
        owner=owner,
        org_unit=risk.org_unit,
        due_date=due_date,
        source=risk,
        actor=actor,
    )
