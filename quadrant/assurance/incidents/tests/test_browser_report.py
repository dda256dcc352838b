"""On a 360 px phone (headless Chromium), `staff` starts a safety event report; their session
ends half-way (the session cookie is deleted); what they typed is kept — on the server up to
the moment the session ended, on the phone after it — and after logging in again the form is
filled back, the report goes in, and the acknowledgement shows its reference."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from quadrant.assurance.incidents.models import ReportDraft, SafetyEvent
from quadrant.core.testing.browser import SMALL_PHONE, assert_accessible, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT = "Patient slipped on a wet floor by the sink at the start of the night shift."
WHERE = "Bay 3 bathroom"
KEY = "quadrant:safety-report:"


def _end_session(page: Any) -> None:
    """Delete the session cookie only (the browser's other cookies stay, as after expiry)."""
    kept = [c for c in page.context.cookies() if c["name"] != settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(kept)


def test_a_report_survives_the_end_of_the_session(
    org: Any, people: dict[str, Any], live_server: Any, page: Any, axe: Any
) -> None:
    base = live_server.url
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, base, "staff", PASSWORD)
    page.goto(f"{base}/assurance/incidents/report/")
    assert_accessible(page)
    assert_fits(page)
    axe(page)
    status = page.locator("#report-draft-status")

    page.get_by_label("Patient safety incident").check()
    page.get_by_label("What happened?").fill(WHAT)
    page.locator("#id_occurred_on-day").fill("2")
    page.locator("#id_occurred_on-month").fill("11")
    page.locator("#id_occurred_on-year").fill("2026")
    status.get_by_text("Draft saved.").wait_for()
    assert ReportDraft.objects.get(author=people["staff"]).data["description"] == WHAT

    _end_session(page)
    page.get_by_label("Where exactly?").fill(WHERE)
    status.get_by_text("Your session has ended").wait_for()
    kept = page.evaluate(f"() => JSON.parse(localStorage.getItem('{KEY}{people['staff'].pk}'))")
    assert kept["fields"]["location"] == WHERE and kept["fields"]["description"] == WHAT

    log_in(page, base, "staff", PASSWORD)
    page.goto(f"{base}/assurance/incidents/report/")
    assert page.get_by_label("What happened?").input_value() == WHAT
    assert page.get_by_label("Where exactly?").input_value() == WHERE
    assert page.locator("#id_occurred_on-day").input_value() == "2"
    assert page.get_by_label("Patient safety incident").is_checked()

    page.get_by_label("A patient", exact=True).check()
    page.get_by_label("Low physical harm").check()
    page.get_by_label("Which category fits best?").select_option("falls")
    page.get_by_role("button", name="Send the report").click()
    page.get_by_role("heading", name="Report sent").wait_for()
    event = SafetyEvent.objects.get()
    assert event.reference in page.locator("[data-reference]").inner_text()
    assert (event.description, event.location, event.reporter) == (WHAT, WHERE, people["staff"])
    assert not ReportDraft.objects.exists()
    assert page.evaluate(f"() => localStorage.getItem('{KEY}{people['staff'].pk}')") is None
    assert_fits(page)
    axe(page)
