"""Who may read and change risks and the organisation's risk settings.

A risk is read by the people of its unit (and the units above it) and by its owner; it is
changed by its owner, by managers of its unit or any unit above it and by quality leads
("manage risks" held at the unit or above). Patient partners hold no role that reads risks.
The matrix (descriptors and bands), the categories with their appetite and the escalation
thresholds are the organisation's: everyone who reads risks reads them; changing the matrix
and the categories needs "manage risks" at the top unit, a unit's threshold at that unit.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from quadrant.core.permissions import (
    Capability,
    has_role_anywhere,
    may_at_top,
    require_at_top,
    units_condition,
)

MANAGE = Capability.MANAGE_RISKS
OWNER_ACTIONS = (Capability.VIEW, MANAGE)


def risks_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Roles over the risk's unit, and the owner (who reads and manages their risk)."""
    condition = units_condition(user, action, "org_unit")
    if action in OWNER_ACTIONS:
        condition |= Q(owner=user)
    return queryset.filter(condition)


def settings_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """The trust's matrix and categories: read by anyone who reads risks somewhere, changed
    by those who manage risks at the top unit."""
    if action == Capability.VIEW and has_role_anywhere(user, Capability.VIEW):
        return queryset
    if action == MANAGE and may_at_top(user, MANAGE):
        return queryset
    return queryset.none()


def manages_settings(user: Any) -> bool:
    return may_at_top(user, MANAGE)


def require_settings_manager(actor: Any) -> None:
    """Refuse unless ACTOR may change the matrix and categories (a system actor may)."""
    require_at_top(actor, MANAGE)
