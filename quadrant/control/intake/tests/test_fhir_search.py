"""FHIR search parameters on the export: `_count` pages the reports with next and previous
links, `_lastUpdated` (ge, le, gt, lt, eq) picks reports by their last change, and a bad value
is a 400 OperationOutcome naming the parameter."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from quadrant.control.intake.tests.fhir_world import issues
from quadrant.control.measures.models import Observation

pytestmark = pytest.mark.django_db
EXPORT = "/api/v1/measures/FALLS-A/fhir/"


def periods(bundle):
    return [
        e["resource"]["period"]["start"] for e in bundle["entry"] if e["resource"].get("period")
    ]


def links(bundle):
    return {link["relation"]: link["url"] for link in bundle.get("link", [])}


def test_count_pages_the_reports_with_next_and_previous_links(api_for, stored):
    client = api_for("analyst")
    first = client.get(EXPORT, {"_count": "2"}).json()
    Bundle.model_validate(first)
    assert first["entry"][0]["resource"]["resourceType"] == "Measure"  # on every page
    assert periods(first) == ["2024-01-01", "2024-02-01"]
    assert set(links(first)) == {"self", "next"}
    seen = periods(first)
    page = first
    while "next" in links(page):
        url = urlsplit(links(page)["next"])
        assert parse_qs(url.query)["_count"] == ["2"]
        page = client.get(url.path, {k: v[0] for k, v in parse_qs(url.query).items()}).json()
        seen += periods(page)
    assert seen == [f"2024-0{month}-01" for month in range(1, 6)]
    assert set(links(page)) == {"self", "previous"}
    assert "link" not in client.get(EXPORT).json()  # without _count: every report, one Bundle


def test_last_updated_picks_reports_by_their_last_change(api_for, stored):
    moments = {
        "2024-01-01": "2024-03-01T09:00:00+00:00",
        "2024-02-01": "2024-04-15T12:00:00+00:00",
        "2024-03-01": "2024-04-30T23:30:00+00:00",  # 00:30 on 1 May in London (BST)
        "2024-04-01": "2024-05-02T08:00:00+00:00",
        "2024-05-01": "2024-06-01T00:00:00+00:00",
    }
    for period, moment in moments.items():
        Observation.objects.filter(measure__code="FALLS-A", period=period).update(
            updated_at=dt.datetime.fromisoformat(moment)
        )
    client = api_for("analyst")

    def found(*values):
        response = client.get(EXPORT, {"_lastUpdated": list(values)})
        assert response.status_code == 200, response.json()
        return periods(response.json())

    assert found("ge2024-04-15") == ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"]
    assert found("gt2024-04-15") == ["2024-03-01", "2024-04-01", "2024-05-01"]
    assert found("lt2024-04-15") == ["2024-01-01"]
    assert found("le2024-04") == ["2024-01-01", "2024-02-01"]  # London time: the third is May
    assert found("2024-05") == ["2024-03-01", "2024-04-01"]
    assert found("ge2024-04-01", "lt2024-05-02T08:00:00Z") == ["2024-02-01", "2024-03-01"]
    assert found("gt2024-05-02T08:00:00Z") == ["2024-05-01"]
    raw_plus = client.get(f"{EXPORT}?_lastUpdated=ge2024-05-02T09:00:00+01:00")  # + unescaped
    assert periods(raw_plus.json()) == ["2024-04-01", "2024-05-01"]
    stamped = client.get(EXPORT, {"_count": "1"}).json()["entry"][1]["resource"]["meta"]
    assert stamped["lastUpdated"] == "2024-03-01T09:00:00+00:00"
    assert timezone.is_aware(dt.datetime.fromisoformat(stamped["lastUpdated"]))


@pytest.mark.parametrize(
    ("query", "named", "words"),
    [
        ({"_count": "0"}, "_count", "_count must be a whole number from 1 to 1,000"),
        ({"_count": "lots"}, "_count", "whole number"),
        ({"_count": "1001"}, "_count", "to 1,000"),
        ({"_count": "2", "_page": "0"}, "_page", "_page must be a whole number from 1 or more"),
        ({"_count": "2", "_page": "4"}, "_page", "_page 4 is past the last page (3)"),
        ({"_page": "2"}, "_page", "_page needs _count"),
        ({"_lastUpdated": "ne2024-01-01"}, "_lastUpdated", "the prefix “ne”: use ge, le, gt"),
        ({"_lastUpdated": "ge2024-13-01"}, "_lastUpdated", "is not a date"),
        ({"_lastUpdated": "yesterday"}, "_lastUpdated", "is not a date"),
        ({"_lastUpdated": "ge01/04/2024"}, "_lastUpdated", "like ge2024-04-01"),
    ],
)
def test_a_bad_search_value_is_a_400_naming_the_parameter(api_for, stored, query, named, words):
    response = api_for("analyst").get(EXPORT, query)
    assert response.status_code == 400
    [(where, text)] = issues(response)
    assert where == named and words in text
