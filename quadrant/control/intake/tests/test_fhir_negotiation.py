"""FHIR content negotiation: FHIR JSON for the Accept headers and `_format` values FHIR clients
send, a 406 OperationOutcome for anything else; every error of a FHIR endpoint (a bad body, an
unknown parameter, a wrong content type, no credentials) is an OperationOutcome too."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from rest_framework.test import APIClient

from quadrant.control.intake.tests.fhir_world import IMPORT, issues, post

pytestmark = pytest.mark.django_db
EXPORT = "/api/v1/measures/HH-A/fhir/"
FHIR_JSON = "application/fhir+json; charset=utf-8"


@pytest.mark.parametrize(
    "accept",
    [
        "application/fhir+json",
        "application/json+fhir",
        "application/json",
        "application/fhir+json; fhirVersion=4.0",
        "text/html,application/xhtml+xml,*/*;q=0.8",  # a browser
        "",
    ],
)
def test_fhir_json_is_answered_to_what_fhir_clients_accept(api_for, stored, accept):
    response = api_for("analyst").get(EXPORT, HTTP_ACCEPT=accept)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == FHIR_JSON
    Bundle.model_validate(response.json())


@pytest.mark.parametrize(
    "value", ["json", "application/fhir+json", "application/fhir json", "application/json+fhir"]
)
def test_format_asks_for_fhir_json_whatever_accept_says(api_for, stored, value):
    response = api_for("analyst").get(EXPORT, {"_format": value}, HTTP_ACCEPT="application/xml")
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON


@pytest.mark.parametrize(
    ("accept", "query", "named"),
    [
        ("application/fhir+xml", {}, "Accept"),
        ("application/fhir+json;q=0, text/turtle", {}, "Accept"),
        ("", {"_format": "xml"}, "_format"),
        ("", {"_format": "application/fhir+xml"}, "_format"),
    ],
)
def test_what_is_not_served_is_a_406_outcome(api_for, stored, accept, query, named):
    response = api_for("analyst").get(EXPORT, query, HTTP_ACCEPT=accept)
    assert response.status_code == 406
    assert response["Content-Type"] == FHIR_JSON
    OperationOutcome.model_validate(response.json())
    [(_, text)] = issues(response)
    assert named in text and "application/fhir+json" in text
    assert response.json()["issue"][0]["code"] == "not-supported"


def test_the_import_answers_406_before_it_saves_anything(api_for, stored):
    bundle = api_for("analyst").get(EXPORT).json()
    response = api_for("analyst").post(
        IMPORT, bundle, format="json", HTTP_ACCEPT="application/fhir+xml"
    )
    assert response.status_code == 406


def test_unknown_parameters_are_named_with_the_ones_understood(api_for, stored):
    response = api_for("analyst").get(EXPORT, {"_sort": "date", "_count": "2"})
    assert response.status_code == 400
    [(where, text)] = issues(response)
    assert where == "_sort"
    assert "_count, _format, _lastUpdated, _page" in text
    response = post(api_for("analyst"), {"resourceType": "Bundle"}, "?dryrun=true")
    assert issues(response)[0][0] == "dryrun" and "dry_run" in issues(response)[0][1]
    response = post(api_for("analyst"), {"resourceType": "Bundle"}, "?dry_run=maybe")
    assert issues(response) == [("dry_run", "dry_run must be true or false")]
    # a rule of the whole API (archived is true or false) answers as FHIR here too
    response = api_for("analyst").get(EXPORT, {"archived": "maybe"})
    assert response.status_code == 400 and issues(response)[0][0] == "archived"


def test_a_body_that_is_not_json_is_a_400_outcome(api_for, stored):
    client = api_for("analyst")
    for body in ("{not json", "[" * 100_000):
        response = client.post(IMPORT, body, content_type="application/fhir+json")
        assert response.status_code == 400
        [(_, text)] = issues(response)
        assert "not JSON" in text
    response = client.post(IMPORT, "measure,period", content_type="text/csv")
    assert response.status_code == 415
    assert response.json()["issue"][0]["code"] == "not-supported"
    assert response["Content-Type"] == FHIR_JSON


def test_no_credentials_is_a_401_outcome(stored):
    response = APIClient().get(EXPORT)
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == FHIR_JSON
    assert response.json()["issue"][0]["code"] in ("login", "forbidden")


def test_a_measure_one_may_not_see_answers_as_one_that_does_not_exist(api_for, stored):
    hidden = api_for("manager2").get(EXPORT)
    missing = api_for("manager2").get("/api/v1/measures/NOPE/fhir/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert "HH-A" not in hidden.content.decode()


def test_an_unexpected_failure_is_a_500_outcome_that_says_nothing_was_saved(
    api_for, stored, monkeypatch
):
    from quadrant.control.measures.api import fhir_views

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(fhir_views.fhir, "export_bundle", broken)
    client = api_for("analyst")
    client.raise_request_exception = False
    response = client.get(EXPORT)
    assert response.status_code == 500
    assert response["Content-Type"] == FHIR_JSON
    [issue] = response.json()["issue"]
    assert issue["severity"] == "fatal" and issue["code"] == "exception"
    assert "half-saved" in issue["diagnostics"] and "fire" not in issue["diagnostics"]


@pytest.mark.parametrize("query", ["", "?archived=false", "?_format=json"])
def test_the_import_address_read_is_the_measure_coded_fhir(api_for, stored, query):
    """GET measures/fhir/ is the address of a measure coded "fhir" (as measures/{code}/ is for
    any other code): with none, the API's own 404 — not the import's OperationOutcome."""
    response = api_for("analyst").get(IMPORT + query)
    assert response.status_code in (400, 404), response.content[:300]
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_measure_coded_fhir_is_read_at_its_address(api_for, stored):
    measure = stored["falls_a"]
    measure.code = "fhir"
    measure.save(update_fields=["code"])
    response = api_for("analyst").get(IMPORT)
    assert response.status_code == 200 and response.json()["code"] == "fhir"
