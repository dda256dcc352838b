""" "Which units may this user see" is one SQL query on a 5-level tree, for any role holder."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.core.permissions import Capability, units_where, visible_units
from quadrant.demo.generator import Scale, seed_demo
from quadrant.organisation.models import OrgUnit, Person

FIVE_LEVELS = Scale(
    "five-levels", staff=40, divisions=2, directorates=2, services=2, total_units=40
)


@pytest.fixture
def tree(db: Any) -> dict[str, Person]:
    seed_demo(FIVE_LEVELS, log=lambda message: None, with_steps=False)
    assert sorted(set(OrgUnit.objects.values_list("depth", flat=True))) == [0, 1, 2, 3, 4]
    return {p.username: p for p in Person.objects.filter(username__in=["manager", "board"])}


@pytest.mark.parametrize(("username", "expected"), [("manager", 1), ("board", 40)])
def test_units_where_is_one_query(
    tree: dict[str, Person], django_assert_num_queries: Any, username: str, expected: int
) -> None:
    user = tree[username]
    with django_assert_num_queries(1):
        units = list(units_where(user, Capability.VIEW))
    assert len(units) == expected


def test_visible_units_adds_the_chain_above_in_the_same_query(
    tree: dict[str, Person], django_assert_num_queries: Any
) -> None:
    manager = tree["manager"]
    with django_assert_num_queries(1):
        units = list(visible_units(manager))
    ward = manager.home_unit
    assert [unit.depth for unit in units] == [0, 1, 2, 3, 4]
    assert units[-1] == ward
    assert {unit.pk for unit in units} == set(ward.ancestor_ids())
