"""Who sees and edits a duty of candour record: exactly those who handle its event (the
safety team at the event's unit or above, and the event's named handlers). Nobody else: not
the reporter, not a manager who triages the unit's events, not a member of staff.

The organisation's candour settings (the nation whose bank holidays the clock skips) are
read by anyone signed in and changed by the safety team at the top unit or an administrator.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from quadrant.assurance.incidents.access import SAFETY_TEAM, events_rule
from quadrant.core.permissions import Capability, may_at_top

SETTINGS_CHANGERS = (SAFETY_TEAM, Capability.MANAGE_PEOPLE)


def records_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """A record follows its event's safety-team rule, whatever the action asked."""
    if may_at_top(user, SAFETY_TEAM):
        return queryset  # the safety team at the top: every record, without a subquery
    events = queryset.model._meta.get_field("event").related_model
    allowed = events_rule(events._default_manager.all(), user, SAFETY_TEAM)
    return queryset.filter(event__in=allowed.values("pk"))


def may_change_settings(user: Any) -> bool:
    return any(may_at_top(user, capability) for capability in SETTINGS_CHANGERS)


def settings_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if action == Capability.VIEW or may_change_settings(user):
        return queryset
    return queryset.none()
