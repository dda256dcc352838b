"""Chromium at 360 px (the narrowest phone the pages are made for): the summary, the measure
list and the action lists fit the screen; nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest

from quadrant.actions.services import raise_action
from quadrant.control.measures.models import Measure
from quadrant.core.testing.browser import SMALL_PHONE, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_main_lists_fit_a_360_px_phone(org, people, page, live_server):
    for number, unit in enumerate((org.ward_a, org.ward_a2), start=1):
        Measure.objects.create(
            code=f"FALLS-WITH-HARM-{number}", org_unit=unit, owner=people["manager"],
            name="Inpatient falls resulting in moderate or severe harm per 1,000 occupied bed days",
            chart_type="xmr", frequency="month", direction="decrease",
        )  # fmt: skip
    raise_action(
        title="Review the falls risk assessment and bed-rails checklist with the night team",
        owner=people["manager"], org_unit=org.ward_a, actor=people["manager"],
        due_date=dt.date.today() + dt.timedelta(days=14),
    )  # fmt: skip
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "manager", PASSWORD)
    for path in ("/control/summary/", "/control/measures/", "/actions/", "/actions/unit/WARDA/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide on a 360 px phone"
