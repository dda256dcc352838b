"""Who sees which safety events, and who sees the patient details of one.

- An event is seen by its reporter (not an anonymous one: nothing links it to them), by
  people who triage incidents at its unit or above (managers: without patient details), by
  the safety team there ("handle patient safety events": quality leads) and by the people
  named as its handlers.
- Its patient details (name, NHS number, date of birth, hospital number) are seen only by
  those who "see patient-identifiable details" at its unit (the safety team) and by its
  named handlers: never by the reporter as such, once the report is in.
- A draft of a report is its author's alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from quadrant.core.permissions import (
    Capability,
    granted_condition,
    may,
    may_at_top,
    units_condition,
)

SAFETY_TEAM = Capability.HANDLE_SAFETY_EVENTS
RESTRICTED = Capability.SEE_PII
#: The capabilities that let someone see a unit's events (the reporter sees their own too).
SEES_UNIT_EVENTS = (Capability.TRIAGE_INCIDENTS, SAFETY_TEAM)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _granted(user: Any, model: Any, action: str) -> Q:
    return granted_condition(user, model, action) or Q(pk__in=[])


def events_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """The events USER may do ACTION on (see the module's docstring)."""
    if not _signed_in(user):
        return queryset.none()
    capabilities = SEES_UNIT_EVENTS if action == Capability.VIEW else (action,)
    if any(may_at_top(user, capability) for capability in capabilities):
        # Every event has a unit, and every unit lies below the top: the whole table, without
        # testing each row's unit (which would cost the safety team's list its speed).
        return queryset
    condition = _granted(user, queryset.model, action)
    if action == Capability.VIEW:
        condition |= Q(reporter=user)
    for capability in capabilities:
        condition |= units_condition(user, capability, "org_unit")
    return queryset.filter(condition)


def patient_details_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """Patient details follow their event's restricted rule, whatever the action asked."""
    events = queryset.model._meta.get_field("event").related_model  # (models imports this)
    allowed = events_rule(events._default_manager.all(), user, RESTRICTED)
    return queryset.filter(event__in=allowed.values("pk"))


def drafts_rule(queryset: QuerySet[Any], user: Any, action: str) -> QuerySet[Any]:
    """A draft is private to its author."""
    if not _signed_in(user):
        return queryset.none()
    return queryset.filter(author=user)


def may_see_patient_details(user: Any, event: Any) -> bool:
    return may(user, RESTRICTED, event)


def is_safety_team(user: Any) -> bool:
    """Does USER handle safety events anywhere (the safety team's list and filters)?"""
    return may(user, SAFETY_TEAM)
