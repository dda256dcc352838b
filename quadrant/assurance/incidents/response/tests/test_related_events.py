"""A learning response can look across several events (a thematic review above all): the
safety team adds them by reference and removes them while the response is open; each change
is in the history; each event's page names the responses that also look at it; someone who
may not handle an event cannot add it, and is told nothing more than for an unknown one."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.incidents.response.choices import ResponseType
from quadrant.assurance.incidents.response.tests.conftest import triage_to_review
from quadrant.assurance.incidents.tests.themes_helpers import make_events
from quadrant.core.logs import HistoryEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def thematic(reported: Any, people: dict[str, Any]) -> Any:
    triage_to_review(
        reported,
        people,
        response_type=ResponseType.THEMATIC_REVIEW,
        rationale="One of eleven night-time falls on the ward this quarter",
    )
    return reported.learning_responses.get()


@pytest.fixture
def others(org: Any) -> list[Any]:
    """Two falls on Ward B (Surgery), which Ward A's manager may not handle."""
    return make_events(org.ward_b, timezone.localdate(), 2)


def add(client: Any, response: Any, reference: str) -> Any:
    url = reverse("assurance:learning_response_related", args=[response.pk])
    return client.post(url, {"reference": reference})


def test_the_safety_team_adds_events_and_each_events_page_names_the_review(
    thematic: Any, others: list[Any], client_for: Any
) -> None:
    quality = client_for("quality")
    response = add(quality, thematic, f"  {others[0].reference.lower()} ")
    assert response.status_code == 302
    assert list(thematic.related_events.all()) == [others[0]]
    page = quality.get(thematic.get_absolute_url()).content.decode()
    assert "Events this thematic review looks across" in page and others[0].reference in page
    event_page = quality.get(others[0].get_absolute_url()).content.decode()
    assert "Also looked at by" in event_page
    assert f"Thematic review of {thematic.event.reference}" in event_page
    change = HistoryEvent.objects.filter(
        content_type__model="learningresponse", object_id=str(thematic.pk)
    ).latest("pk")
    assert change.changes == {"related_events": {"added": [others[0].pk]}}


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("", "Enter the reference of the event"),
        ("PSE-1999-000001", "There is no safety event PSE-1999-000001 that you handle"),
        ("X" * 21, "The reference must be 20 characters or fewer"),
    ],
    ids=["empty", "unknown", "too-long"],
)
def test_bad_references_are_refused_beside_the_field(
    thematic: Any, client_for: Any, reference: str, message: str
) -> None:
    response = add(client_for("quality"), thematic, reference)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "There is a problem" in html
    assert not thematic.related_events.exists()


def test_the_responses_own_event_and_one_already_added_are_refused(
    thematic: Any, others: list[Any], client_for: Any
) -> None:
    quality = client_for("quality")
    own = add(quality, thematic, thematic.event.reference)
    assert own.status_code == 400
    assert "is the event this response is about" in own.content.decode()
    add(quality, thematic, others[0].reference)
    again = add(quality, thematic, others[0].reference)
    assert "is already covered by this response" in again.content.decode()
    assert thematic.related_events.count() == 1


def test_an_event_one_may_not_handle_is_refused_as_if_it_did_not_exist(
    thematic: Any, others: list[Any], client_for: Any
) -> None:
    lead = client_for("manager")  # leads the review of Ward A's event; Ward B is not theirs
    response = add(lead, thematic, others[0].reference)
    assert response.status_code == 400  # the very words an unknown reference gets
    assert f"There is no safety event {others[0].reference} that you handle" in (
        response.content.decode()
    )
    assert not thematic.related_events.exists()


@pytest.mark.parametrize("persona", ["staff", "manager2", "partner"])
def test_those_who_may_not_see_the_response_get_not_found(
    thematic: Any, others: list[Any], client_for: Any, persona: str
) -> None:
    assert add(client_for(persona), thematic, others[0].reference).status_code == 404
    assert not thematic.related_events.exists()


def test_a_reader_sees_only_the_related_events_they_may_see(
    thematic: Any, others: list[Any], client_for: Any
) -> None:
    add(client_for("quality"), thematic, others[0].reference)
    page = client_for("manager").get(thematic.get_absolute_url())
    assert page.status_code == 200
    assert others[0].reference not in page.content.decode()


def test_an_event_is_removed_while_open_and_nothing_changes_once_completed(
    thematic: Any, others: list[Any], client_for: Any, people: dict[str, Any]
) -> None:
    quality = client_for("quality")
    add(quality, thematic, others[0].reference)
    add(quality, thematic, others[1].reference)
    remove = reverse("assurance:learning_response_unrelate", args=[thematic.pk, others[0].pk])
    assert quality.post(remove).status_code == 302
    assert list(thematic.related_events.all()) == [others[1]]
    thematic.summary = "Falls cluster at night"
    thematic.status = "completed"
    thematic.save()
    late = reverse("assurance:learning_response_unrelate", args=[thematic.pk, others[1].pk])
    refused = quality.post(late)
    assert refused.status_code == 400 and "it cannot be changed" in refused.content.decode()
    assert add(quality, thematic, others[0].reference).status_code == 400
    assert list(thematic.related_events.all()) == [others[1]]


def test_the_api_lists_the_related_events_each_reader_may_see(
    thematic: Any, others: list[Any], client_for: Any, api_for: Any
) -> None:
    add(client_for("quality"), thematic, others[0].reference)
    url = f"/api/v1/learning-responses/{thematic.pk}/"
    assert api_for("quality").get(url).json()["related_events"] == [others[0].reference]
    assert api_for("manager").get(url).json()["related_events"] == []  # Ward B is not theirs
