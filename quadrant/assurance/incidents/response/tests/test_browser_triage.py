"""On a phone (headless Chromium), after `staff` has reported a fall (the reporting half of the
journey, through a lapsed session, is incidents' test_browser_report): `quality` finds it in
the triage queue, confirms moderate harm, takes the plan's after action review led by
`manager`, records the review's four answers and raises a safety action owned by `manager`;
`manager` finds it in "My actions"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from quadrant.assurance.incidents.response.models import LearningResponse
from quadrant.core.testing.browser import PHONE, assert_accessible, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ANSWERS = {
    "What was expected to happen?": "Hourly rounding with the bed rails checked.",
    "What actually happened?": "Rounding was missed while the nurse admitted a patient.",
    "Why was there a difference?": "Nobody covered the bay during the admission.",
    "What can be learned?": "Name a cover for the bay at every admission.",
}
ACTION = "Name a bay cover at every admission"


def _fill_date(page: Any, prefix: str, day: dt.date) -> None:
    page.locator(f"#id_{prefix}-day").fill(str(day.day))
    page.locator(f"#id_{prefix}-month").fill(str(day.month))
    page.locator(f"#id_{prefix}-year").fill(str(day.year))


def test_quality_triages_to_an_after_action_review_and_the_action_reaches_the_owner(
    reported: Any, people: dict[str, Any], live_server: Any, page: Any, axe: Any
) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "quality", PASSWORD)
    page.goto(f"{base}/assurance/incidents/triage/")
    assert_accessible(page)
    assert_fits(page)
    axe(page)
    page.get_by_role("link", name=reported.reference).click()

    panel = page.locator("#triage")
    panel.get_by_label("Physical harm").select_option("moderate")
    panel.get_by_label("After action review").check()
    panel.get_by_label("Lead of the learning response").select_option(str(people["manager"].pk))
    assert_fits(page)
    axe(page)
    panel.get_by_role("button", name="Save the triage").click()
    page.get_by_text("Triage saved.").wait_for()
    page.locator("#triage").get_by_role("link", name="After action review").click()

    page.get_by_role("heading", name="After action review", level=1).wait_for()
    assert_accessible(page)
    assert_fits(page)
    axe(page)
    for question, answer in ANSWERS.items():
        page.get_by_label(question).fill(answer)
    page.get_by_role("button", name="Save the review").click()
    page.get_by_text("Review saved.").wait_for()

    page.get_by_text("Raise a safety action").click()
    page.get_by_label("What needs to be done").fill(ACTION)
    page.get_by_label("Owner").select_option(str(people["manager"].pk))
    _fill_date(page, "due_date", timezone.localdate() + dt.timedelta(days=21))
    page.get_by_role("button", name="Raise the action").click()
    page.get_by_text("Safety action raised").wait_for()

    response = LearningResponse.objects.get(event=reported)
    assert [response.expected, response.happened, response.difference, response.learned] == list(
        ANSWERS.values()
    )
    assert response.status == "under_way"

    page.context.clear_cookies()
    log_in(page, base, "manager", PASSWORD)
    page.goto(f"{base}/actions/")
    page.get_by_role("link", name=ACTION).wait_for()
    assert_fits(page)
