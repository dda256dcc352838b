"""Writes of strategy, goals, their measures and the Quality Account, each in one transaction
with its audit rows. ACTOR None is the system (the demo seed); a person needs
Action.EDIT_GOALS at the unit concerned, and may read whatever they link to.

The cascade rules refuse in plain words: a goal cannot be its own ancestor, and a child goal
sits on a unit inside its parent's subtree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from quadrant.core import audit
from quadrant.core.context import acting_as
from quadrant.core.permissions import Action
from quadrant.core.services import create_object, update_object
from quadrant.language.services import check_actor
from quadrant.planning.choices import CADENCE_MONTHS
from quadrant.planning.models import (
    Goal,
    GoalMeasure,
    QualityAccountPriority,
    StrategicAim,
    Strategy,
)
from quadrant.planning.periods import period_label

MAX_CASCADE_DEPTH = 50  # far deeper than any organisation; stops a corrupt loop


# ---------------------------------------------------------------- strategy


def create_strategy(
    *,
    title: str,
    org_unit: Any,
    first_year: int,
    last_year: int,
    summary: str = "",
    aims: Iterable[str] = (),
    actor: Any,
) -> Strategy:
    """A strategy over financial years FIRST_YEAR to LAST_YEAR, with its strategic aims."""
    check_actor(actor, Action.EDIT_GOALS, org_unit)
    if last_year < first_year:
        raise ValidationError(
            {"last_year": "The strategy must end in or after the year it starts."}
        )
    with acting_as(actor), transaction.atomic():
        strategy = create_object(
            Strategy,
            {
                "title": title,
                "org_unit": org_unit,
                "first_year": first_year,
                "last_year": last_year,
                "summary": summary,
            },
            actor=actor,
        )
        for aim in aims:
            add_strategic_aim(strategy, aim, actor=actor)
    return strategy


def add_strategic_aim(
    strategy: Strategy, title: str, description: str = "", *, actor: Any
) -> StrategicAim:
    check_actor(actor, Action.EDIT_GOALS, strategy)
    order = strategy.aims.count()
    return create_object(
        StrategicAim,
        {"strategy": strategy, "title": title, "description": description, "order": order},
        actor=actor,
    )


# ---------------------------------------------------------------- goals


def next_review_after(day: dt.date, cadence: str) -> dt.date:
    """The date one review period after DAY (the same day of the month where it exists)."""
    months = CADENCE_MONTHS.get(cadence, 3)  # type: ignore[call-overload]
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def check_cascade(goal: Goal | None, parent: Goal | None, org_unit: Any) -> None:
    """Refuse a parent that would make a loop, or a unit outside the parent's subtree."""
    if parent is None:
        return
    if goal is not None and goal.pk is not None:
        ancestor_id: int | None = parent.pk
        for _ in range(MAX_CASCADE_DEPTH):
            if ancestor_id is None:
                break
            if ancestor_id == goal.pk:
                if parent.pk == goal.pk:
                    reason = f"“{goal}” cannot be its own parent goal."
                else:
                    reason = (
                        f"“{goal}” cannot be placed under “{parent}”: “{parent}” is already "
                        f"below “{goal}” in the cascade, and a goal cannot be its own ancestor."
                    )
                raise ValidationError({"parent": reason})
            ancestor_id = Goal.objects.filter(pk=ancestor_id).values_list("parent_id", flat=True)[0]
    if not org_unit.path.startswith(parent.org_unit.path):
        raise ValidationError(
            {
                "org_unit": f"{org_unit} is not part of {parent.org_unit}, where the parent goal "
                f"“{parent}” belongs: a child goal must sit on {parent.org_unit} or a unit "
                "inside it."
            }
        )


def _check_children_stay_inside(goal: Goal, org_unit: Any) -> None:
    outside = [
        child
        for child in goal.children.filter(archived_at__isnull=True).select_related("org_unit")
        if not child.org_unit.path.startswith(org_unit.path)
    ]
    if outside:
        names = ", ".join(f"“{child}” ({child.org_unit})" for child in outside[:3])
        raise ValidationError(
            {
                "org_unit": f"“{goal}” cannot move to {org_unit}: its child goals {names} would no "
                f"longer sit inside it. Move or re-parent them first."
            }
        )


def _check_links(actor: Any, fields: dict[str, Any]) -> None:
    """The parent goal and aim must be ones the actor may read."""
    for name in ("parent", "aim"):
        target = fields.get(name)
        if target is not None:
            check_actor(actor, Action.VIEW, target)


