"""The demo generator: deterministic, realistic in shape, and extensible by seeding steps."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.db import transaction

from quadrant.core.models import HistoryEvent
from quadrant.demo import SeedContext, demo_today, register_seed_step, steps
from quadrant.demo.generator import SCALES, AlreadySeeded, Scale, build_plan, seed_demo
from quadrant.demo.models import DemoSeed
from quadrant.demo.structure import TRUST_NAME, large_tree
from quadrant.organisation.choices import PersonKind, Role, UnitKind
from quadrant.organisation.models import Membership, OrganisationSettings, OrgUnit, Person

TINY = Scale("tiny", staff=60, divisions=2, directorates=2, services=2, total_units=30)


def quiet(message: str) -> None:
    """Swallow the generator's progress lines."""


def snapshot() -> tuple[list[tuple], list[tuple]]:
    units = list(OrgUnit.objects.values_list("code", "name", "kind", "path").order_by("path"))
    people = list(
        Person.objects.values_list("username", "job_title", "home_unit__code").order_by("username")
    )
    return units, people


def test_plan_is_the_same_on_every_run() -> None:
    first_tree, first_people = build_plan(SCALES["demo"])
    second_tree, second_people = build_plan(SCALES["demo"])
    assert [(u.code, u.name, u.path) for u in first_tree.units] == [
        (u.code, u.name, u.path) for u in second_tree.units
    ]
    assert first_people == second_people
    assert len({p.username for p in first_people}) == len(first_people) == 300


@pytest.mark.django_db
def test_two_seeds_write_identical_units_and_people() -> None:
    runs = []
    for _ in range(2):
        with transaction.atomic():
            seed_demo("demo", log=quiet, with_steps=False)
            runs.append(snapshot())
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    assert len(runs[0][0]) == 87  # trust, 4 divisions, 21 services, 61 wards and teams


@pytest.mark.django_db
def test_demo_trust_has_the_expected_shape_and_accounts() -> None:
    context = seed_demo("demo", log=quiet, with_steps=False)
    kinds = {kind: OrgUnit.objects.filter(kind=kind).count() for kind in UnitKind.values}
    assert kinds[UnitKind.ORGANISATION] == 1
    assert list(OrgUnit.objects.filter(kind=UnitKind.DIVISION).values_list("name", flat=True)) == [
        "Medicine",
        "Surgery",
        "Women's and children's",
        "Clinical support services",
    ]
    assert 18 <= kinds[UnitKind.SERVICE] <= 22
    assert 55 <= kinds[UnitKind.WARD] + kinds[UnitKind.TEAM] <= 65
    assert Person.objects.count() == 300
    assert OrganisationSettings.current().name == TRUST_NAME
    wards = OrgUnit.objects.filter(kind__in=[UnitKind.WARD, UnitKind.TEAM])
    assert not wards.exclude(memberships__role=Role.MANAGER).exists()  # a manager on every ward

    def role_of(username: str) -> tuple[str, str]:
        membership = Membership.objects.select_related("org_unit").get(person__username=username)
        return membership.role, membership.org_unit.code

    trust = OrgUnit.objects.get(depth=0).code
    manager_ward = context.manager_ward
    assert manager_ward.name == "Ward 7 – Respiratory"
    assert role_of("board") == (Role.EXECUTIVE, trust)
    assert role_of("director") == (Role.EXECUTIVE, "MED")  # Medicine's divisional director
    assert role_of("quality") == (Role.QUALITY_LEAD, trust)
    assert role_of("analyst") == (Role.ANALYST, trust)
    assert role_of("auditor") == (Role.AUDITOR, trust)
    assert role_of("admin") == (Role.ADMIN, trust)
    assert role_of("divadmin") == (Role.ADMIN, "SURG")  # a division's administrator
    assert role_of("manager") == (Role.MANAGER, manager_ward.code)
    assert role_of("staff") == (Role.STAFF, manager_ward.code)
    assert role_of("partner") == (Role.PARTNER, manager_ward.code)
    assert role_of("coach") == (Role.COACH, "MED")
    ward2 = OrgUnit.objects.get(code=role_of("manager2")[1])
    assert role_of("manager2")[0] == Role.MANAGER
    assert not ward2.is_within(OrgUnit.objects.get(code="MED"))
    assert Person.objects.get(username="partner").kind == PersonKind.NON_STAFF
    assert Person.objects.get(username="manager").check_password("quadrant-demo")
    assert Person.objects.values("password").distinct().count() == 1  # hashed once, shared


@pytest.mark.django_db
def test_seeding_is_audited_in_bulk_and_marked_complete() -> None:
    before = HistoryEvent.objects.count()
    seed_demo("demo", log=quiet, with_steps=False)
    bulk = HistoryEvent.objects.filter(action="bulk_create").count()
    assert bulk == 3  # units, people, memberships: one event each
    assert HistoryEvent.objects.count() - before <= 5
    marker = DemoSeed.objects.get()
    assert (marker.scale, marker.units, marker.people) == ("demo", 87, 300)
    with pytest.raises(AlreadySeeded):
        seed_demo("demo", log=quiet, with_steps=False)


def test_large_tree_has_five_levels_and_the_requested_size() -> None:
    tree = large_tree(random.Random(1), divisions=3, directorates=2, services=3, total_units=60)
    assert len(tree.units) == 60
    assert {unit.depth for unit in tree.units} == {0, 1, 2, 3, 4}
    assert len({unit.code for unit in tree.units}) == 60
    for anchor, division in (("manager", "D1"), ("manager2", "D2")):
        unit = tree.by_code[tree.anchors[anchor]]
        assert unit.depth == 4
        assert unit.path.startswith(tree.by_code[division].path)
    with pytest.raises(ValueError, match="divisions"):
        large_tree(random.Random(1), divisions=9)


def test_large_scale_is_fifteen_thousand_staff_on_1500_units() -> None:
    large = SCALES["large"]
    tree, people = build_plan(large)
    assert len(tree.units) == 1500
    assert max(unit.depth for unit in tree.units) == 4
    assert len(people) == 15_000


@pytest.mark.django_db
def test_registered_steps_run_after_the_organisation(monkeypatch: Any) -> None:
    monkeypatch.setattr(steps, "_steps", {})
    seen: list[Any] = []

    @register_seed_step("second", order=20)
    def second(context: SeedContext) -> None:
        seen.append(("second", context.rng_for("second").random()))

    @register_seed_step("first", order=10)
    def first(context: SeedContext) -> None:
        assert context.units["NBT"].depth == 0
        assert context.people["manager"].home_unit == context.manager_ward
        assert context.reference_date == demo_today()
        seen.append(("first", Person.objects.count()))

    seed_demo(TINY, log=quiet)
    assert seen[0] == ("first", 60)
    assert seen[1] == ("second", SeedContext(scale="tiny").rng_for("second").random())
    assert [step.name for step in steps.seed_steps()] == ["first", "second"]
