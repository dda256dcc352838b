"""The people of the demo trust: the named accounts, role holders at every level and staff."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from quadrant.demo.names import FIRST_NAMES, LAST_NAMES, WARD_TITLES
from quadrant.demo.structure import TreePlan, UnitPlan
from quadrant.organisation.choices import PersonKind, Role, UnitKind


@dataclass
class PersonPlan:
    username: str
    first_name: str
    last_name: str
    job_title: str
    home_code: str
    kind: str = PersonKind.STAFF
    roles: list[tuple[str, str]] = field(default_factory=list)  # (role, unit code)


# username: (first name, last name, job title, role, where: "trust", "manager_division",
# "manager2_division" or an anchor name from the tree plan, that is the unit of "manager" or
# "manager2")
NAMED_ACCOUNTS: dict[str, tuple[str, str, str, str, str]] = {
    "board": ("Catherine", "Hale", "Chief executive", Role.EXECUTIVE, "trust"),
    "director": (
        "Mark",
        "Adeyemi",
        "Divisional director of medicine",
        Role.EXECUTIVE,
        "manager_division",
    ),
    "quality": ("Priya", "Raman", "Director of quality governance", Role.QUALITY_LEAD, "trust"),
    "analyst": ("Tom", "Fletcher", "Senior information analyst", Role.ANALYST, "trust"),
    "manager": ("Sarah", "Whitfield", "Ward manager", Role.MANAGER, "manager"),
    "manager2": ("James", "Okoro", "Ward manager", Role.MANAGER, "manager2"),
    "staff": ("Aisha", "Khan", "Staff nurse", Role.STAFF, "manager"),
    "auditor": ("David", "Moss", "Clinical audit facilitator", Role.AUDITOR, "trust"),
    "coach": ("Rachel", "Evans", "Quality improvement coach", Role.COACH, "manager_division"),
    "partner": ("Brian", "Taylor", "Patient partner", Role.PARTNER, "manager"),
    "admin": ("Lucy", "Chambers", "Systems administrator", Role.ADMIN, "trust"),
    "divadmin": (
        "Neil",
        "Barrow",
        "Surgery division systems administrator",
        Role.ADMIN,
        "manager2_division",
    ),
}

TRUST_EXECUTIVES = (
    "Chief nurse", "Medical director", "Chief operating officer", "Director of finance",
    "Director of people",
)  # fmt: skip
DIVISION_ROLES = (
    ("Divisional director", Role.MANAGER),
    ("Divisional head of nursing", Role.MANAGER),
    ("Divisional quality lead", Role.QUALITY_LEAD),
    ("Information analyst", Role.ANALYST),
    ("Clinical audit facilitator", Role.AUDITOR),
    ("Quality improvement coach", Role.COACH),
)
DIRECTORATE_ROLES = (("Clinical director", Role.MANAGER),)
SERVICE_ROLES = (("Service manager", Role.MANAGER),)
LEAD_TITLES: dict[str, tuple[str, ...]] = {
    UnitKind.WARD: ("Ward manager", "Ward sister", "Charge nurse")
}


class Names:
    """Plausible, unique usernames (first.last, then first.last2, ...)."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = set(taken)

    def new(self) -> tuple[str, str, str]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        base = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
        username, n = base, 1
        while username in self.taken:
            n += 1
            username = f"{base}{n}"
        self.taken.add(username)
        return username, first, last


def division_of(unit: UnitPlan) -> UnitPlan:
    while unit.parent is not None and unit.kind != UnitKind.DIVISION:
        unit = unit.parent
    return unit


def named_people(tree: TreePlan) -> list[PersonPlan]:
    """The named demo accounts (one per role, and Surgery's administrator) on the anchor units."""
    trust = tree.units[0]
    manager_ward = tree.by_code[tree.anchors["manager"]]
    manager2_ward = tree.by_code[tree.anchors["manager2"]]
    where = {
        "trust": trust.code,
        "manager": manager_ward.code,
        "manager2": manager2_ward.code,
        "manager_division": division_of(manager_ward).code,
        "manager2_division": division_of(manager2_ward).code,  # Surgery
    }
    people = []
    for username, (first, last, title, role, place) in NAMED_ACCOUNTS.items():
        code = where[place]
        kind = PersonKind.NON_STAFF if role == Role.PARTNER else PersonKind.STAFF
        people.append(PersonPlan(username, first, last, title, code, kind, [(role, code)]))
    return people


def plan_people(tree: TreePlan, rng: random.Random, total: int) -> list[PersonPlan]:
    """TOTAL people (the named accounts included) for TREE, the same for the same RNG state."""
    people = named_people(tree)
    names = Names(rng, {person.username for person in people})
    managed = {tree.anchors["manager"], tree.anchors["manager2"]}

    def holder(title: str, role: str, unit: UnitPlan) -> None:
        username, first, last = names.new()
        people.append(
            PersonPlan(username, first, last, title, unit.code, roles=[(role, unit.code)])
        )

    trust = tree.units[0]
    for title in TRUST_EXECUTIVES:
        holder(title, Role.EXECUTIVE, trust)
    plan_by_kind: dict[str, tuple[tuple[str, Role], ...]] = {
        UnitKind.DIVISION: DIVISION_ROLES,
        UnitKind.DIRECTORATE: DIRECTORATE_ROLES,
        UnitKind.SERVICE: SERVICE_ROLES,
    }
    leaves = tree.of_kind(UnitKind.WARD, UnitKind.TEAM)
    for unit in tree.units:
        for title, role in plan_by_kind.get(unit.kind, ()):
            holder(title, role, unit)
    for leaf in leaves:
        if leaf.code not in managed:
            holder(rng.choice(LEAD_TITLES.get(leaf.kind, ("Team leader",))), Role.MANAGER, leaf)
    while len(people) < total:
        leaf = rng.choice(leaves)
        title = rng.choice(WARD_TITLES.get(leaf.family, WARD_TITLES["medicine"]))
        holder(title, Role.STAFF, leaf)
    return people
