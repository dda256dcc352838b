"""The event lists: filters that narrow (and a filter value that means nothing, which narrows
to nothing, with its message), and a fixed number of queries however many events a page
holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.tests.conftest import answers

pytestmark = pytest.mark.django_db

LIST = reverse("assurance:safety_events")


def _report(org, people, count, unit=None, **changes):
    for _ in range(count):
        services.submit_report(answers(unit or org.ward_a, **changes), actor=people["staff"])


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [LIST, reverse("assurance:my_safety_reports")])
def test_a_list_page_costs_the_same_queries_for_3_events_or_30(client_for, org, people, url):
    _report(org, people, 3)
    client = client_for("quality" if url == LIST else "staff")
    client.get(url)  # the session's first request reads more (the session itself)
    few = _queries(client, url)
    _report(org, people, 27)
    assert _queries(client, url) == few


def test_the_safety_teams_filters(client_for, org, people):
    _report(org, people, 2)
    _report(org, people, 1, physical_harm="moderate", category="medication")
    services.submit_report(answers(org.ward_b), actor=people["manager2"])
    client = client_for("quality")

    assert "Showing 1 to 4 of 4" in client.get(LIST).content.decode()
    assert "of 3" in client.get(LIST, {"unit": "MED"}).content.decode()
    assert "of 1" in client.get(LIST, {"unit": "Ward B"}).content.decode()
    assert "of 1" in client.get(LIST, {"physical_harm": "moderate"}).content.decode()
    assert "of 1" in client.get(LIST, {"category": "medication", "unit": "WARDA"}).content.decode()
    assert (
        "of 4"
        in client.get(LIST, {"status": "submitted", "event_type": "incident"}).content.decode()
    )
    assert "Nothing to show" in client.get(LIST, {"occurred_from": "2099-01-01"}).content.decode()
    nowhere = client.get(LIST, {"unit": "NOWHERE"}).content.decode()
    assert "No unit has the code or name" in nowhere and "Nothing to show" in nowhere


def test_a_manager_sees_only_their_units_events(client_for, org, people):
    _report(org, people, 2)
    services.submit_report(answers(org.ward_b), actor=people["manager2"])
    assert "of 2" in client_for("manager").get(LIST).content.decode()
    assert "of 1" in client_for("manager2").get(LIST).content.decode()
    assert "Nothing to show" in client_for("board").get(LIST).content.decode()
