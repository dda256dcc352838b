"""The audit pages per persona: a quality lead builds a template, an auditor answers a run on
the ward (HTMX, one answer at a time) and signs it off; the result page; the denied paths."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.urls import reverse

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditAnswer, AuditQuestion, AuditRun, AuditTemplate
from quadrant.assurance.audits.tests.conftest import answer_all

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_quality_lead_builds_a_template_through_the_pages(
    client_for: Any, people: dict[str, Any]
) -> None:
    client = client_for("quality")
    response = client.post(
        reverse("assurance:audit_template_new"),
        {"code": "trolley", "title": "Resuscitation trolley", "pass_threshold": "90"},
    )
    template = AuditTemplate.objects.get()
    assert response.status_code == 302 and template.pass_threshold == 90
    client.post(reverse("assurance:audit_section_new", args=[template.pk]), {"title": "Drawers"})
    section = template.sections.get()
    response = client.post(
        reverse("assurance:audit_question_new", args=[section.pk]),
        {"text": "Trolley sealed?", "kind": "yes_no", "weight": "1", "evidence": "none"},
    )
    assert response.status_code == 302
    page = client.get(template.get_absolute_url()).content.decode()
    assert "Trolley sealed?" in page and "90.0%" in page


def test_a_question_without_its_rule_is_refused_on_the_page(
    client_for: Any, hygiene: SimpleNamespace
) -> None:
    response = client_for("quality").post(
        reverse("assurance:audit_question_new", args=[hygiene.section.pk]),
        {"text": "Score it", "kind": "score", "weight": "1", "evidence": "none"},
    )
    assert response.status_code == 400
    assert "Enter the highest score, 1 or more" in response.content.decode()


def test_a_threshold_over_100_is_refused(client_for: Any, hygiene: SimpleNamespace) -> None:
    response = client_for("quality").post(
        reverse("assurance:audit_template_edit", args=[hygiene.template.pk]),
        {"title": "Hand hygiene", "pass_threshold": "120"},
    )
    assert response.status_code == 400
    assert "Pass threshold must be between 0% and 100%" in response.content.decode()


def test_editing_a_used_template_on_its_page_makes_a_new_version(
    client_for: Any, hygiene: SimpleNamespace, run_a: Any
) -> None:
    response = client_for("quality").post(
        reverse("assurance:audit_question_edit", args=[hygiene.yes_no.pk]),
        {"text": "Hands cleaned?", "kind": "yes_no", "weight": "2", "evidence": "required"},
    )
    new = AuditTemplate.objects.get(version_number=2)
    assert response.status_code == 302 and response.url == new.get_absolute_url()
    assert AuditQuestion.objects.filter(section__template=new, text="Hands cleaned?").exists()
    old_page = client_for("quality").get(hygiene.template.get_absolute_url()).content.decode()
    assert "This version has been replaced" in old_page and "Hands cleaned before" in old_page


def test_the_auditor_starts_answers_and_signs_off_on_the_pages(
    client_for: Any, hygiene: SimpleNamespace, org: Any
) -> None:
    client = client_for("auditor")
    response = client.post(
        reverse("assurance:audit_run_new"),
        {"template": hygiene.template.pk, "org_unit": org.ward_a.pk,
         "run_date-day": "2", "run_date-month": "11", "run_date-year": "2026"},
    )  # fmt: skip
    run = AuditRun.objects.get()
    assert response.status_code == 302 and run.run_date == dt.date(2026, 11, 2)
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'hx-post="' in page and 'name="answer" type="radio" value="na"' in page
    url = lambda q: reverse("assurance:audit_answer", args=[run.pk, q.pk])  # noqa: E731
    saved = client.post(url(hygiene.yes_no), {"answer": "no", "note": "Missed"}, **HTMX)
    assert saved.status_code == 200 and "Saved." in saved.content.decode()
    refused = client.post(url(hygiene.score), {"answer": "9"}, **HTMX)
    assert "Score must be a whole number from 0 to 4" in refused.content.decode()
    plain = client.post(url(hygiene.score), {"answer": "4"})
    assert plain.status_code == 302 and plain.url.endswith(f"#question-{hygiene.score.pk}")
    for name, value in [("number", "12"), ("choice", "Yes"), ("text", "Fine")]:
        client.post(url(getattr(hygiene, name)), {"answer": value}, **HTMX)
    assert AuditAnswer.objects.filter(run=run).count() == 5
    signed = client.post(reverse("assurance:audit_run_sign_off", args=[run.pk]), follow=True)
    result = signed.content.decode()
    # (0×2 + 1 + 1 + 1) / 5 = 60%
    assert "60.0%" in result and "Failed" in result and "Hands cleaned before" in result
    assert "first signed-off audit" in result
    assert "/control/measures/AUDIT-WARDA-hand-hygiene/" in result and "SPC chart" in result


def test_the_result_shows_the_change_since_the_last_audit(
    client_for: Any, hygiene: SimpleNamespace, org: Any, people: dict[str, Any]
) -> None:
    auditor = people["auditor"]
    earlier = services.start_run(hygiene.template, org.ward_a, dt.date(2026, 10, 1), actor=auditor)
    answer_all(earlier, hygiene, auditor, yes_no="no")
    services.sign_off_run(earlier, actor=auditor)
    later = services.start_run(hygiene.template, org.ward_a, dt.date(2026, 11, 1), actor=auditor)
    answer_all(later, hygiene, auditor)
    services.sign_off_run(later, actor=auditor)
    page = client_for("staff").get(later.get_absolute_url()).content.decode()
    assert "100.0%" in page and "Up 40.0 points" in page and "Passed" in page


def test_staff_see_their_wards_results_but_cannot_answer(
    client_for: Any, hygiene: SimpleNamespace, run_a: Any
) -> None:
    client = client_for("staff")
    page = client.get(run_a.get_absolute_url())
    assert page.status_code == 200 and "hx-post" not in page.content.decode()
    url = reverse("assurance:audit_answer", args=[run_a.pk, hygiene.yes_no.pk])
    assert client.post(url, {"answer": "yes"}).status_code == 403
    assert client.post(reverse("assurance:audit_run_sign_off", args=[run_a.pk])).status_code == 403
    assert not AuditAnswer.objects.exists()


def test_manager2_sees_nothing_of_ward_a(
    client_for: Any, hygiene: SimpleNamespace, run_a: Any
) -> None:
    client = client_for("manager2")
    assert client.get(run_a.get_absolute_url()).status_code == 404
    url = reverse("assurance:audit_answer", args=[run_a.pk, hygiene.yes_no.pk])
    assert client.post(url, {"answer": "yes"}).status_code == 404
    listing = client.get(reverse("assurance:audits")).content.decode()
    assert "Ward A" not in listing and "No audits yet" in listing
    found = client.get(reverse("search"), {"q": "Hand hygiene"}).content.decode()
    assert run_a.get_absolute_url() not in found
    own = client_for("manager").get(reverse("search"), {"q": "Hand hygiene"}).content.decode()
    assert run_a.get_absolute_url() in own


def test_only_quality_leads_reach_the_template_editing_pages(
    client_for: Any, hygiene: SimpleNamespace
) -> None:
    for username in ("auditor", "manager", "staff"):
        client = client_for(username)
        assert client.get(reverse("assurance:audit_template_new")).status_code == 403
        edit = reverse("assurance:audit_question_edit", args=[hygiene.yes_no.pk])
        assert client.post(edit, {"text": "X", "kind": "yes_no"}).status_code == 403
        assert client.get(hygiene.template.get_absolute_url()).status_code == 200
    hygiene.yes_no.refresh_from_db()
    assert hygiene.yes_no.text == "Hands cleaned before patient contact?"


def test_a_manager_cannot_start_an_audit(
    client_for: Any, hygiene: SimpleNamespace, org: Any
) -> None:
    response = client_for("manager").post(
        reverse("assurance:audit_run_new"),
        {"template": hygiene.template.pk, "org_unit": org.ward_a.pk,
         "run_date-day": "2", "run_date-month": "11", "run_date-year": "2026"},
    )  # fmt: skip
    assert response.status_code == 400  # ward A is not among the units offered
    assert not AuditRun.objects.exists()


def test_the_export_holds_only_the_runs_one_may_see(
    client_for: Any, hygiene: SimpleNamespace, run_a: Any, org: Any, people: dict[str, Any]
) -> None:
    services.start_run(hygiene.template, org.ward_b, dt.date(2026, 11, 3), actor=people["auditor"])

    def rows(username: str) -> list[str]:
        response = client_for(username).get(reverse("assurance:audit_runs_export"))
        assert response["Content-Type"].startswith("text/csv")
        return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    manager2 = rows("manager2")
    assert manager2[0].startswith("Audit,Template version,Unit")
    assert len(manager2) == 2 and "Ward B" in manager2[1]
    assert not any("Ward A" in line for line in manager2)
    assert len(rows("auditor")) == 3
    assert rows("outsider") == [manager2[0]]
