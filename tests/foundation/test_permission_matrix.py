"""Role × action × (own subtree, other subtree) for the objects the foundation has, on
permissions.may/restrict, the pages and the API (rows from the documented role table; see
matrix.py)."""

from __future__ import annotations

import pytest

from quadrant.core.models import Job
from quadrant.core.permissions import ROLE_ACTIONS, Capability, may_at, restrict, units_where
from quadrant.core.testing.matrix import (
    DESIGN_ROLES,
    Access,
    Rule,
    World,
    check_access,
    check_rule,
    covering,
    matrix_params,
)
from quadrant.organisation.choices import Role
from quadrant.organisation.models import Membership, Person

WARDS = ("ward_a", "ward_b")
WARD_MANAGER_NAMES = {"ward_a": "Manager Tester", "ward_b": "Manager2 Tester"}
WARD_PEOPLE = {"ward_a": "staff", "ward_b": "manager2"}

# Who may see a ward by name: those who may view it, and those working in or below it.
NAMED = {
    "ward_a": covering(Capability.VIEW, "ward_a") | {"partner"},
    "ward_b": covering(Capability.VIEW, "ward_b"),
}

# Every action against each ward itself, by may() and restrict(OrgUnit) (one rule: to see a
# unit is to see it by name, NAMED) and, for the records of the ward, by may_at() and
# units_where() (covering).
UNIT_RULES = [
    Rule(action, ward, NAMED[ward] if action == Capability.VIEW else covering(action, ward))
    for action in Capability
    for ward in WARDS
]

OBJECT_RULES = [
    rule
    for ward in WARDS
    for rule in (
        Rule(Capability.VIEW, f"{ward}.person", covering(Capability.VIEW, ward)),
        Rule(Capability.MANAGE_PEOPLE, f"{ward}.person", covering(Capability.MANAGE_PEOPLE, ward)),
        Rule(Capability.VIEW, f"{ward}.membership", covering(Capability.VIEW, ward)),
        Rule(
            Capability.MANAGE_PEOPLE, f"{ward}.membership", covering(Capability.MANAGE_PEOPLE, ward)
        ),
        # The partner is named on Ward A's job (an object grant) and sees that job only.
        Rule(
            Capability.VIEW,
            f"{ward}.job",
            covering(Capability.VIEW, ward) | ({"partner"} if ward == "ward_a" else set()),
        ),
        Rule(Capability.RUN_PROJECTS, f"{ward}.job", covering(Capability.RUN_PROJECTS, ward)),
        Rule(
            Capability.READ_HISTORY,
            f"{ward}.history_event",
            covering(Capability.READ_HISTORY, ward),
        ),
    )
]


def _ward_access(ward: str) -> list[Access]:
    viewers = covering(Capability.VIEW, ward)
    person = WARD_PEOPLE[ward]
    return [
        Access(f"page-{ward}", ward, lambda u: u.get_absolute_url(), NAMED[ward], lambda u: u.name),
        Access(
            f"page-{ward}-managers",
            ward,
            lambda u: u.get_absolute_url(),
            viewers,
            lambda u, ward=ward: WARD_MANAGER_NAMES[ward],
            named_only=NAMED[ward] - viewers,
        ),
        Access(
            f"unit-list-{ward}",
            ward,
            lambda u: f"/units/?q={u.code}",
            NAMED[ward],
            lambda u: u.name,
            listing=True,
        ),
        Access(
            f"search-{ward}",
            ward,
            lambda u: f"/search/?q={u.code}",
            NAMED[ward],
            lambda u: u.name,
            listing=True,
        ),
        Access(
            f"api-unit-{ward}",
            ward,
            lambda u: f"/api/v1/org-units/{u.code}/",
            NAMED[ward],
            lambda u: u.code,
            api=True,
        ),
        Access(
            f"api-units-{ward}",
            ward,
            lambda u: "/api/v1/org-units/?page_size=100",
            NAMED[ward],
            lambda u: u.code,
            api=True,
            listing=True,
        ),
        Access(
            f"api-person-{ward}",
            f"{ward}.person",
            lambda p: f"/api/v1/people/{p.pk}/",
            viewers,
            lambda p: p.email,
            api=True,
        ),
        Access(
            f"api-people-{ward}",
            f"{ward}.person",
            lambda p: "/api/v1/people/?page_size=100",
            viewers | {person},
            lambda p: p.email,
            api=True,
            listing=True,
        ),
        Access(
            f"api-membership-{ward}",
            f"{ward}.membership",
            lambda m: f"/api/v1/memberships/{m.pk}/",
            viewers,
            lambda m: f'"person":"{m.person.username}","org_unit":"{m.org_unit.code}"',
            api=True,
        ),
        Access(
            f"api-memberships-{ward}",
            f"{ward}.membership",
            lambda m: "/api/v1/memberships/?page_size=100",
            viewers,
            lambda m: f'"person":"{m.person.username}","org_unit":"{m.org_unit.code}"',
            api=True,
            listing=True,
        ),
        # Jobs are private to the person who started them.
        Access(
            f"api-job-{ward}",
            f"{ward}.job",
            lambda j: f"/api/v1/jobs/{j.pk}/",
            frozenset({"manager" if ward == "ward_a" else "manager2"}),
            lambda j: j.title,
            api=True,
        ),
        Access(
            f"api-history-event-{ward}",
            f"{ward}.history_event",
            lambda e: f"/api/v1/history/{e.pk}/",
            covering(Capability.READ_HISTORY, ward),
            lambda e: e.hash,
            api=True,
        ),
        Access(
            f"api-history-events-{ward}",
            f"{ward}.history_event",
            lambda e: "/api/v1/history/?page_size=1000",
            covering(Capability.READ_HISTORY, ward),
            lambda e: e.hash,
            api=True,
            listing=True,
        ),
    ]


