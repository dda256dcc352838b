"""On a 360 px phone (headless Chromium): the quality lead reads the register, the heat map
and a risk's page — none scrolls sideways, axe finds no serious WCAG 2.2 AA fault, a
heat-map count is a tap target of at least 40 px — and `manager` reviews the risk by tapping
the matrix's radios."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quadrant.assurance.risks.tests.conftest import next_month
from quadrant.core.testing.browser import (
    SMALL_PHONE,
    assert_accessible,
    assert_fits,
    axe_violations,
    log_in,
)
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOUCH_TARGET_PX = 40


def test_the_register_heat_map_and_risk_page_on_a_phone(
    make_risk: Any, live_server: Any, page: Any
) -> None:
    risk = make_risk(title="Falls at night", current_likelihood=4, current_consequence=4)
    make_risk(title="Leaflets out of date", current_likelihood=1, current_consequence=2)
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "quality", PASSWORD)
    for name in ("assurance:risks", "assurance:risk_heat_map"):
        page.goto(f"{live_server.url}{reverse(name)}")
        assert_fits(page)
        assert_accessible(page)
        assert not axe_violations(page), name
    count = page.locator(".app-risk-matrix td a").first
    box = count.bounding_box()
    assert box is not None and box["height"] >= TOUCH_TARGET_PX, box
    count.click()
    page.get_by_role("link", name=f"{risk.reference} Falls at night").wait_for()
    page.goto(f"{live_server.url}{risk.get_absolute_url()}")
    assert_fits(page)
    assert_accessible(page)
    assert not axe_violations(page)


def test_the_manager_reviews_a_risk_on_a_phone(make_risk: Any, live_server: Any, page: Any) -> None:
    risk = make_risk()
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "manager", PASSWORD)
    page.goto(f"{live_server.url}{risk.get_absolute_url()}")
    page.get_by_role("link", name="Review the risk").click()
    assert_fits(page)
    assert_accessible(page)
    assert not axe_violations(page)
    page.get_by_label("2: Unlikely").check()
    page.get_by_label("4: Major").check()
    when = next_month()
    page.locator("#id_review_date-day").fill(str(when.day))
    page.locator("#id_review_date-month").fill(str(when.month))
    page.locator("#id_review_date-year").fill(str(when.year))
    page.get_by_label("What the review found").fill("Night checks started")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.get_by_text(f"The review of {risk.reference} has been recorded.").wait_for()
    risk.refresh_from_db()
    assert (risk.current_likelihood, risk.current_consequence) == (2, 4)
