"""One error body everywhere: every operation of the schema, sent a bad request, answers
`application/problem+json` (RFC 9457) with `type`, `title`, `status` and either a list of
field errors or a sentence. FHIR addresses answer FHIR's OperationOutcome instead."""

from __future__ import annotations

import json
import re

import pytest
from rest_framework.test import APIClient

from quadrant.core.api.errors import PROBLEM_JSON
from tests.api.conftest import FHIR, operations

TOKEN = "/api/v1/auth/token/"
OPERATIONS = [(method, path) for method, path, _ in operations() if FHIR not in path]


def _send(client: APIClient, method: str, path: str, query: str = "") -> object:
    address = re.sub(r"\{[^}]+\}", "1", path) + query
    body = json.dumps({}) if method in ("post", "put", "patch") else None
    return client.generic(method.upper(), address, body or "", content_type="application/json")


def _problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith(PROBLEM_JSON), response["Content-Type"]
    body = response.json()
    assert body["type"] == "about:blank" and body["status"] == status and body["title"]
    assert isinstance(body.get("detail"), str) or isinstance(body.get("errors"), list), body
    for error in body.get("errors", []):
        assert set(error) <= {"row", "field", "message"} and error["message"], error
    return body


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_a_bad_request_with_field_errors(api_for, org, method, path):
    client = api_for("admin")
    if path == TOKEN:  # no one is signed in yet: the body is wrong too
        errors = _problem(_send(APIClient(), method, path), 400)["errors"]
        assert {error["field"] for error in errors} == {"username", "password"}
        client = APIClient()
    errors = _problem(_send(client, method, path, "?not_a_parameter=1"), 400)["errors"]
    assert [error["field"] for error in errors] == ["not_a_parameter"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_answers_no_credentials_with_a_problem(org, method, path):
    if path == TOKEN:
        return
    body = _problem(_send(APIClient(), method, path), 401)
    assert "credentials" in body["detail"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_declares_its_errors_as_problems(method, path):
    responses = dict(operations_by_key()[(method, path)]["responses"])
    for code in ("400", "401", "403", "404"):
        assert list(responses[code]["content"]) == [PROBLEM_JSON], (code, responses[code])


def operations_by_key() -> dict:
    return {(method, path): operation for method, path, operation in operations()}


def test_an_address_that_matches_nothing_is_a_problem(api_for, org):
    body = _problem(api_for("admin").get("/api/v1/no-such-list/"), 404)
    assert body["detail"] == "Not found."


def test_a_method_an_address_does_not_take_is_a_problem(api_for, org):
    body = _problem(api_for("admin").delete("/api/v1/history/"), 405)
    assert "DELETE" in body["detail"]


def test_a_record_that_is_not_there_is_a_problem(api_for, org):
    _problem(api_for("admin").get("/api/v1/org-units/NOWHERE/"), 404)


def test_a_wrong_password_is_a_problem_naming_the_field(people):
    response = APIClient().post(TOKEN, {"username": "manager", "password": "wrong"}, "json")
    [error] = _problem(response, 400)["errors"]
    assert error["field"] == "password"


def test_a_refused_upload_is_a_problem_with_its_summary(api_for, ward_a_measures):
    rows = [{"measure": "W07", "period": "2024-01-01", "value": "lots"}]
    response = api_for("analyst").post("/api/v1/observations/bulk/", rows, format="json")
    body = _problem(response, 400)
    assert body["errors"] == [{"row": 1, "field": "value", "message": "“lots” is not a number"}]
    assert body["summary"]
    not_a_list = api_for("analyst").post("/api/v1/observations/bulk/", "3", format="json")
    assert _problem(not_a_list, 400)["errors"][0]["message"] == "Send a JSON list of observations"


def test_a_body_that_is_not_json_is_a_problem(api_for, org):
    response = api_for("admin").generic(
        "POST", "/api/v1/org-units/", "code X", content_type="text/plain"
    )
    assert "text/plain" in _problem(response, 415)["detail"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_body_is_offered_as_json_alone(method, path):
    body = operations_by_key()[(method, path)].get("requestBody")
    assert body is None or list(body["content"]) == ["application/json"], body
