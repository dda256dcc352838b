"""Feedback ("you reported, we learned"): the safety team records it, the reporter reads it on
"My reports" without the patient's details; nobody else may record it. The draft: private to
its author, kept as they type; once the session ends the page is sent to sign in (and the
form-restoring middleware keeps nothing of the JSON body)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.models import ReportDraft
from quadrant.core.logs import HistoryEvent
from quadrant.core.services import StaleEdit
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.services import name_on_object

pytestmark = pytest.mark.django_db

LEARNED = "Bed rails are now checked at every handover; the checklist changed in October."
DRAFT = reverse("assurance:safety_report_draft")


def test_the_safety_team_records_feedback_and_the_reporter_reads_it(client_for, reported, people):
    services.record_feedback(reported, LEARNED, actor=people["quality"])
    body = client_for("staff").get(reverse("assurance:my_safety_reports")).content.decode()
    assert LEARNED in body and reported.reference in body
    assert "Thistlewood" not in body and "9434765919" not in body
    assert HistoryEvent.objects.filter(
        object_id=str(reported.pk), actor_name="quality", changes__has_key="feedback"
    ).exists()


@pytest.mark.parametrize("persona", ["staff", "manager", "board", "admin", "manager2"])
def test_others_may_not_record_feedback(reported, people, persona):
    with pytest.raises(PermissionDenied):
        services.record_feedback(reported, LEARNED, actor=people[persona])
    reported.refresh_from_db()
    assert reported.feedback == ""


def test_a_named_handler_may_record_feedback(reported, people):
    name_on_object(people["manager2"], reported, GrantRole.HANDLER, actor=people["quality"])
    assert services.record_feedback(reported, LEARNED, actor=people["manager2"]).feedback == LEARNED


def test_empty_feedback_is_refused_and_a_stale_copy_too(reported, people):
    with pytest.raises(ValidationError):
        services.record_feedback(reported, "  ", actor=people["quality"])
    services.record_feedback(reported, LEARNED, actor=people["quality"])
    with pytest.raises(StaleEdit):
        services.record_feedback(reported, "Other", actor=people["quality"], expected_version=1)


def test_the_feedback_form_on_the_events_page(client_for, reported):
    client = client_for("quality")
    url = reverse("assurance:safety_event_feedback", args=[reported.pk])
    empty = client.post(url, {"feedback": "", "version": reported.version})
    assert empty.status_code == 400 and "Enter what was learned and done" in empty.content.decode()
    saved = client.post(url, {"feedback": LEARNED, "version": reported.version})
    assert saved.status_code == 302
    assert client_for("staff").post(url, {"feedback": "x", "version": 2}).status_code == 403
    assert client_for("manager2").post(url, {"feedback": "x", "version": 2}).status_code == 404


def test_the_draft_is_its_authors_alone(client_for, people):
    client_for("staff").post(DRAFT, {"description": "Mine"}, content_type="application/json")
    client_for("manager").post(DRAFT, {"description": "His"}, content_type="application/json")
    assert set(ReportDraft.objects.values_list("author__username", "data__description")) == {
        ("staff", "Mine"), ("manager", "His")
    }  # fmt: skip
    assert (
        "His"
        not in client_for("staff").get(reverse("assurance:safety_report_new")).content.decode()
    )


def test_a_draft_keeps_only_the_reports_fields_and_writes_no_history_as_it_changes(
    client_for, people
):
    client = client_for("staff")
    client.post(DRAFT, {"description": "One", "is_superuser": "1"}, content_type="application/json")
    before = HistoryEvent.objects.count()
    client.post(DRAFT, {"description": "One, two"}, content_type="application/json")
    assert HistoryEvent.objects.count() == before
    draft = ReportDraft.objects.get()
    assert draft.data == {"description": "One, two"}
    assert not HistoryEvent.objects.filter(changes__icontains="One, two").exists()


def test_a_lapsed_session_is_sent_to_sign_in_and_bad_bodies_get_400(client, client_for):
    lapsed = client.post(DRAFT, {"description": "x"}, content_type="application/json")
    assert lapsed.status_code == 302 and lapsed["Location"].startswith(reverse("login"))
    assert not ReportDraft.objects.exists()
    staff = client_for("staff")
    assert staff.post(DRAFT, "not json", content_type="application/json").status_code == 400
    assert staff.post(DRAFT, [1, 2], content_type="application/json").status_code == 400
    assert staff.get(DRAFT).status_code == 405
    assert client_for("partner").post(DRAFT, {}, content_type="application/json").status_code == 403


def test_the_home_page_says_what_was_learned_from_my_reports(client_for, reported, people):
    services.record_feedback(reported, LEARNED, actor=people["quality"])
    body = client_for("staff").get(reverse("home")).content.decode()
    assert "My safety reports" in body and reported.reference in body
    assert "We learned from it" in body and "Bed rails are now checked" in body
    assert "My safety reports" not in client_for("admin").get(reverse("home")).content.decode()
