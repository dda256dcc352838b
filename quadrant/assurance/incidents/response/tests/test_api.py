"""The API of learning responses and the response plan: scoped, read-only, filtered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from quadrant.assurance.incidents.response import services

pytestmark = pytest.mark.django_db
RESPONSES = "/api/v1/learning-responses/"


def test_the_safety_team_and_the_lead_read_a_response(
    review: Any, api_for: Any, people: Any
) -> None:
    services.add_finding(review, "tasks", "Rounding chart unclear", actor=people["quality"])
    for who in ("quality", "manager"):
        answer = api_for(who).get(RESPONSES)
        assert answer.status_code == 200
        (row,) = answer.json()["results"]
        assert row["event"] == review.event.reference and row["lead"] == "manager"
        assert row["findings"] == [{"factor": "tasks", "text": "Rounding chart unclear"}]
        assert "Thistlewood" not in answer.content.decode()


@pytest.mark.parametrize("who", ["staff", "manager2", "board", "partner"])
def test_others_see_no_response(review: Any, api_for: Any, who: str) -> None:
    client = api_for(who)
    assert client.get(RESPONSES).json()["results"] == []
    assert client.get(f"{RESPONSES}{review.pk}/").status_code == 404


def test_overdue_filter_and_bad_parameters(review: Any, api_for: Any) -> None:
    client = api_for("quality")
    assert client.get(RESPONSES, {"overdue": "true"}).json()["results"] == []
    type(review).objects.filter(pk=review.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    (row,) = client.get(RESPONSES, {"overdue": "true"}).json()["results"]
    assert row["overdue"] is True
    assert client.get(RESPONSES, {"response_type": "nonsense"}).status_code == 400
    assert client.get(RESPONSES, {"colour": "red"}).status_code == 400


def test_the_response_plan(api_for: Any) -> None:
    answer = api_for("staff").get("/api/v1/response-plan/", {"status": "published"})
    (plan,) = answer.json()["results"]
    assert plan["number"] == 1 and plan["rules"][0]["title"] == "Never Events"
    assert plan["rules"][0]["response_type"] == "psii"
    assert api_for("staff").get(f"/api/v1/response-plan/{plan['id']}/").json()["number"] == 1
    (first,) = api_for("staff").get("/api/v1/response-plan/", {"number": 1}).json()["results"]
    assert first["id"] == plan["id"]
    assert api_for("staff").post("/api/v1/response-plan/", {}).status_code == 405
