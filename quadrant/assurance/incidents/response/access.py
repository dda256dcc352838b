"""Who sees and works on triage and learning responses.

A triage record, a learning response and everything in it (findings, engagement, safety
action links) follow their event's safety-team rule: the safety team at the event's unit and
above and the people named as the event's handlers (a response's lead is named a handler when
appointed). To VIEW a triage, those who may triage the event's unit see it too. Nobody else
learns that a response exists. The response plan is the organisation's published plan: every
signed-in member of staff reads it; the safety team at the top of the organisation edits it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from quadrant.assurance.incidents import access as event_access
from quadrant.core.permissions import Capability, may_at_top


def _events(user: Any, action: str) -> QuerySet[Any]:
    from quadrant.assurance.incidents.models import SafetyEvent

    return event_access.events_rule(SafetyEvent.objects.all(), user, action)


def by_event_rule(path: str) -> Any:
    """The rule of a model reaching its event by PATH: the event's safety-team rule."""

    def rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return queryset.none()
        if may_at_top(user, event_access.SAFETY_TEAM):
            return queryset
        allowed = _events(user, event_access.SAFETY_TEAM).values("pk")
        return queryset.filter(**{f"{path}__in": allowed})

    return rule


def triage_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """A triage is seen by those who may triage its event; changed by the safety team."""
    handled: QuerySet[Any] = by_event_rule("event")(queryset, user, action)
    if action != Capability.VIEW:
        return handled
    allowed = _events(user, Capability.TRIAGE_INCIDENTS).values("pk")
    return queryset.filter(event__in=allowed) | handled


def plan_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if action == Capability.VIEW:
        return queryset
    return queryset if may_at_top(user, event_access.SAFETY_TEAM) else queryset.none()


def may_edit_plan(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and may_at_top(
        user, event_access.SAFETY_TEAM
    )
