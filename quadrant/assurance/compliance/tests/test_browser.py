"""Chromium: the compliance matrix and a cell at desktop width and on a 360 px phone — the
table on a screen, a list per unit on the phone, nothing scrolling sideways, no serious
accessibility fault (axe-core, WCAG 2.2 AA), the figures' links 40 px tall at least."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.core.testing.browser import SMALL_PHONE, assert_accessible, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_compliance_pages_on_a_screen_and_a_phone(
    world: Any, audited: Any, org: Any, page: Any, live_server: Any, axe: Any
) -> None:
    log_in(page, live_server.url, "board", PASSWORD)
    cell = f"/assurance/compliance/{world.ipc.pk}/{org.acute.code}/"
    for size in ({"width": 1280, "height": 900}, SMALL_PHONE):
        page.set_viewport_size(size)
        for path in ("/assurance/compliance/", "/assurance/compliance/?unit=ACUTE", cell):
            page.goto(f"{live_server.url}{path}")
            assert_accessible(page)
            assert_fits(page)
            axe(page)
        page.goto(f"{live_server.url}/assurance/compliance/")
        table = page.locator(".app-compliance-table").is_visible()
        listed = page.locator(".app-compliance-list").is_visible()
        assert (table, listed) == ((True, False) if size["width"] > 360 else (False, True))
        shown = page.locator(".app-compliance-cell:visible")
        heights = [shown.nth(i).bounding_box()["height"] for i in range(shown.count())]
        assert heights and min(heights) >= 40
