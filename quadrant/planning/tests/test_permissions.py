"""Who may read and edit goals: a ward manager edits their ward's goals and reads the trust's;
other units' goals stay out of reach; a patient partner reads but never edits."""

import pytest

from quadrant.core.permissions import Capability, may, restrict
from quadrant.planning.models import Goal

pytestmark = pytest.mark.django_db


def visible_titles(user):
    return set(restrict(Goal.objects.all(), user, Capability.VIEW).values_list("title", flat=True))


def test_manager_reads_units_above_and_own_ward_but_not_other_wards(cascade, people):
    titles = visible_titles(people["manager"])
    assert {"Reduce falls with harm", "Medicine: fewer falls", "Acute medicine: fewer falls",
            "Ward A: falls risk assessed"} <= titles  # fmt: skip
    assert "Ward B: falls huddles" not in titles
    assert "Surgery: fewer falls" not in titles
    assert "Ward A2: falls huddles" not in titles


def test_manager_edits_own_ward_goal_only(cascade, people):
    manager = people["manager"]
    assert may(manager, Capability.EDIT_GOALS, cascade.ward_a)
    assert not may(manager, Capability.EDIT_GOALS, cascade.trust)
    assert not may(manager, Capability.EDIT_GOALS, cascade.ward_b)
    assert may(manager, Capability.VIEW, cascade.trust)


def test_manager_edit_page_for_own_goal_and_refusal_for_the_trusts(cascade, client_for):
    client = client_for("manager")
    assert client.get(f"/planning/goals/{cascade.ward_a.pk}/edit/").status_code == 200
    refused = client.get(f"/planning/goals/{cascade.trust.pk}/edit/")
    assert refused.status_code == 403
    assert "edit goals and driver diagrams" in refused.content.decode()


def test_other_wards_goal_is_not_found(cascade, client_for):
    assert client_for("manager").get(f"/planning/goals/{cascade.ward_b.pk}/").status_code == 404


def test_manager_adds_a_ward_goal_under_the_trust_priority(cascade, org, client_for):
    response = client_for("manager").post(
        "/planning/goals/new/",
        {
            "title": "Ward A: bed rails checked", "statement": "Every shift.",
            "org_unit": org.ward_a.pk, "parent": cascade.service.pk, "first_year": 2025,
            "last_year": 2025, "status": "active", "review_cadence": "monthly",
            "owner": "staff",
        },
    )  # fmt: skip
    assert response.status_code == 302
    goal = Goal.objects.get(title="Ward A: bed rails checked")
    assert goal.parent == cascade.service and goal.aim == cascade.aim
    assert goal.owner.username == "staff"


def test_owner_must_be_a_person_the_manager_can_see(cascade, org, client_for):
    response = client_for("manager").post(
        "/planning/goals/new/",
        {
            "title": "Owned elsewhere", "statement": "x", "org_unit": org.ward_a.pk,
            "first_year": 2025, "last_year": 2025, "status": "active",
            "review_cadence": "monthly", "owner": "manager2",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert "No active person you can see has the username “manager2”" in (response.content.decode())


def test_manager_cannot_put_a_goal_on_another_ward(cascade, org, client_for):
    response = client_for("manager").post(
        "/planning/goals/new/",
        {
            "title": "Sneaky", "statement": "x", "org_unit": org.ward_b.pk, "first_year": 2025,
            "last_year": 2025, "status": "active", "review_cadence": "monthly",
        },
    )  # fmt: skip
    assert response.status_code == 400
    assert not Goal.objects.filter(title="Sneaky").exists()


def test_partner_reads_goals_above_their_ward_but_edits_nothing(cascade, people, client_for):
    partner = people["partner"]
    assert "Reduce falls with harm" in visible_titles(partner)
    assert "Ward B: falls huddles" not in visible_titles(partner)
    assert not may(partner, Capability.EDIT_GOALS, cascade.ward_a)
    client = client_for("partner")
    assert client.get(f"/planning/goals/{cascade.trust.pk}/").status_code == 200
    assert client.get(f"/planning/goals/{cascade.ward_a.pk}/edit/").status_code == 403
    assert client.get("/planning/goals/new/").status_code == 403


def test_outsider_sees_no_goal(cascade, people, client_for):
    assert visible_titles(people["outsider"]) == set()
    assert client_for("outsider").get(f"/planning/goals/{cascade.trust.pk}/").status_code == 404


def test_board_reads_every_goal(cascade, people):
    assert len(visible_titles(people["board"])) == 7
