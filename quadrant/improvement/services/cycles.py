"""Writes of change ideas and PDSA cycles: plan, do, study, act, and the chain of cycles.

A cycle waits for one step at a time (`phase`): planned → do → study → act → done. "Adapt"
opens the next cycle with the plan carried forward, waiting for the team to check it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, require, restrict
from quadrant.core.services import create_object, update_object
from quadrant.improvement.choices import ActDecision, PdsaPhase, Stage
from quadrant.improvement.models import ChangeIdea, PdsaCycle, Project, ProjectStage
from quadrant.improvement.services.projects import touch_projects
from quadrant.planning.public import DriverKind

PLAN_FIELDS = (
    "objective", "questions", "prediction", "plan_who", "plan_what", "plan_where",
    "start_date", "end_date", "data_to_collect", "change_idea",
)  # fmt: skip
CARRIED_FORWARD = (
    "objective", "questions", "prediction", "plan_who", "plan_what", "plan_where",
    "data_to_collect", "change_idea",
)  # fmt: skip


def add_change_idea(
    project: Project,
    *,
    title: str,
    description: str = "",
    driver_node: Any = None,
    actor: Any,
) -> ChangeIdea:
    """Add a change to test: from a driver diagram's change idea or written freely."""
    require(actor, Capability.RUN_PROJECTS, project)
    if driver_node is not None:
        if driver_node.kind != DriverKind.CHANGE_IDEA:
            raise ValidationError(
                {"driver_node": f"“{driver_node}” is a {driver_node.get_kind_display().lower()}, "
                 "not a change idea."}
            )  # fmt: skip
        visible = restrict(
            type(driver_node).objects.filter(pk=driver_node.pk), actor, Capability.VIEW
        )
        if not visible.exists():
            raise ValidationError({"driver_node": "You may not see that driver diagram."})
        title = title.strip() or driver_node.text
    if not title.strip():
        raise ValidationError({"title": "Enter the change you want to test."})
    return create_object(
        ChangeIdea,
        {"project": project, "title": title.strip()[:200], "description": description.strip(),
         "driver_node": driver_node},
        actor=actor,
    )  # fmt: skip


def _check_plan(fields: Mapping[str, Any], project: Project) -> None:
    errors = {}
    if not str(fields.get("objective") or "").strip():
        errors["objective"] = "Enter the objective of this test."
    if not str(fields.get("prediction") or "").strip():
        errors["prediction"] = (
            "Enter what you predict will happen: the Study step compares with it."
        )
    start, end = fields.get("start_date"), fields.get("end_date")
    if not isinstance(start, dt.date):
        errors["start_date"] = "Enter the date the test starts, like 3 11 2026."
    elif isinstance(end, dt.date) and end < start:
        errors["end_date"] = "The test must end on or after the day it starts."
    idea = fields.get("change_idea")
    if idea is not None and idea.project_id != project.pk:
        errors["change_idea"] = "Choose a change idea of this project."
    if errors:
        raise ValidationError(errors)


def plan_cycle(
    project: Project, *, actor: Any, previous: PdsaCycle | None = None, **plan: Any
) -> PdsaCycle:
    """Plan a new PDSA cycle (numbered after the project's last). A project still at the idea
    or scoping stage moves to testing."""
    require(actor, Capability.RUN_PROJECTS, project)
    unknown = set(plan) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(f"These are not part of a plan: {', '.join(sorted(unknown))}.")
    if not project.is_live:
        raise ValidationError(
            f"The project is {project.get_stage_display().lower()}: reopen it to test a change."
        )
    _check_plan(plan, project)
    with acting_as(actor), transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # numbers in order
        last = PdsaCycle.objects.filter(project=project).aggregate(top=Max("number"))["top"]
        cycle = create_object(
            PdsaCycle,
            {"project": project, "number": (last or 0) + 1, "previous": previous,
             "phase": PdsaPhase.PLAN if previous else PdsaPhase.DO, **plan},
            actor=actor,
        )  # fmt: skip
        if project.stage in (Stage.IDEA, Stage.SCOPING):
            today = timezone.localdate()
            update_object(project, {"stage": Stage.TESTING, "stage_changed_on": today}, actor=actor)
            ProjectStage.objects.create(
                project=project, stage=Stage.TESTING, changed_on=today,
                note=f"First test of change: PDSA {cycle.number}",
            )  # fmt: skip
        touch_projects([project.pk])
    return cycle


