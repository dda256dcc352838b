"""The goal cascade as trees built in Python from one query, so a page shows the whole trust's
goals with a fixed number of SQL queries whatever the size of the tree.

The whole-trust tree reads plain rows (no model instances) and writes its list in Python: at
thousands of goals, model instances and a template loop would dominate the page's time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from quadrant.core.permissions import Capability, restrict
from quadrant.planning.choices import GoalStatus, Rag
from quadrant.planning.models import Goal, GoalMeasure

STATUS_LABELS = dict(GoalStatus.choices)
RAG_LABELS = dict(Rag.choices)
MAX_INDENT = 6


@dataclass(frozen=True, slots=True)
class GoalRow:
    """What a tree row shows of a goal."""

    pk: int
    parent_id: int | None
    title: str
    status: str
    rag: str
    unit: str
    measures: int = 0

    @classmethod
    def of(cls, goal: Goal) -> GoalRow:
        return cls(goal.pk, goal.parent_id, goal.title, goal.status, goal.rag,
                   goal.org_unit.name, getattr(goal, "measure_count", 0))  # fmt: skip


@dataclass
class GoalNode:
    goal: Any  # a Goal or a GoalRow: anything with pk and parent_id
    children: list[GoalNode] = field(default_factory=list)


def visible_goals(user: Any) -> QuerySet[Goal]:
    """The live goals USER may read, with what a tree row shows (one query when evaluated)."""
    goals: QuerySet[Goal] = (
        restrict(Goal.objects.all(), user, Capability.VIEW)
        .filter(archived_at__isnull=True)
        .select_related("org_unit", "owner", "aim")
        .annotate(measure_count=Count("measure_links", filter=Q(measure_links__archived_at=None)))
        .order_by("org_unit__path", "title")
    )
    return goals


def goal_rows(user: Any) -> list[GoalRow]:
    """Every live goal USER may read, as plain rows in cascade order (two queries)."""
    found = (
        restrict(Goal.objects.all(), user, Capability.VIEW)
        .filter(archived_at__isnull=True)
        .order_by("org_unit__path", "title")
        .values_list("pk", "parent_id", "title", "status", "rag", "org_unit__name")
    )
    rows = list(found)
    counts = dict(
        GoalMeasure.objects.filter(archived_at__isnull=True)
        .order_by()
        .values_list("goal_id")
        .annotate(n=Count("pk"))
        .values_list("goal_id", "n")
    )
    return [
        GoalRow(pk, parent_id, title, status, rag, unit, measures=counts.get(pk, 0))
        for pk, parent_id, title, status, rag, unit in rows
    ]


def build_forest(goals: list[Any]) -> list[GoalNode]:
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


def flatten(roots: list[GoalNode]) -> list[tuple[Any, int]]:
    """(goal, depth) in tree order, without recursion (deep trees are fine)."""
    rows: list[tuple[Any, int]] = []
    stack = [(node, 0) for node in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        rows.append((node.goal, depth))
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return rows


def trust_tree(user: Any) -> list[tuple[GoalRow, int]]:
    """Every goal USER may read, as one indented tree (three queries: roles, goals, counts)."""
    return flatten(build_forest(goal_rows(user)))


TAG_CLASSES = {
    "on_track": "nhsuk-tag nhsuk-tag--green",
    "at_risk": "nhsuk-tag nhsuk-tag--yellow",
    "off_track": "nhsuk-tag nhsuk-tag--red",
    "unknown": "nhsuk-tag nhsuk-tag--grey",
}


def render_tree(
    rows: list[tuple[GoalRow, int]], progress: dict[int, Any] | None = None
) -> SafeString:
    """The tree as an indented NHS.UK list, each goal with its rolled-up PROGRESS (by goal id)
    where given. Text is escaped with html.escape (Django's escape is lazy-aware and several
    times slower, which shows at thousands of rows)."""
    if not rows:
        return mark_safe("")  # nosec B308 - reviewed: every piece of text is escaped before marking safe
    prefix = escape(reverse("planning:goal", args=[0])[: -len("0/")])
    units: dict[str, str] = {}
    lines = ['<ul class="nhsuk-list app-goal-tree">']
    for row, depth in rows:
        unit = units.get(row.unit)
        if unit is None:
            unit = units[row.unit] = escape(row.unit)
        if row.measures:
            extra = f" · {row.measures} measure{'s' if row.measures != 1 else ''}"
        else:
            extra = f" · RAG {escape(RAG_LABELS[row.rag])}" if row.rag else ""
        found = progress.get(row.pk) if progress else None
        tag = (
            f' <strong class="{TAG_CLASSES[found.state]}">{found.label}</strong>'
            if found is not None
            else ""
        )
        lines.append(
            f'<li class="app-goal-tree__item app-goal-tree__item--depth-{min(depth, MAX_INDENT)}">'
            f'<a href="{prefix}{row.pk}/">{escape(row.title)}</a>{tag} <span class="nhsuk-body-s">'
            f"{unit} · {escape(STATUS_LABELS.get(row.status, row.status))}{extra}</span></li>"
        )
    lines.append("</ul>")
    return mark_safe("\n".join(lines))  # noqa: S308 - every piece of text escaped above  # nosec B308, B703 - reviewed: every piece of text is escaped before marking safe


def thread(goal: Goal, user: Any) -> tuple[list[Goal], list[tuple[GoalRow, int]]]:
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
    below = [GoalRow.of(g) for g in goals if g.org_unit.path.startswith(root_path)]
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
