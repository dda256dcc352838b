"""The triage queue, the event page's triage panel, the response pages and the plan's pages,
as people use them: what each role sees, the forms' messages, and the denied paths."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.incidents.response import services
from quadrant.assurance.incidents.response.models import Finding, ResponsePlan, Triage

pytestmark = pytest.mark.django_db


def triage_post(people: Any, **changes: str) -> dict[str, str]:
    data = {
        "category": "falls",
        "physical_harm": "moderate",
        "psychological_harm": "none",
        "response_type": "after_action_review",
        "rationale": "",
        "lead": str(people["manager"].pk),
        "due_date-day": "",
        "due_date-month": "",
        "due_date-year": "",
    }
    data.update(changes)
    return data


def test_the_queue_lists_events_waiting_with_the_plans_suggestion(
    reported: Any, client_for: Any
) -> None:
    page = client_for("manager").get(reverse("assurance:triage_queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reported.reference in html and "No further response" in html
    assert "Thistlewood" not in html  # never a patient detail in a list


@pytest.mark.parametrize(("value", "listed"), [("", True), ("true", False), ("false", True)])
def test_the_queue_filters_never_events(
    reported: Any, client_for: Any, value: str, listed: bool
) -> None:
    page = client_for("manager").get(reverse("assurance:triage_queue"), {"never_event": value})
    html = page.content.decode()
    assert page.status_code == 200 and (reported.reference in html) is listed
    assert '<option value="" selected>Any</option>' in html or value
    assert ">Never Events only</option>" in html and "Unknown" not in html


@pytest.mark.parametrize("who", ["manager2", "quality"])
def test_the_queue_is_scoped(reported: Any, client_for: Any, who: str) -> None:
    html = client_for(who).get(reverse("assurance:triage_queue")).content.decode()
    assert (reported.reference in html) is (who == "quality")


@pytest.mark.parametrize("who", ["staff", "board", "partner"])
def test_the_queue_is_refused_to_those_who_do_not_triage(client_for: Any, who: str) -> None:
    page = client_for(who).get(reverse("assurance:triage_queue"))
    assert page.status_code == 403
    assert "permission to triage incidents" in page.content.decode()


def test_triage_on_the_event_page(reported: Any, client_for: Any, people: Any) -> None:
    client = client_for("quality")
    page = client.get(reported.get_absolute_url())
    assert "Triage and learning response" in page.content.decode()
    assert "suggests <strong>no further response</strong>" in page.content.decode()
    url = reverse("assurance:safety_event_triage", args=[reported.pk])
    refused = client.post(url, triage_post(people, physical_harm="low"))
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Error:" in html and "Explain why you chose a different response" in html
    assert not Triage.objects.exists()
    done = client.post(url, triage_post(people))
    assert done.status_code == 302
    response = reported.learning_responses.get()
    shown = client.get(reported.get_absolute_url()).content.decode()
    assert response.get_absolute_url() in shown and "After action review" in shown


def test_bad_input_in_the_triage_form(reported: Any, client_for: Any, people: Any) -> None:
    url = reverse("assurance:safety_event_triage", args=[reported.pk])
    past = timezone.localdate() - dt.timedelta(days=3)
    page = client_for("quality").post(
        url,
        triage_post(
            people,
            category="no-such",
            rationale="x" * 2001,
            response_type="nonsense",
            lead="999999",
            **{
                "due_date-day": str(past.day),
                "due_date-month": str(past.month),
                "due_date-year": str(past.year),
            },
        ),
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Why this response must be 2,000 characters or fewer" in html
    assert not Triage.objects.exists()


@pytest.mark.parametrize("who", ["staff", "partner"])
def test_who_may_not_triage_sees_no_panel_and_is_refused(
    reported: Any, client_for: Any, people: Any, who: str
) -> None:
    client = client_for(who)
    page = client.get(reported.get_absolute_url())
    if page.status_code == 200:
        assert "Triage and learning response" not in page.content.decode()
    posted = client.post(
        reverse("assurance:safety_event_triage", args=[reported.pk]), triage_post(people)
    )
    assert posted.status_code in (403, 404)
    assert not Triage.objects.exists()


def test_another_wards_manager_is_told_nothing(reported: Any, client_for: Any, people: Any) -> None:
    posted = client_for("manager2").post(
        reverse("assurance:safety_event_triage", args=[reported.pk]), triage_post(people)
    )
    assert posted.status_code == 404


def test_the_after_action_review_page(review: Any, client_for: Any, people: Any) -> None:
    client = client_for("manager")  # the lead
    page = client.get(review.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    for question in (
        "What was expected to happen?",
        "What actually happened?",
        "Why was there a difference?",
        "What can be learned?",
    ):
        assert question in html
    incomplete = client.post(
        reverse("assurance:learning_response_step", args=[review.pk, "complete"])
    )
    assert incomplete.status_code == 400 and "Answer “What can be learned?”" in (
        incomplete.content.decode()
    )
    answers = {
        "expected": "Rounding hourly",
        "happened": "<script>alert(1)</script> missed",
        "difference": "Admission",
        "learned": "Named cover",
        "version": review.version,
    }
    saved = client.post(reverse("assurance:learning_response_review", args=[review.pk]), answers)
    assert saved.status_code == 302
    shown = client.get(review.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in shown and "&lt;script&gt;" in shown


def test_a_finding_and_a_bad_one(review: Any, client_for: Any) -> None:
    client = client_for("quality")
    url = reverse("assurance:learning_response_finding", args=[review.pk])
    bad = client.post(url, {"factor": "", "text": ""})
    assert bad.status_code == 400
    assert "Select the work-system factor (SEIPS)" in bad.content.decode()
    assert "Enter what was found" in bad.content.decode()
    assert not Finding.objects.exists()
    assert (
        client.post(url, {"factor": "tasks", "text": "Rounding chart unclear"}).status_code == 302
    )
    assert Finding.objects.get().factor == "tasks"


def test_a_safety_action_appears_in_my_actions(review: Any, client_for: Any, people: Any) -> None:
    due = timezone.localdate() + dt.timedelta(days=14)
    posted = client_for("quality").post(
        reverse("assurance:learning_response_action", args=[review.pk]),
        {
            "title": "Name a rounding cover",
            "owner": str(people["manager"].pk),
            "due_date-day": str(due.day),
            "due_date-month": str(due.month),
            "due_date-year": str(due.year),
            "description": "",
            "measure": "",
        },
    )
    assert posted.status_code == 302
    mine = client_for("manager").get(reverse("actions:mine")).content.decode()
    assert "Name a rounding cover" in mine


@pytest.mark.parametrize("who", ["staff", "manager2", "board", "partner", "admin"])
def test_a_response_is_hidden_from_others(review: Any, client_for: Any, who: str) -> None:
    client = client_for(who)
    assert client.get(review.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("assurance:learning_response_finding", args=[review.pk]),
            {"factor": "tasks", "text": "x"},
        ).status_code
        == 404
    )
    listing = client.get(reverse("assurance:learning_responses")).content.decode()
    assert review.get_absolute_url() not in listing


def test_the_list_shows_overdue_responses(review: Any, client_for: Any) -> None:
    type(review).objects.filter(pk=review.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    html = client_for("quality").get(reverse("assurance:learning_responses") + "?overdue=true")
    assert review.get_absolute_url() in html.content.decode()
    assert "Overdue" in html.content.decode()


def test_everyone_reads_the_plan_and_only_the_safety_team_changes_it(
    client_for: Any, people: Any
) -> None:
    staff = client_for("staff")
    page = staff.get(reverse("assurance:response_plan"))
    assert page.status_code == 200 and "Never Events" in page.content.decode()
    assert "Start a new version" not in page.content.decode()
    assert staff.post(reverse("assurance:response_plan_revise")).status_code == 403
    quality = client_for("quality")
    opened = quality.post(reverse("assurance:response_plan_revise"))
    draft = ResponsePlan.objects.get(number=2)
    assert opened.status_code == 302 and opened.url == draft.get_absolute_url()
    bad = quality.post(
        reverse("assurance:response_rule_add"),
        {"title": "", "response_type": "psii", "timescale_days": "-3"},
    )
    assert bad.status_code == 400
    assert "Days to complete must be 0 or more" in bad.content.decode()
    added = quality.post(
        reverse("assurance:response_rule_add"),
        {
            "title": "Violence",
            "category": "violence",
            "response_type": "mdt_review",
            "timescale_days": "45",
        },
    )
    assert added.status_code == 302
    refused = quality.post(reverse("assurance:response_plan_publish"), {"summary": ""})
    assert refused.status_code == 400
    published = quality.post(
        reverse("assurance:response_plan_publish"), {"summary": "Violence rule"}
    )
    assert published.status_code == 302
    assert services.plan_in_use() == draft
    old = staff.get(reverse("assurance:response_plan_version", args=[1])).content.decode()
    assert "no longer in use" in old


def test_the_themes_page_counts_findings_by_work_system_factor(
    review: Any, client_for: Any, people: Any
) -> None:
    services.add_finding(review, "tasks", "Rounding chart unclear", actor=people["quality"])
    services.add_finding(review, "tasks", "Handover too long", actor=people["quality"])
    quarter = reverse("assurance:safety_themes") + f"?quarter={_quarter_of(review)}"
    html = client_for("quality").get(quarter).content.decode()
    assert "Findings by work-system factor (SEIPS)" in html
    section = html[html.index("Findings by work-system factor (SEIPS)") :]
    assert "Tasks" in section and "Rounding chart unclear" not in html


def _quarter_of(review: Any) -> str:
    from quadrant.assurance.incidents.themes import Quarter

    return Quarter.of(review.event.occurred_on).value
