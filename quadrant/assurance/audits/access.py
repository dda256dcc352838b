"""Who may read and change audit templates.

A template is the whole trust's: everyone signed in reads it; changing it needs "manage audit
templates and the audit programme" (quality leads) held at the top of the organisation. Runs
and their answers follow their unit (the default rule, through `unit_field`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from quadrant.core.actors import PERSON, SYSTEM, actor_kind, no_actor_error, refusal
from quadrant.core.permissions import Capability, denial_message, units_where
from quadrant.core.security import log_denial

MANAGE = Capability.MANAGE_AUDITS


def manages_audits(user: Any) -> bool:
    """Does USER hold a role granting "manage audit templates" at the top unit?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return units_where(user, MANAGE).filter(parent__isnull=True).exists()


def require_template_manager(actor: Any) -> None:
    """Refuse unless ACTOR may change templates (a system actor — the demo seed — may)."""
    if actor is None:
        raise no_actor_error()
    kind = actor_kind(actor) or PERSON  # a visitor not signed in is refused as a person
    if kind == SYSTEM:
        return
    if kind != PERSON:
        raise PermissionDenied(refusal(actor))
    if not manages_audits(actor):
        log_denial(actor, MANAGE, None)
        raise PermissionDenied(denial_message(MANAGE, None, actor))


def templates_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Everyone signed in reads templates; managers of audits change them."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if action == Capability.VIEW or (action == MANAGE and manages_audits(user)):
        return queryset
    return queryset.none()
