"""Safety events as FHIR AdverseEvents: every resource valid R4, shaped like LFPSE's record;
the patient named (by NHS number, logged) only to those who may see patient details; no
reporter ever; the searchset's paging and `_lastUpdated`; an OperationOutcome for every bad
parameter and for an event one may not see (the same as one that does not exist)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fhir.resources.R4B.adverseevent import AdverseEvent
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.operationoutcome import OperationOutcome

from quadrant.assurance.incidents import fhir, services
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.tests.conftest import answers
from quadrant.core.fhir import extension_url
from quadrant.core.logs import SecurityEvent
from quadrant.core.testing.matrix import PERSONA_NAMES
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.services import name_on_object

pytestmark = pytest.mark.django_db

URL = "/api/v1/fhir/AdverseEvent"
NHS_NUMBER = "9434765919"
SEES_EVENT = {"staff", "manager", "quality", "manager2"}  # reporter, triage, safety team, handler
SEES_PATIENT = {"quality", "manager2"}


def ext(resource: dict[str, Any], name: str) -> Any:
    found = [e for e in resource.get("extension", []) if e["url"] == extension_url(name)]
    return found[0] if found else None


def outcome_of(response: Any, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/fhir+json")
    body = response.json()
    OperationOutcome.model_validate(body)
    return list(body["issue"])


@pytest.fixture
def handled(reported: Any, people: dict[str, Any]) -> Any:
    """The report, with `manager2` (of another ward) named as its handler."""
    name_on_object(people["manager2"], reported, GrantRole.HANDLER, actor=people["quality"])
    return reported


def test_an_incident_is_a_valid_adverse_event_shaped_like_lfpse(api_for, reported):
    response = api_for("quality").get(f"{URL}/{reported.reference}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    resource = response.json()
    AdverseEvent.model_validate(resource)
    assert resource["id"] == reported.reference
    assert resource["identifier"] == {
        "system": fhir.REFERENCE_SYSTEM, "value": reported.reference
    }  # fmt: skip
    assert resource["actuality"] == "actual"
    assert resource["event"]["coding"][0]["code"] == "incident"
    assert resource["event"]["coding"][0]["system"].startswith("https://www.england.nhs.uk/")
    assert resource["category"][0]["coding"][0]["code"] == "falls"
    assert resource["date"].startswith("2026-11-02T03:10:00")
    assert resource["recordedDate"] == resource["detected"]
    assert resource["location"]["display"] == "Ward A"
    assert resource["location"]["identifier"]["value"] == reported.org_unit.code
    # Low physical harm: non-serious, mild; no outcome claimed.
    assert resource["seriousness"]["coding"][0]["code"] == "non-serious"
    assert [c["code"] for c in resource["severity"]["coding"]] == ["low", "mild"]
    assert "outcome" not in resource
    assert ext(resource, "psychological-harm")["valueCodeableConcept"]["coding"][0]["code"] == (
        "none"
    )
    assert ext(resource, "never-event")["valueBoolean"] is False
    assert ext(resource, "never-event-type") is None
    assert ext(resource, "reportable-to-cqc")["valueBoolean"] is False
    assert ext(resource, "duty-of-candour")["valueBoolean"] is False
    # The reporter (staff) is never exported.
    assert "recorder" not in resource and "contributor" not in resource
    assert "staff" not in response.content.decode()


def test_a_fatal_never_event_and_a_risk(org, people):
    fatal = services.submit_report(
        answers(org.ward_a, physical_harm="fatal", psychological_harm="severe",
                never_event_type="wrong-site-surgery", reportable_to_cqc=True),
        actor=people["staff"],
    ).event  # fmt: skip
    resource = fhir.validated(fhir.adverse_event(fatal))
    assert resource["seriousness"]["coding"][0]["code"] == "serious"
    assert resource["outcome"]["coding"][0]["code"] == "fatal"
    assert ext(resource, "never-event")["valueBoolean"] is True
    never = ext(resource, "never-event-type")["valueCodeableConcept"]["coding"][0]
    assert never["code"] == "wrong-site-surgery" and "never-events" in never["system"]
    assert ext(resource, "reportable-to-cqc")["valueBoolean"] is True
    assert ext(resource, "duty-of-candour")["valueBoolean"] is True
    risk = services.submit_report(
        answers(org.ward_a, event_type="risk", physical_harm="", psychological_harm="",
                occurred_at=None),
        actor=people["staff"],
    ).event  # fmt: skip
    resource = fhir.validated(fhir.adverse_event(risk))
    assert resource["actuality"] == "potential"
    assert resource["date"] == "2026-11-02"
    assert "seriousness" not in resource and "severity" not in resource
    assert ext(resource, "psychological-harm") is None


@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_who_gets_the_patient(api_for, handled, persona):
    listed = api_for(persona).get(URL)
    read = api_for(persona).get(f"{URL}/{handled.reference}")
    bundle = listed.json()
    Bundle.model_validate(bundle)
    if persona not in SEES_EVENT:
        assert (bundle["total"] == 0 and "entry" not in bundle) or bundle["entry"] == []
        assert read.status_code == 404
        return
    resources = [listed.json()["entry"][0]["resource"], read.json()]
    for resource in resources:
        if persona in SEES_PATIENT:
            assert resource["subject"] == {
                "type": "Patient",
                "identifier": {"system": fhir.NHS_NUMBER_SYSTEM, "value": NHS_NUMBER},
            }
        else:
            assert resource["subject"] == {"type": "Group", "display": "unknown"}
    views = SecurityEvent.objects.filter(kind="sensitive_view", detail__contains=handled.reference)
    assert views.filter(username=persona).count() == (2 if persona in SEES_PATIENT else 0)
    for body in (listed, read):
        assert ("Margaret" in body.content.decode()) is False  # never the name, to anyone
        assert (NHS_NUMBER in body.content.decode()) is (persona in SEES_PATIENT)
    assert SecurityEvent.objects.filter(kind="export", username=persona).count() == 1


def test_an_anonymous_report_carries_nothing_of_its_reporter(api_for, org, people):
    event = services.submit_report(answers(org.ward_a), anonymous=True, actor=people["staff"]).event
    resource = api_for("quality").get(f"{URL}/{event.reference}").json()
    text = str(resource)
    assert "recorder" not in resource and "contributor" not in resource
    assert "staff" not in text and str(people["staff"].pk) not in resource["id"]


def _events(org: Any, people: dict[str, Any], count: int) -> list[SafetyEvent]:
    return [
        services.submit_report(answers(org.ward_a), actor=people["staff"]).event
        for _ in range(count)
    ]


def test_the_searchset_pages_with_next_links(api_for, org, people):
    made = _events(org, people, 5)
    api = api_for("quality")
    seen: list[str] = []
    url: str | None = f"{URL}?_count=2"
    pages = 0
    while url:
        bundle = api.get(url).json()
        Bundle.model_validate(bundle)
        assert bundle["type"] == "searchset" and bundle["total"] == 5
        seen += [entry["resource"]["id"] for entry in bundle["entry"]]
        assert all(entry["search"]["mode"] == "match" for entry in bundle["entry"])
        links = {link["relation"]: link["url"] for link in bundle["link"]}
        url = links.get("next")
        pages += 1
        if url:
            assert parse_qs(urlsplit(url).query)["_count"] == ["2"]
    assert pages == 3
    assert sorted(seen) == sorted(event.reference for event in made)
    issues = outcome_of(api.get(f"{URL}?_count=2&_page=4"), 400)
    assert (
        issues[0]["expression"] == ["_page"]
        and "past the last page (3)" in (issues[0]["diagnostics"])
    )


def test_last_updated_filters_with_each_prefix(api_for, org, people):
    old, new = _events(org, people, 2)
    day = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
    SafetyEvent.objects.filter(pk=old.pk).update(updated_at=day)
    SafetyEvent.objects.filter(pk=new.pk).update(updated_at=day + dt.timedelta(days=40))
    api = api_for("quality")

    def ids(query: str) -> set[str]:
        bundle = api.get(f"{URL}?{query}").json()
        return {entry["resource"]["id"] for entry in bundle.get("entry", [])}

    assert ids("_lastUpdated=gt2026-10-01") == {new.reference}
    assert ids("_lastUpdated=ge2026-10-01") == {old.reference, new.reference}
    assert ids("_lastUpdated=lt2026-10-31") == {old.reference}
    assert ids("_lastUpdated=le2026-10-31") == {old.reference}
    assert ids("_lastUpdated=le2026-11-10") == {old.reference, new.reference}
    assert ids("_lastUpdated=ge2026-10-01T13:00:00Z") == {new.reference}
    assert ids("_lastUpdated=ge2026-10-01&_lastUpdated=lt2026-10-02") == {old.reference}
    assert ids("_lastUpdated=2026-10") == {old.reference}


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ("_count=0", "_count", "_count must be a whole number from 1 to 1,000"),
        ("_count=abc", "_count", "_count must be a whole number"),
        ("_count=5000", "_count", "from 1 to 1,000"),
        ("_page=0", "_page", "_page must be a whole number from 1"),
        ("_lastUpdated=yesterday", "_lastUpdated", "is not a date"),
        ("_lastUpdated=xx2026-01-01", "_lastUpdated", "has the prefix “xx”"),
        ("_lastUpdated=ge2026-13-45", "_lastUpdated", "is not a date"),
        ("patient=943", "patient", "is not a parameter of this address"),
        ("_format=xml", "", "_format “xml” is not served here"),
    ],
)
def test_a_bad_parameter_is_an_operation_outcome_naming_it(api_for, reported, query, parameter,
                                                           words):  # fmt: skip
    status = 406 if query.startswith("_format") else 400
    issues = outcome_of(api_for("quality").get(f"{URL}?{query}"), status)
    assert words in issues[0]["diagnostics"]
    if parameter:
        assert issues[0]["expression"] == [parameter]


def test_a_hidden_event_answers_like_one_that_does_not_exist(api_for, reported):
    hidden = outcome_of(api_for("manager2").get(f"{URL}/{reported.reference}"), 404)
    absent = outcome_of(api_for("manager2").get(f"{URL}/PSE-2026-999999"), 404)
    assert hidden[0]["code"] == absent[0]["code"] == "not-found"
    assert hidden[0]["diagnostics"].replace(reported.reference, "X") == (
        absent[0]["diagnostics"].replace("PSE-2026-999999", "X")
    )
    assert "Ward A" not in str(hidden)
    # The hidden one is logged as a denial; the absent one is not.
    denials = SecurityEvent.objects.filter(kind="denied", username="manager2")
    assert [d.detail for d in denials] == [f"view SafetyEvent {reported.reference} (answered 404)"]
    outcome_of(api_for("quality").get(f"{URL}/{reported.reference}?_count=1"), 400)


def test_signed_out_and_writes_are_refused(client, api_for, reported):
    assert client.get(URL).status_code in (401, 403)
    outcome_of(api_for("quality").post(URL, {}, format="json"), 405)
    outcome_of(api_for("quality").delete(f"{URL}/{reported.reference}"), 405)


def test_a_page_costs_the_same_queries_whatever_its_size(
    api_for, org, people, django_assert_max_num_queries
):
    _events(org, people, 12)
    api = api_for("quality")
    api.get(f"{URL}?_count=2")  # the session and permissions are warm
    with django_assert_max_num_queries(14):
        assert len(api.get(f"{URL}?_count=12").json()["entry"]) == 12


def test_imported_reported_date_is_the_recorded_date(reported):
    SafetyEvent.objects.filter(pk=reported.pk).update(
        reported_on=dt.date(2026, 11, 3), source_reference="DX-1"
    )
    event = SafetyEvent.objects.select_related("org_unit").get(pk=reported.pk)
    resource = fhir.validated(fhir.adverse_event(event))
    assert resource["recordedDate"] == resource["detected"] == "2026-11-03"
