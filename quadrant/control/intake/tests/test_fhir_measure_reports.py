"""MeasureReport import as FHIR senders write them: scores converted to the measure's scale by
their UCUM unit and checked against their counts, only complete summary reports, periods by
their start or end (dates or dateTimes), every group read or refused by name, relative and
canonical references, real UUIDs in urn:uuid: addresses, and nothing half-imported."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from fhir.resources.R4B.measurereport import MeasureReport
from fhir.resources.R4B.operationoutcome import OperationOutcome

from quadrant.control.intake.tests.fhir_world import UCUM, issues, observations_of, post
from quadrant.control.measures.models import Observation

pytestmark = pytest.mark.django_db
POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population"
CODE_SYSTEM = "urn:quadrant:measure-code"


def population(name: str, count: int) -> dict[str, Any]:
    return {"code": {"coding": [{"system": POPULATION, "code": name}]}, "count": count}


def report(
    measure: str = "https://quadrant.example/fhir/Measure/PU-A",
    start: str | None = "2024-03-01",
    end: str | None = "2024-03-31",
    score: dict[str, Any] | None = None,
    counts: tuple[int, int] | None = (45, 50),
    **fields: Any,
) -> dict[str, Any]:
    """A summary MeasureReport of PU-A for March 2024 (45 of 50 patients: 90 %)."""
    group: dict[str, Any] = {}
    if counts:
        group["population"] = [population("numerator", counts[0]),
                               population("denominator", counts[1])]  # fmt: skip
    if score is not None:
        group["measureScore"] = score
    period = {key: value for key, value in (("start", start), ("end", end)) if value}
    resource = {"resourceType": "MeasureReport", "id": "pu-march", "status": "complete",
                "type": "summary", "measure": measure, "period": period, "group": [group],
                **fields}  # fmt: skip
    MeasureReport.model_validate(resource)  # every report sent here is valid FHIR
    return resource


def bundle(*resources: dict[str, Any], urls: list[str] | None = None) -> dict[str, Any]:
    urls = urls or [f"urn:uuid:{uuid.uuid4()}" for _ in resources]
    entries = [{"fullUrl": url, "resource": r} for url, r in zip(urls, resources, strict=True)]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def stored_value(code: str = "PU-A", period: str = "2024-03-01") -> float | None:
    row = Observation.objects.filter(measure__code=code, period=period).first()
    return None if row is None else row.value


@pytest.mark.parametrize(
    ("score", "counts"),
    [
        ({"value": 0.9}, (45, 50)),  # FHIR's proportion, no unit: 90 %
        ({"value": 0.9}, None),
        ({"value": 0.9, "system": UCUM, "code": "1"}, None),
        ({"value": 90, "system": UCUM, "code": "%", "unit": "%"}, (45, 50)),
        ({"value": 90, "unit": "%"}, None),  # the measure's own unit, in words
        ({"value": 90}, (45, 50)),  # a percentage without a unit, the counts say so
        ({"value": 900, "system": UCUM, "code": "[ppth]"}, None),
        ({"value": "0.90"}, (45, 50)),  # a decimal as text, which fhir.resources accepts
    ],
)
def test_a_score_is_stored_on_the_measures_scale(api_for, percent, score, counts):
    response = post(api_for("manager"), report(score=score, counts=counts))
    assert response.status_code == 200, response.json()
    assert stored_value() == 90.0


def test_a_proportion_measure_takes_a_percentage_as_a_proportion(api_for, percent):
    percent.multiplier, percent.unit_label = 1, ""
    percent.save()
    score = {"value": 90, "system": UCUM, "code": "%"}
    assert post(api_for("manager"), report(score=score)).status_code == 200
    assert stored_value() == 0.9


def test_a_score_that_contradicts_its_counts_is_refused_naming_the_report(api_for, percent):
    score = {"value": 0.09, "system": UCUM, "code": "1"}  # 9 %, where 45 ÷ 50 is 90 %
    response = post(api_for("manager"), bundle(report(score=score)))
    assert response.status_code == 422
    OperationOutcome.model_validate(response.json())
    [(where, text)] = issues(response)
    assert where == "Bundle.entry[0].resource.group[0].measureScore"
    assert text.startswith("MeasureReport “pu-march”: the score 0.09 (9 %) does not agree")
    assert "45 ÷ 50 × 100 = 90 %" in text
    # rounding as sent is no contradiction: 0.33 for 1 in 3
    close = {"value": 0.33, "system": UCUM, "code": "1"}
    assert post(api_for("manager"), report(score=close, counts=(1, 3))).status_code == 200
    assert stored_value() == 33.0


@pytest.mark.parametrize(
    ("score", "words"),
    [
        ({"value": 96.5}, "a score without a unit is a proportion from 0 to 1"),
        (
            {"value": 3, "system": UCUM, "code": "d"},
            "the score is in “d” but the measure is in “%”",
        ),
        ({"value": 90, "system": "http://snomed.info/sct", "code": "%"}, "UCUM"),
    ],
)
def test_a_score_in_a_unit_that_cannot_be_converted_is_refused(api_for, percent, score, words):
    response = post(api_for("manager"), report(score=score, counts=None))
    assert response.status_code == 422
    [(where, text)] = issues(response)
    assert where == "MeasureReport.group[0].measureScore" and words.lower() in text.lower()
    assert stored_value() is None


@pytest.mark.parametrize(
    ("fields", "where", "words"),
    [
        ({"status": "pending"}, "MeasureReport.status", "has the status “pending”"),
        ({"status": "error"}, "MeasureReport.status", "only complete reports"),
        ({"type": "individual"}, "MeasureReport.type", "is an individual report"),
    ],
)
def test_only_complete_summary_reports_are_imported(api_for, percent, fields, where, words):
    response = post(api_for("manager"), report(**fields))
    assert response.status_code == 422
    [(found, text)] = issues(response)
    assert found == where and words in text and "MeasureReport “pu-march”" in text
    assert stored_value() is None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2024-03-01T00:00:00Z", "2024-03-31T23:59:59Z"),
        ("2024-03-01T00:00:00+00:00", "2024-04-01T00:00:00+00:00"),  # an end at midnight after
        ("2024-03", "2024-03"),
        (None, "2024-03-31"),  # the end alone says which month
        (None, "2024-03"),
        ("2024-03-01", None),
    ],
)
def test_the_period_is_read_from_its_start_or_its_end(api_for, percent, start, end):
    response = post(api_for("manager"), report(start=start, end=end))
    assert response.status_code == 200, response.json()
    assert [row[0] for row in observations_of("PU-A")] == [dt.date(2024, 3, 1)]


def test_a_period_end_that_is_not_the_end_of_its_period_is_refused(api_for, percent):
    response = post(api_for("manager"), report(end="2024-03-15"))
    assert issues(response) == [
        (
            "MeasureReport.period.end",
            "The period ends on 2024-03-15, but the month starting 2024-03-01 ends on 2024-03-31",
        )
    ]
    response = post(api_for("manager"), report(start=None, end="2024-03-15"))
    assert issues(response)[0][1].startswith("2024-03-15 is not the last day of a monthly period")


def test_every_group_is_read_and_an_unmapped_one_is_refused_by_name(api_for, percent, measures):
    groups = [
        {"code": {"coding": [{"system": CODE_SYSTEM, "code": "PU-A"}]},
         "measureScore": {"value": 90, "system": UCUM, "code": "%"}},
        {"code": {"coding": [{"system": CODE_SYSTEM, "code": "HH-A"}]},
         "measureScore": {"value": 97}},
    ]  # fmt: skip
    two = report(start="2024-03-04", end="2024-03-10", counts=None)
    two["group"] = groups
    two["measure"] = "https://quadrant.example/fhir/Measure/WARD-A-BUNDLE"
    percent.frequency = "week"
    percent.save()
    response = post(api_for("manager"), two)
    assert response.status_code == 200, response.json()
    assert stored_value("PU-A", "2024-03-04") == 90.0
    assert stored_value("HH-A", "2024-03-04") == 97.0

    unmapped = dict(
        two, group=[*groups, {"code": {"text": "Side room"}, "measureScore": {"value": 1}}]
    )
    response = post(api_for("manager"), unmapped)
    assert response.status_code == 422
    [(where, text)] = issues(response)
    assert where == "MeasureReport.group[2]"
    assert text.startswith("Group[2] (“Side room”) is not mapped to a measure")


@pytest.mark.parametrize(
    "reference",
    [
        "Measure/PU-A",
        "https://elsewhere.nhs.uk/fhir/Measure/PU-A|2",
        "https://quadrant.example/fhir/Measure/PU-A/_history/3",
        "PU-A",
    ],
)
def test_relative_and_canonical_references_name_the_measure(api_for, percent, reference):
    assert post(api_for("manager"), report(measure=reference)).status_code == 200
    assert stored_value() == 90.0


def test_a_reference_to_a_measure_of_the_bundle_reads_its_identifier(api_for, percent):
    address = f"urn:uuid:{uuid.uuid4()}"
    measure = {"resourceType": "Measure", "id": "pressure-ulcers", "status": "active",
               "url": "https://region.nhs.uk/measures/pressure-ulcers",
               "identifier": [{"system": CODE_SYSTEM, "value": "PU-A"}]}  # fmt: skip
    for reference in (address, "https://region.nhs.uk/measures/pressure-ulcers"):
        sent = bundle(
            measure, report(measure=reference), urls=[address, f"urn:uuid:{uuid.uuid4()}"]
        )
        response = post(api_for("manager"), sent)
        assert response.status_code == 200, response.json()
    elsewhere = post(api_for("manager"), bundle(report(measure=f"urn:uuid:{uuid.uuid4()}")))
    [(where, text)] = issues(elsewhere)
    assert where == "Bundle.entry[0].resource.measure" and "names no measure" in text


def test_urn_uuid_addresses_must_hold_uuids(api_for, percent):
    sent = bundle(report(), urls=["urn:uuid:pu-march-2024"])
    response = post(api_for("manager"), sent)
    assert response.status_code == 400
    [(where, text)] = issues(response)
    assert where == "Bundle.entry[0].fullUrl" and "“urn:uuid:pu-march-2024” is not a UUID" in text
    assert stored_value() is None


def test_one_bad_report_and_nothing_is_imported(api_for, percent):
    good = report()
    bad = report(start="2024-04-01", end="2024-04-30", status="pending")
    also_bad = report(start="2024-05-01", end="2024-05-31", score={"value": 0.5})
    response = post(api_for("manager"), bundle(good, bad, also_bad))
    assert response.status_code == 422
    assert [where for where, _ in issues(response)] == [
        "Bundle.entry[1].resource.status",
        "Bundle.entry[2].resource.group[0].measureScore",
    ]
    assert observations_of("PU-A") == []
    check = post(api_for("manager"), bundle(good), "?dry_run=true")
    assert check.status_code == 200 and observations_of("PU-A") == []
