"""Browser (Chromium): `manager` sees the trust's priorities inherited on their ward's page."""

import pytest

from quadrant.core.testing.browser import log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_manager_sees_inherited_trust_priorities_on_the_ward_page(cascade, live_server, page):
    log_in(page, live_server.url, "manager", PASSWORD)
    page.goto(f"{live_server.url}/units/WARDA/")
    inherited = page.locator(".app-inherited-goals")
    assert "Reduce falls with harm" in inherited.inner_text()
    assert "Ward A: falls risk assessed" in page.locator(".app-own-goals").inner_text()
    assert "What do we need to do well?" in page.content()
    inherited.get_by_role("link", name="Reduce falls with harm", exact=True).click()
    page.wait_for_url(f"**/planning/goals/{cascade.trust.pk}/")
    assert "Ward A: falls risk assessed" in page.content()  # the thread down to the ward
