"""On a 360 px phone, `auditor` answers a ward audit by tapping NHS.UK radios: each answer is
saved as it is given (HTMX), the page never scrolls sideways, the radios are large enough to
tap, and sign-off shows the score (headless Chromium)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from quadrant.assurance.audits.models import AuditAnswer
from quadrant.core.testing.browser import SMALL_PHONE, assert_accessible, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOUCH_TARGET_PX = 40  # the NHS.UK radio's own size


def test_the_auditor_answers_on_a_phone(
    hygiene: SimpleNamespace, run_a: Any, live_server: Any, page: Any
) -> None:
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "auditor", PASSWORD)
    page.goto(f"{live_server.url}{run_a.get_absolute_url()}")
    assert_fits(page)
    assert_accessible(page)
    first = page.locator(f"#question-{hygiene.yes_no.pk} .nhsuk-radios__input").first
    box = first.bounding_box()
    assert box is not None and min(box["width"], box["height"]) >= TOUCH_TARGET_PX, box

    def tap(question: Any, label: str) -> None:
        block = page.locator(f"#question-{question.pk}")
        block.get_by_label(label, exact=True).check()
        page.locator(f"#question-{question.pk}-status", has_text="Saved.").wait_for()

    tap(hygiene.yes_no, "No")
    tap(hygiene.score, "4")
    tap(hygiene.choice, "Yes")
    for question, value in ((hygiene.number, "12"), (hygiene.text, "Tidy")):
        page.locator(f"#answer-{question.pk}").fill(value)
        page.locator(f"#answer-{question.pk}").blur()
        page.locator(f"#question-{question.pk}-status", has_text="Saved.").wait_for()
    assert AuditAnswer.objects.filter(run=run_a).count() == 5
    page.get_by_role("button", name="Sign off the audit").click()
    page.get_by_text("60.0%").first.wait_for()
    assert_fits(page)
