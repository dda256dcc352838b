"""Browser (Chromium): `manager` logs in, sees the signal on the home page, opens the measure
(chart and icons on screen), turns the signal into an action with a due date; `board` opens the
trust's summary matrix and filters to concerns. Screenshots go to docs/screenshots/."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from quadrant.actions.public import Action
from quadrant.control.measures.models import Measure
from quadrant.control.measures.services import set_target
from quadrant.control.signals.models import Signal
from quadrant.control.testing.insight import STABLE, months, quality_domain
from quadrant.core.testing.browser import assert_accessible, log_in, screenshot
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ward_signal(falls, load, people):
    set_target(falls, 8, months(1)[0], actor=people["quality"])
    load(falls, [*STABLE, *STABLE[:6], 11, 12, 12, 13, 12, 14, 13, 24])
    return Signal.objects.get(measure=falls, kind="concern")


def test_manager_turns_a_signal_into_an_action(ward_signal, page, live_server):
    log_in(page, live_server.url, "manager", PASSWORD)
    page.goto(f"{live_server.url}/")
    heading = page.get_by_role("heading", name="Signals on my measures")
    section = page.locator("section", has=heading)
    section.get_by_role("link", name="Falls, Ward A").click()
    page.wait_for_url(f"**/control/signals/{ward_signal.pk}/")
    page.get_by_role("link", name="Falls, Ward A").first.click()
    page.wait_for_url("**/control/measures/FALLS-W/")
    assert page.locator(".app-chart__svg").is_visible()
    assert page.locator(".app-chart__svg circle").count() == len(STABLE) + 14
    concern = page.get_by_role("img", name="Special cause variation of a concerning nature")
    assert concern.first.is_visible()
    assert page.locator(".app-reading").inner_text().startswith("Special cause of concern")
    page.locator(".app-chart__svg circle").last.hover()
    assert "24" in page.locator("#spc-chart-tooltip").inner_text()
    page.get_by_role("button", name="Two-sigma lines").click()
    assert page.locator(".app-chart--sigma").count() == 1
    page.get_by_role("link", name="1 year").click()  # zoom: the server's SVG, swapped in
    expect(page.locator(".app-chart__svg circle")).to_have_count(13)
    page.get_by_role("button", name="Moving-range chart").click()
    page.locator(".app-chart__mr").wait_for()
    assert page.locator(".app-chart--sigma").count() == 1  # the toggle survives the swap
    page.get_by_role("link", name="All").click()
    expect(page.locator(".app-chart__svg circle")).to_have_count(len(STABLE) + 14)
    assert_accessible(page)
    screenshot(page, "measure")
    page.get_by_role("link", name="Act on this signal").first.click()
    page.get_by_role("link", name="Turn into an action").click()
    due = dt.date.today() + dt.timedelta(days=28)
    page.get_by_label("What needs to be done").fill("Review falls at the safety huddle")
    due_date = page.get_by_role("group", name="Due date")  # the NHS.UK date input
    due_date.get_by_label("Day").fill(str(due.day))
    due_date.get_by_label("Month").fill(str(due.month))
    due_date.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Raise the action").click()
    page.wait_for_url("**/actions/*/")
    assert "Review falls at the safety huddle" in page.locator("h1").inner_text()
    action = Action.objects.get()
    assert action.due_date == due and action.source == ward_signal


def test_board_filters_the_trust_matrix_to_concerns(ward_signal, org, page, live_server):
    Measure.objects.create(
        code="WAIT-B", name="Waits, Ward B", org_unit=org.ward_b, chart_type="xmr",
        frequency="month", direction="decrease", domain=quality_domain("Timely"),
    )  # fmt: skip
    log_in(page, live_server.url, "board", PASSWORD)
    page.goto(f"{live_server.url}/control/summary/")
    assert page.get_by_role("heading", name="Measures of Test Trust").is_visible()
    page.get_by_label("Variation", exact=True).select_option("concern")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**variation=concern**")
    table = page.locator(".app-summary-table")
    assert "Falls, Ward A" in table.inner_text() and "Waits, Ward B" not in table.inner_text()
    assert_accessible(page)
    screenshot(page, "summary-matrix")
    page.get_by_role("link", name="Falls, Ward A").click()
    page.wait_for_url("**/control/measures/FALLS-W/")
