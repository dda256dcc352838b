"""Chromium at 360 px: the standards pages — the frameworks list, a framework, a standard with
its mapping chooser and evidence form, the coverage view and the mapping page — fit the
screen; nothing scrolls sideways."""

from __future__ import annotations

import pytest

from quadrant.assurance.standards import services
from quadrant.assurance.standards.cqc import load_cqc
from quadrant.assurance.standards.models import Standard
from quadrant.assurance.standards.tests.conftest import GOOD_CSV, LOADER, framework_from_csv
from quadrant.core.testing.browser import SMALL_PHONE, log_in
from quadrant.core.testing.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_standards_pages_fit_a_360_px_phone(org, people, page, live_server):
    load_cqc(actor=LOADER)
    framework_from_csv(GOOD_CSV)
    internal = framework_from_csv(
        "code,title,group\nIPC-01,Infection prevention and control across every ward and "
        "community team of the trust,Safe, harm-free care and infection prevention\n",
        code="our-standards", kind="internal", title="Our standards",
    )  # fmt: skip
    ipc = Standard.objects.get(framework=internal, code="IPC-01")
    hygiene = Standard.objects.get(code="N1.1")
    services.map_standard(hygiene, ipc, actor=LOADER)
    services.record_evidence(ipc, actor=LOADER, title="Hand hygiene audit, March 2026")
    page.set_viewport_size(SMALL_PHONE)
    log_in(page, live_server.url, "quality", PASSWORD)
    for path in (
        "/assurance/standards/",
        "/assurance/standards/frameworks/cqc-saf/",
        hygiene.get_absolute_url(),
        "/assurance/standards/coverage/",
        "/assurance/standards/frameworks/nat-std/mapping/",
        "/assurance/standards/import/",
    ):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width} px wide on a 360 px phone"