def _step(cycle: PdsaCycle, expected: tuple[str, ...], actor: Any) -> None:
    require(actor, Capability.RUN_PROJECTS, cycle.project)
    if cycle.phase not in expected:
        raise ValidationError(
            {"phase": f"PDSA {cycle.number} is waiting for “{cycle.get_phase_display()}”, "
             "so this step cannot be recorded now."}
        )  # fmt: skip


def _save_step(
    cycle: PdsaCycle, changes: dict[str, Any], actor: Any, expected_version: int | None
) -> PdsaCycle:
    with acting_as(actor), transaction.atomic():
        cycle = update_object(cycle, changes, actor=actor, expected_version=expected_version)
        touch_projects([cycle.project_id])
    return cycle


def update_plan(
    cycle: PdsaCycle, changes: Mapping[str, Any], *, actor: Any, expected_version: int | None = None
) -> PdsaCycle:
    """Change the plan before the test is recorded (and confirm a plan carried forward)."""
    _step(cycle, (PdsaPhase.PLAN, PdsaPhase.DO), actor)
    unknown = set(changes) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(f"These are not part of a plan: {', '.join(sorted(unknown))}.")
    merged = {name: changes.get(name, getattr(cycle, name)) for name in PLAN_FIELDS}
    _check_plan(merged, cycle.project)
    return _save_step(cycle, {**changes, "phase": PdsaPhase.DO}, actor, expected_version)


def record_do(
    cycle: PdsaCycle,
    *,
    what_happened: str,
    observations: str = "",
    actor: Any,
    end_date: dt.date | None = None,
    expected_version: int | None = None,
) -> PdsaCycle:
    """Do: what happened when the change was tried, and what the team noticed."""
    _step(cycle, (PdsaPhase.DO,), actor)
    if not what_happened.strip():
        raise ValidationError({"what_happened": "Describe what happened when you ran the test."})
    end = end_date or cycle.end_date or timezone.localdate()
    if end < cycle.start_date:
        raise ValidationError({"end_date": "The test must end on or after the day it started."})
    changes = {"what_happened": what_happened.strip(), "observations": observations.strip(),
               "end_date": end, "phase": PdsaPhase.STUDY}  # fmt: skip
    return _save_step(cycle, changes, actor, expected_version)


def record_study(
    cycle: PdsaCycle, *, results: str, actor: Any, expected_version: int | None = None
) -> PdsaCycle:
    """Study: the results against the prediction (the page shows the chart alongside)."""
    _step(cycle, (PdsaPhase.STUDY,), actor)
    if not results.strip():
        raise ValidationError(
            {"results": "Compare the results with the prediction: what matched, what did not."}
        )
    return _save_step(
        cycle, {"results": results.strip(), "phase": PdsaPhase.ACT}, actor, expected_version
    )


def record_act(
    cycle: PdsaCycle,
    *,
    decision: str,
    next_steps: str = "",
    actor: Any,
    expected_version: int | None = None,
) -> tuple[PdsaCycle, PdsaCycle | None]:
    """Act: adopt, adapt or abandon the change. "Adapt" opens the next cycle with this one's
    plan carried forward; returns (this cycle, the next cycle or None)."""
    _step(cycle, (PdsaPhase.ACT,), actor)
    if decision not in ActDecision.values:
        raise ValidationError({"decision": "Choose adopt, adapt or abandon."})
    if decision == ActDecision.ADAPT and not next_steps.strip():
        raise ValidationError({"next_steps": "Say what you will change for the next cycle."})
    with acting_as(actor), transaction.atomic():
        cycle = _save_step(
            cycle,
            {"decision": decision, "next_steps": next_steps.strip(), "phase": PdsaPhase.DONE},
            actor,
            expected_version,
        )
        if cycle.change_idea is not None:
            update_object(cycle.change_idea, {"decision": decision}, actor=actor)
        following = None
        if decision == ActDecision.ADAPT:
            carried = {name: getattr(cycle, name) for name in CARRIED_FORWARD}
            start = max(
                timezone.localdate(), (cycle.end_date or cycle.start_date) + dt.timedelta(days=1)
            )
            following = plan_cycle(
                cycle.project, actor=actor, previous=cycle, start_date=start, **carried
            )
    return cycle, following


def chain_of(cycle: PdsaCycle) -> list[PdsaCycle]:
    """The cycles linked to CYCLE by "adapt", first to last (one query for the project)."""
    cycles = {c.pk: c for c in PdsaCycle.objects.filter(project_id=cycle.project_id)}
    first = cycle
    while first.previous_id and first.previous_id in cycles:
        first = cycles[first.previous_id]
    chain, current = [first], first
    following = {c.previous_id: c for c in cycles.values() if c.previous_id}
    while current.pk in following:
        current = following[current.pk]
        chain.append(current)
    return chain
