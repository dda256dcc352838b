"""A query parameter an API address does not understand is a 400 naming the ones it does, and
a filter value that means nothing is a 400 naming the filter (never ignored, never an empty
list that looks like an answer)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient

from quadrant.control.measures.models import Observation
from quadrant.core.api.query import refuse_unknown_parameters
from quadrant.core.api.viewsets import ReadOnlyApiViewSet
from quadrant.core.models import Job

BULK = "/api/v1/observations/bulk/"


def _errors(response) -> list[dict]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    return response.json()["errors"]


def test_an_unknown_parameter_on_a_list_names_what_the_list_understands(api_for, org):
    [error] = _errors(api_for("board").get("/api/v1/org-units/?knd=ward"))
    assert error["field"] == "knd"
    assert error["message"] == (
        "“knd” is not a query parameter of this address: use one of active, archived, code, "
        "depth, format, kind, ordering, page, page_size"
    )


def test_each_unknown_parameter_is_named(api_for, ward_a_measures):
    errors = _errors(api_for("board").get("/api/v1/measures/?unit=WARDA&colour=red&sort=code"))
    assert [error["field"] for error in errors] == ["colour", "sort"]
    assert (
        "domain, format, frequency, ordering, owner, page, page_size, q, unit"
        in (errors[0]["message"])
    )


def test_a_record_takes_no_list_parameters(api_for, ward_a_measures):
    assert api_for("board").get("/api/v1/measures/W07/").status_code == 200
    [error] = _errors(api_for("board").get("/api/v1/measures/W07/?page=2"))
    assert error["field"] == "page" and "archived, format" in error["message"]


def test_a_write_with_an_unknown_parameter_saves_nothing(api_for, ward_a_measures):
    rows = [{"measure": "W07", "period": "2024-01-01", "value": 3}]
    [error] = _errors(api_for("analyst").post(f"{BULK}?dryrun=true", rows, format="json"))
    assert error["field"] == "dryrun" and "dry_run" in error["message"]
    assert not Observation.objects.exists()


def test_an_action_reads_the_parameters_it_declares(api_for, ward_a_measures):
    rows = [{"measure": "W07", "period": "2024-01-01", "value": 3}]
    checked = api_for("analyst").post(f"{BULK}?dry_run=true", rows, format="json")
    assert checked.status_code == 200 and checked.json()["created"] == 1
    assert not Observation.objects.exists()
    [error] = _errors(api_for("analyst").post(f"{BULK}?dry_run=perhaps", rows, format="json"))
    assert error == {"field": "dry_run", "message": "dry_run must be true or false"}


def test_the_refusal_comes_after_the_credentials(org):
    response = APIClient().get("/api/v1/org-units/?knd=ward")
    assert response.status_code in (401, 403)


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        ("/api/v1/org-units/?active=maybe", "active", "active must be true or false"),
        ("/api/v1/org-units/?archived=yes", "archived", "archived must be true or false"),
        ("/api/v1/observations/?measure=NOPE", "measure", "No measure has the code “NOPE”"),
        ("/api/v1/annotations/?kind=party", "kind", None),
        ("/api/v1/measures/?unit=Nowhere", "unit", "No unit has the code or name “Nowhere”"),
        ("/api/v1/org-units/?depth=deep", "depth", "Enter a whole number."),
    ],
)
def test_a_filter_value_that_means_nothing_is_400_naming_it(
    api_for, ward_a_measures, path, field, message
):
    [error] = _errors(api_for("board").get(path))
    assert error["field"] == field
    if message is not None:
        assert error["message"] == message


def test_good_filter_values_still_filter(api_for, ward_a_measures):
    api = api_for("board")
    assert api.get("/api/v1/org-units/?active=true&kind=ward").json()["count"] == 3
    assert api.get("/api/v1/org-units/?active=false").json()["count"] == 0
    assert api.get("/api/v1/observations/?measure=w07").json()["count"] == 0


class _FhirRenderer(JSONRenderer):
    media_type = "application/fhir+json"


class _FhirJobs(ReadOnlyApiViewSet):
    model = Job
    renderer_classes = [_FhirRenderer]


class _DeclaringJobs(ReadOnlyApiViewSet):
    model = Job
    query_parameters = frozenset({"since"})


def _view(view_class, action="list"):
    view = view_class()
    view.action, view.detail = action, False
    return view


def test_a_fhir_view_keeps_its_own_search_parameters(rf):
    request = Request(rf.get("/api/v1/jobs/", {"_count": "5", "_format": "json"}))
    refuse_unknown_parameters(_view(_FhirJobs), request)  # FHIR's parameters are its own


def test_a_view_adds_the_parameters_it_reads(rf):
    refuse_unknown_parameters(_view(_DeclaringJobs), Request(rf.get("/", {"since": "1"})))
    with pytest.raises(ValidationError) as refused:
        refuse_unknown_parameters(_view(_DeclaringJobs), Request(rf.get("/", {"until": "1"})))
    assert "since" in str(refused.value.detail["until"][0])


class _UnorderedJobs(ReadOnlyApiViewSet):
    model = Job
    filter_backends: ClassVar[list[Any]] = []


def test_a_list_without_the_ordering_backend_does_not_claim_ordering(rf):
    with pytest.raises(ValidationError) as refused:
        refuse_unknown_parameters(_view(_UnorderedJobs), Request(rf.get("/", {"ordering": "id"})))
    assert "ordering" in refused.value.detail
    assert "format, page, page_size" in str(refused.value.detail["ordering"][0])
