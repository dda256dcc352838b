"""Who may read and change audit templates.

A template is the whole trust's: everyone signed in reads it; changing it needs "manage audit
templates and the audit programme" (quality leads) held at the top of the organisation. Runs
and their answers follow their unit (the default rule, through `unit_field`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from quadrant.core.permissions import Capability, may_at_top, require_at_top

MANAGE = Capability.MANAGE_AUDITS


def manages_audits(user: Any) -> bool:
    """Does USER hold a role granting "manage audit templates" at the top unit?"""
    return may_at_top(user, MANAGE)


def require_template_manager(actor: Any) -> None:
    """Refuse unless ACTOR may change templates (a system actor — the demo seed — may)."""
    require_at_top(actor, MANAGE)


def templates_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Everyone signed in reads templates; managers of audits change them."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if action == Capability.VIEW or (action == MANAGE and manages_audits(user)):
        return queryset
    return queryset.none()
