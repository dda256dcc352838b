""" "Which units may this user see" is one SQL query, whatever the depth of the tree."""

from __future__ import annotations

import pytest

from quadrant.core.permissions import Capability, units_where, visible_units
from quadrant.core.testing.personas import make_person
from quadrant.organisation.choices import Role, UnitKind
from quadrant.organisation.models import Membership, OrgUnit, path_segment

LEVELS = [UnitKind.ORGANISATION, UnitKind.DIVISION, UnitKind.DIRECTORATE, UnitKind.SERVICE,
          UnitKind.WARD]  # fmt: skip


def _five_level_tree() -> list[list[OrgUnit]]:
    """Three children per unit over 5 levels: 1 + 3 + 9 + 27 + 81 units."""
    levels: list[list[OrgUnit]] = []
    parents: list[OrgUnit | None] = [None]
    for depth, kind in enumerate(LEVELS):
        level = []
        for parent in parents:
            for n in range(1 if parent is None else 3):
                code = f"L{depth}-{len(level)}-{n}"
                unit = OrgUnit.objects.create(code=code, name=code, kind=kind, parent=parent)
                unit.path = (parent.path if parent else "") + path_segment(unit.pk)
                unit.depth = depth
                unit.save(update_fields=["path", "depth"])
                level.append(unit)
        levels.append(level)
        parents = level
    return levels


@pytest.mark.parametrize(
    ("role", "depth", "expected"),
    [(Role.QUALITY_LEAD, 0, 121), (Role.COACH, 1, 40), (Role.MANAGER, 3, 4),
     (Role.STAFF, 4, 1), (None, None, 0)],
    ids=["quality-at-root", "coach-at-division", "manager-at-service", "staff-at-ward",
         "outsider"],
)  # fmt: skip
def test_units_a_user_may_see_is_one_query(db, django_assert_num_queries, role, depth, expected):
    levels = _five_level_tree()
    person = make_person("someone")
    if role is not None:
        Membership.objects.create(person=person, org_unit=levels[depth][0], role=role)
    with django_assert_num_queries(1):
        assert len(list(units_where(person, Capability.VIEW))) == expected
    with django_assert_num_queries(1):
        names = list(visible_units(person))
    assert len(names) == expected + (depth or 0)


def test_with_roles_already_read_the_answers_are_the_same(db):
    """Once a request has read the user's roles, units_where, visible_units and units_above
    use path prefixes and ids instead of subqueries: the same units, for every action."""
    from quadrant.core.permissions import forget_roles, held_roles, units_above

    levels = _five_level_tree()
    person = make_person("several")
    Membership.objects.create(person=person, org_unit=levels[1][0], role=Role.COACH)
    Membership.objects.create(person=person, org_unit=levels[2][0], role=Role.MANAGER)  # inside
    Membership.objects.create(person=person, org_unit=levels[3][7], role=Role.STAFF)
    Membership.objects.create(person=person, org_unit=levels[4][80], role=Role.ANALYST)
    inactive = levels[2][8]
    inactive.active = False
    inactive.save(update_fields=["active"])
    Membership.objects.create(person=person, org_unit=inactive, role=Role.QUALITY_LEAD)

    def answers() -> list[set[int]]:
        found = [
            set(units_where(person, action).values_list("pk", flat=True)) for action in Capability
        ]
        found.append(set(visible_units(person).values_list("pk", flat=True)))
        found.append(set(units_above(person).values_list("pk", flat=True)))
        return found

    forget_roles(person)
    from_subqueries = answers()
    assert not hasattr(person, "_quadrant_roles")
    held_roles(person)
    assert answers() == from_subqueries
    assert any(from_subqueries) and len({frozenset(a) for a in from_subqueries}) > 3
