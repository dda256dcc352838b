"""The improvement sections of "My quality": my projects' next PDSA step, and my ideas."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from quadrant.core.permissions import Capability, may
from quadrant.improvement.choices import LIVE_STAGES, PdsaPhase
from quadrant.improvement.models import Idea, PdsaCycle, Project
from quadrant.organisation.models import ObjectGrant


def my_project_ids(user: Any) -> Any:
    """Live projects the person leads, coaches or is named on."""
    named = ObjectGrant.objects.filter(
        person=user,
        content_type=ContentType.objects.get_for_model(Project),
        archived_at__isnull=True,
    ).values("object_id")
    return Project.objects.filter(
        Q(pk__in=named) | Q(lead=user) | Q(coach=user),
        stage__in=LIVE_STAGES,
        archived_at__isnull=True,
    ).values("pk")


def next_step(project: Project, open_cycle: PdsaCycle | None) -> str:
    if open_cycle is None:
        return "Plan the next PDSA cycle"
    return f"PDSA {open_cycle.number}: {open_cycle.get_phase_display()}"


def my_projects(user: Any) -> dict[str, Any] | None:
    """Each of my live projects with the next PDSA step (three queries)."""
    projects = list(
        Project.objects.filter(pk__in=my_project_ids(user))
        .select_related("org_unit")
        .order_by("-last_activity_at")[:10]
    )
    if not projects:
        return None
    open_cycles: dict[int, PdsaCycle] = {}
    for cycle in (
        PdsaCycle.objects.filter(project__in=[p.pk for p in projects], archived_at__isnull=True)
        .exclude(phase=PdsaPhase.DONE)
        .order_by("project_id", "number")
    ):
        open_cycles.setdefault(cycle.project_id, cycle)
    rows = [
        {"project": p, "cycle": open_cycles.get(p.pk), "step": next_step(p, open_cycles.get(p.pk))}
        for p in projects
    ]
    return {"rows": rows}


def my_ideas(user: Any) -> dict[str, Any] | None:
    """The ideas I submitted, with what became of them (declined ones show the reason)."""
    ideas = list(
        Idea.objects.filter(submitter=user, archived_at__isnull=True)
        .select_related("project", "org_unit")
        .order_by("-created_at")[:10]
    )
    if not ideas and not may(user, Capability.SUBMIT_IDEA):
        return None
    return {"ideas": ideas}
