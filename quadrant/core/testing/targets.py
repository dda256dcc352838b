"""Objects the permission matrix checks rows against, built by name on the fixture organisation.

Each builder gets the `World` (the `org` and `people` fixtures) and returns one object. The
foundation registers units, people, memberships, jobs and history events on Ward A (the
`manager`'s own subtree) and Ward B (`manager2`'s, in another division). Components register
their own ("ward_a.measure", ...) with `register_target` in their test-support module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from quadrant.core.context import acting_as
from quadrant.core.models import HistoryEvent, Job
from quadrant.core.testing.personas import Org
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.models import Membership
from quadrant.organisation.services import name_on_object


@dataclass
class World:
    """The fixture organisation and personas, with the targets built so far (one per test)."""

    org: Org
    people: dict[str, Any]
    built: dict[str, Any] = field(default_factory=dict)

    def target(self, name: str) -> Any:
        if name not in self.built:
            if name not in TARGETS:
                raise KeyError(f"No permission-matrix target is registered as {name!r}.")
            self.built[name] = TARGETS[name](self)
        return self.built[name]


TargetBuilder = Callable[[World], Any]
TARGETS: dict[str, TargetBuilder] = {}


def register_target(name: str) -> Callable[[TargetBuilder], TargetBuilder]:
    """Register a builder of the object a matrix row is checked against."""

    def register(builder: TargetBuilder) -> TargetBuilder:
        TARGETS[name] = builder
        return builder

    return register


def _unit_target(attr: str) -> TargetBuilder:
    return lambda world: getattr(world.org, attr)


for _unit in fields(Org):
    register_target(_unit.name)(_unit_target(_unit.name))

# Whose record stands for "a person / a membership of this ward".
_WARD_PEOPLE = {"ward_a": "staff", "ward_b": "manager2"}
# Who starts the ward's job; the partner is named (an object grant) on Ward A's job only.
_WARD_JOB_STARTERS = {"ward_a": "manager", "ward_b": "manager2"}


def _person_target(ward: str) -> TargetBuilder:
    return lambda world: world.people[_WARD_PEOPLE[ward]]


def _membership_target(ward: str) -> TargetBuilder:
    def build(world: World) -> Membership:
        return Membership.objects.get(
            person=world.people[_WARD_PEOPLE[ward]], org_unit=getattr(world.org, ward)
        )

    return build


def _job_target(ward: str) -> TargetBuilder:
    def build(world: World) -> Job:
        starter = world.people[_WARD_JOB_STARTERS[ward]]
        unit = getattr(world.org, ward)
        with acting_as(starter):
            job = Job.objects.create(
                kind="matrix.example", title=f"Recalculate {unit.name} charts", org_unit=unit
            )
        if ward == "ward_a":
            name_on_object(world.people["partner"], job, GrantRole.VIEWER, actor=starter)
        return job

    return build


def _history_event_target(ward: str) -> TargetBuilder:
    def build(world: World) -> HistoryEvent:
        job = world.target(f"{ward}.job")
        return HistoryEvent.objects.get(
            content_type__model="job", object_id=str(job.pk), action="create"
        )

    return build


for _ward in ("ward_a", "ward_b"):
    register_target(f"{_ward}.person")(_person_target(_ward))
    register_target(f"{_ward}.membership")(_membership_target(_ward))
    register_target(f"{_ward}.job")(_job_target(_ward))
    register_target(f"{_ward}.history_event")(_history_event_target(_ward))
