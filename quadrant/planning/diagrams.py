"""Driver diagrams: writes (add, rename, reorder, move, remove, link) and the tree as loaded
for drawing (two queries: nodes and links).

aim → primary drivers → secondary drivers → change ideas: a node's children are always the
next kind along, so a move is only allowed under a node of the kind above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from quadrant.core.actors import PERSON_OR_SYSTEM
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, check_actor
from quadrant.core.services import archive_object, create_object, restore_object, update_object
from quadrant.planning.choices import CHILD_KIND, DriverKind
from quadrant.planning.models import DriverDiagram, DriverNode, DriverNodeLink


@dataclass
class DiagramNode:
    node: DriverNode
    children: list[DiagramNode] = field(default_factory=list)
    links: list[DriverNodeLink] = field(default_factory=list)


def load_tree(diagram: DriverDiagram) -> DiagramNode | None:
    """The diagram's live nodes as a tree under its aim, with their links."""
    nodes = list(diagram.nodes.filter(archived_at__isnull=True).order_by("order", "pk"))
    links = DriverNodeLink.objects.filter(
        node__diagram=diagram, archived_at__isnull=True
    ).select_related("measure", "goal")
    wrapped = {node.pk: DiagramNode(node) for node in nodes}
    for link in links:
        if link.node_id in wrapped:
            wrapped[link.node_id].links.append(link)
    root = None
    for node in nodes:
        if node.parent_id is None:
            root = root or wrapped[node.pk]
        elif node.parent_id in wrapped:
            wrapped[node.parent_id].children.append(wrapped[node.pk])
    return root


def walk(root: DiagramNode | None) -> list[tuple[DiagramNode, int]]:
    """(node, depth) in reading order."""
    rows: list[tuple[DiagramNode, int]] = []
    stack = [(root, 0)] if root is not None else []
    while stack:
        item, depth = stack.pop()
        rows.append((item, depth))
        stack.extend((child, depth + 1) for child in reversed(item.children))
    return rows


def create_driver_diagram(
    *, title: str, org_unit: Any, aim: str, goal: Any = None, actor: Any
) -> DriverDiagram:
    """A diagram of ORG_UNIT with its aim (optionally serving GOAL), by a person or the
    system (the demo seed)."""
    check_actor(actor, Capability.EDIT_GOALS, org_unit, allow=PERSON_OR_SYSTEM)
    if goal is not None:
        check_actor(actor, Capability.VIEW, goal, allow=PERSON_OR_SYSTEM)
    if not aim.strip():
        raise ValidationError({"aim": "Enter the aim: what, how much, by when"})
    with acting_as(actor), transaction.atomic():
        diagram = create_object(
            DriverDiagram, {"title": title, "org_unit": org_unit, "goal": goal}, actor=actor
        )
        create_object(
            DriverNode,
            {"diagram": diagram, "kind": DriverKind.AIM, "text": aim.strip(), "order": 0},
            actor=actor,
        )
    return diagram


def _next_order(diagram: DriverDiagram, parent: DriverNode) -> int:
    last = diagram.nodes.filter(parent=parent).aggregate(last=Max("order"))["last"]
    return 0 if last is None else last + 1


def add_driver_node(parent: DriverNode, text: str, *, actor: Any) -> DriverNode:
    """Add a child under PARENT: a primary driver under the aim, and so on (by a person or
    the system)."""
    check_actor(actor, Capability.EDIT_GOALS, parent.diagram, allow=PERSON_OR_SYSTEM)
    kind = CHILD_KIND.get(parent.kind)
    if kind is None:
        raise ValidationError(
            {"text": "A change idea is the last level of a driver diagram: nothing goes under it."}
        )
    if not text.strip():
        raise ValidationError({"text": f"Enter the {DriverKind(kind).label.lower()}"})
    fields = {
        "diagram": parent.diagram,
        "parent": parent,
        "kind": kind,
        "text": text.strip(),
        "order": _next_order(parent.diagram, parent),
    }
    return create_object(DriverNode, fields, actor=actor)


def rename_driver_node(node: DriverNode, text: str, *, actor: Any) -> DriverNode:
    check_actor(actor, Capability.EDIT_GOALS, node.diagram)
    if not text.strip():
        raise ValidationError({"text": f"Enter the {node.get_kind_display().lower()}"})
    return update_object(node, {"text": text.strip()}, actor=actor)


