"""Who sees a safety event and who sees its patient details, role by role, on every page and
address that could show them: the event's page, the lists, the search, the API (list and
record), the history and its CSV export. Patient details are seen only by the safety team
(`quality`) and the event's named handler (`manager2`, named on it); every view is logged;
everyone else is refused, or answered without them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.incidents.models import PatientDetails
from quadrant.core.logs import SecurityEvent
from quadrant.core.testing.matrix import PERSONA_NAMES
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.services import name_on_object

pytestmark = pytest.mark.django_db

#: What each piece of patient details looks like on a page or in JSON.
SECRETS = ("Margaret Thistlewood", "9434765919", "943 476 5919", "RX0042917", "1941-05-17",
           "17 May 1941")  # fmt: skip
SEES_EVENT = {"staff", "manager", "quality", "manager2"}  # reporter, triage, safety team, handler
SEES_PATIENT = {"quality", "manager2"}


@pytest.fixture
def handled(reported: Any, people: dict[str, Any]) -> Any:
    """The report, with `manager2` (of another ward) named as its handler."""
    name_on_object(people["manager2"], reported, GrantRole.HANDLER, actor=people["quality"])
    return reported


def _shown(body: str) -> list[str]:
    return [secret for secret in SECRETS if secret in body]


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_events_page(client_for, handled, persona):
    response = client_for(persona).get(handled.get_absolute_url())
    body = response.content.decode()
    if persona not in SEES_EVENT:
        assert response.status_code == 404 and handled.reference not in body
        return
    assert response.status_code == 200 and handled.reference in body
    if persona in SEES_PATIENT:
        assert set(_shown(body)) >= {"Margaret Thistlewood", "9434765919", "RX0042917"}
        assert SecurityEvent.objects.filter(
            kind="sensitive_view", username=persona, detail__contains=handled.reference
        ).exists()
    else:
        assert _shown(body) == []
        assert not SecurityEvent.objects.filter(kind="sensitive_view").exists()


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize("page", ["assurance:safety_events", "assurance:my_safety_reports"])
def test_lists_never_show_patient_details(client_for, handled, persona, page):
    response = client_for(persona).get(reverse(page))
    assert response.status_code == 200
    body = response.content.decode()
    assert _shown(body) == []
    listed = handled.reference in body
    if page == "assurance:my_safety_reports":
        assert listed == (persona == "staff")
    else:
        assert listed == (persona in SEES_EVENT)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_search_finds_events_one_may_see_and_never_by_patient_details(client_for, handled, persona):
    client = client_for(persona)
    by_reference = client.get(reverse("search"), {"q": handled.reference}).content.decode()
    assert (handled.get_absolute_url() in by_reference) == (persona in SEES_EVENT)
    for secret in ("Thistlewood", "9434765919", "RX0042917"):
        body = client.get(reverse("search"), {"q": secret}).content.decode()
        assert handled.get_absolute_url() not in body
    assert _shown(by_reference) == []


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_api(api_for, handled, persona):
    client = api_for(persona)
    listed = client.get("/api/v1/incidents/")
    assert listed.status_code == 200
    assert _shown(listed.content.decode()) == []
    assert all("patient" not in row for row in listed.json()["results"])
    one = client.get(f"/api/v1/incidents/{handled.pk}/")
    if persona not in SEES_EVENT:
        assert one.status_code == 404 and _shown(one.content.decode()) == []
        return
    assert one.status_code == 200
    data = one.json()
    if persona in SEES_PATIENT:
        assert data["patient"]["nhs_number"] == "9434765919"
        assert SecurityEvent.objects.filter(
            kind="sensitive_view", username=persona, detail__contains="API"
        ).exists()
    else:
        assert "patient" not in data and _shown(one.content.decode()) == []


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_the_history_of_the_patient_details(client_for, handled, persona):
    details = PatientDetails.objects.get(event=handled)
    url = reverse("history", args=["assurance.patientdetails", details.pk])
    response = client_for(persona).get(url)
    if persona in SEES_PATIENT:
        assert response.status_code == 200 and "Margaret Thistlewood" in response.content.decode()
    else:
        assert response.status_code == 404 and _shown(response.content.decode()) == []


@pytest.mark.parametrize("persona", ["admin", "quality", "divadmin", "manager"])
def test_the_history_log_and_its_export_hide_them_from_those_without_the_right(
    client_for, handled, persona
):
    client = client_for(persona)
    for url in (reverse("history-log"), reverse("history-log-export")):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        shown = _shown(body.decode())
        if persona == "quality" and response.status_code == 200:
            continue  # the safety team may read them in the history too (logged)
        assert shown == [], f"{persona} {url}"
        if persona == "admin":  # the administrator reads the whole history, redacted
            assert "[redacted]" in body.decode()


def test_the_reporter_no_longer_sees_the_patient_details_they_gave(client_for, handled):
    body = client_for("staff").get(handled.get_absolute_url()).content.decode()
    assert "Patient details" not in body.split("<main", 1)[1].split("What we learned")[0]