def _set_domains(goal: Goal, domains: Iterable[Any]) -> None:
    new = sorted(domain.pk for domain in domains)
    old = sorted(goal.domains.values_list("pk", flat=True)) if goal.pk else []
    if new == old:
        return
    goal.domains.set(new)
    audit.write_event(
        action="update",
        model=Goal,
        object_id=str(goal.pk),
        object_repr=str(goal),
        changes={"domains": [old, new]},
        unit_id=goal.org_unit_id,
    )


def create_goal(*, actor: Any, domains: Iterable[Any] = (), **fields: Any) -> Goal:
    """A goal at FIELDS["org_unit"], checked against the cascade rules."""
    org_unit = fields["org_unit"]
    check_actor(actor, Action.EDIT_GOALS, org_unit)
    _check_links(actor, fields)
    parent = fields.get("parent")
    check_cascade(None, parent, org_unit)
    if parent is not None and fields.get("aim") is None:
        fields["aim"] = parent.aim  # the thread reaches the strategic aim
    if fields.get("next_review") is None and fields.get("review_cadence"):
        fields["next_review"] = next_review_after(dt.date.today(), fields["review_cadence"])
    with acting_as(actor), transaction.atomic():
        goal = create_object(Goal, fields, actor=actor)
        _set_domains(goal, domains)
    return goal


def update_goal(
    goal: Goal,
    changes: dict[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Goal:
    """Change GOAL (versioned); a move in the cascade is checked against its rules."""
    check_actor(actor, Action.EDIT_GOALS, goal)
    changes = dict(changes)
    domains = changes.pop("domains", None)
    org_unit = changes.get("org_unit", goal.org_unit)
    if org_unit != goal.org_unit:
        check_actor(actor, Action.EDIT_GOALS, org_unit)
        _check_children_stay_inside(goal, org_unit)
    _check_links(actor, changes)
    check_cascade(goal, changes.get("parent", goal.parent), org_unit)
    with acting_as(actor), transaction.atomic():
        goal = update_object(goal, changes, actor=actor, expected_version=expected_version)
        if domains is not None:
            _set_domains(goal, domains)
    return goal


def link_measure(goal: Goal, measure: Any, role: str, *, actor: Any) -> GoalMeasure:
    """Link MEASURE to GOAL as its outcome, process or balancing measure."""
    check_actor(actor, Action.EDIT_GOALS, goal)
    check_actor(actor, Action.VIEW, measure)
    existing = GoalMeasure.objects.filter(goal=goal, measure=measure).first()
    if existing is not None:
        raise ValidationError(
            {
                "measure": f"{measure} is already linked to “{goal}” as its "
                f"{existing.get_role_display().lower()}."
            }
        )
    return create_object(GoalMeasure, {"goal": goal, "measure": measure, "role": role}, actor=actor)


def unlink_measure(link: GoalMeasure, *, actor: Any) -> None:
    check_actor(actor, Action.EDIT_GOALS, link.goal)
    with acting_as(actor):
        link.delete()


def record_review_reminder(goal: Goal, day: dt.date) -> bool:
    """Claim today's reminder for GOAL (a conditional update): False if already sent."""
    claimed = Goal.objects.filter(pk=goal.pk).exclude(last_reminded_on=day)
    return bool(claimed.update(last_reminded_on=day))


# ---------------------------------------------------------------- Quality Account


def set_quality_account_priorities(year: int, goals: list[Goal], *, actor: Any) -> list[Any]:
    """Make GOALS, in this order, the Quality Account priorities of financial year YEAR."""
    for goal in goals:
        check_actor(actor, Action.EDIT_GOALS, goal)
        if not goal.first_year <= year <= goal.last_year:
            raise ValidationError(
                {
                    "goals": f"“{goal}” runs {period_label(goal.first_year, goal.last_year)}, "
                    f"so it cannot be a priority for {period_label(year, year)}."
                }
            )
    with acting_as(actor), transaction.atomic():
        current = QualityAccountPriority.objects.filter(year=year)
        for row in current.exclude(goal__in=goals):
            check_actor(actor, Action.EDIT_GOALS, row.goal)
            row.delete()
        kept = {row.goal_id: row for row in current}
        result = []
        for order, goal in enumerate(goals):
            row = kept.get(goal.pk)
            if row is None:
                row = create_object(
                    QualityAccountPriority,
                    {"year": year, "goal": goal, "order": order},
                    actor=actor,
                )
            elif row.order != order:
                row = update_object(row, {"order": order}, actor=actor)
            result.append(row)
    return result
