"""Minimal valid planning records for tests that walk every model (see core.testing.factories):
goals and strategies need an ordered period, a node link exactly one target."""

from __future__ import annotations

from typing import Any

from quadrant.core.testing.factories import build, register_factory
from quadrant.planning.models import DriverNodeLink, Goal, QualityAccountPriority, Strategy


@register_factory(Strategy)
def _strategy(world: Any) -> Strategy:
    return Strategy(title="Strategy", org_unit=world.org.trust, first_year=2024, last_year=2026)


@register_factory(Goal)
def _goal(world: Any) -> Goal:
    return Goal(
        title="Fewer falls", statement="Fewer falls by 2027.", org_unit=world.org.ward_a,
        first_year=2024, last_year=2026,
    )  # fmt: skip


@register_factory(QualityAccountPriority)
def _priority(world: Any) -> QualityAccountPriority:
    goal = _goal(world)
    goal.save()
    return QualityAccountPriority(year=2025, goal=goal, order=0)


@register_factory(DriverNodeLink)
def _node_link(world: Any) -> DriverNodeLink:
    from quadrant.planning.models import DriverNode

    node = build(DriverNode, world)
    node.save()
    goal = _goal(world)
    goal.save()
    return DriverNodeLink(node=node, goal=goal)
