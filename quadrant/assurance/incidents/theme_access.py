"""Who sees the themes of safety events and the oversight page, and over which units.

- Themes (counts, never a single event, never patient details) are seen by those who triage
  incidents (managers: their units' subtrees), by the safety team (handle patient safety
  events) and by the board: executives hold "manage the board assurance framework"
  (MANAGE_BAF), the one capability that marks the board and no one below it.
- The oversight page is for the safety team and the board only (not ward managers, who have
  their triage queue and the themes of their units).
- Refreshing the event measures is the safety team's.

Each sees the units where they hold one of those capabilities, with the units below them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from quadrant.core.permissions import Capability, may, may_at_top, units_where
from quadrant.core.security import log_denial

THEMES = (Capability.TRIAGE_INCIDENTS, Capability.HANDLE_SAFETY_EVENTS, Capability.MANAGE_BAF)
OVERSIGHT = (Capability.HANDLE_SAFETY_EVENTS, Capability.MANAGE_BAF)
REFRESH = Capability.HANDLE_SAFETY_EVENTS

THEMES_REFUSED = (
    "You do not have permission to see the themes of safety events: it needs the right to "
    "triage incidents, to handle patient safety events or to manage the board assurance "
    "framework."
)
OVERSIGHT_REFUSED = (
    "You do not have permission to see safety oversight: it is for the safety team (handle "
    "patient safety events) and the board (manage the board assurance framework)."
)


def may_see_themes(user: Any) -> bool:
    return any(may(user, capability) for capability in THEMES)


def may_see_oversight(user: Any) -> bool:
    return any(may(user, capability) for capability in OVERSIGHT)


def may_refresh_measures(user: Any) -> bool:
    return may(user, REFRESH)


def require_themes(user: Any) -> None:
    if not may_see_themes(user):
        log_denial(user, "see_themes")
        raise PermissionDenied(THEMES_REFUSED)


def require_oversight(user: Any) -> None:
    if not may_see_oversight(user):
        log_denial(user, "see_oversight")
        raise PermissionDenied(OVERSIGHT_REFUSED)


def scope_unit_ids(user: Any, capabilities: tuple[Capability, ...] = THEMES) -> list[int] | None:
    """The ids of the units (subtrees included) whose events' themes USER sees: None for the
    whole organisation (a role at the top), so that a count over a quarter of a million events
    is not slowed by testing each event's unit."""
    if any(may_at_top(user, capability) for capability in capabilities):
        return None
    ids: set[int] = set()
    for capability in capabilities:
        ids.update(units_where(user, capability).values_list("pk", flat=True))
    return sorted(ids)
