"""The goal cascade as trees built in Python from one query, so a page shows the whole trust's
goals with a fixed number of SQL queries whatever the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from quadrant.core.permissions import Action, restrict
from quadrant.planning.models import Goal


@dataclass
class GoalNode:
    goal: Goal
    children: list[GoalNode] = field(default_factory=list)


def visible_goals(user: Any) -> QuerySet[Goal]:
    """The live goals USER may read, with what a tree row shows (one query when evaluated)."""
    return (
        restrict(Goal.objects.all(), user, Action.VIEW)
        .filter(archived_at__isnull=True)
        .select_related("org_unit", "owner", "aim")
        .annotate(measure_count=Count("measure_links", filter=Q(measure_links__archived_at=None)))
        .order_by("org_unit__path", "title")
    )


def build_forest(goals: list[Goal]) -> list[GoalNode]:
    """Nodes for GOALS linked parent → child; a goal whose parent is not among them is a root."""
    nodes = {goal.pk: GoalNode(goal) for goal in goals}
    roots = []
    for goal in goals:
        parent = nodes.get(goal.parent_id) if goal.parent_id else None
        if parent is None:
            roots.append(nodes[goal.pk])
        else:
            parent.children.append(nodes[goal.pk])
    return roots


def flatten(roots: list[GoalNode]) -> list[tuple[Goal, int]]:
    """(goal, depth) in tree order, without recursion (deep trees are fine)."""
    rows: list[tuple[Goal, int]] = []
    stack = [(node, 0) for node in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        rows.append((node.goal, depth))
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return rows


def trust_tree(user: Any) -> list[tuple[Goal, int]]:
    """Every goal USER may read, as one indented tree (two queries: roles, goals)."""
    return flatten(build_forest(list(visible_goals(user))))


def thread(goal: Goal, user: Any) -> tuple[list[Goal], list[tuple[Goal, int]]]:
    """From GOAL: the ancestors (top first) up to the strategic aim, and the tree below it."""
    root_path = goal.org_unit.path
    unit_ids = goal.org_unit.ancestor_ids()
    goals = list(
        visible_goals(user).filter(
            Q(org_unit__path__startswith=root_path) | Q(org_unit_id__in=unit_ids)
        )
    )
    by_id = {g.pk: g for g in goals}
    ancestors: list[Goal] = []
    current = by_id.get(goal.parent_id) if goal.parent_id else None
    while current is not None and current not in ancestors:
        ancestors.insert(0, current)
        current = by_id.get(current.parent_id) if current.parent_id else None
    below = [g for g in goals if g.org_unit.path.startswith(root_path)]
    node = _all_nodes(build_forest(below)).get(goal.pk)
    descendants = flatten(node.children) if node is not None else []
    return ancestors, descendants


def _all_nodes(roots: list[GoalNode]) -> dict[int, GoalNode]:
    found: dict[int, GoalNode] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        found[node.goal.pk] = node
        stack.extend(node.children)
    return found


def unit_goals(unit: Any, user: Any) -> tuple[list[Goal], list[Goal]]:
    """UNIT's own goals and those it inherits from the units above it (one query)."""
    ids = unit.ancestor_ids()
    goals = list(visible_goals(user).filter(org_unit_id__in=ids))
    own = [g for g in goals if g.org_unit_id == unit.pk]
    inherited = [g for g in goals if g.org_unit_id != unit.pk]
    inherited.sort(key=lambda g: (g.org_unit.depth, g.title))
    return own, inherited
