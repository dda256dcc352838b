"""On a 360 px phone, `auditor` loses the connection half-way through a ward audit: the answers
given offline are kept on the phone (localStorage), counted in a banner, sign-off waits for
them, and when the connection returns each arrives exactly once, in order (headless Chromium)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditAnswer, AuditFinding
from quadrant.assurance.audits.services.findings import open_finding_action
from quadrant.assurance.audits.tests.conftest import answer_all
from quadrant.assurance.audits.tests.phone import ON_THIS_PHONE, QUEUE, answer
from quadrant.core.logs import HistoryEvent
from quadrant.core.testing.browser import SMALL_PHONE, assert_accessible, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answers_given_offline_arrive_once_when_the_connection_returns(
    hygiene: SimpleNamespace,
    run_a: Any,
    people: dict[str, Any],
    live_server: Any,
    page: Any,
    axe: Any,
) -> None:
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "auditor", PASSWORD)
    page.goto(f"{live_server.url}{run_a.get_absolute_url()}")
    banner = page.locator("#audit-offline-banner")
    answer(page, hygiene.yes_no, "No", "Saved.")
    answer(page, hygiene.score, "4", "Saved.")

    page.context.set_offline(True)
    offline = [(hygiene.choice, "Old version"), (hygiene.number, "12"), (hygiene.text, "Tidy")]
    for question, value in offline:
        answer(page, question, value, ON_THIS_PHONE)
    answer(page, hygiene.choice, "Yes", ON_THIS_PHONE)  # a later answer replaces the waiting one
    banner.get_by_text(
        "3 answers waiting to be sent — they will be sent when you are back online"
    ).wait_for()
    assert_fits(page)
    assert_accessible(page)
    axe(page)

    queue = page.evaluate(QUEUE)
    assert [entry["question"] for entry in queue] == [
        str(hygiene.number.pk), str(hygiene.text.pk), str(hygiene.choice.pk)
    ]  # fmt: skip
    assert [dict(entry["fields"])["answer"] for entry in queue] == ["12", "Tidy", "Yes"]
    assert len({entry["id"] for entry in queue}) == 3 and all(e["csrf"] for e in queue)
    assert AuditAnswer.objects.filter(run=run_a).count() == 2

    page.get_by_role("button", name="Sign off the audit").click()
    page.get_by_text("Send the 3 answers waiting first: you are offline").wait_for()
    run_a.refresh_from_db()
    assert not run_a.is_signed_off

    page.context.set_offline(False)
    banner.get_by_text("waiting to be sent").wait_for(state="detached")
    for question, _ in offline:
        page.locator(f"#question-{question.pk}-status", has_text="Saved.").wait_for()
    assert page.evaluate(QUEUE) == []

    answers = AuditAnswer.objects.filter(run=run_a)
    given = {a.question_id: (a.choice, a.score, a.number, a.text) for a in answers}
    assert answers.count() == 5 and given[hygiene.choice.pk][0] == "Yes"
    assert given[hygiene.number.pk][2] == 12 and given[hygiene.text.pk][3] == "Tidy"
    events = HistoryEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(AuditAnswer),
        object_id__in=[str(a.pk) for a in answers],
    )
    assert sorted(e.action for e in events) == ["create"] * 5  # once each, no replays
    question_of = {str(a.pk): a.question_id for a in answers}
    arrived = [question_of[e.object_id] for e in events.order_by("pk")]
    assert arrived == [q.pk for q in (hygiene.yes_no, hygiene.score, hygiene.number,
                                      hygiene.text, hygiene.choice)]  # fmt: skip

    page.get_by_role("button", name="Sign off the audit").click()
    page.get_by_text("60.0%").first.wait_for()
    assert_fits(page)

    finding = AuditFinding.objects.get(run=run_a, question=hygiene.yes_no)
    open_finding_action(
        finding,
        title="Hand hygiene teaching at handover",
        owner=people["manager"],
        due_date=dt.date.today() + dt.timedelta(days=14),
        actor=people["manager"],
    )
    page.context.clear_cookies()
    log_in(page, live_server.url, "manager", PASSWORD)
    page.goto(f"{live_server.url}{reverse('actions:mine')}")
    page.get_by_role("link", name="Hand hygiene teaching at handover").wait_for()


def test_an_answer_kept_offline_is_refused_once_the_audit_was_signed_off_elsewhere(
    hygiene: SimpleNamespace, run_a: Any, people: dict[str, Any], live_server: Any, page: Any
) -> None:
    answer_all(run_a, hygiene, people["auditor"])
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "auditor", PASSWORD)
    page.goto(f"{live_server.url}{run_a.get_absolute_url()}")
    page.context.set_offline(True)
    answer(page, hygiene.text, "Gel by every bed", ON_THIS_PHONE)
    services.sign_off_run(run_a, actor=people["auditor"])  # on another device, meanwhile

    page.context.set_offline(False)
    page.locator(
        f"#question-{hygiene.text.pk}",
        has_text="This audit has been signed off: its answers can no longer change",
    ).wait_for()
    page.locator("#audit-offline-banner").get_by_text("waiting").wait_for(state="detached")
    assert page.evaluate(QUEUE) == []
    assert AuditAnswer.objects.get(run=run_a, question=hygiene.text).text == "Good"
