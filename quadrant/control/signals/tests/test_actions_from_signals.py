"""The journey from a signal to an action through the pages and the API, and who may take it."""

from __future__ import annotations

import datetime as dt

import pytest

from quadrant.actions.public import Action
from quadrant.control.signals.models import Signal
from quadrant.control.testing.insight import STABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(falls, load):
    load(falls, [*STABLE, 30])
    return Signal.objects.get(measure=falls)


def test_manager_sees_the_signal_at_home_and_turns_it_into_an_action(signal, people, client_for):
    client = client_for("manager")
    home = client.get("/").content.decode()
    assert "Signals on my measures" in home and f"/control/signals/{signal.pk}/" in home
    page = client.get(f"/control/signals/{signal.pk}/").content.decode()
    assert "Turn into an action" in page and "Special cause of concern" in page
    due = dt.date.today() + dt.timedelta(days=21)
    response = client.post(
        f"/control/signals/{signal.pk}/action/",
        {"title": "Review the falls", "owner": people["staff"].pk, "due_date": due.isoformat()},
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/actions/{action.pk}/"
    assert action.source == signal and action.due_date == due
    signal.refresh_from_db()
    assert signal.status == "actioned"
    assert "Review the falls" in client.get(f"/control/signals/{signal.pk}/").content.decode()
    assert f"/control/signals/{signal.pk}/" not in client.get("/").content.decode()


def test_the_due_date_is_required_and_in_the_future(signal, people, client_for):
    client = client_for("manager")
    url = f"/control/signals/{signal.pk}/action/"
    missing = client.post(url, {"title": "Review", "owner": people["staff"].pk})
    assert missing.status_code == 400
    assert "Enter the date the action is due" in missing.content.decode()
    past = client.post(
        url, {"title": "Review", "owner": people["staff"].pk, "due_date": "2020-01-01"}
    )
    assert "The due date must be today or in the future" in past.content.decode()
    assert not Action.objects.exists()


def test_acknowledge_with_a_note(signal, client_for):
    client = client_for("manager")
    empty = client.post(f"/control/signals/{signal.pk}/acknowledge/", {"note": ""})
    assert "Say what you found" in empty.content.decode()
    client.post(f"/control/signals/{signal.pk}/acknowledge/", {"note": "Known: new admissions"})
    signal.refresh_from_db()
    assert signal.status == "acknowledged" and signal.note == "Known: new admissions"


def test_manager2_sees_neither_the_signal_nor_its_action(signal, people, client_for, api_for):
    client_for("manager").post(
        f"/control/signals/{signal.pk}/action/",
        {"title": "Review", "owner": people["staff"].pk,
         "due_date": (dt.date.today() + dt.timedelta(days=3)).isoformat()},
    )  # fmt: skip
    other = client_for("manager2")
    assert other.get(f"/control/signals/{signal.pk}/").status_code == 404
    assert (
        other.post(f"/control/signals/{signal.pk}/acknowledge/", {"note": "x"}).status_code == 404
    )
    assert other.get(f"/actions/{Action.objects.get().pk}/").status_code == 404
    assert api_for("manager2").get("/api/v1/signals/").json()["results"] == []
    assert api_for("manager2").get("/api/v1/actions/").json()["results"] == []
    assert "Falls, Ward A" not in other.get("/control/signals/unit/TRUST/").content.decode()


def test_acting_on_a_signal_needs_the_permission(signal, client_for, api_for):
    staff = client_for("staff")
    assert staff.get(f"/control/signals/{signal.pk}/").status_code == 200  # may see it
    assert "Turn into an action" not in staff.get(f"/control/signals/{signal.pk}/").content.decode()
    assert staff.get(f"/control/signals/{signal.pk}/action/").status_code == 403
    denied = api_for("staff").post(f"/api/v1/signals/{signal.pk}/acknowledge/", {"note": "x"})
    assert denied.status_code == 403 and "act on signals" in denied.json()["detail"]


def test_the_api_turns_a_signal_into_an_action(signal, api_for):
    due = (dt.date.today() + dt.timedelta(days=9)).isoformat()
    response = api_for("manager").post(
        f"/api/v1/signals/{signal.pk}/action/",
        {"title": "Falls review", "owner": "staff", "due_date": due},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["source"] == {"type": "signal", "id": signal.pk}
    listed = api_for("manager").get("/api/v1/signals/").json()["results"]
    assert listed[0]["status"] == "actioned" and listed[0]["measure"] == "FALLS-W"


def test_the_unit_page_shows_its_open_signals(signal, client_for):
    page = client_for("board").get("/units/ACUTE/").content.decode()
    assert "Signals and measures" in page and f"/control/signals/{signal.pk}/" in page
    assert "1 with a special cause of concern" in page
    assert "/control/summary/?unit=ACUTE" in page
    other = client_for("manager2").get("/units/WARDB/").content.decode()
    assert f"/control/signals/{signal.pk}/" not in other
