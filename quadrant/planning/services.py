"""Writes of strategy, goals, their measures and the Quality Account, each in one transaction
with its history rows. ACTOR None is the system (the demo seed); a person needs
Capability.EDIT_GOALS at the unit concerned, and may read whatever they link to.

The cascade rules refuse in plain words: a goal cannot be its own ancestor, and a child goal
sits on a unit inside its parent's subtree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from quadrant.core import history
from quadrant.core.actors import PERSON_OR_SYSTEM
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.references import check_references
from quadrant.core.services import archive_object, create_object, update_object
from quadrant.planning.choices import CADENCE_MONTHS, GoalStatus
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
    """A strategy over financial years FIRST_YEAR to LAST_YEAR, with its strategic aims
    (by a person, or the system: the demo seed)."""
    check_actor(actor, Capability.EDIT_GOALS, org_unit, allow=PERSON_OR_SYSTEM)
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


STRATEGY_EDITABLE = ("title", "first_year", "last_year", "summary")
AIM_EDITABLE = ("title", "description")


def _check_years(first_year: Any, last_year: Any) -> None:
    if first_year is not None and last_year is not None and last_year < first_year:
        raise ValidationError(
            {"last_year": "The strategy must end in or after the year it starts."}
        )


def _required_text(changes: dict[str, Any], name: str, message: str) -> None:
    """Strip CHANGES[NAME] when given, refusing an empty value with MESSAGE on that field."""
    if name in changes:
        value = (changes[name] or "").strip()
        if not value:
            raise ValidationError({name: message})
        changes[name] = value


def update_strategy(
    strategy: Strategy,
    changes: dict[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Strategy:
    """Change a strategy's title, years or summary (versioned; its unit stays)."""
    check_actor(actor, Capability.EDIT_GOALS, strategy)
    changes = dict(changes)
    unknown = set(changes) - set(STRATEGY_EDITABLE)
    if unknown:
        raise ValidationError(
            f"These cannot be changed on a strategy: {', '.join(sorted(unknown))}."
        )
    _required_text(changes, "title", "Enter the strategy's title")
    if "summary" in changes:
        changes["summary"] = (changes["summary"] or "").strip()
    _check_years(
        changes.get("first_year", strategy.first_year),
        changes.get("last_year", strategy.last_year),
    )
    return update_object(strategy, changes, actor=actor, expected_version=expected_version)


def _live_aims(strategy: Strategy) -> list[StrategicAim]:
    return list(
        StrategicAim.objects.filter(strategy=strategy, archived_at__isnull=True).order_by(
            "order", "pk"
        )
    )


def add_strategic_aim(
    strategy: Strategy, title: str, description: str = "", *, actor: Any
) -> StrategicAim:
    """A new aim at the end of STRATEGY's aims."""
    check_actor(actor, Capability.EDIT_GOALS, strategy, allow=PERSON_OR_SYSTEM)
    fields = {"title": title or "", "description": description or ""}
    _required_text(fields, "title", "Enter the aim")
    if strategy.archived_at is not None:
        raise ValidationError(f"“{strategy}” has been archived: an aim cannot be added to it.")
    with acting_as(actor), transaction.atomic():
        last = StrategicAim.objects.filter(strategy=strategy).aggregate(last=Max("order"))["last"]
        return create_object(
            StrategicAim,
            {
                "strategy": strategy,
                "title": fields["title"],
                "description": fields["description"].strip(),
                "order": 0 if last is None else last + 1,
            },
            actor=actor,
        )


