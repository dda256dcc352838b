"""A small fixed organisation and the personas that tests act as.

Trust ─┬─ Medicine (division) ── Acute medicine (service) ─┬─ Ward A
       │                                                   └─ Ward A2
       └─ Surgery (division) ─── General surgery (service) ── Ward B

board (executive, trust) · director (executive, Medicine: a division director)
quality (quality lead, trust) · analyst (analyst, trust)
manager (manager, Ward A) · manager2 (manager, Ward B) · staff (staff, Ward A)
auditor (auditor, trust) · coach (coach, Medicine) · partner (patient partner, not staff,
partner role at Ward A) · admin (administrator, trust) · divadmin (administrator, Surgery)
· outsider (no role anywhere)
"""

from __future__ import annotations

from dataclasses import dataclass

from quadrant.core.actors import SystemActor
from quadrant.organisation.choices import PersonKind, Role, UnitKind
from quadrant.organisation.models import Membership, OrgUnit, Person
from quadrant.organisation.services import create_org_unit

TEST_FIXTURES = SystemActor("test fixtures")  # makes the first unit, as installation would
PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test-only credential


@dataclass
class Org:
    trust: OrgUnit
    medicine: OrgUnit
    surgery: OrgUnit
    acute: OrgUnit
    general_surgery: OrgUnit
    ward_a: OrgUnit
    ward_a2: OrgUnit
    ward_b: OrgUnit


PERSONAS: dict[str, tuple[str, str]] = {
    # username: (role, unit attribute on Org)
    "board": (Role.EXECUTIVE, "trust"),
    "director": (Role.EXECUTIVE, "medicine"),  # a division director: Medicine's subtree only
    "quality": (Role.QUALITY_LEAD, "trust"),
    "analyst": (Role.ANALYST, "trust"),
    "manager": (Role.MANAGER, "ward_a"),
    "manager2": (Role.MANAGER, "ward_b"),
    "staff": (Role.STAFF, "ward_a"),
    "auditor": (Role.AUDITOR, "trust"),
    "coach": (Role.COACH, "medicine"),
    "partner": (Role.PARTNER, "ward_a"),
    "admin": (Role.ADMIN, "trust"),
    "divadmin": (Role.ADMIN, "surgery"),  # a division's administrator: Surgery's subtree only
}


def build_org() -> Org:
    """Create the small test organisation (as the system, through the services)."""
    trust = create_org_unit(
        code="TRUST",
        name="Test Trust",
        kind=UnitKind.ORGANISATION,
        parent=None,
        actor=TEST_FIXTURES,
    )
    OrgUnit.objects.filter(pk=trust.pk)  # the root is made without a permission check
    units = {"trust": trust}
    plan = [
        ("medicine", "MED", "Medicine", UnitKind.DIVISION, "trust"),
        ("surgery", "SURG", "Surgery", UnitKind.DIVISION, "trust"),
        ("acute", "ACUTE", "Acute medicine", UnitKind.SERVICE, "medicine"),
        ("general_surgery", "GENSURG", "General surgery", UnitKind.SERVICE, "surgery"),
        ("ward_a", "WARDA", "Ward A", UnitKind.WARD, "acute"),
        ("ward_a2", "WARDA2", "Ward A2", UnitKind.WARD, "acute"),
        ("ward_b", "WARDB", "Ward B", UnitKind.WARD, "general_surgery"),
    ]
    for key, code, name, kind, parent in plan:
        units[key] = _system_unit(code, name, kind, units[parent])
    return Org(**units)


def _system_unit(code: str, name: str, kind: str, parent: OrgUnit) -> OrgUnit:
    from quadrant.organisation.models import path_segment

    unit = OrgUnit.objects.create(code=code, name=name, kind=kind, parent=parent)
    unit.path = parent.path + path_segment(unit.pk)
    unit.depth = parent.depth + 1
    unit.save(update_fields=["path", "depth"])
    return unit


def make_person(
    username: str, *, kind: str = PersonKind.STAFF, home_unit: OrgUnit | None = None
) -> Person:
    person = Person(
        username=username,
        first_name=username.capitalize(),
        last_name="Tester",
        email=f"{username}@example.nhs.uk",
        kind=kind,
        home_unit=home_unit,
    )
    person.set_password(PASSWORD)
    person.save()
    return person


def build_personas(org: Org) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for username, (role, unit_name) in PERSONAS.items():
        unit = getattr(org, unit_name)
        kind = PersonKind.NON_STAFF if role == Role.PARTNER else PersonKind.STAFF
        person = make_person(username, kind=kind, home_unit=unit)
        Membership.objects.create(person=person, org_unit=unit, role=role)
        people[username] = person
    people["outsider"] = make_person("outsider")
    return people
