"""The links improvement keeps to other components' objects, described once for the link
registry (quadrant.core.links): a project's goals, its measures, and the driver diagram nodes it
works on — directly, or through a change idea taken from the diagram."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quadrant.core.links import Relation, register_relation, through_pairs
from quadrant.improvement.models import ChangeIdea, Project, ProjectMeasure

PROJECT = "improvement.project"
DRIVER_NODE = "planning.drivernode"


def _nodes_from(ids: Sequence[int]) -> Iterable[tuple[int, str, int]]:
    direct = Project.driver_nodes.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "drivernode_id"
    )
    ideas = ChangeIdea.objects.filter(
        project_id__in=ids, driver_node__isnull=False, archived_at__isnull=True
    ).values_list("project_id", "driver_node_id")
    for project, node in sorted(set(direct.order_by()) | set(ideas.order_by())):
        yield project, DRIVER_NODE, node


def _nodes_to(label: str, ids: Sequence[int]) -> Iterable[tuple[int, int]]:
    """Each (project, node) pair once: a node's projects, direct or through a change idea, in
    one query."""
    direct = Project.driver_nodes.through.objects.filter(drivernode_id__in=ids).values_list(
        "project_id", "drivernode_id"
    )
    ideas = ChangeIdea.objects.filter(driver_node_id__in=ids, archived_at__isnull=True).values_list(
        "project_id", "driver_node_id"
    )
    return direct.order_by().union(ideas.order_by())


def register() -> None:
    goals_from, goals_to = through_pairs(Project.goals.through, "project", "goal", "planning.goal")
    register_relation(
        Relation("improvement.project-goal", PROJECT, "planning.goal",
                 "Goals it works towards", "Improvement projects working towards it",
                 goals_from, goals_to)
    )  # fmt: skip
    measures_from, measures_to = through_pairs(
        ProjectMeasure, "project", "measure", "control.measure"
    )
    register_relation(
        Relation("improvement.project-measure", PROJECT, "control.measure",
                 "Measures it watches", "Improvement projects watching it",
                 measures_from, measures_to)
    )  # fmt: skip
    register_relation(
        Relation("improvement.project-driver-node", PROJECT, DRIVER_NODE,
                 "Driver diagram nodes it works on", "Improvement projects working on it",
                 _nodes_from, _nodes_to)
    )  # fmt: skip
