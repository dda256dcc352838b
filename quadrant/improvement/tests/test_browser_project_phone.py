"""On a phone the project page shows each measure's chart drawn for a phone, its text at 12 px
or more, and nothing scrolls sideways (headless Chromium); on a desktop, the wide chart."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.core.testing.browser import DESKTOP, SMALL_PHONE, assert_fits, log_in, shown_charts
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "narrow"), [(SMALL_PHONE, True), (DESKTOP, False)])
def test_the_project_chart_reads_on_a_phone(
    ward_a_project: Any, live_server: Any, page: Any, viewport: dict[str, int], narrow: bool
) -> None:
    page.set_viewport_size(viewport)
    log_in(page, live_server.url, "manager", PASSWORD)
    page.goto(f"{live_server.url}{ward_a_project.project.get_absolute_url()}")
    assert_fits(page)
    shown = shown_charts(page, ".app-project-chart .app-chart svg")
    assert [chart["narrow"] for chart in shown] == [narrow], shown
    if narrow:
        assert shown[0]["smallest"] >= 12, shown
