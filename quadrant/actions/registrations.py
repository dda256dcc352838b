"""What the action tracker adds to the shell: navigation, "My actions" on the home page, the
actions of a unit on its page, and its link to the objects actions are raised from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from quadrant.actions import links as actions_links
from quadrant.actions.choices import ActionStatus
from quadrant.actions.models import Action
from quadrant.core.registry import (
    HomeSection,
    NavItem,
    SearchProvider,
    UnitSection,
    register_home_section,
    register_nav,
    register_search,
    register_unit_section,
)

actions_links.register()
register_nav(NavItem("Actions", "actions:mine", order=60))
register_search(
    SearchProvider(
        "Actions",
        Action,
        ("title", "description"),
        describe=lambda action: f"Action · {action.org_unit} · {action.get_status_display()}",
        related=("org_unit",),
    )
)


def my_actions(user: Any) -> dict[str, Any] | None:
    """My live actions, overdue first (the earliest due date first), and those to verify."""
    from quadrant.core.permissions import Capability, restrict

    actions = list(
        Action.objects.live().filter(owner=user).select_related("org_unit", "owner")
        .order_by("due_date", "pk")[:10]
    )  # fmt: skip
    to_verify = (
        restrict(Action.objects.all(), user, Capability.ACT_ON_SIGNALS)
        .filter(status=ActionStatus.DONE, archived_at__isnull=True)
        .exclude(owner=user)
        .count()
    )
    if not actions and not to_verify:
        return None
    return {"actions": actions, "to_verify": to_verify, "today": dt.date.today()}


def unit_actions(unit: Any, user: Any) -> dict[str, Any] | None:
    from quadrant.actions.forms import visible_actions

    live = visible_actions(user).live().filter(org_unit__path__startswith=unit.path)
    total = live.count()
    if not total:
        return None
    return {"live": total, "overdue": live.overdue().count(), "unit": unit}


register_home_section(
    HomeSection("My actions", "actions/includes/home_actions.html", 10, my_actions)
)
register_unit_section(
    UnitSection("Actions", "actions/includes/unit_actions.html", 40, unit_actions)
)
