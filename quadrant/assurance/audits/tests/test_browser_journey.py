"""The ward round on a 360 px phone, end to end (headless Chromium): `auditor` starts a ward
audit whose first question needs a photo, attaches one from the camera, answers half, loses
the connection, answers the rest, gets it back — every answer arrives once — and signs off;
the score shows with the photo among the evidence; the ward manager turns the failed
question's finding into an action for `staff`, which appears on staff's "My actions"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from PIL import Image

from quadrant.actions.public import Action
from quadrant.assurance.audits.models import AuditAnswer, AuditEvidence, AuditFinding, AuditRun
from quadrant.assurance.audits.tests.phone import ON_THIS_PHONE, answer
from quadrant.core.logs import HistoryEvent
from quadrant.core.testing.browser import SMALL_PHONE, assert_accessible, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD
from quadrant.core.testing.uploads import jpeg_with_location, stored_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_the_audit(page: Any, base: str, template: Any, ward: Any) -> AuditRun:
    page.goto(f"{base}{reverse('assurance:audit_run_new')}")
    page.get_by_label("Audit", exact=True).select_option(label=template.title)
    page.get_by_label("Unit", exact=True).select_option(str(ward.pk))
    today = dt.date.today()
    when = page.get_by_role("group", name="Date of the audit")
    when.get_by_label("Day").fill(str(today.day))
    when.get_by_label("Month").fill(str(today.month))
    when.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Start").click()
    page.get_by_role("heading", level=1, name=template.title).wait_for()
    return AuditRun.objects.get()


def test_a_ward_audit_with_a_photo_through_a_dropped_connection_to_an_action(
    photo_audit: SimpleNamespace, org: Any, people: dict[str, Any], live_server: Any, page: Any,
    media: Path, axe: Any,
) -> None:  # fmt: skip
    base = live_server.url
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, base, "auditor", PASSWORD)
    run = start_the_audit(page, base, photo_audit.template, org.ward_a)
    needs_photo = photo_audit.yes_no

    block = page.locator(f"#question-{needs_photo.pk}")
    camera = block.locator(f"#evidence-{needs_photo.pk}")
    assert camera.get_attribute("capture") == "environment"
    camera.set_input_files(
        {"name": "gel-dispenser.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_location()}
    )
    block.get_by_role("button", name="Attach").click()
    block.get_by_text("Attached: gel-dispenser.jpg.").wait_for()
    thumbnail = f"#question-{needs_photo.pk} img.app-evidence-list__thumb"
    page.locator(thumbnail).scroll_into_view_if_needed()
    page.wait_for_function(  # the photo arrives through its permission-checked view
        "sel => { const img = document.querySelector(sel); return img && img.naturalWidth > 0 }",
        arg=thumbnail,
    )
    assert_fits(page)
    assert_accessible(page)
    axe(page)

    answer(page, needs_photo, "No", "Saved.")
    answer(page, photo_audit.score, "4", "Saved.")
    page.context.set_offline(True)
    offline = [(photo_audit.choice, "Yes"), (photo_audit.number, "12"), (photo_audit.text, "Tidy")]
    for question, value in offline:
        answer(page, question, value, ON_THIS_PHONE)
    page.locator("#audit-offline-banner").get_by_text("3 answers waiting to be sent").wait_for()
    assert AuditAnswer.objects.filter(run=run).count() == 2
    page.context.set_offline(False)
    page.locator("#audit-offline-banner").get_by_text("waiting to be sent").wait_for(
        state="detached"
    )
    for question, _ in offline:
        page.locator(f"#question-{question.pk}-status", has_text="Saved.").wait_for()

    answers = AuditAnswer.objects.filter(run=run)
    assert answers.count() == 5
    created = HistoryEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(AuditAnswer),
        object_id__in=[str(a.pk) for a in answers],
    )
    assert sorted(e.action for e in created) == ["create"] * 5  # each arrived once
    [photo] = AuditEvidence.objects.filter(run=run)
    [stored] = stored_files(media)
    assert photo.name == "gel-dispenser.jpg" and dict(Image.open(stored).getexif()) == {}

    page.get_by_role("button", name="Sign off the audit").click()
    page.get_by_text("60.0%").first.wait_for()
    page.get_by_role("heading", level=2, name="Evidence").wait_for()
    assert page.get_by_role("link", name="gel-dispenser.jpg").is_visible()
    assert_fits(page)

    finding = AuditFinding.objects.get(run=run, question=needs_photo)
    page.context.clear_cookies()
    log_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}{finding.get_absolute_url()}")
    page.get_by_label("What needs to be done").fill("Hand hygiene teaching at handover")
    page.get_by_label("Owner").select_option(str(people["staff"].pk))
    due = dt.date.today() + dt.timedelta(days=14)
    due_date = page.get_by_role("group", name="Due date")
    due_date.get_by_label("Day").fill(str(due.day))
    due_date.get_by_label("Month").fill(str(due.month))
    due_date.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Raise the action").click()
    page.get_by_text("Action “Hand hygiene teaching at handover” has been raised.").wait_for()
    action = Action.objects.get()
    assert (action.owner, action.source, action.due_date) == (people["staff"], finding, due)

    page.context.clear_cookies()
    log_in(page, base, "staff", PASSWORD)
    page.goto(f"{base}{reverse('actions:mine')}")
    page.get_by_role("link", name="Hand hygiene teaching at handover").wait_for()
    assert_fits(page)