ACCESS = [row for ward in WARDS for row in _ward_access(ward)]


def test_design_table_matches_the_permission_module():
    for action in Capability:
        granted = {role for role, actions in ROLE_ACTIONS.items() if action in actions}
        assert granted == set(DESIGN_ROLES[action]), f"{action}: code {granted}"
    assert set(ROLE_ACTIONS) == set(Role.values)


@pytest.mark.parametrize(("row", "persona"), matrix_params(UNIT_RULES))
def test_unit_rules(row, persona, org, people):
    world = World(org, people)
    check_rule(row, persona, world)
    unit = world.target(row.target)
    records = persona in covering(row.action, row.target)
    in_units_where = units_where(people[persona], row.action).filter(pk=unit.pk).exists()
    assert in_units_where == records
    assert may_at(people[persona], row.action, unit) == records


@pytest.mark.parametrize(("row", "persona"), matrix_params(OBJECT_RULES))
def test_object_rules(row, persona, org, people):
    check_rule(row, persona, World(org, people))


@pytest.mark.parametrize(("row", "persona"), matrix_params(ACCESS))
def test_pages_and_api(row, persona, org, people):
    check_access(row, persona, World(org, people))


def test_partner_sees_only_what_they_are_named_on(org, people):
    world = World(org, people)
    partner = people["partner"]
    job_a, job_b = world.target("ward_a.job"), world.target("ward_b.job")
    assert list(restrict(Job.objects.all(), partner)) == [job_a]
    assert job_b not in restrict(Job.objects.all(), partner)
    assert list(restrict(Person.objects.all(), partner)) == [partner]
    assert not restrict(Membership.objects.all(), partner).exists()
    assert not units_where(partner, Capability.VIEW).exists()


def test_outsider_sees_nothing(org, people, api_for, client_for):
    outsider = people["outsider"]
    for model in (Job, Membership):
        assert not restrict(model.objects.all(), outsider).exists()
    api = api_for("outsider")
    assert api.get("/api/v1/org-units/").json()["count"] == 0
    assert api.get("/api/v1/memberships/").json()["count"] == 0
    assert api.get("/api/v1/history/").json()["count"] == 0
    assert [p["username"] for p in api.get("/api/v1/people/").json()["results"]] == ["outsider"]
    page = client_for("outsider").get("/units/").content.decode()
    assert "You have no roles at any unit yet." in page
    assert "Test Trust</a>" not in page


def test_quality_sees_every_ward(org, people, api_for):
    codes = {u["code"] for u in api_for("quality").get("/api/v1/org-units/").json()["results"]}
    assert {"WARDA", "WARDA2", "WARDB", "TRUST"} <= codes
    assert units_where(people["quality"]).count() == 8


def test_admin_manages_people_and_others_may_not(org, people, api_for):
    body = {"person": "staff", "org_unit": "WARDB", "role": Role.VIEWER}
    for persona in ("quality", "board"):
        response = api_for(persona).post("/api/v1/memberships/", body, format="json")
        assert response.status_code == 403, persona
        assert "manage people" in response.json()["detail"]
    # what a ward's manager may not see answers like something that does not exist
    response = api_for("manager").post("/api/v1/memberships/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "org_unit", "message": "No unit with code WARDB"}
    ]
    response = api_for("manager2").post("/api/v1/memberships/", body, format="json")
    assert response.status_code == 400
    assert {"field": "person", "message": "No person with username staff"} in (
        response.json()["errors"]
    )
    response = api_for("admin").post("/api/v1/memberships/", body, format="json")
    assert response.status_code == 201, response.content
    assert Membership.objects.filter(person=people["staff"], org_unit=org.ward_b).exists()


def test_writes_to_a_unit_one_cannot_see_get_404(org, api_for):
    response = api_for("manager2").patch(
        "/api/v1/org-units/WARDA/", {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 404
    assert "Ward A" not in response.content.decode()
    assert (
        api_for("manager")
        .patch("/api/v1/org-units/WARDA/", {"name": "Renamed"}, format="json")
        .status_code
        == 403
    )
    body = {"name": "Ward A (acute)", "version": org.ward_a.version}
    response = api_for("admin").patch("/api/v1/org-units/WARDA/", body, format="json")
    assert response.status_code == 200
