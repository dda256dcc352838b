"""Principal risks: put a risk of the register on the BAF against a goal,
with its committee and themes; change what the BAF adds to it; take it off the BAF (archived,
so the change history and frozen quarters keep it). Each write is one transaction through the
recorded services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from quadrant.assurance.baf.access import MANAGE
from quadrant.assurance.baf.models import PrincipalRisk
from quadrant.assurance.incidents.choices import CATEGORY_CHOICES
from quadrant.assurance.risks.choices import RiskStatus
from quadrant.assurance.risks.models import Risk
from quadrant.core.actors import PERSON, PERSON_OR_SYSTEM, actor_kind
from quadrant.core.permissions import Capability, check_actor, may
from quadrant.core.services import archive_object, create_object, update_object
from quadrant.planning.public import Goal

EDITABLE = ("goal", "committee", "event_categories", "commentary")
CATEGORY_KEYS = frozenset(key for key, _ in CATEGORY_CHOICES)


def _check_goal(goal: Any, actor: Any) -> None:
    if goal is None or not isinstance(goal, Goal) or goal.archived_at is not None:
        raise ValidationError({"goal": "Choose the strategic goal the risk threatens"})
    if actor_kind(actor) == PERSON and not may(actor, Capability.VIEW, goal):
        raise ValidationError({"goal": "Choose the strategic goal the risk threatens"})


def _check_committee(committee: Any) -> None:
    if committee is None or committee.archived_at is not None:
        raise ValidationError({"committee": "Choose the committee that oversees the risk"})


def _check_categories(categories: Any) -> list[str]:
    values = list(categories or [])
    unknown = [str(value) for value in values if value not in CATEGORY_KEYS]
    if unknown:
        raise ValidationError(
            {"event_categories": f"Choose themes from the list (not {', '.join(unknown)})"}
        )
    return sorted(set(values), key=values.index)


def add_principal_risk(risk: Risk, fields: Mapping[str, Any], *, actor: Any) -> PrincipalRisk:
    """Mark RISK principal: on the BAF against FIELDS' goal, with its committee, themes and
    commentary (those who manage the BAF at the risk's unit or above)."""
    if actor_kind(actor) == PERSON and not may(actor, Capability.VIEW, risk):
        raise PermissionDenied("You may only put on the BAF a risk you can see.")
    check_actor(actor, MANAGE, PrincipalRisk(risk=risk), allow=PERSON_OR_SYSTEM)
    if risk.archived_at is not None or risk.status == RiskStatus.CLOSED:
        raise ValidationError({"risk": "Choose an open or tolerated risk: this one is closed"})
    if PrincipalRisk.objects.filter(risk=risk).exists():
        raise ValidationError({"risk": f"{risk.reference} is already on the BAF"})
    _check_goal(fields.get("goal"), actor)
    _check_committee(fields.get("committee"))
    values = {name: fields[name] for name in EDITABLE if name in fields}
    values["event_categories"] = _check_categories(values.get("event_categories"))
    return create_object(PrincipalRisk, {"risk": risk, **values}, actor=actor)


def update_principal_risk(
    principal: PrincipalRisk,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> PrincipalRisk:
    """Change the goal, committee, themes or commentary of a principal risk (its scores,
    controls and assurances are the risk's, changed on the register)."""
    check_actor(actor, MANAGE, principal, allow=PERSON_OR_SYSTEM)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(
            f"These are the risk's, changed on the register: {', '.join(unknown)}"
        )
    values = dict(changes)
    if "goal" in values:
        _check_goal(values["goal"], actor)
    if "committee" in values:
        _check_committee(values["committee"])
    if "event_categories" in values:
        values["event_categories"] = _check_categories(values["event_categories"])
    return update_object(principal, values, actor=actor, expected_version=expected_version)


def remove_principal_risk(
    principal: PrincipalRisk, *, actor: Any, expected_version: int | None = None
) -> PrincipalRisk:
    """Take a principal risk off the BAF (it stays on the register and in frozen quarters)."""
    check_actor(actor, MANAGE, principal, allow=PERSON_OR_SYSTEM)
    return archive_object(principal, actor=actor, expected_version=expected_version)
