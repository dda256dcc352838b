"""What planning adds to the shell: navigation, search, a home section, a unit-page section and
its links to other components' objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from quadrant.planning import links as planning_links
from quadrant.planning.choices import GoalStatus
from quadrant.planning.models import DriverDiagram, Goal

planning_links.register()
register_nav(NavItem("Planning", "planning:home", order=20))
register_search(
    SearchProvider(
        "Goals",
        Goal,
        ("title", "statement"),
        describe=lambda goal: f"Goal · {goal.org_unit} · {goal.get_status_display()}",
        related=("org_unit",),
    )
)
register_search(
    SearchProvider(
        "Driver diagrams",
        DriverDiagram,
        ("title",),
        describe=lambda diagram: f"Driver diagram · {diagram.org_unit}",
        related=("org_unit",),
    )
)


def my_goals(user: Any) -> dict[str, Any] | None:
    """Goals the person owns that are live, the ones due for review first."""
    goals = list(
        Goal.objects.filter(
            owner=user,
            archived_at__isnull=True,
            status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE],
        )
        .select_related("org_unit")
        .order_by("next_review", "title")[:10]
    )
    if not goals:
        return None
    return {"goals": goals, "today": dt.date.today()}


def unit_goals_section(unit: Any, user: Any) -> dict[str, Any] | None:
    from quadrant.core.permissions import Capability, may
    from quadrant.planning.tree import unit_goals

    own, inherited = unit_goals(unit, user)
    can_add = may(user, Capability.EDIT_GOALS, unit)
    if not own and not inherited and not can_add:
        return None
    return {"own": own, "inherited": inherited, "can_add": can_add}


register_home_section(HomeSection("My goals", "planning/includes/home_goals.html", 30, my_goals))
register_unit_section(
    UnitSection("Goals", "planning/includes/unit_goals.html", 10, unit_goals_section)
)
