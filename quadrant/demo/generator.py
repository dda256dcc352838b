"""Seed the demo organisation: units, people and memberships, then each registered step.

Everything is written as the system, in one transaction, with bulk inserts (one history event
per bulk call); the `DemoSeed` row written last marks a complete seed.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils.module_loading import autodiscover_modules

from quadrant.core.actors import DEMO_SEEDER
from quadrant.core.context import acting_as
from quadrant.demo.models import DemoSeed
from quadrant.demo.people import PersonPlan, plan_people
from quadrant.demo.steps import DEMO_SEED, SeedContext, demo_today, seed_steps
from quadrant.demo.structure import TRUST_NAME, TreePlan, demo_tree, large_tree
from quadrant.organisation.models import Membership, OrganisationSettings, OrgUnit, Person


@dataclass(frozen=True)
class Scale:
    """The size of a demo organisation (counts per parent for the generated 5-level tree)."""

    name: str
    staff: int
    divisions: int = 0  # 0: the hand-written demo tree
    directorates: int = 0
    services: int = 0
    total_units: int = 0


SCALES = {
    "demo": Scale("demo", staff=300),
    "large": Scale(
        "large", staff=15_000, divisions=5, directorates=5, services=8, total_units=1_500
    ),
}
BATCH = 2_000
JOINED = dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)


class AlreadySeeded(Exception):
    """The database already holds a demo organisation."""


def build_plan(scale: Scale, first_unit_id: int = 1) -> tuple[TreePlan, list[PersonPlan]]:
    """The units and people of SCALE, without touching the database (deterministic)."""
    rng = random.Random(f"{DEMO_SEED}:{scale.name}:organisation")
    if scale.divisions:
        tree = large_tree(
            rng,
            first_id=first_unit_id,
            divisions=scale.divisions,
            directorates=scale.directorates,
            services=scale.services,
            total_units=scale.total_units,
        )
    else:
        tree = demo_tree(first_unit_id)
    return tree, plan_people(tree, rng, scale.staff)


def current_seed() -> DemoSeed | None:
    """The seed marker, or None when the demo organisation has not been (fully) seeded."""
    return DemoSeed.objects.order_by("-pk").first()


def seed_demo(
    scale: str | Scale = "demo",
    *,
    log: Callable[[str], None] = print,
    with_steps: bool = True,
    today: dt.date | None = None,
) -> SeedContext:
    """Build the demo organisation at SCALE and (WITH_STEPS) run every registered seeding step,
    its data running up to TODAY (the day it runs unless a test pins it).

    Raises AlreadySeeded when a seed marker exists (use `quadrant demo --reset` to rebuild).
    """
    size = SCALES[scale] if isinstance(scale, str) else scale
    autodiscover_modules("demo_seed")
    started = time.perf_counter()
    with acting_as(DEMO_SEEDER), transaction.atomic():
        if current_seed() is not None:
            raise AlreadySeeded("The demo organisation is already seeded.")
        first_id = (OrgUnit.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        tree, plans = build_plan(size, first_id)
        units = _write_units(tree)
        people = _write_people(plans, units)
        OrganisationSettings.objects.update_or_create(pk=1, defaults={"name": TRUST_NAME})
        log(f"Organisation: {len(units)} units, {len(plans)} people ({size.name} scale)")
        named = {p.username: people[p.username] for p in plans if "." not in p.username}
        context = SeedContext(
            scale=size.name,
            reference_date=today or demo_today(),
            units=units,
            people=named,
            log=log,
        )
        for step in seed_steps() if with_steps else []:
            step_started = time.perf_counter()
            step.func(context)
            log(f"{step.name}: done in {time.perf_counter() - step_started:.1f} s")
        DemoSeed.objects.create(
            scale=size.name,
            seed=DEMO_SEED,
            reference_date=context.reference_date,
            units=len(units),
            people=len(plans),
        )
    refresh_planner_statistics()
    log(f"Seeded in {time.perf_counter() - started:.1f} s")
    return context


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load, so the query planner knows the tables' sizes at once rather
    than when autovacuum next runs (a server may have it turned off)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _write_units(tree: TreePlan) -> dict[str, OrgUnit]:
    rows = [
        OrgUnit(
            id=plan.id,
            code=plan.code,
            name=plan.name,
            kind=plan.kind,
            parent_id=plan.parent.id if plan.parent else None,
            path=plan.path,
            depth=plan.depth,
        )
        for plan in tree.units
    ]
    OrgUnit.objects.bulk_create(rows, batch_size=BATCH)
    with connection.cursor() as cursor:  # explicit ids: move PostgreSQL's sequence past them
        for statement in connection.ops.sequence_reset_sql(no_style(), [OrgUnit]):
            cursor.execute(statement)
    return {unit.code: unit for unit in rows}


def _write_people(plans: list[PersonPlan], units: dict[str, OrgUnit]) -> dict[str, Person]:
    password = make_password(settings.QUADRANT_DEMO_PASSWORD)  # hashed once, shared by all
    rows = [
        Person(
            username=plan.username,
            first_name=plan.first_name,
            last_name=plan.last_name,
            email=f"{plan.username}@northbridge.nhs.example",
            job_title=plan.job_title,
            kind=plan.kind,
            home_unit=units[plan.home_code],
            password=password,
            date_joined=JOINED,
        )
        for plan in plans
    ]
    Person.objects.bulk_create(rows, batch_size=BATCH)
    people = {person.username: person for person in rows}
    if any(person.pk is None for person in rows):  # databases that do not return ids
        ids = dict(Person.objects.values_list("username", "pk"))
        for person in rows:
            person.pk = ids[person.username]
    memberships = [
        Membership(person=people[plan.username], org_unit=units[code], role=role)
        for plan in plans
        for role, code in plan.roles
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return people
