"""FHIR R4: export a measure and its data, import MeasureReports (API and file), refuse
malformed resources with the element's path, and keep to the permission rules."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from quadrant.control.measures.models import Observation

pytestmark = pytest.mark.django_db
IMPORT = "/api/v1/measures/fhir/"


def _rows(measure):
    return list(
        Observation.objects.filter(measure=measure)
        .order_by("period")
        .values_list("period", "value", "numerator", "denominator")
    )


@pytest.fixture
def stored(measures):
    falls, hand = measures["falls_a"], measures["hand_a"]
    for month, (num, den) in enumerate([(3, 900), (5, 880), (2, 910), (7, 850)], start=1):
        Observation.objects.create(
            measure=falls, period=dt.date(2024, month, 1), numerator=num, denominator=den,
            value=round(num / den * 1000, 4),
        )  # fmt: skip
    Observation.objects.create(
        measure=falls, period=dt.date(2024, 5, 1), numerator=2.5, denominator=900.5, value=2.776
    )
    for week, value in enumerate([96.5, 97.25, 95.0]):
        Observation.objects.create(
            measure=hand, period=dt.date(2024, 1, 1) + dt.timedelta(weeks=week), value=value
        )
    return measures


def test_export_is_a_valid_bundle_of_measure_and_reports(api_for, stored):
    response = api_for("board").get("/api/v1/measures/FALLS-A/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = response.json()
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    measure = bundle["entry"][0]["resource"]
    assert measure["resourceType"] == "Measure"
    assert measure["url"].endswith("/fhir/Measure/FALLS-A")
    assert measure["improvementNotation"]["coding"][0]["code"] == "decrease"
    reports = [entry["resource"] for entry in bundle["entry"][1:]]
    assert len(reports) == 5
    assert reports[0]["period"] == {"start": "2024-01-01", "end": "2024-01-31"}
    assert reports[0]["group"][0]["population"][0]["count"] == 3


@pytest.mark.parametrize("code", ["FALLS-A", "HH-A"])
def test_round_trip_gives_identical_observations(api_for, stored, code):
    client = api_for("analyst")
    measure = stored["falls_a"] if code == "FALLS-A" else stored["hand_a"]
    before = _rows(measure)
    bundle = client.get(f"/api/v1/measures/{code}/fhir/").json()
    Observation.objects.filter(measure=measure).delete()
    response = client.post(IMPORT, bundle, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == len(before)
    assert _rows(measure) == before
    again = client.post(IMPORT, bundle, format="json").json()
    assert again["summary"].endswith("nothing to change")


def test_a_single_report_with_the_fhir_media_type(api_for, stored):
    bundle = api_for("analyst").get("/api/v1/measures/HH-A/fhir/").json()
    report = copy.deepcopy(bundle["entry"][1]["resource"])
    report["group"][0]["measureScore"]["value"] = 91.5
    response = api_for("analyst").post(
        IMPORT, json.dumps(report), content_type="application/fhir+json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["updated"] == 1
    assert Observation.objects.get(measure__code="HH-A", period="2024-01-01").value == 91.5


def test_malformed_resources_are_refused_with_the_path(api_for, stored):
    client = api_for("analyst")
    bundle = client.get("/api/v1/measures/FALLS-A/fhir/").json()
    count = Observation.objects.count()
    bad = copy.deepcopy(bundle)
    bad["entry"][3]["resource"]["group"][0]["measureScore"]["value"] = "lots"
    errors = client.post(IMPORT, bad, format="json").json()["errors"]
    assert errors[0]["field"] == "entry[3].resource.group[0].measureScore.value"
    assert errors[0]["message"] == "value is not a valid decimal"

    missing = copy.deepcopy(bundle)
    del missing["entry"][2]["resource"]["period"]
    errors = client.post(IMPORT, missing, format="json").json()["errors"]
    assert errors == [
        {"row": 3, "field": "entry[2].resource.period", "message": "this element is required"}
    ]

    unknown = copy.deepcopy(bundle)
    unknown["entry"][4]["resource"]["measure"] = "https://example.org/fhir/Measure/NOPE"
    unknown["entry"][1]["resource"]["period"]["start"] = "2024-01-15"
    errors = client.post(IMPORT, unknown, format="json").json()["errors"]
    assert {(e["field"], e["message"][:20]) for e in errors} == {
        ("entry[1].resource.period.start", "2024-01-15 is not th"),
        ("entry[4].resource.measure", "there is no measure "),
    }
    for body in ({"resourceType": "Patient"}, [1, 2], {"resourceType": "Bundle", "type": 7}):
        response = client.post(IMPORT, body, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["field"]
    assert Observation.objects.count() == count


def test_permissions(api_for, stored):
    bundle = api_for("board").get("/api/v1/measures/FALLS-A/fhir/").json()
    assert api_for("manager2").get("/api/v1/measures/FALLS-A/fhir/").status_code == 404
    assert api_for("outsider").get("/api/v1/measures/FALLS-A/fhir/").status_code == 404
    response = api_for("manager2").post(IMPORT, bundle, format="json")
    assert response.status_code == 400
    assert "permission" in response.json()["errors"][0]["message"]
    # a patient partner may enter data nowhere: refused outright, naming no measure or unit
    refused = api_for("partner").post(IMPORT, bundle, format="json")
    assert refused.status_code == 403
    assert "FALLS-A" not in refused.content.decode()
    assert "Ward A" not in refused.content.decode()
    assert api_for("manager").post(IMPORT, bundle, format="json").status_code == 200


def test_the_file_import_page_takes_a_fhir_file(client_for, stored, tmp_path):
    from quadrant.control.intake.importers.run import import_file

    bundle = client_for("analyst").get("/api/v1/measures/HH-A/fhir/")
    data = bundle.json() if bundle.status_code == 200 else None
    assert data is not None
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
    assert result.errors[0].field == "entry[1].resource.resourceType"
