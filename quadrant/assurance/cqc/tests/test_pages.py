"""The self-assessment pages: record one through the form, read its arithmetic, start the next
from it; every problem named on the page; others' assessments neither shown nor hinted at."""

from __future__ import annotations

import pytest

from quadrant.assurance.cqc.models import SelfAssessment
from quadrant.assurance.cqc.services import record_assessment

from .conftest import category, direct, statements

pytestmark = pytest.mark.django_db
SAFE_SCORES = [3, 3, 3, 2, 3, 2, 3, 2]


def form_data(cqc):
    data = {
        f"score-{s.pk}": str(n) for s, n in zip(statements(cqc, "safe"), SAFE_SCORES, strict=False)
    }
    data["rationale-" + str(statements(cqc, "safe")[0].pk)] = "Learning from incidents is shared"
    data["summary"] = "First look"
    return data


def test_a_manager_records_one_through_the_form_and_reads_it(cqc, org, client_for):
    client = client_for("manager")
    page = client.get(f"/assurance/cqc/new/?unit={org.ward_a.code}")
    assert page.status_code == 200 and "Score by evidence category instead" in page.content.decode()
    sent = client.post(f"/assurance/cqc/new/?unit={org.ward_a.code}", form_data(cqc))
    assert sent.status_code == 302
    assessment = SelfAssessment.objects.get()
    html = client.get(sent["Location"]).content.decode()
    assert "21 out of 32 = 65.6%" in html and "Good" in html
    assert "Learning from incidents is shared" in html
    listed = client.get("/assurance/cqc/").content.decode()
    assert assessment.get_absolute_url() in listed


def test_the_next_one_starts_from_the_last(cqc, org, people, client_for):
    safe = statements(cqc, "safe")
    record_assessment(org.ward_a, direct(safe, [4]), actor=people["manager"])
    html = client_for("manager").get(f"/assurance/cqc/new/?unit={org.ward_a.code}").content.decode()
    assert f'name="score-{safe[0].pk}"' in html
    chosen = html.split(f'name="score-{safe[0].pk}"')[1].split("</select>")[0]
    assert '<option value="4" selected>' in chosen


def test_a_problem_is_named_on_the_page_and_nothing_recorded(cqc, org, client_for):
    first = statements(cqc, "safe")[0]
    data = {f"score-{first.pk}": "3",
            f"category-{first.pk}-{category(cqc, 'processes').pk}": "2"}  # fmt: skip
    answer = client_for("manager").post(f"/assurance/cqc/new/?unit={org.ward_a.code}", data)
    html = answer.content.decode()
    assert answer.status_code == 400 and "There is a problem" in html
    assert "not both" in html and f'href="#score-{first.pk}"' in html
    assert not SelfAssessment.objects.exists()


def test_nothing_scored_is_a_problem_too(cqc, org, client_for):
    answer = client_for("manager").post(f"/assurance/cqc/new/?unit={org.ward_a.code}", {})
    assert (
        answer.status_code == 400
        and "Score at least one quality statement" in answer.content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("staff", 403), ("manager2", 404), ("partner", 404)]
)
def test_those_who_may_not_assess_the_unit_are_refused(cqc, org, client_for, persona, status):
    client = client_for(persona)
    assert client.get(f"/assurance/cqc/new/?unit={org.ward_a.code}").status_code == status
    assert (
        client.post(f"/assurance/cqc/new/?unit={org.ward_a.code}", form_data(cqc)).status_code
        == status
    )
    assert not SelfAssessment.objects.exists()


def test_another_wards_assessment_is_neither_shown_nor_hinted_at(cqc, org, people, client_for):
    hidden = record_assessment(
        org.ward_a, direct(statements(cqc, "safe"), [2]), actor=people["manager"]
    )
    other = client_for("manager2")
    assert other.get(hidden.get_absolute_url()).status_code == 404
    assert org.ward_a.name not in other.get("/assurance/cqc/").content.decode()
    assert client_for("quality").get(hidden.get_absolute_url()).status_code == 200


def test_without_a_unit_the_form_sends_one_to_choose_it(cqc, client_for):
    answer = client_for("manager").get("/assurance/cqc/new/")
    assert answer.status_code == 302 and answer["Location"] == "/assurance/cqc/"


def test_the_list_costs_the_same_queries_however_many_assessments(cqc, org, people, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    safe = statements(cqc, "safe")
    client = client_for("quality")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/assurance/cqc/").status_code == 200
        return len(captured.captured_queries)

    record_assessment(org.ward_a, direct(safe, [3]), actor=people["quality"])
    client.get("/assurance/cqc/")
    one = count()
    for unit in (org.ward_a, org.ward_b, org.medicine):
        record_assessment(unit, direct(safe, [2, 3]), actor=people["quality"])
    assert count() <= one + 3 * 2  # one query of scores each, nothing per statement or group
