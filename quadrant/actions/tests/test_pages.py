"""Pages and API of the action tracker: scoped to what each persona may see and do."""

from __future__ import annotations

import datetime as dt

import pytest

from quadrant.actions import services
from quadrant.actions.models import Action

pytestmark = pytest.mark.django_db


def test_my_actions_and_the_home_section_put_overdue_first(org, people, action, client_for):
    late = services.raise_action(
        title="Replace the bed alarms", owner=people["staff"], org_unit=org.ward_a,
        due_date=dt.date.today() + dt.timedelta(days=1), actor=people["manager"],
    )  # fmt: skip
    Action.objects.filter(pk=late.pk).update(due_date=dt.date(2026, 1, 5))
    client = client_for("staff")
    home = client.get("/").content.decode()
    assert "My actions" in home
    assert home.index("Replace the bed alarms") < home.index("Refresh the falls risk training")
    assert "Overdue" in home
    mine = client.get("/actions/").content.decode()
    assert "Replace the bed alarms" in mine and "Refresh the falls risk training" in mine


def test_a_verifier_with_no_actions_of_their_own_is_told_so_not_shown_an_empty_table(
    action, people, client_for
):
    services.complete_action(action, evidence="Training done on 2 May", actor=people["staff"])
    home = client_for("manager").get("/").content.decode()
    section = home[home.index("My actions") :]
    assert "1 action waiting for you to verify" in section
    assert "You have no open actions of your own." in section
    assert "My actions, overdue first" not in home


def test_another_wards_manager_sees_no_actions_of_ward_a(action, client_for, api_for):
    client = client_for("manager2")
    assert client.get(f"/actions/{action.pk}/").status_code == 404
    assert "Refresh the falls risk training" not in client.get("/").content.decode()
    assert api_for("manager2").get("/api/v1/actions/").json()["results"] == []
    assert client.get("/actions/unit/WARDA/").status_code == 404


def test_the_owner_completes_and_a_manager_verifies_through_the_pages(action, client_for):
    staff = client_for("staff")
    page = staff.get(f"/actions/{action.pk}/").content.decode()
    assert "Mark as done" in page and "Verify" not in page
    staff.post(f"/actions/{action.pk}/start/")
    response = staff.post(f"/actions/{action.pk}/complete/", {"evidence": ""})
    assert response.status_code == 400
    assert "Describe the evidence that the action is done" in response.content.decode()
    staff.post(f"/actions/{action.pk}/complete/", {"evidence": "Training log attached"})
    action.refresh_from_db()
    assert action.status == "done"
    assert staff.post(f"/actions/{action.pk}/verify/").status_code == 302
    action.refresh_from_db()
    assert action.status == "done"  # staff may not verify
    manager = client_for("manager")
    assert "Verify" in manager.get(f"/actions/{action.pk}/").content.decode()
    manager.post(f"/actions/{action.pk}/verify/")
    action.refresh_from_db()
    assert action.status == "verified"


def test_a_manager_raises_an_action_for_their_unit(org, people, client_for):
    client = client_for("manager")
    due = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    response = client.post(
        "/actions/unit/WARDA/new/",
        {"title": "Check the sensor mats", "owner": people["staff"].pk, "due_date": due},
    )
    action = Action.objects.get(title="Check the sensor mats")
    assert response.status_code == 302 and response["Location"] == f"/actions/{action.pk}/"
    assert client_for("manager2").get("/actions/unit/WARDA/new/").status_code in (403, 404)
    assert client_for("staff").get("/actions/unit/WARDA/new/").status_code == 403


def test_api_lists_creates_and_refuses_self_verification(org, people, action, api_for):
    api = api_for("manager")
    listed = api.get("/api/v1/actions/").json()["results"]
    assert [row["title"] for row in listed] == ["Refresh the falls risk training"]
    due = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    created = api.post(
        "/api/v1/actions/",
        {"title": "Bed rails audit", "owner": "manager", "org_unit": "WARDA", "due_date": due},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    done = api.post(f"/api/v1/actions/{pk}/complete/", {"evidence": "Audit"}, format="json")
    assert done.json()["status"] == "done"
    refused = api.post(f"/api/v1/actions/{pk}/verify/")
    assert refused.status_code == 403
    assert "someone else must verify" in refused.json()["detail"]
    assert api_for("quality").post(f"/api/v1/actions/{pk}/verify/").json()["status"] == "verified"
    denied = api_for("staff").post(
        "/api/v1/actions/",
        {"title": "x", "owner": "staff", "org_unit": "WARDA", "due_date": due},
        format="json",
    )
    assert denied.status_code == 403 and "act on signals" in denied.json()["detail"]


def test_the_due_date_is_the_nhs_date_input_and_says_when_it_is_not_a_real_date(
    org, people, client_for
):
    client = client_for("manager")
    form = client.get("/actions/unit/WARDA/new/").content.decode()
    assert 'class="nhsuk-date-input"' in form and 'name="due_date-day"' in form
    assert 'type="date"' not in form
    response = client.post(
        "/actions/unit/WARDA/new/",
        {"title": "Check the mats", "owner": people["staff"].pk,
         "due_date-day": "31", "due_date-month": "2", "due_date-year": "2030"},
    )  # fmt: skip
    assert "Due date must be a real date" in response.content.decode()
    assert not Action.objects.filter(title="Check the mats").exists()
