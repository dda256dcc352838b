"""The programme's calendar in Chromium: a month table with its caption and day headers on a
desktop, a list by day on a 360 px phone that never scrolls sideways, overdue said in words,
no serious accessibility fault (axe-core) at either width."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from quadrant.assurance.audits.services.schedules import schedule_audit
from quadrant.assurance.audits.tests.conftest import on_programme_since
from quadrant.core.testing.browser import SMALL_PHONE, assert_accessible, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
TAP_PX = 40


def test_the_calendar_on_a_desktop_and_a_phone(
    hygiene: SimpleNamespace, org: Any, people: dict[str, Any], live_server: Any, page: Any
) -> None:
    schedule = schedule_audit(
        hygiene.template, org.ward_a, "month", assignee=people["auditor"], actor=people["quality"]
    )
    on_programme_since(schedule, dt.date(2026, 1, 10))
    log_in(page, live_server.url, "auditor", PASSWORD)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/assurance/audits/programme/calendar/?month=2026-09")
    table = page.locator("table.app-calendar")
    assert table.is_visible()
    assert table.locator("caption").inner_text().startswith("September 2026")
    assert table.locator("thead th").count() == 7
    cell = table.locator("td", has_text="Hand hygiene · Ward A")
    assert (
        "Overdue" in cell.inner_text()
        and cell.locator(".app-calendar__date").inner_text()[:2] == "30"
    )
    assert not page.locator(".app-calendar__list").is_visible()
    assert_accessible(page)

    page.set_viewport_size(SMALL_PHONE)
    page.reload()
    assert not table.is_visible()
    listing = page.locator(".app-calendar__list")
    assert listing.is_visible()
    assert "Wednesday 30 September" in listing.inner_text()
    assert "Overdue" in listing.inner_text()
    link = listing.get_by_role("link", name="Hand hygiene · Ward A")
    box = link.bounding_box()
    assert box is not None and box["height"] >= TAP_PX, box
    assert_fits(page)
    assert_accessible(page)
    link.click()
    page.get_by_role("heading", name="Start an audit").wait_for()
