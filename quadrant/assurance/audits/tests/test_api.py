"""API: /api/v1/audit-templates/ and /api/v1/audit-runs/ (with answers), scoped like the pages."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from quadrant.assurance.audits import services
from quadrant.assurance.audits.tests.conftest import answer_all


def test_templates_carry_their_sections_questions_and_standards(
    api_for: Any, hygiene: SimpleNamespace
) -> None:
    response = api_for("staff").get("/api/v1/audit-templates/", {"current": "true"})
    assert response.status_code == 200
    (template,) = response.json()["results"]
    assert (template["code"], template["version_number"], template["is_current"]) == (
        "hand-hygiene",
        1,
        True,
    )
    assert template["pass_threshold"] == "85.0"
    (section,) = template["sections"]
    kinds = [question["kind"] for question in section["questions"]]
    assert kinds == ["yes_no", "score", "number", "choice", "text"]
    assert section["questions"][0]["weight"] == "2.00"


def test_runs_come_with_their_answers(
    api_for: Any, hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any]
) -> None:
    answer_all(run_a, hygiene, people["auditor"], yes_no="no")
    services.sign_off_run(run_a, actor=people["auditor"])
    response = api_for("manager").get(f"/api/v1/audit-runs/{run_a.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["org_unit"], body["status"], body["score"], body["passed"]) == (
        "WARDA",
        "signed_off",
        "60.0",
        False,
    )
    assert body["auditor"] == body["signed_off_by"] == "auditor"
    answers = {answer["question"]: answer for answer in body["answers"]}
    assert answers[hygiene.yes_no.pk]["choice"] == "no"
    assert answers[hygiene.score.pk]["score"] == 4


def test_manager2_sees_no_run_of_ward_a(api_for: Any, run_a: Any) -> None:
    client = api_for("manager2")
    assert client.get("/api/v1/audit-runs/").json()["results"] == []
    assert client.get(f"/api/v1/audit-runs/{run_a.pk}/").status_code == 404
    own = api_for("manager").get("/api/v1/audit-runs/", {"org_unit": "WARDA"}).json()
    assert [run["id"] for run in own["results"]] == [run_a.pk]


def test_an_unknown_filter_is_refused_and_writes_are_not_allowed(api_for: Any, run_a: Any) -> None:
    client = api_for("auditor")
    assert client.get("/api/v1/audit-runs/", {"colour": "red"}).status_code == 400
    assert client.post("/api/v1/audit-runs/", {}, format="json").status_code == 405


def test_outsider_and_anonymous_see_nothing(api_for: Any, client: Any, run_a: Any) -> None:
    assert api_for("outsider").get("/api/v1/audit-runs/").json()["results"] == []
    assert client.get("/api/v1/audit-templates/").status_code in (401, 403)
