"""A phone that kept answers offline may send one again (the reply was lost on the way back):
the same answer arriving twice leaves one row and one history event; an answer arriving after
sign-off, or from someone who may not answer, is refused with a message the phone shows."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditAnswer
from quadrant.assurance.audits.tests.conftest import answer_all
from quadrant.core.logs import HistoryEvent

HTMX = {"HTTP_HX_REQUEST": "true"}


def _answer_events(answer: AuditAnswer) -> list[str]:
    events = HistoryEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(AuditAnswer), object_id=str(answer.pk)
    )
    return sorted(event.action for event in events)


def test_the_same_answer_sent_twice_is_saved_once(
    hygiene: SimpleNamespace, run_a: Any, client_for: Any
) -> None:
    client = client_for("auditor")
    url = reverse("assurance:audit_answer", args=[run_a.pk, hygiene.number.pk])
    sent = {"answer": "12", "note": "Two empty", "client_id": "a1b2"}
    replies = [client.post(url, sent, **HTMX) for _ in range(2)]
    assert [r.status_code for r in replies] == [200, 200]
    assert all("Saved." in r.content.decode() for r in replies)
    answer = AuditAnswer.objects.get(run=run_a)
    assert (answer.number, answer.note) == (12, "Two empty")
    assert _answer_events(answer) == ["create"]

    client.post(url, {**sent, "answer": "11", "client_id": "c3d4"}, **HTMX)
    answer.refresh_from_db()
    assert answer.number == 11 and _answer_events(answer) == ["create", "update"]


def test_an_answer_arriving_after_sign_off_is_refused_on_its_question(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any], client_for: Any
) -> None:
    answer_all(run_a, hygiene, people["auditor"])
    services.sign_off_run(run_a, actor=people["auditor"])
    url = reverse("assurance:audit_answer", args=[run_a.pk, hygiene.text.pk])
    reply = client_for("auditor").post(url, {"answer": "Late", "client_id": "e5"}, **HTMX)
    page = reply.content.decode()
    assert reply.status_code == 200  # HTMX and the phone's queue swap in the question block
    assert "This audit has been signed off: its answers can no longer change" in page
    assert f'id="question-{hygiene.text.pk}"' in page
    assert AuditAnswer.objects.get(run=run_a, question=hygiene.text).text == "Good"


def test_an_answer_from_someone_who_may_not_answer_is_refused(
    hygiene: SimpleNamespace, run_a: Any, client_for: Any
) -> None:
    url = reverse("assurance:audit_answer", args=[run_a.pk, hygiene.yes_no.pk])
    reply = client_for("staff").post(url, {"answer": "yes", "client_id": "f6"}, **HTMX)
    assert reply.status_code == 403
    assert "<main" in reply.content.decode()  # the phone shows the page's message
    assert not AuditAnswer.objects.filter(run=run_a).exists()
