"""Every list page with a filter form fits a small phone (360 px) when the organisation's units have
long names: a unit select is as wide as its longest choice unless the page holds it to the
screen (the themes page ran 434 px wide in a 360 px window on the demo trust)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quadrant.core.testing.browser import SMALL_PHONE, assert_fits, log_in
from quadrant.core.testing.personas import PASSWORD
from quadrant.organisation.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_NAME = "Northbridge and District Community and Mental Health Services Division"
FILTERED_PAGES = [
    "assurance:safety_themes",
    "assurance:risks",
    "assurance:documents",
    "control:measures",
    "control:summary",
]


@pytest.mark.parametrize("name", FILTERED_PAGES)
def test_a_filtered_list_fits_a_small_phone(
    name: str, org: Any, people: Any, live_server: Any, page: Any
) -> None:
    OrgUnit.objects.filter(pk=org.medicine.pk).update(name=LONG_NAME)
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "quality", PASSWORD)
    page.goto(f"{live_server.url}{reverse(name)}")
    assert page.locator(".app-filters select").count() >= 1, "the page has no filter select"
    assert_fits(page)
