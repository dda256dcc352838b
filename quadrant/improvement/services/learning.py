"""The learning library and the way back into the system: summaries, spread of an adopted
change to another unit, measures into routine control and actions to revise procedures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.lookups import StartsWith
from django.utils import timezone

from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, require
from quadrant.core.services import create_object, update_object
from quadrant.improvement.choices import ActDecision, Stage
from quadrant.improvement.models import ChangeIdea, LearningSummary, Project, ProjectMeasure
from quadrant.improvement.services.projects import create_project, require_manage
from quadrant.organisation.choices import Role
from quadrant.organisation.models import Membership

SUMMARY_FIELDS = ("problem", "changes_tested", "results", "advice")


def save_learning_summary(project: Project, *, actor: Any, **texts: str) -> LearningSummary:
    """Write (or rewrite) the project's learning summary: problem, changes tested, results and
    what others need to know. It is published when the project closes."""
    require(actor, Capability.RUN_PROJECTS, project)
    unknown = set(texts) - set(SUMMARY_FIELDS)
    if unknown:
        raise ValidationError(f"These are not part of a summary: {', '.join(sorted(unknown))}.")
    cleaned = {name: (texts.get(name) or "").strip() for name in SUMMARY_FIELDS}
    with acting_as(actor), transaction.atomic():
        summary: LearningSummary | None = LearningSummary.objects.filter(project=project).first()
        if summary is None:
            return create_object(LearningSummary, {"project": project, **cleaned}, actor=actor)
        return update_object(summary, cleaned, actor=actor)


def adopt_change(summary: LearningSummary, *, org_unit: Any, actor: Any, **fields: Any) -> Project:
    """ "Adopt this change": start a linked project at ORG_UNIT with the source project's aim,
    method and change ideas (all but the abandoned ones) copied."""
    source = summary.project
    if summary.published_at is None:
        raise ValidationError("Only a published summary can be adopted.")
    if org_unit == source.org_unit:
        raise ValidationError(
            {"org_unit": f"“{source}” already ran at {org_unit}: choose another unit."}
        )
    with acting_as(actor), transaction.atomic():
        project = create_project(
            actor=actor,
            org_unit=org_unit,
            title=fields.pop("title", None) or f"{source.title} ({org_unit.name})",
            aim_what=source.aim_what,
            aim_how_much=source.aim_how_much,
            measures_summary=source.measures_summary,
            changes_summary=source.changes_summary,
            method=source.method,
            adopted_from=source,
            stage=Stage.SCOPING,
            **fields,
        )
        ideas = source.change_ideas.exclude(decision=ActDecision.ABANDON).filter(
            archived_at__isnull=True
        )
        ChangeIdea.objects.bulk_create(
            ChangeIdea(project=project, title=idea.title, description=idea.description,
                       driver_node_id=idea.driver_node_id, copied_from=idea)
            for idea in ideas
        )  # fmt: skip
    return project


def unit_manager(unit: Any) -> Any | None:
    """The manager nearest the unit: one at the unit itself, else the closest unit above."""
    membership = (
        Membership.objects.filter(
            role=Role.MANAGER, archived_at__isnull=True, person__is_active=True
        )
        .filter(StartsWith(unit.path, F("org_unit__path")))
        .select_related("person")
        .order_by("-org_unit__depth", "pk")
        .first()
    )
    return membership.person if membership else None


def _has_adopted_change(project: Project) -> bool:
    return project.change_ideas.filter(decision=ActDecision.ADOPT).exists() or (
        project.cycles.filter(decision=ActDecision.ADOPT).exists()
    )


def move_to_routine_control(link: ProjectMeasure, *, actor: Any) -> ProjectMeasure:
    """After a change is adopted, hand the project's measure to routine control: the unit's
    manager owns it from now on, so its signals reach them."""
    project = link.project
    require_manage(actor, project)
    if not _has_adopted_change(project):
        raise ValidationError(
            "No change has been adopted on this project yet: adopt a change (the Act step of a "
            "PDSA cycle) before handing the measure to routine control."
        )
    if link.routine_since is not None:
        raise ValidationError(f"{link.measure.code} is already in routine control.")
    manager = unit_manager(project.org_unit)
    if manager is None:
        raise ValidationError(f"{project.org_unit} has no manager to own the measure.")
    with acting_as(actor), transaction.atomic():
        update_object(link.measure, {"owner": manager}, actor=actor)
        return update_object(link, {"routine_since": timezone.localdate()}, actor=actor)


def raise_procedure_action(
    change_idea: ChangeIdea,
    *,
    procedure: str,
    owner: Any,
    due_date: dt.date,
    actor: Any,
) -> Any:
    """Raise "Revise procedure …" on the action tracker from an adopted change (until
    controlled documents exist)."""
    from quadrant.actions.public import raise_action

    require(actor, Capability.RUN_PROJECTS, change_idea.project)
    if change_idea.decision != ActDecision.ADOPT:
        raise ValidationError(
            {"procedure": "Only an adopted change can change a procedure: adopt it first."}
        )
    if not procedure.strip():
        raise ValidationError({"procedure": "Enter the procedure to revise."})
    project = change_idea.project
    return raise_action(
        title=f"Revise procedure {procedure.strip()}"[:200],
        description=f"The change “{change_idea.title}” was adopted by the project "
        f"“{project.title}”: revise the procedure so that it becomes how we work.",
        owner=owner,
        org_unit=project.org_unit,
        due_date=due_date,
        source=change_idea,
        actor=actor,
    )
