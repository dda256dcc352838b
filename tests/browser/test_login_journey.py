"""Log in as a ward manager, reach "My quality", open the ward, log out (headless Chromium)."""

from __future__ import annotations

import pytest

from quadrant.core.testing.browser import PHONE, assert_accessible, log_in, screenshot
from quadrant.core.testing.personas import PASSWORD

pytestmark = pytest.mark.browser


def test_manager_logs_in_opens_the_ward_and_logs_out(transactional_db, live_server, org, people,
                                                     page):  # fmt: skip
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    screenshot(page, "login")

    log_in(page, live_server.url, "manager", PASSWORD)
    assert page.locator("h1").inner_text() == "My quality"
    assert_accessible(page)
    screenshot(page, "home")
    page.set_viewport_size(PHONE)
    screenshot(page, "home-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Units").click()
    assert page.locator("h1").inner_text() == "Units"
    assert_accessible(page)
    page.get_by_role("link", name="Ward A", exact=True).click()
    assert page.locator("h1").inner_text() == "Ward A"
    assert_accessible(page)
    assert page.get_by_text("Ward B").count() == 0

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/login")
    assert_accessible(page)
    page.goto(f"{live_server.url}/")
    assert "/login/" in page.url
