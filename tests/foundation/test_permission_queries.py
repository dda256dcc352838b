""" "Which units may this user see" is one SQL query, whatever the depth of the tree."""

from __future__ import annotations

import pytest

from quadrant.core.permissions import Action, units_where, visible_units
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
        assert len(list(units_where(person, Action.VIEW))) == expected
    with django_assert_num_queries(1):
        names = list(visible_units(person))
    assert len(names) == expected + (depth or 0)
