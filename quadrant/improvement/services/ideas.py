"""Writes of staff ideas: submit in a minute, then triage into a project or decline it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, require
from quadrant.core.services import create_object, update_object
from quadrant.improvement.choices import IdeaStatus, Stage
from quadrant.improvement.models import Idea, Project
from quadrant.improvement.services.projects import add_team_member, create_project


def submit_idea(*, title: str, org_unit: Any, problem: str = "", actor: Any) -> Idea:
    """Any member of staff (or patient partner) submits an idea for a unit they belong to."""
    if org_unit is None:
        raise ValidationError({"org_unit": "Choose the unit the idea is for."})
    require(actor, Capability.SUBMIT_IDEA, org_unit)
    if not title.strip():
        raise ValidationError({"title": "Enter your idea."})
    return create_object(
        Idea,
        {"title": title.strip()[:500], "problem": problem.strip(), "org_unit": org_unit,
         "submitter": actor},
        actor=actor,
    )  # fmt: skip


def _triage(idea: Idea, actor: Any) -> None:
    require(actor, Capability.RUN_PROJECTS, idea.org_unit)
    if idea.status != IdeaStatus.NEW:
        raise ValidationError(
            {
                "status": "This idea has already been looked at: "
                f"{idea.get_status_display().lower()}."
            }
        )


def turn_idea_into_project(idea: Idea, *, actor: Any, **project_fields: Any) -> Project:
    """Start a project from the idea (prefilled from it); the submitter joins the team."""
    _triage(idea, actor)
    fields: dict[str, Any] = {
        "title": idea.title[:200],
        "aim_what": idea.problem or idea.title,
        "org_unit": idea.org_unit,
        "stage": Stage.SCOPING,
        **project_fields,
    }
    with acting_as(actor), transaction.atomic():
        project = create_project(actor=actor, **fields)
        if idea.submitter.is_active:
            add_team_member(project, idea.submitter, actor=actor)
        update_object(
            idea,
            {"status": IdeaStatus.PROJECT, "project": project, "triaged_by": actor,
             "triaged_at": timezone.now()},
            actor=actor,
        )  # fmt: skip
    return project


def decline_idea(idea: Idea, *, reason: str, actor: Any) -> Idea:
    """Decline the idea with a reason the submitter sees on their home page."""
    _triage(idea, actor)
    if not reason.strip():
        raise ValidationError(
            {"reason": "Give the reason the idea is declined: the person who had it will see it."}
        )
    return update_object(
        idea,
        {"status": IdeaStatus.DECLINED, "decline_reason": reason.strip(), "triaged_by": actor,
         "triaged_at": timezone.now()},
        actor=actor,
    )  # fmt: skip
