"""The permission matrix: a declarative table of who may do what, checked three ways.

Each component adds rows for its own objects. A row names an object by a *target* (a builder
registered with `register_target`, such as "ward_a.job" or "ward_b.measure") and lists the
personas (quadrant.core.testing.personas) allowed; everyone else is denied.

- `Rule(action, target, allowed)`: `permissions.may()` answers as the table says and, for model
  instances, `permissions.restrict()` includes the object exactly for the allowed personas.
- `Access(target, url, allowed, secret)`: a page or API address. Allowed personas get 200 and
  see SECRET (text only that object shows); denied personas get 403 or 404 and never SECRET.
  `named_only` personas get 200 but still never SECRET (units above one's own, by name only).

Parametrise a test with `matrix_params(rows)` and call `check_rule` / `check_access` in it:

    @pytest.mark.parametrize(("row", "persona"), matrix_params(RULES))
    def test_rules(row, persona, org, people):
        check_rule(row, persona, World(org, people))

`DESIGN_ROLES` transcribes the documented role table (docs/permissions.md) independently of
`permissions.ROLE_ACTIONS`, so a drift between the documented rules and the code fails a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.test import Client
from rest_framework.test import APIClient

from quadrant.core.permissions import Capability, may, restrict
from quadrant.core.testing.personas import PERSONAS
from quadrant.core.testing.targets import TARGETS, World, register_target
from quadrant.organisation.choices import Role

__all__ = [
    "DESIGN_ROLES", "PERSONA_NAMES", "TARGETS", "Access", "Rule", "World", "check_access",
    "check_rule", "covering", "matrix_params", "register_target",
]  # fmt: skip

#: Every persona the fixtures create: one per role, and `outsider` with no role anywhere.
PERSONA_NAMES: tuple[str, ...] = (*PERSONAS, "outsider")

_ALL_BUT_PARTNER = frozenset(
    {
        Role.VIEWER,
        Role.STAFF,
        Role.ANALYST,
        Role.MANAGER,
        Role.QUALITY_LEAD,
        Role.EXECUTIVE,
        Role.AUDITOR,
        Role.COACH,
        Role.ADMIN,
    }
)
_REPORTERS = _ALL_BUT_PARTNER - {Role.VIEWER, Role.ADMIN}

#: The documented role table, row by row: the roles whose membership grants each action in a
#: subtree.
#: Cells that depend on being named on one object ("as team member", "if named approver",
#: "project measures", "own actions") are object grants, not roles, and are not listed here.
DESIGN_ROLES: dict[Capability, frozenset[str]] = {
    Capability.VIEW: _ALL_BUT_PARTNER,  # partner: only objects they are named on
    Capability.REPORT_INCIDENT: _REPORTERS,
    Capability.SUBMIT_IDEA: _REPORTERS | {Role.PARTNER},  # partner: idea only
    Capability.DEFINE_MEASURES: frozenset({Role.ANALYST, Role.QUALITY_LEAD}),
    Capability.ENTER_DATA: frozenset({Role.ANALYST, Role.MANAGER, Role.QUALITY_LEAD}),
    Capability.EDIT_GOALS: frozenset({Role.MANAGER, Role.QUALITY_LEAD, Role.EXECUTIVE, Role.COACH}),
    Capability.ACT_ON_SIGNALS: frozenset({Role.MANAGER, Role.QUALITY_LEAD, Role.EXECUTIVE}),
    Capability.RUN_PROJECTS: frozenset({Role.MANAGER, Role.QUALITY_LEAD, Role.COACH}),
    Capability.DO_AUDITS: frozenset({Role.AUDITOR}),
    Capability.MANAGE_AUDITS: frozenset({Role.QUALITY_LEAD}),
    Capability.TRIAGE_INCIDENTS: frozenset({Role.MANAGER, Role.QUALITY_LEAD}),
    Capability.SEE_PII: frozenset({Role.QUALITY_LEAD}),  # managers only as a named handler
    Capability.MANAGE_RISKS: frozenset({Role.MANAGER, Role.QUALITY_LEAD}),
    Capability.MANAGE_BAF: frozenset({Role.QUALITY_LEAD, Role.EXECUTIVE}),
    Capability.APPROVE_DOCUMENTS: frozenset({Role.QUALITY_LEAD, Role.EXECUTIVE}),
    Capability.SHARED_LANGUAGE: frozenset({Role.QUALITY_LEAD, Role.ADMIN}),
    Capability.MANAGE_PEOPLE: frozenset({Role.ADMIN}),
    Capability.READ_HISTORY: frozenset({Role.QUALITY_LEAD, Role.ADMIN}),
    Capability.MANAGE_STANDARDS: frozenset({Role.QUALITY_LEAD, Role.ADMIN}),
    Capability.ASSESS_QUALITY: frozenset({Role.MANAGER, Role.QUALITY_LEAD, Role.EXECUTIVE}),
    Capability.HANDLE_SAFETY_EVENTS: frozenset({Role.QUALITY_LEAD}),  # and named handlers
}


def covering(action: Capability, unit: str) -> frozenset[str]:
    """Personas whose role (by DESIGN_ROLES) grants ACTION at UNIT (an Org attribute name).

    A persona's role is held at the unit PERSONAS names; it covers UNIT when UNIT lies in
    that unit's subtree. Computed from the personas' paths, not from permissions.py.
    """
    roles = DESIGN_ROLES[action]
    return frozenset(
        name
        for name, (role, held_at) in PERSONAS.items()
        if role in roles and held_at in _UNITS_ABOVE[unit]
    )


# The fixture tree (see personas.py): each unit and the units above it, itself included.
_UNITS_ABOVE: dict[str, frozenset[str]] = {
    "trust": frozenset({"trust"}),
    "medicine": frozenset({"trust", "medicine"}),
    "surgery": frozenset({"trust", "surgery"}),
    "acute": frozenset({"trust", "medicine", "acute"}),
    "general_surgery": frozenset({"trust", "surgery", "general_surgery"}),
    "ward_a": frozenset({"trust", "medicine", "acute", "ward_a"}),
    "ward_a2": frozenset({"trust", "medicine", "acute", "ward_a2"}),
    "ward_b": frozenset({"trust", "surgery", "general_surgery", "ward_b"}),
}


@dataclass(frozen=True)
class Rule:
    """ACTION on TARGET is allowed exactly for the ALLOWED personas (may() and restrict())."""

    action: Capability
    target: str
    allowed: frozenset[str]
    query: bool = True  # also check restrict(model.objects.all(), user, action)

    @property
    def label(self) -> str:
        return f"{self.action}-{self.target}"


@dataclass(frozen=True)
class Access:
    """A page or API address of TARGET: allowed personas see SECRET, the others never do."""

    label: str
    target: str
    url: Callable[[Any], str]
    allowed: frozenset[str]
    secret: Callable[[Any], str]
    api: bool = False
    named_only: frozenset[str] = frozenset()  # 200, but without SECRET
    listing: bool = False  # a list: everyone gets 200; SECRET appears only for ALLOWED


def matrix_params(
    rows: Iterable[Rule | Access], personas: Iterable[str] = PERSONA_NAMES
) -> list[Any]:
    """pytest parameters (row, persona) for every row and persona, with readable ids."""
    personas = tuple(personas)
    return [
        pytest.param(row, persona, id=f"{row.label}-{persona}")
        for row in rows
        for persona in personas
    ]


def check_rule(row: Rule, persona: str, world: World) -> None:
    """Assert may() (and restrict(), for model instances) answer as ROW says for PERSONA."""
    user = world.people[persona]
    obj = world.target(row.target)
    expected = persona in row.allowed
    verdict = may(user, row.action, obj)
    assert verdict == expected, (
        f"may({persona}, {row.action}, {row.target}) is {verdict}; the matrix says {expected}"
    )
    if row.query and isinstance(obj, models.Model) and obj.pk is not None:
        queryset = restrict(type(obj)._default_manager.all(), user, row.action)
        found = queryset.filter(pk=obj.pk).exists()
        assert found == expected, (
            f"restrict({type(obj).__name__}, {persona}, {row.action}) "
            f"{'includes' if found else 'leaves out'} {row.target}; the matrix says {expected}"
        )


def contains(body: str, text: str) -> bool:
    """TEXT appears in BODY as a whole (so "Ward A" is not found inside "Ward A2")."""
    return re.search(rf"(?<!\w){re.escape(text)}(?!\w)", body) is not None


def client_as(user: Any, *, api: bool) -> Client | APIClient:
    client: Client | APIClient = APIClient() if api else Client()
    if api:
        client.force_authenticate(user)  # type: ignore[union-attr]
    else:
        client.force_login(user)
    return client


def check_access(row: Access, persona: str, world: World) -> None:
    """Assert the page or API answer for PERSONA: data when allowed, 403/404 and none if not."""
    obj = world.target(row.target)
    url, secret = row.url(obj), row.secret(obj)
    response = client_as(world.people[persona], api=row.api).get(url)
    body = response.content.decode()
    where = f"{persona} GET {url}"
    if persona in row.allowed:
        assert response.status_code == 200, f"{where}: {response.status_code}, expected 200"
        assert contains(body, secret), f"{where}: answer does not show {secret!r}"
        return
    if row.listing or persona in row.named_only:
        assert response.status_code == 200, f"{where}: {response.status_code}, expected 200"
    else:
        assert response.status_code in (403, 404), (
            f"{where}: {response.status_code}, expected 403 or 404"
        )
    assert not contains(body, secret), f"{where}: a denied answer shows {secret!r}"
