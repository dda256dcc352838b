"""Who reads and changes the board assurance framework (BAF).

The BAF is the board's: it is read and kept by those who "manage the board assurance
framework" (executives and quality leads), over the principal risks of the units where they
hold that capability (a division's director sees their division's principal risks). The list
of committees is read by everyone who keeps the BAF somewhere and changed at the top. A
quarter's frozen BAF is a picture of the whole trust: it is read, frozen and signed off only
by those who hold the capability at the top of the organisation. Ward managers, staff and
patient partners hold no role that reads the BAF (their risks stay on the register).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from quadrant.core.permissions import Capability, has_role_anywhere, may_at_top, units_condition
from quadrant.core.security import log_denial

MANAGE = Capability.MANAGE_BAF
BAF_ACTIONS = (Capability.VIEW, MANAGE)

REFUSED = (
    "You do not have permission to see the board assurance framework: it needs the executive "
    "or quality lead role (manage the board assurance framework)."
)
QUARTERS_REFUSED = (
    "You do not have permission to see or sign off a quarter's board assurance framework: it "
    "needs the executive or quality lead role at the top of the organisation."
)


def principal_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Principal risks whose risk's unit lies where USER manages the BAF (read and write)."""
    if action not in BAF_ACTIONS:
        return queryset.none()
    return queryset.filter(units_condition(user, MANAGE, "risk__org_unit"))


def committee_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """The organisation's committees: read by anyone keeping the BAF, changed at the top."""
    if action == Capability.VIEW and has_role_anywhere(user, MANAGE):
        return queryset
    if action == MANAGE and may_at_top(user, MANAGE):
        return queryset
    return queryset.none()


def quarter_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Frozen quarters: the whole trust's BAF, for the BAF's keepers at the top only."""
    if action in BAF_ACTIONS and may_at_top(user, MANAGE):
        return queryset
    return queryset.none()


def may_read_baf(user: Any) -> bool:
    return has_role_anywhere(user, MANAGE)


def may_keep_quarters(user: Any) -> bool:
    return may_at_top(user, MANAGE)


def require_baf(user: Any) -> None:
    if not may_read_baf(user):
        log_denial(user, MANAGE)
        raise PermissionDenied(REFUSED)


def require_quarters(user: Any) -> None:
    if not may_keep_quarters(user):
        log_denial(user, MANAGE)
        raise PermissionDenied(QUARTERS_REFUSED)