def reorder_driver_node(node: DriverNode, direction: str, *, actor: Any) -> DriverNode:
    """Swap NODE with its sibling above ("up") or below ("down"); at an end nothing moves."""
    check_actor(actor, Capability.EDIT_GOALS, node.diagram)
    siblings = list(
        DriverNode.objects.filter(
            diagram_id=node.diagram_id, parent_id=node.parent_id, archived_at__isnull=True
        ).order_by("order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == node.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return node
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with acting_as(actor), transaction.atomic():
        for order, sibling in enumerate(siblings):
            if sibling.order != order:
                update_object(sibling, {"order": order}, actor=actor)
    node.refresh_from_db()
    return node


def move_driver_node(
    node: DriverNode, new_parent: DriverNode, position: int | None = None, *, actor: Any
) -> DriverNode:
    """Move NODE (and what hangs under it) under NEW_PARENT, at POSITION (else last)."""
    check_actor(actor, Capability.EDIT_GOALS, node.diagram)
    if new_parent.diagram_id != node.diagram_id:
        raise ValidationError({"parent": "A node can only move within its own driver diagram."})
    if CHILD_KIND.get(new_parent.kind) != node.kind:
        raise ValidationError(
            {
                "parent": f"{_a(node.get_kind_display().lower()).capitalize()} cannot go "
                f"under {_a(new_parent.get_kind_display().lower())}: choose "
                f"{_a(_parent_kind_label(node.kind))}."
            }
        )
    siblings = [
        s
        for s in DriverNode.objects.filter(
            diagram_id=node.diagram_id, parent=new_parent, archived_at__isnull=True
        ).order_by("order", "pk")
        if s.pk != node.pk
    ]
    position = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(position, node)
    with acting_as(actor), transaction.atomic():
        if node.parent_id != new_parent.pk:
            node = update_object(node, {"parent": new_parent, "order": position}, actor=actor)
        for order, sibling in enumerate(siblings):
            if sibling.order != order:
                update_object(sibling, {"order": order}, actor=actor)
    node.refresh_from_db()
    return node


def _a(label: str) -> str:
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _parent_kind_label(kind: str) -> str:
    for parent_kind, child_kind in CHILD_KIND.items():
        if child_kind == kind:
            return DriverKind(parent_kind).label.lower()
    return "node"


def remove_driver_node(node: DriverNode, *, actor: Any) -> int:
    """Archive NODE and everything under it (the aim stays); returns how many were removed."""
    check_actor(actor, Capability.EDIT_GOALS, node.diagram)
    if node.kind == DriverKind.AIM:
        raise ValidationError("The aim cannot be removed: change its words instead.")
    ids, frontier = [node.pk], [node.pk]
    while frontier:
        frontier = list(
            DriverNode.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.extend(frontier)
    with acting_as(actor), transaction.atomic():
        live = DriverNode.objects.filter(pk__in=ids, archived_at__isnull=True).order_by("pk")
        removed = [archive_object(each, actor=actor) for each in live]  # one history row each
    return len(removed)


def link_node(node: DriverNode, *, measure: Any = None, goal: Any = None, actor: Any) -> Any:
    """Link a measure or a goal to NODE (each once), by a person or the system."""
    check_actor(actor, Capability.EDIT_GOALS, node.diagram, allow=PERSON_OR_SYSTEM)
    target = measure if measure is not None else goal
    if target is None:
        raise ValidationError({"measure": "Choose a measure or a goal to link"})
    check_actor(actor, Capability.VIEW, target, allow=PERSON_OR_SYSTEM)
    lookup = {"measure": measure} if measure is not None else {"goal": goal}
    existing = DriverNodeLink.objects.filter(node=node, **lookup).first()
    if existing is None:
        return create_object(DriverNodeLink, {"node": node, **lookup}, actor=actor)
    if existing.archived_at is None:
        raise ValidationError({"measure": f"{target} is already linked to “{node}”."})
    return restore_object(existing, actor=actor)  # linked again: the old link comes back


def unlink_node(link: DriverNodeLink, *, actor: Any) -> None:
    """Archive the link (its history stays; linking the same again restores it)."""
    check_actor(actor, Capability.EDIT_GOALS, link.node.diagram)
    archive_object(link, actor=actor)
