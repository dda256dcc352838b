"""In headless Chromium: `board` reads the BAF — on a desktop and on a 360 px phone, where it
does not scroll sideways and axe finds no serious WCAG 2.2 AA fault — and opens a principal
risk's evidence; a frozen quarter is signed off on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quadrant.core.testing.browser import (
    SMALL_PHONE,
    assert_accessible,
    assert_fits,
    axe_violations,
    log_in,
    screenshot,
)
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_reads_the_baf_and_opens_a_principal_risks_evidence(
    principal: Any, live_server: Any, page: Any
) -> None:
    reference = principal.risk.reference
    log_in(page, live_server.url, "board", PASSWORD)
    page.goto(f"{live_server.url}{reverse('assurance:baf')}")
    page.get_by_role("heading", name="Board assurance framework").wait_for()
    page.get_by_role("heading", name="Safe care, every time").wait_for()
    assert not axe_violations(page)
    screenshot(page, "board-baf")
    page.set_viewport_size(SMALL_PHONE)
    assert_fits(page)
    assert_accessible(page)
    screenshot(page, "board-baf-phone")
    page.get_by_role("link", name=f"{reference} Falls at night").click()
    page.get_by_role("heading", name="Three lines of assurance").wait_for()
    page.get_by_role("heading", name="First line: the service's own management").wait_for()
    assert page.get_by_text("Falls prevention audit").count() >= 1
    assert_fits(page)
    assert_accessible(page)
    assert not axe_violations(page)
    screenshot(page, "board-baf-evidence-phone")


def test_a_signed_off_quarter_on_a_phone(principal: Any, people: Any, live_server: Any,
                                         page: Any) -> None:  # fmt: skip
    from quadrant.assurance.baf import services

    quarter = services.freeze_quarter(actor=people["board"])
    log_in(page, live_server.url, "board", PASSWORD)
    page.set_viewport_size(SMALL_PHONE)
    page.goto(f"{live_server.url}{quarter.get_absolute_url()}")
    page.get_by_role("button", name=f"Sign off {quarter.label}").click()
    page.get_by_text(f"The BAF of {quarter.label} is signed off.").wait_for()
    page.get_by_text("Seal checked: intact.").wait_for()
    assert_fits(page)
    assert_accessible(page)
    assert not axe_violations(page)
