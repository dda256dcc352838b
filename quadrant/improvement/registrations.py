"""What improvement adds to the shell and to other components: navigation, search, home
sections, PDSA annotations on measure charts, its links to other components' objects, and
activity when a project's data changes."""

from __future__ import annotations

from typing import Any

from quadrant.control.public import observations_changed, register_annotation_provider
from quadrant.core.registry import (
    HomeSection,
    NavItem,
    SearchProvider,
    register_home_section,
    register_nav,
    register_search,
)
from quadrant.improvement import home, links
from quadrant.improvement.models import Idea, PdsaCycle, Project, ProjectMeasure
from quadrant.improvement.services import touch_projects

register_nav(NavItem("Improvement", "improvement:home", order=40))
register_search(
    SearchProvider(
        "Improvement projects",
        Project,
        ("title", "aim_what"),
        describe=lambda project: f"Project · {project.org_unit} · {project.get_stage_display()}",
        related=("org_unit",),
    )
)
register_search(
    SearchProvider(
        "Ideas",
        Idea,
        ("title", "problem"),
        describe=lambda idea: f"Idea · {idea.org_unit} · {idea.get_status_display()}",
        related=("org_unit",),
    )
)
register_home_section(
    HomeSection("My improvement projects", "improvement/includes/home_projects.html", 40,
                home.my_projects)
)  # fmt: skip
register_home_section(
    HomeSection("My ideas", "improvement/includes/home_ideas.html", 45, home.my_ideas)
)


def pdsa_annotations(measure: Any) -> list[dict[str, Any]]:
    """Each PDSA cycle of the projects that watch MEASURE, at its start date (one query)."""
    cycles = (
        PdsaCycle.objects.filter(project__measure_links__measure=measure, archived_at__isnull=True)
        .select_related("change_idea")
        .order_by("start_date", "number")
    )
    notes = []
    for cycle in cycles:
        span = f"{cycle.start_date:%-d %b}"
        if cycle.end_date:
            span += f" to {cycle.end_date:%-d %b %Y}"
        subject = cycle.change_idea.title if cycle.change_idea_id else cycle.objective
        notes.append(
            {
                "date": cycle.start_date.isoformat(),
                "end": cycle.end_date.isoformat() if cycle.end_date else None,
                "kind": "pdsa",
                "text": f"PDSA {cycle.number}: {subject} ({span})",
                "url": cycle.get_absolute_url(),
            }
        )
    return notes


def on_observations_changed(sender: Any, *, measure_ids: list[int], **kwargs: Any) -> None:
    """New or corrected data on a project's measure counts as activity on the project."""
    project_ids = ProjectMeasure.objects.filter(measure_id__in=measure_ids).values_list(
        "project_id", flat=True
    )
    touch_projects(set(project_ids))


register_annotation_provider(pdsa_annotations)
links.register()
observations_changed.connect(on_observations_changed, dispatch_uid="improvement.activity")
