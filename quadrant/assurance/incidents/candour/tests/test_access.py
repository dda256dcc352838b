"""Who sees and edits a duty of candour record: the safety team at the event's unit or above
and the event's named handlers. The reporter, a manager who triages the unit, another
division's safety team, staff and outsiders get the 404 of a record that does not exist, on
the pages and in the API; the panel is not drawn for them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from quadrant.assurance.incidents.candour.models import CandourRecord
from quadrant.core.permissions import Capability, restrict
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.services import name_on_object

pytestmark = pytest.mark.django_db

DENIED = ["staff", "manager", "manager2", "board", "admin", "director", "outsider", "surgql"]


def _client(people, surgery_safety, persona):
    client = Client()
    client.force_login(surgery_safety if persona == "surgql" else people[persona])
    return client


def test_the_safety_team_sees_and_edits(record, client_for, today):
    client = client_for("quality")
    page = client.get(record.event.get_absolute_url())
    assert page.status_code == 200 and "Duty of candour" in page.content.decode()
    assert 'id="duty-of-candour"' in page.content.decode()
    answer = client.post(
        reverse("assurance:candour_not_possible", args=[record.event_id]),
        {"not_possible-version": record.version, "not_possible-reason": "declined"},
    )
    assert answer.status_code == 302
    assert CandourRecord.objects.get(pk=record.pk).not_possible


@pytest.mark.parametrize("persona", DENIED)
def test_everyone_else_is_answered_404(record, people, surgery_safety, persona):
    client = _client(people, surgery_safety, persona)
    who = surgery_safety if persona == "surgql" else people[persona]
    assert not restrict(CandourRecord.objects.all(), who, Capability.VIEW).exists()
    for name in ("candour_notification", "candour_not_possible", "candour_open"):
        answer = client.post(
            reverse(f"assurance:{name}", args=[record.event_id]),
            {"not_possible-version": record.version, "not_possible-reason": "declined"},
        )
        assert answer.status_code == 404, (name, answer.status_code)
    assert client.get(f"/api/v1/candour/{record.pk}/").status_code == 404
    assert client.get("/api/v1/candour/").json()["count"] == 0
    stored = CandourRecord.objects.get(pk=record.pk)
    assert not stored.not_possible and stored.version == record.version


@pytest.mark.parametrize("persona", ["staff", "manager"])
def test_those_who_see_the_event_do_not_see_the_panel(record, client_for, persona):
    page = client_for(persona).get(record.event.get_absolute_url())
    assert page.status_code == 200  # the reporter and the ward's manager see the event itself
    body = page.content.decode()
    assert 'id="duty-of-candour"' not in body and "Record the notification" not in body


def test_a_record_in_another_division_is_the_divisions_safety_teams(report, surgery_safety):
    event = report(ward="b")
    record = CandourRecord.objects.get(event=event)
    client = Client()
    client.force_login(surgery_safety)
    assert client.get(f"/api/v1/candour/{record.pk}/").status_code == 200
    assert "Duty of candour" in client.get(event.get_absolute_url()).content.decode()


def test_a_named_handler_sees_and_edits(record, people, client_for, today):
    name_on_object(people["manager2"], record.event, GrantRole.HANDLER, actor=people["quality"])
    client = client_for("manager2")
    assert 'id="duty-of-candour"' in client.get(record.event.get_absolute_url()).content.decode()
    answer = client.post(
        reverse("assurance:candour_notification", args=[record.event_id]),
        {
            "candour-version": record.version,
            "candour-aware_on-day": record.aware_on.day,
            "candour-aware_on-month": record.aware_on.month,
            "candour-aware_on-year": record.aware_on.year,
            "candour-conversation_on-day": today.day,
            "candour-conversation_on-month": today.month,
            "candour-conversation_on-year": today.year,
            "candour-conversation_by": "Dr A Shah, consultant",
            "candour-conversation_with": "The patient",
            "candour-apology_given": "yes",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    stored = CandourRecord.objects.get(pk=record.pk)
    assert stored.conversation_on == today and stored.apology_given is True


@pytest.mark.parametrize("persona", ["staff", "manager", "board", "outsider"])
def test_the_list_needs_the_safety_team(record, client_for, persona):
    answer = client_for(persona).get(reverse("assurance:candour_records"))
    assert answer.status_code == 403
    assert record.event.reference not in answer.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("quality", 200), ("admin", 200),
                                                 ("manager", 403), ("staff", 403)])  # fmt: skip
def test_the_settings_page(client_for, persona, status):
    assert client_for(persona).get(reverse("assurance:candour_settings")).status_code == status


def test_signed_out_is_sent_to_sign_in(record):
    client = Client()
    answer = client.get(reverse("assurance:candour_records"))
    assert answer.status_code == 302 and "login" in answer["Location"]
    answer = client.post(reverse("assurance:candour_notification", args=[record.event_id]))
    assert answer.status_code == 302 and "login" in answer["Location"]
