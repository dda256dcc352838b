"""The projects linked to a driver diagram's nodes, for planning's diagram page: a project is
linked to a node directly (Project.driver_nodes) or through one of its change ideas taken from
the diagram (ChangeIdea.driver_node). Only projects the viewer may see; one query in all."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from quadrant.core.permissions import Capability, restrict
from quadrant.improvement.choices import Stage
from quadrant.improvement.models import ChangeIdea, Project
from quadrant.planning.node_links import NodeLink

COLUMNS = ("project_id", "project__title", "project__stage", "project__org_unit__name")


def projects_on_nodes(diagram: Any, user: Any) -> list[NodeLink]:
    """Each (node, project) pair once, for the live projects USER may see, by title."""
    visible = restrict(Project.objects.all(), user, Capability.VIEW).filter(
        archived_at__isnull=True
    )
    direct = (
        Project.driver_nodes.through.objects.filter(
            drivernode__diagram=diagram, project__in=visible.values("pk")
        )
        .values_list("drivernode_id", *COLUMNS)
        .order_by()
    )
    through_ideas = (
        ChangeIdea.objects.filter(
            driver_node__diagram=diagram,
            archived_at__isnull=True,
            project__in=visible.values("pk"),
        )
        .values_list("driver_node_id", *COLUMNS)
        .order_by()
    )
    rows = sorted(direct.union(through_ideas), key=lambda row: (row[2].casefold(), row[1]))
    return [
        NodeLink(
            node_id=node_id,
            kind="Project",
            title=title,
            url=reverse("improvement:project", args=[project_id]),
            unit=unit,
            status=Stage(stage).label if stage in Stage.values else stage,
        )
        for node_id, project_id, title, stage, unit in rows
    ]
