"""The demo seed step: a three-year strategy, 3 aims, 8 trust priorities cascaded to at least
20 division, service and ward goals (the manager's ward among them), two driver diagrams."""

import pytest

from quadrant.demo.generator import seed_demo
from quadrant.planning.demo_seed import seed_planning
from quadrant.planning.models import DriverDiagram, Goal, QualityAccountPriority, Strategy
from quadrant.planning.periods import period_label, year_of
from quadrant.planning.tree import unit_goals

pytestmark = pytest.mark.django_db


def test_demo_strategy_priorities_cascade_and_diagrams():
    context = seed_demo("demo", log=lambda message: None, with_steps=False)
    seed_planning(context)
    strategy = Strategy.objects.get()
    this_year = year_of(context.reference_date)
    assert strategy.period == period_label(this_year - 1, this_year + 1)
    assert "{" not in "".join(Goal.objects.values_list("statement", flat=True))
    assert strategy.aims.count() == 3
    assert Goal.objects.filter(parent__isnull=True).count() == 8
    children = Goal.objects.filter(parent__isnull=False)
    assert children.count() >= 20
    assert {g.org_unit.kind for g in children.select_related("org_unit")} >= {
        "division", "service", "ward"
    }  # fmt: skip
    for goal in children.select_related("parent__org_unit", "org_unit"):
        assert goal.org_unit.path.startswith(goal.parent.org_unit.path)
        assert goal.aim_id == goal.parent.aim_id
    manager = context.people["manager"]
    own, inherited = unit_goals(manager.home_unit, manager)
    assert own and len([g for g in inherited if g.parent_id is None]) >= 3
    assert DriverDiagram.objects.count() == 2
    # The board reads this year's Quality Account: the demo has it, and last year's.
    assert QualityAccountPriority.objects.filter(year=this_year).count() == 4
    assert QualityAccountPriority.objects.filter(year=this_year - 1).count() == 4
    assert Goal.objects.filter(domains__isnull=False).distinct().count() == Goal.objects.count()
