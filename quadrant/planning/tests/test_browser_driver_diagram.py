"""Browser (Chromium): `quality` builds a two-level driver diagram and links a measure, with
no page reload between the edits."""

import pytest

from quadrant.core.testing.browser import log_in
from quadrant.core.testing.personas import PASSWORD
from quadrant.planning.models import DriverDiagram, DriverNodeLink

from .conftest import make_measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quality_builds_a_two_level_diagram_and_links_a_measure(org, people, live_server, page):
    make_measure(org.trust, "FALLS-T", [3, 4, 2, 5], name="Falls with harm")
    log_in(page, live_server.url, "quality", PASSWORD)
    page.goto(f"{live_server.url}/planning/driver-diagrams/new/")
    page.get_by_label("Title").fill("Falls with harm")
    page.get_by_label("Aim", exact=True).fill("Halve falls with harm by March 2027")
    page.get_by_label("Unit").select_option(label="Test Trust")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/planning/driver-diagrams/*/")
    page.evaluate("window.noReload = true")

    page.locator("summary", has_text="Change").first.click()
    page.get_by_label("Add a primary driver under this").fill("Reliable risk assessment")
    page.get_by_role("button", name="Add primary driver").click()
    primary = page.locator("li.app-driver-node--primary", has_text="Reliable risk assessment")
    primary.wait_for()

    primary.locator("summary").click()
    primary.get_by_label("Add a secondary driver under this").fill("Assessment within 6 hours")
    primary.get_by_role("button", name="Add secondary driver").click()
    page.locator("li.app-driver-node--secondary", has_text="Assessment within 6 hours").wait_for()

    primary = page.locator("li.app-driver-node--primary", has_text="Reliable risk assessment")
    if not primary.locator("details").evaluate("d => d.open"):
        primary.locator("summary").click()
    primary.get_by_label("Link a measure (its code)").fill("FALLS-T")
    primary.get_by_role("button", name="Link measure").click()
    link = page.locator("li.app-driver-node--primary .app-driver-node__link", has_text="FALLS-T")
    link.wait_for()

    assert page.evaluate("window.noReload") is True  # every edit was an HTMX swap
    assert "Assessment within 6 hours" in page.locator("figure svg").inner_html()
    diagram = DriverDiagram.objects.get(title="Falls with harm")
    kinds = sorted(diagram.nodes.values_list("kind", flat=True))
    assert kinds == ["aim", "primary", "secondary"]
    assert DriverNodeLink.objects.get().measure.code == "FALLS-T"


def test_the_diagram_fits_a_desktop_page_and_scrolls_on_a_phone(org, people, live_server, page):
    """At 1280 pixels the whole diagram is drawn inside the page, its text at 12 px or more; at
    360 it scrolls inside its own frame, with a hint, and the page does not scroll sideways."""
    from quadrant.core.testing.actors import quality_lead
    from quadrant.planning import diagrams

    diagram = diagrams.create_driver_diagram(
        title="Falls with harm", aim="Halve falls with harm", org_unit=org.trust,
        actor=quality_lead(),
    )  # fmt: skip
    aim = diagram.nodes.get()
    diagrams.add_driver_node(aim, "Reliable risk assessment", actor=quality_lead())
    log_in(page, live_server.url, "quality", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/planning/driver-diagrams/{diagram.pk}/")
    fitted = page.evaluate(
        """() => { const f = document.querySelector('figure.app-diagram-figure');
        const s = f.querySelector('svg'); const text = s.querySelector('text');
        return [f.scrollWidth <= f.clientWidth, s.getBoundingClientRect().width / s.viewBox
        .baseVal.width * parseFloat(getComputedStyle(text).fontSize)]; }"""
    )
    assert fitted[0] is True and fitted[1] >= 12
    assert not page.locator(".app-diagram-figure__hint").is_visible()
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.locator(".app-diagram-figure__hint").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
