"""FHIR R4: export a measure and its data, import MeasureReports (API and file), refuse
malformed resources with the element's path in an OperationOutcome, and keep to the
permission rules."""

from __future__ import annotations

import copy
import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.parameters import Parameters

from quadrant.control.intake.tests.fhir_world import IMPORT, issues, observations_of, post
from quadrant.control.measures.models import Observation

pytestmark = pytest.mark.django_db


def test_export_is_a_valid_bundle_of_measure_and_reports(api_for, stored):
    response = api_for("board").get("/api/v1/measures/FALLS-A/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    bundle = response.json()
    Bundle.model_validate(bundle)
    measure = bundle["entry"][0]["resource"]
    assert measure["resourceType"] == "Measure"
    assert measure["url"].endswith("/fhir/Measure/FALLS-A")
    assert measure["improvementNotation"]["coding"][0]["code"] == "decrease"
    reports = [entry["resource"] for entry in bundle["entry"][1:]]
    assert len(reports) == 5
    assert reports[0]["period"] == {"start": "2024-01-01", "end": "2024-01-31"}
    assert reports[0]["group"][0]["population"][0]["count"] == 3
    # a quantity carries its UCUM code: falls per 1,000 bed days
    assert reports[0]["group"][0]["measureScore"] == {
        "value": 3.3333, "unit": "per 1,000", "system": "http://unitsofmeasure.org",
        "code": "/1000",
    }  # fmt: skip
    assert all(entry["fullUrl"].startswith("urn:uuid:") for entry in bundle["entry"][1:])


@pytest.mark.parametrize("code", ["FALLS-A", "HH-A"])
def test_an_export_imports_back_to_identical_observations(api_for, stored, code):
    client = api_for("analyst")
    before = observations_of(code)
    bundle = client.get(f"/api/v1/measures/{code}/fhir/").json()
    Observation.objects.filter(measure__code=code).delete()
    response = post(client, bundle)
    assert response.status_code == 200, response.json()
    answer = response.json()
    Parameters.model_validate(answer)
    counts = {p["name"]: p.get("valueInteger") for p in answer["parameter"]}
    assert counts["created"] == len(before) and counts["updated"] == 0
    assert observations_of(code) == before
    again = {p["name"]: p for p in post(client, bundle).json()["parameter"]}
    assert again["summary"]["valueString"].endswith("nothing to change")


def test_a_single_report_with_the_fhir_media_type(api_for, stored):
    bundle = api_for("analyst").get("/api/v1/measures/HH-A/fhir/").json()
    report = copy.deepcopy(bundle["entry"][1]["resource"])
    report["group"][0]["measureScore"]["value"] = 91.5
    response = api_for("analyst").post(
        IMPORT, json.dumps(report), content_type="application/fhir+json"
    )
    assert response.status_code == 200, response.json()
    assert Observation.objects.get(measure__code="HH-A", period="2024-01-01").value == 91.5


def test_malformed_resources_are_refused_with_the_path(api_for, stored):
    client = api_for("analyst")
    bundle = client.get("/api/v1/measures/FALLS-A/fhir/").json()
    count = Observation.objects.count()
    bad = copy.deepcopy(bundle)
    bad["entry"][3]["resource"]["group"][0]["measureScore"]["value"] = "lots"
    response = post(client, bad)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    OperationOutcome.model_validate(response.json())
    assert issues(response) == [
        ("Bundle.entry[3].resource.group[0].measureScore.value", "Value is not a valid decimal")
    ]
    assert response.json()["issue"][0]["severity"] == "error"
    assert response.json()["issue"][0]["code"] == "invalid"

    missing = copy.deepcopy(bundle)
    del missing["entry"][2]["resource"]["status"]
    assert issues(post(client, missing)) == [
        ("Bundle.entry[2].resource.status", "This element is required")
    ]

    unknown = copy.deepcopy(bundle)
    unknown["entry"][4]["resource"]["measure"] = "https://example.org/fhir/Measure/NOPE"
    unknown["entry"][1]["resource"]["period"] = {"start": "2024-01-15"}
    response = post(client, unknown)
    assert response.status_code == 422  # valid FHIR that breaks a rule of ours
    assert {(where, text[:20]) for where, text in issues(response)} == {
        ("Bundle.entry[1].resource.period.start", "2024-01-15 is not th"),
        ("Bundle.entry[4].resource.measure", "There is no measure "),
    }
    empty = {"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:x"}]}
    assert issues(post(client, empty)) == [
        (
            "Bundle.entry[0].resource.resourceType",
            "A MeasureReport is expected, not an entry without a resource",
        )
    ]
    for body in ({"resourceType": "Patient"}, [1, 2], {"resourceType": "Bundle", "type": 7}):
        response = post(client, body)
        assert response.status_code == 400 and response.json()["issue"][0]["expression"]
    assert Observation.objects.count() == count


def test_permissions(api_for, stored):
    bundle = api_for("board").get("/api/v1/measures/FALLS-A/fhir/").json()
    for hidden in ("manager2", "outsider"):
        response = api_for(hidden).get("/api/v1/measures/FALLS-A/fhir/")
        assert response.status_code == 404
        assert response.json()["issue"][0]["code"] == "not-found"
    response = post(api_for("manager2"), bundle)
    assert response.status_code == 422
    assert "permission" in response.json()["issue"][0]["diagnostics"]
    assert Observation.objects.filter(measure__code="FALLS-A").count() == 5
    # a patient partner may enter data nowhere: refused outright, naming no measure or unit
    refused = post(api_for("partner"), bundle)
    assert refused.status_code == 403
    assert refused.json()["issue"][0]["code"] == "forbidden"
    assert "FALLS-A" not in refused.content.decode()
    assert "Ward A" not in refused.content.decode()
    assert post(api_for("manager"), bundle).status_code == 200


def test_the_file_import_page_takes_a_fhir_file(client_for, stored, tmp_path):
    from quadrant.control.intake.importers.run import import_file

    data = client_for("analyst").get("/api/v1/measures/HH-A/fhir/").json()
    Observation.objects.filter(measure__code="HH-A").delete()
    path = tmp_path / "reports.json"
    path.write_text(json.dumps(data))
    client = client_for("analyst")
    with path.open("rb") as handle:
        response = client.post("/control/measures/imports/new/", {"file": handle, "source": ""})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"2024-01-08" in page.content  # the preview shows the reports as rows
    response = client.post(
        response["Location"],
        {"measure": "measure", "period": "period", "value": "value", "import": "1"},
    )
    assert Observation.objects.filter(measure__code="HH-A").count() == 3
    bad = dict(data, entry=[*data["entry"][:1], {"resource": {"resourceType": "Patient"}}])
    path.write_text(json.dumps(bad))
    with path.open("rb") as handle:
        result = import_file(
            handle, filename="bad.json", columns={}, actor=stored["hand_a"].owner,
            source="test", route="file",
        )  # fmt: skip
    assert result.errors[0].field == "Bundle.entry[1].resource.resourceType"
    assert result.errors[0].message == "a MeasureReport is expected, not a Patient"
