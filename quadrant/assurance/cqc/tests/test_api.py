"""/api/v1/cqc-assessments/: create one for a unit with statement scores or evidence-category
scores, read back its key questions; scoped and refused like every list."""

from __future__ import annotations

import pytest

from quadrant.assurance.cqc.models import SelfAssessment

from .conftest import category, statements

pytestmark = pytest.mark.django_db
URL = "/api/v1/cqc-assessments/"
SAFE_SCORES = [3, 3, 3, 2, 3, 2, 3, 2]  # 21 of 32 = 65.625% → shown 65.6, banded 66: Good


def body(cqc, unit="WARD-A"):
    safe = statements(cqc, "safe")
    return {
        "org_unit": unit,
        "summary": "Quarterly look at the ward",
        "scores": [
            *({"statement": s.pk, "score": n} for s, n in zip(safe, SAFE_SCORES, strict=False)),
            {
                "statement": statements(cqc, "well-led")[0].pk,
                "categories": [
                    {"category": category(cqc, "feedback-staff-leaders").pk, "score": 4,
                     "rationale": "Staff survey"},
                    {"category": category(cqc, "processes").pk, "score": 3},
                ],
            },
        ],
    }  # fmt: skip


def test_a_manager_records_one_and_reads_the_ratings_back(cqc, org, api_for):
    api = api_for("manager")
    created = api.post(URL, body(cqc, org.ward_a.code), format="json")
    assert created.status_code == 201, created.json()
    answer = created.json()
    assert answer["key_questions"][0] == {
        "key_question": "Safe", "percent": 65.6, "rating": "Good", "total": 21, "maximum": 32,
        "statements_scored": 8,
    }  # fmt: skip
    well_led = answer["key_questions"][1]
    assert (well_led["key_question"], well_led["rating"], well_led["percent"]) == (
        "Well-led", "Outstanding", 100.0,
    )  # 7 of 8 = 87.5% → 88 → a statement score of 4; the key question 4 of 4  # fmt: skip
    read = api.get(f"{URL}{answer['id']}/").json()
    assert read["key_questions"] == answer["key_questions"]
    scored = [row for row in read["statement_scores"] if not row["given_directly"]]
    assert scored[0]["score"] == 4 and scored[0]["categories"][0]["rationale"] == "Staff survey"


def test_a_bad_score_is_a_problem_naming_its_place(cqc, org, api_for):
    sent = body(cqc, org.ward_a.code)
    sent["scores"][2]["score"] = 9
    refused = api_for("manager").post(URL, sent, format="json")
    assert refused.status_code == 400
    assert refused["Content-Type"].startswith("application/problem+json")
    [error] = refused.json()["errors"]
    assert error["field"] == "scores[2].score" and "from 1 to 4" in error["message"]
    assert not SelfAssessment.objects.exists()


def test_staff_may_not_record_one(cqc, org, api_for):
    refused = api_for("staff").post(URL, body(cqc, org.ward_a.code), format="json")
    assert refused.status_code == 403 and not SelfAssessment.objects.exists()


def test_another_wards_manager_neither_records_nor_sees_one(cqc, org, api_for):
    api_for("manager").post(URL, body(cqc, org.ward_a.code), format="json")
    other = api_for("manager2")
    refused = other.post(URL, body(cqc, org.ward_a.code), format="json")
    assert refused.status_code in (400, 403) and SelfAssessment.objects.count() == 1
    assert other.get(URL).json()["results"] == []
    hidden = SelfAssessment.objects.get()
    assert other.get(f"{URL}{hidden.pk}/").status_code == 404
    assert api_for("quality").get(URL).json()["count"] == 1  # the trust's quality lead does


def test_an_assessment_is_kept_as_recorded(cqc, org, api_for):
    api = api_for("manager")
    created = api.post(URL, body(cqc, org.ward_a.code), format="json").json()
    assert (
        api.put(f"{URL}{created['id']}/", body(cqc, org.ward_a.code), format="json").status_code
        == 405
    )
    assert api.delete(f"{URL}{created['id']}/").status_code == 405


def test_the_list_filters_by_unit_and_orders_by_date(cqc, org, people, api_for):
    import datetime as dt

    from quadrant.assurance.cqc.services import record_assessment

    from .conftest import direct

    safe = statements(cqc, "safe")
    for unit, days in ((org.ward_a, 30), (org.ward_b, 10), (org.ward_a, 5)):
        record_assessment(unit, direct(safe, [3]), actor=people["quality"],
                          assessed_on=dt.date.today() - dt.timedelta(days=days))  # fmt: skip
    api = api_for("quality")
    ward_a = api.get(f"{URL}?unit={org.ward_a.code}&ordering=-assessed_on").json()["results"]
    assert [row["org_unit"] for row in ward_a] == [org.ward_a.code, org.ward_a.code]
    assert ward_a[0]["assessed_on"] > ward_a[1]["assessed_on"]
    assert api.get(f"{URL}?unit=NOWHERE").status_code == 400