def update_strategic_aim(
    aim: StrategicAim,
    changes: dict[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> StrategicAim:
    """Rename an aim or change its description (versioned)."""
    check_actor(actor, Capability.EDIT_GOALS, aim.strategy)
    changes = dict(changes)
    unknown = set(changes) - set(AIM_EDITABLE)
    if unknown:
        raise ValidationError(f"These cannot be changed on an aim: {', '.join(sorted(unknown))}.")
    if aim.archived_at is not None:
        raise ValidationError(f"The aim “{aim}” has been archived: it cannot be changed.")
    _required_text(changes, "title", "Enter the aim")
    if "description" in changes:
        changes["description"] = (changes["description"] or "").strip()
    return update_object(aim, changes, actor=actor, expected_version=expected_version)


def reorder_strategic_aim(aim: StrategicAim, direction: str, *, actor: Any) -> bool:
    """Swap AIM with the live aim above ("up") or below ("down"); False when it is already
    at that end and nothing moved. The aims are numbered 0, 1, 2 … again."""
    check_actor(actor, Capability.EDIT_GOALS, aim.strategy)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Choose whether to move the aim up or down."})
    if aim.archived_at is not None:
        raise ValidationError(f"The aim “{aim}” has been archived: it cannot be moved.")
    with acting_as(actor), transaction.atomic():
        aims = _live_aims(aim.strategy)
        index = next((i for i, other in enumerate(aims) if other.pk == aim.pk), None)
        other = -1 if index is None else index - 1 if direction == "up" else index + 1
        if index is None or not 0 <= other < len(aims):
            return False
        aims[index], aims[other] = aims[other], aims[index]
        for order, each in enumerate(aims):
            if each.order != order:
                update_object(each, {"order": order}, actor=actor)
    aim.refresh_from_db()
    return True


def live_goals_under(aim: StrategicAim) -> int:
    """How many goals still hang from AIM: not archived, and draft or active."""
    return Goal.objects.filter(
        aim=aim, archived_at__isnull=True, status__in=[GoalStatus.DRAFT, GoalStatus.ACTIVE]
    ).count()


def archive_strategic_aim(
    aim: StrategicAim, *, actor: Any, expected_version: int | None = None
) -> StrategicAim:
    """Archive AIM (it stays in the history); refused while live goals hang from it."""
    check_actor(actor, Capability.EDIT_GOALS, aim.strategy)
    if aim.archived_at is not None:
        raise ValidationError(f"The aim “{aim}” is already archived.")
    with acting_as(actor), transaction.atomic():
        live = live_goals_under(aim)
        if live:
            goals = "1 live goal still hangs" if live == 1 else f"{live} live goals still hang"
            raise ValidationError(
                f"The aim “{aim}” cannot be archived: {goals} from it. Move "
                f"{'it' if live == 1 else 'them'} to another aim, or close or archive "
                f"{'it' if live == 1 else 'them'}, first."
            )
        return archive_object(aim, actor=actor, expected_version=expected_version)


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


def _check_links(actor: Any, fields: dict[str, Any], goal: Goal | None = None) -> None:
    """A newly chosen parent goal, aim or owner must be one the actor may name (refused like
    one that does not exist), and a newly chosen aim live."""
    chosen = {
        name: fields.get(name)
        for name in ("parent", "aim", "owner")
        if goal is None or getattr(goal, f"{name}_id") != getattr(fields.get(name), "pk", None)
    }
    check_references(actor, chosen)
    aim = fields.get("aim")
    if (
        aim is not None
        and aim.pk != (goal.aim_id if goal is not None else None)
        and StrategicAim.objects.filter(pk=aim.pk, archived_at__isnull=False).exists()
    ):
        raise ValidationError(
            {"aim": f"The strategic aim “{aim}” has been archived: choose a live aim."}
        )


def _set_domains(goal: Goal, domains: Iterable[Any]) -> None:
    new = sorted(domain.pk for domain in domains)
    old = sorted(goal.domains.values_list("pk", flat=True)) if goal.pk else []
    if new == old:
        return
    goal.domains.set(new)
    history.write_event(
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
    check_actor(actor, Capability.EDIT_GOALS, org_unit)
    _check_links(actor, fields)
    parent = fields.get("parent")
    check_cascade(None, parent, org_unit)
    if parent is not None and parent.aim_id is not None and fields.get("aim") is None:
        inherited = StrategicAim.objects.filter(pk=parent.aim_id, archived_at=None).first()
        if inherited is not None:
            fields["aim"] = inherited  # the thread reaches the strategic aim
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
    check_actor(actor, Capability.EDIT_GOALS, goal)
    changes = dict(changes)
    domains = changes.pop("domains", None)
    org_unit = changes.get("org_unit", goal.org_unit)
    if org_unit != goal.org_unit:
        check_actor(actor, Capability.EDIT_GOALS, org_unit)
        _check_children_stay_inside(goal, org_unit)
    _check_links(actor, changes, goal)
    check_cascade(goal, changes.get("parent", goal.parent), org_unit)
    with acting_as(actor), transaction.atomic():
        goal = update_object(goal, changes, actor=actor, expected_version=expected_version)
        if domains is not None:
            _set_domains(goal, domains)
    return goal


def link_measure(goal: Goal, measure: Any, role: str, *, actor: Any) -> GoalMeasure:
    """Link MEASURE to GOAL as its outcome, process or balancing measure."""
    check_actor(actor, Capability.EDIT_GOALS, goal)
    check_actor(actor, Capability.VIEW, measure)
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
    check_actor(actor, Capability.EDIT_GOALS, link.goal)
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
        check_actor(actor, Capability.EDIT_GOALS, goal)
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
            check_actor(actor, Capability.EDIT_GOALS, row.goal)
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
