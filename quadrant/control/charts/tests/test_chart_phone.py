"""On a phone the measure page shows the narrow chart, whose text stays at 12 px or more, and
nothing scrolls sideways (headless Chromium); the downloads stay the wide chart."""

from __future__ import annotations

import re
from typing import Any

import pytest

from quadrant.control.measures.models import Annotation
from quadrant.control.testing.insight import STABLE, months


@pytest.mark.django_db
def test_the_downloads_stay_the_wide_chart(falls, load, client_for) -> None:
    load(falls, STABLE)
    svg = client_for("manager").get(f"/control/measures/{falls.code}/chart.svg").content.decode()
    assert re.search(r'<svg [^>]*width="800"', svg) and "app-chart__narrow" not in svg


@pytest.mark.browser
def test_on_a_360_px_phone_the_chart_text_is_12_px_and_nothing_scrolls_sideways(
    live_server: Any, transactional_db: Any, falls: Any, people: dict[str, Any], page: Any
) -> None:
    from quadrant.control.intake.importers.upsert import upsert_observations
    from quadrant.core.testing.browser import SMALL_PHONE, assert_fits, log_in, shown_charts
    from quadrant.core.testing.personas import PASSWORD

    rows = [
        (n, falls.code, period.isoformat(), value, None, None)
        for n, (period, value) in enumerate(zip(months(len(STABLE)), STABLE, strict=True), 1)
    ]
    upsert_observations(rows, actor=people["analyst"], source="test", route="api")
    Annotation.objects.create(measure=falls, date=months(12)[-1], kind="event", text="New beds")
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "manager", PASSWORD)
    page.goto(f"{live_server.url}/control/measures/{falls.code}/")
    assert_fits(page)
    shown = shown_charts(page, "#spc-chart-figure svg")
    assert len(shown) == 1 and shown[0]["narrow"], shown
    assert shown[0]["smallest"] >= 12, shown
