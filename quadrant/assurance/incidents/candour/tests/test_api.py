"""The read-only duty of candour API: scoped like the pages (the safety team and the event's
handlers), with the deadline and the status, and no patient data nor free text."""

from __future__ import annotations

import pytest

from quadrant.assurance.incidents.candour import services

pytestmark = pytest.mark.django_db

URL = "/api/v1/candour/"


def test_the_safety_team_reads_deadlines_and_statuses(overdue, report, api_for):
    due = report().candour
    data = api_for("quality").get(URL).json()
    assert data["count"] == 2
    first = data["results"][0]
    assert first["event"] == overdue.event.reference and first["status"] == "overdue"
    assert first["deadline"] == overdue.deadline.isoformat() and first["org_unit"] == "WARDA"
    one = api_for("quality").get(f"{URL}{due.pk}/").json()
    assert one["status"] == "due" and one["nation"] == "ENG"
    for hidden in ("conversation_by", "conversation_with", "not_possible_note", "patient"):
        assert hidden not in one
    assert "Thistlewood" not in str(data) and "9434765919" not in str(data)


def test_filters(overdue, report, api_for, people, today):
    report(ward="b")
    client = api_for("quality")
    assert client.get(URL, {"status": "overdue"}).json()["count"] == 1
    assert client.get(URL, {"status": "open"}).json()["count"] == 2
    assert client.get(URL, {"unit": "SURG"}).json()["count"] == 1
    assert client.get(URL, {"status": "sometime"}).status_code == 400
    assert client.get(URL, {"colour": "red"}).status_code == 400
    services.record_not_possible(overdue, "declined", actor=people["quality"])
    assert client.get(URL, {"status": "not_possible"}).json()["count"] == 1


@pytest.mark.parametrize("persona", ["staff", "manager", "board", "admin"])
def test_others_read_nothing(record, api_for, persona):
    client = api_for(persona)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{record.pk}/").status_code == 404


def test_it_is_read_only(record, api_for):
    client = api_for("quality")
    assert client.post(URL, {"event_id": record.event_id}, format="json").status_code == 405
    assert client.patch(f"{URL}{record.pk}/", {"letter_on": "2026-01-01"}).status_code == 405
    assert client.delete(f"{URL}{record.pk}/").status_code == 405
