"""What API fuzzing found, each pinned by an explicit case: out-of-range ids in filters, action
bodies that are not JSON objects, blank and null values the schema did not allow, 500s as HTML
pages, and a stale edit of a person that sent back the password hash."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from schemathesis.checks import response_schema_conformance

from quadrant.actions.models import Action
from quadrant.control.signals.models import Signal
from quadrant.core.api.errors import PROBLEM_JSON
from quadrant.core.models import ApiToken
from quadrant.improvement.api.views import ProjectViewSet
from quadrant.improvement.models import PdsaCycle
from tests.security.api_fuzzing import schema

pytestmark = pytest.mark.django_db

TOO_BIG = "9223372036854775808"  # 2**63: beyond any id column
TOO_SMALL = "-9223372036854775809"
NOT_OBJECTS = ["[]", '"x"', "1", "null", "true"]


def _problem(response) -> dict:
    assert response["Content-Type"].startswith(PROBLEM_JSON), response["Content-Type"]
    body = response.json()
    assert body["status"] == response.status_code and body["title"] and body["type"]
    return body


@pytest.mark.parametrize("parameter", ["goal", "domain"])
@pytest.mark.parametrize("value", [TOO_BIG, TOO_SMALL, "0"])
def test_an_id_filter_out_of_range_is_400_naming_the_parameter(api_for, parameter, value):
    response = api_for("admin").get(f"/api/v1/projects/?{parameter}={value}")
    assert response.status_code == 400
    assert [error["field"] for error in _problem(response)["errors"]] == [parameter]


def test_an_id_filter_in_range_still_filters(api_for, fuzz_world):
    project, goal = fuzz_world.built["improvement.Project"], fuzz_world.built["planning.Goal"]
    api = api_for("admin")
    assert api.get(f"/api/v1/projects/?goal={goal.pk}").json()["count"] == 0
    project.goals.add(goal)
    found = api.get(f"/api/v1/projects/?goal={goal.pk}").json()["results"]
    assert [row["id"] for row in found] == [project.pk]


def test_the_projects_page_with_an_id_beyond_any_table_is_not_a_server_error(client_for):
    response = client_for("admin").get(reverse("improvement:home"), {"goal": TOO_BIG})
    assert response.status_code == 200


def _list_operations() -> list[tuple[str, str]]:
    """(path, query parameter) of every GET without path parameters, read from the schema."""
    found = []
    for operation in schema.get_all_operations():
        operation = operation.ok()
        if operation.method.upper() != "GET" or "{" in operation.path:
            continue
        for parameter in operation.query:
            found.append((operation.path, parameter.name))
    return found


@pytest.mark.parametrize(("path", "parameter"), _list_operations())
def test_no_filter_of_any_list_fails_on_a_whole_number_beyond_the_database(
    api_for, path, parameter
):
    api = api_for("admin")
    api.raise_request_exception = False
    for value in (TOO_BIG, TOO_SMALL, "1e400", "²"):
        response = api.get(path, {parameter: value})
        assert response.status_code < 500, (path, parameter, value)


def _action_paths(world) -> dict[str, str]:
    def pk(label: str) -> int:
        return world.built[label].pk

    cycle = pk("improvement.PdsaCycle")
    return {
        "idea decline": f"/api/v1/ideas/{pk('improvement.Idea')}/decline/",
        "project stage": f"/api/v1/projects/{pk('improvement.Project')}/stage/",
        "PDSA do": f"/api/v1/pdsa-cycles/{cycle}/do/",
        "PDSA study": f"/api/v1/pdsa-cycles/{cycle}/study/",
        "PDSA act": f"/api/v1/pdsa-cycles/{cycle}/act/",
        "action complete": f"/api/v1/actions/{pk('actions.Action')}/complete/",
        "action reassign": f"/api/v1/actions/{pk('actions.Action')}/reassign/",
        "signal acknowledge": f"/api/v1/signals/{pk('control.Signal')}/acknowledge/",
        "signal action": f"/api/v1/signals/{pk('control.Signal')}/action/",
    }


ACTIONS = ["idea decline", "project stage", "PDSA do", "PDSA study", "PDSA act",
           "action complete", "action reassign", "signal acknowledge", "signal action"]  # fmt: skip


@pytest.mark.parametrize("name", ACTIONS)
@pytest.mark.parametrize("body", NOT_OBJECTS)
def test_an_action_body_that_is_not_a_json_object_is_400(api_for, fuzz_world, name, body):
    api = api_for("quality")  # runs projects and acts on signals across the trust
    api.raise_request_exception = False
    response = api.post(_action_paths(fuzz_world)[name], data=body, content_type="application/json")
    assert response.status_code == 400, response.content
    (error,) = _problem(response)["errors"]
    assert error["field"] is None and "JSON object" in error["message"]


def test_an_action_body_with_a_wrong_field_names_it(api_for, fuzz_world):
    path = _action_paths(fuzz_world)["project stage"]
    response = api_for("quality").post(path, {"stage": ["closed"]}, format="json")
    assert response.status_code == 400
    assert [error["field"] for error in _problem(response)["errors"]] == ["stage"]


def test_declining_an_idea_through_the_api_still_works(api_for, fuzz_world):
    idea = fuzz_world.built["improvement.Idea"]
    path = _action_paths(fuzz_world)["idea decline"]
    response = api_for("quality").post(path, {"reason": "Already done"}, format="json")
    assert response.status_code == 200, response.content
    idea.refresh_from_db()
    assert idea.decline_reason == "Already done"


def _check_against_the_schema(path_template: str, path_parameters: dict, person) -> None:
    key = ApiToken.issue(person, name="schema check")[1]
    case = schema[path_template]["GET"].Case(path_parameters=path_parameters)
    response = case.call(headers={"Authorization": f"Token {key}"})
    assert response.status_code == 200
    case.validate_response(response, checks=[response_schema_conformance])


@pytest.mark.parametrize(
    ("path", "model", "field", "value"),
    [
        ("/api/v1/actions/{id}/", Action, "verified_by", None),
        ("/api/v1/signals/{id}/", Signal, "handled_by", None),
        ("/api/v1/pdsa-cycles/{id}/", PdsaCycle, "decision", ""),
    ],
)
def test_blank_and_null_values_conform_to_the_schema(
    fuzz_world, people, wsgi_in_test_transaction, path, model, field, value
):
    record = fuzz_world.built[model._meta.label]
    assert getattr(record, field) == value  # the value that broke the schema is really there
    _check_against_the_schema(path, {"id": record.pk}, people["admin"])


def test_a_server_error_on_the_api_is_problem_json(api_for, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ProjectViewSet, "list", fail)
    api = api_for("admin")
    api.raise_request_exception = False
    response = api.get("/api/v1/projects/")
    assert response.status_code == 500
    body = _problem(response)
    assert "boom" not in json.dumps(body) and "half-saved" in body["detail"]


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/v1/no-such-list/", 404), ("/api/v1/jobs/1.5/", 404), ("/api/v1/projects/", 401)],
)
def test_every_api_error_is_problem_json(path, status):
    response = APIClient().get(path)
    assert response.status_code == status
    assert _problem(response)["detail"]


def test_a_validation_error_is_problem_json_naming_the_field(api_for):
    response = api_for("admin").post("/api/v1/ideas/", {"title": ""}, format="json")
    assert response.status_code == 400
    assert {"title", "org_unit"} <= {error["field"] for error in _problem(response)["errors"]}


def test_a_stale_edit_of_a_person_never_sends_back_the_password_hash(api_for, people):
    person = people["staff"]
    response = api_for("admin").patch(
        f"/api/v1/people/{person.pk}/",
        {"first_name": "Changed", "version": person.version + 5},
        format="json",
    )
    assert response.status_code == 409, response.content
    current = _problem(response)["current"]
    assert current["id"] == person.pk and "password" not in current
    assert person.password not in response.content.decode()


def test_a_value_the_database_cannot_store_is_a_400_not_a_500(api_for) -> None:
    # PostgreSQL refuses NUL characters and over-long values that SQLite would take
    response = api_for("admin").post(
        "/api/v1/auth/token/", {"username": "x" * 400, "password": "a\x00b"}, format="json"
    )
    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/problem+json")
