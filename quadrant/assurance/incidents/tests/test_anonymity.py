"""An anonymous report leaves nothing that identifies its author: not in the event, the
patient details, the change history, the security log, the drafts, nor the session. And its
receipt code — shown once, kept as a hash — lets its holder, and only them, read the
feedback: a wrong code gets exactly the answer of an unknown one."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.forms.models import model_to_dict
from django.urls import reverse

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.models import PatientDetails, ReportDraft, SafetyEvent
from quadrant.assurance.incidents.receipts import receipt_hash
from quadrant.assurance.incidents.tests.conftest import answers, form_data
from quadrant.core.logs import HistoryEvent, SecurityEvent

pytestmark = pytest.mark.django_db

NEW = reverse("assurance:safety_report_new")
RECEIPT = reverse("assurance:safety_receipt")


def _traces(person: Any) -> list[str]:
    """What would identify PERSON in a stored row."""
    return [person.username, person.email, person.get_full_name(), f'"{person.pk}"',
            f": {person.pk},", f": {person.pk}}}"]  # fmt: skip


def _text_of_rows(rows: Any) -> str:
    return "\n".join(repr(model_to_dict(row)) + repr(row.__dict__) for row in rows)


def _assert_no_trace(person: Any, text: str, where: str) -> None:
    for trace in _traces(person):
        if trace.strip():
            assert trace not in text, f"{where} holds {trace!r}"


def test_an_anonymous_report_through_the_page_leaves_no_trace_of_its_author(
    client_for, org, people
):
    staff = people["staff"]
    client = client_for("staff")
    history_before = HistoryEvent.objects.order_by("-id").values_list("id", flat=True).first()
    security_before = SecurityEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = client.post(NEW, form_data(org.ward_a, anonymous="on"))
    assert response.status_code == 200
    body = response.content.decode()
    event = SafetyEvent.objects.get()
    code = response.context["receipt_code"]
    assert code in body and event.reference in body

    # The event and its patient details.
    assert event.anonymous and event.reporter_id is None
    assert event.created_by_id is None and event.updated_by_id is None
    assert event.receipt_hash == receipt_hash(code) and code not in _text_of_rows([event])
    rows = [event, PatientDetails.objects.get(event=event)]
    _assert_no_trace(staff, _text_of_rows(rows), "the event")
    # The history written by the submission: the anonymous actor, under a request id of its own.
    written = HistoryEvent.objects.filter(id__gt=history_before or 0)
    assert written.count() == 2
    assert {e.actor_name for e in written} == {"anonymous: safety event report"}
    assert all(e.actor_id is None for e in written)
    assert not written.filter(request_id=response["X-Request-ID"]).exists()
    _assert_no_trace(staff, _text_of_rows(written), "the history")
    # The security log, the drafts and the session.
    logged = SecurityEvent.objects.filter(id__gt=security_before or 0)
    _assert_no_trace(staff, _text_of_rows(logged), "the security log")
    assert not ReportDraft.objects.exists()
    for session in Session.objects.all():
        decoded = repr(session.get_decoded())
        assert event.reference not in decoded and "Thistlewood" not in decoded
    # It is not one of the author's reports anywhere.
    assert (
        event.reference not in client.get(reverse("assurance:my_safety_reports")).content.decode()
    )
    assert client.get(event.get_absolute_url()).status_code == 404


def test_a_lapsed_session_never_keeps_an_anonymous_report_on_the_server(client, org):
    """The form-restoring middleware keeps a bounced POST in the session: never this one."""
    response = client.post(
        NEW, form_data(org.ward_a, anonymous="on"), HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.status_code == 302
    assert all("Thistlewood" not in repr(s.get_decoded()) for s in Session.objects.all())


def test_the_server_draft_is_dropped_when_the_report_becomes_anonymous(client_for, people):
    client = client_for("staff")
    url = reverse("assurance:safety_report_draft")
    client.post(url, {"description": "Half"}, content_type="application/json")
    assert ReportDraft.objects.filter(author=people["staff"]).exists()
    answer = client.post(url, {"anonymous": "on", "description": "More"},
                         content_type="application/json")  # fmt: skip
    assert answer.json() == {"saved": False, "kept": "browser"}
    assert not ReportDraft.objects.exists()


@pytest.fixture
def anonymous_report(org: Any, people: dict[str, Any]) -> services.Submitted:
    submitted = services.submit_report(answers(org.ward_a), anonymous=True, actor=people["staff"])
    services.record_feedback(
        submitted.event, "We moved the call bell within reach of every bed.",
        actor=people["quality"],
    )  # fmt: skip
    return submitted


def test_the_receipt_code_reads_the_feedback(client, anonymous_report):
    for typed in (
        anonymous_report.receipt_code,
        anonymous_report.receipt_code.lower().replace("-", " "),
    ):
        response = client.post(RECEIPT, {"code": typed})
        assert response.status_code == 200
        body = response.content.decode()
        assert "We moved the call bell within reach" in body
        assert anonymous_report.event.reference in body
        assert "Thistlewood" not in body and "9434765919" not in body


def _without_tokens(body: str) -> str:
    """BODY without its CSRF tokens (masked afresh on every page)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", body)


def test_a_wrong_code_gets_the_same_page_as_an_unknown_one(client, anonymous_report):
    code = anonymous_report.receipt_code
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    answers_ = [
        client.post(RECEIPT, {"code": text}) for text in (wrong, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "nonsense")
    ]
    assert {r.status_code for r in answers_} == {400}
    bodies = {_without_tokens(r.content.decode().replace(text, "")) for r, text in
              zip(answers_, (wrong, "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "nonsense"), strict=True)}  # fmt: skip
    assert len(bodies) == 1
    assert "No report matches that receipt code" in bodies.pop()
    assert "We moved the call bell" not in "".join(r.content.decode() for r in answers_)


def test_a_named_reports_feedback_is_not_read_with_a_code(client, org, people):
    named = services.submit_report(answers(org.ward_a), actor=people["staff"]).event
    assert named.receipt_hash == ""
    assert services.find_by_receipt("") is None


def test_reading_a_receipt_is_not_logged(client, anonymous_report):
    before = SecurityEvent.objects.count()
    client.post(RECEIPT, {"code": anonymous_report.receipt_code})
    assert SecurityEvent.objects.count() == before
