"""The registry of demo seeding steps and the context each step receives.

A step is `func(context)`; it runs inside the seeding transaction, as the system, after the
organisation and its people exist. Steps run in (order, name) order; each gets its own random
generator seeded from its name, so adding a step never changes what the others produce.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, overload

DEMO_SEED = 20261031


def demo_today() -> date:
    """The day a demo is seeded on: its series run up to the last complete period before it.
    The same day gives the same demo (every random choice comes from DEMO_SEED)."""
    return date.today()


@dataclass
class SeedContext:
    """What a seeding step may use: the scale, the units by code and the named people."""

    scale: str
    reference_date: date = field(default_factory=demo_today)
    seed: int = DEMO_SEED
    units: dict[str, Any] = field(default_factory=dict)  # OrgUnit by code
    people: dict[str, Any] = field(default_factory=dict)  # named accounts by username
    log: Callable[[str], None] = field(default=lambda message: None)
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))

    def rng_for(self, name: str) -> random.Random:
        """A generator of its own for the step NAME (the same sequence on every run)."""
        return random.Random(f"{self.seed}:{self.scale}:{name}")

    @property
    def manager_ward(self) -> Any:
        """The ward that `manager` manages (where `staff` works and `partner` is named)."""
        return self.people["manager"].home_unit

    def unit_leads(self) -> dict[int, Any]:
        """Who leads each unit's work, by unit id: its manager, or else someone holding a role
        there (`manager` on their own ward)."""
        from quadrant.organisation.models import Membership

        anyone: dict[int, Any] = {}
        managers: dict[int, Any] = {}
        rows = Membership.objects.filter(archived_at__isnull=True).select_related("person")
        for row in rows.order_by("pk"):
            anyone.setdefault(row.org_unit_id, row.person)
            if row.role == "manager":
                managers.setdefault(row.org_unit_id, row.person)
        found = {**anyone, **managers}
        found[self.manager_ward.pk] = self.people["manager"]
        return found


@dataclass(frozen=True)
class SeedStep:
    name: str
    func: Callable[[SeedContext], None]
    order: int = 100


_steps: dict[str, SeedStep] = {}


StepFunc = Callable[["SeedContext"], None]


@overload
def register_seed_step(
    name: str, func: None = None, *, order: int = 100
) -> Callable[[StepFunc], StepFunc]: ...


@overload
def register_seed_step(name: str, func: StepFunc, *, order: int = 100) -> StepFunc: ...


def register_seed_step(
    name: str, func: StepFunc | None = None, *, order: int = 100
) -> StepFunc | Callable[[StepFunc], StepFunc]:
    """Add a demo seeding step (usable as a decorator); registering a name again replaces it.

    Steps with a lower ORDER run first; the organisation itself is built before any step.
    """

    def add(target: StepFunc) -> StepFunc:
        _steps[name] = SeedStep(name, target, order)
        return target

    return add(func) if func is not None else add


def seed_steps() -> list[SeedStep]:
    """The registered steps in the order they run."""
    return sorted(_steps.values(), key=lambda step: (step.order, step.name))
