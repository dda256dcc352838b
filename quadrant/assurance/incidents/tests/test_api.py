"""The incidents API: POST reports an event (named, or anonymous with its receipt code once),
with clear 400s for bad input and nothing stored half; reads are scoped like the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from quadrant.assurance.incidents.models import PatientDetails, SafetyEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"


def body(**changes):
    data = {
        "event_type": "incident", "description": "Wrong dose of insulin given at 08:00.",
        "occurred_on": "2026-11-20", "org_unit": "WARDA", "affected": "patient",
        "physical_harm": "moderate", "psychological_harm": "low", "category": "medication",
        "patient": {"name": "Arthur Pendle", "nhs_number": "943 476 5919"},
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_named_report(api_for):
    response = api_for("staff").post(URL, body(), format="json")
    assert response.status_code == 201
    data = response.json()
    assert data["reference"].startswith("PSE-") and data["reporter"] == "staff"
    assert data["duty_of_candour"] is True and "patient" not in data and "receipt_code" not in data
    assert PatientDetails.objects.get().nhs_number == "9434765919"


def test_an_anonymous_report_answers_its_receipt_code_once(api_for):
    response = api_for("staff").post(URL, body(anonymous=True), format="json")
    assert response.status_code == 201
    data = response.json()
    assert (
        data["reporter"] is None and data["anonymous"] is True and len(data["receipt_code"]) == 19
    )
    listed = api_for("staff").get(URL).json()
    assert listed["count"] == 0  # not one of "my" reports
    quality = api_for("quality").get(f"{URL}{data['id']}/").json()
    assert "receipt_code" not in quality and quality["reporter"] is None


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {"occurred_on": "2999-01-01"},
            "occurred_on",
            "Date of the event must be today or in the past",
        ),
        ({"occurred_on": "yesterday"}, "occurred_on", "Date"),
        ({"description": "x" * 5001}, "description", "5,000 characters or fewer"),
        ({"description": 12}, "", ""),  # a number is taken as its text: accepted
        ({"event_type": "meteor"}, "event_type", "not a valid choice"),
        ({"org_unit": "WARDB"}, "org_unit", "No "),  # a unit one may not report at: unnamed
        ({"org_unit": "NOWHERE"}, "org_unit", "No "),
        ({"physical_harm": ""}, "physical_harm", "Select the physical harm"),
        ({"patient": {"nhs_number": "9434765918"}}, "patient", "valid NHS number"),
        ({"patient": {"date_of_birth": "2999-01-01"}}, "patient", "past"),
        ({"patient": "Arthur"}, "patient", ""),
        ({"anonymous": "perhaps"}, "anonymous", ""),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(api_for, changes, field, words):
    response = api_for("staff").post(URL, body(**changes), format="json")
    if changes == {"description": 12}:
        assert response.status_code == 201
        return
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    assert any(e["field"].startswith(field) and words in e["message"] for e in errors), errors
    assert not SafetyEvent.objects.exists() and not PatientDetails.objects.exists()


def test_html_is_stored_as_text(api_for):
    script = "<script>alert(1)</script>"
    response = api_for("staff").post(URL, body(description=script), format="json")
    assert response.json()["description"] == script


def test_no_updates_nor_deletes(api_for, reported):
    client = api_for("quality")
    assert (
        client.patch(f"{URL}{reported.pk}/", {"status": "closed"}, format="json").status_code == 405
    )
    assert client.delete(f"{URL}{reported.pk}/").status_code == 405


def test_filters(api_for, reported):
    client = api_for("quality")
    assert client.get(URL, {"unit": "MED"}).json()["count"] == 1
    assert client.get(URL, {"unit": "SURG"}).json()["count"] == 0
    assert client.get(URL, {"physical_harm": "low", "event_type": "incident"}).json()["count"] == 1
    day = reported.occurred_on + dt.timedelta(days=1)
    assert client.get(URL, {"occurred_from": day.isoformat()}).json()["count"] == 0
    assert client.get(URL, {"harm": "low"}).status_code == 400  # a misspelt filter
