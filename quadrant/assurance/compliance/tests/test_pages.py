"""The compliance pages: the matrix (grouped standards × the unit and the units below it,
drilling down, "No audit evidence"), a cell opened, the standard's summary by unit; what
each reader may see (manager2 sees nothing of manager's ward), and bad query parameters."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quadrant.assurance.compliance.tests.conftest import sign_off
from quadrant.core.testing.page_outline import outline_faults

URL = "/assurance/compliance/"


def main(response: Any) -> str:
    """The page's own content (the shell carries a fresh nonce each time)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def cell_url(standard: Any, unit: Any) -> str:
    return f"{URL}{standard.pk}/{unit.code}/"


def test_the_board_sees_the_trust_and_its_divisions(client_for: Any, world: Any, audited: Any):
    response = client_for("board").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert outline_faults(html) == []
    assert "Our standards" in html  # the internal framework by default
    assert "Test Trust (all)" in html and ">Medicine</a>" in html and ">Surgery</a>" in html
    assert "92.9%" in html  # IPC-1 over the whole trust, answers pooled
    assert "No audit evidence" in html  # LEAD-1: no question cites it
    assert "weighted share of compliant answers" in html  # the rule, on the page
    assert "Safe care" in html and "Leadership" in html  # grouped as the framework groups


def test_following_a_column_drills_down(client_for: Any, world: Any, audited: Any) -> None:
    html = client_for("board").get(URL, {"unit": "ACUTE"}).content.decode()
    assert "Acute medicine (all)" in html and ">Ward A</a>" in html and ">Ward A2</a>" in html
    assert "87.5%" in html and "83.3%" in html
    assert "Up to Medicine" in html


def test_an_external_framework_shows_compliance_through_the_map(
    client_for: Any, world: Any, audited: Any
) -> None:
    html = client_for("board").get(URL, {"framework": "nat-std", "unit": "WARDA"}).content
    assert b"83.3%" in html  # N1.1 through IPC-1
    assert html.count(b"No audit evidence") >= 2  # N1.2 and N2.1 are not mapped


def test_a_cell_shows_the_runs_failed_questions_and_trend(
    client_for: Any, world: Any, audited: Any, org: Any
) -> None:
    response = client_for("manager").get(cell_url(world.med, org.ward_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert outline_faults(html) == []
    assert "0.0% compliant in the latest audits (1 answer)" in html
    assert audited.latest_a.get_absolute_url() in html
    assert "Fridge locked?" in html  # the failed question
    assert 'class="app-chart app-chart--dual"' in html and "<svg" in html
    assert "Oct 2026" in html and "Sep 2026" in html  # the monthly figures


def test_the_standards_page_sums_up_compliance_by_unit(
    client_for: Any, world: Any, audited: Any, org: Any
) -> None:
    html = client_for("board").get(world.ipc.get_absolute_url()).content.decode()
    assert "Compliance by unit" in html
    assert cell_url(world.ipc, org.medicine) in html and "87.5%" in html


def test_manager2_sees_nothing_of_managers_ward(
    client_for: Any, world: Any, audited: Any, org: Any
) -> None:
    client = client_for("manager2")
    html = client.get(URL).content.decode()
    assert "Ward B" in html and "Ward A" not in html and "Test Trust" not in html
    assert client.get(cell_url(world.ipc, org.ward_a)).status_code == 404
    assert client.get(cell_url(world.ipc, org.acute)).status_code == 404
    # The trust is above manager2's ward: seen by name, but its figures would include Ward A.
    assert client.get(cell_url(world.ipc, org.trust)).status_code == 404
    refused = client.get(URL, {"unit": "WARDA"})
    assert refused.status_code == 400
    missing = client.get(URL, {"unit": "NOWHERE"})
    assert main(refused).replace("WARDA", "X") == main(missing).replace("NOWHERE", "X")
    summary = client.get(world.ipc.get_absolute_url()).content.decode()
    assert "Ward A" not in summary


def test_bad_query_parameters_are_named(client_for: Any, world: Any, audited: Any) -> None:
    response = client_for("board").get(URL, {"framework": "nope"})
    assert response.status_code == 400
    assert "Framework: No framework has the code “nope”" in response.content.decode()
    response = client_for("board").get(URL, {"unit": "Nowhere"})
    assert "Unit: No unit has the code or name “Nowhere”" in response.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client: Any, world: Any) -> None:
    assert client.get(URL).status_code == 302


def test_no_page_links_to_itself(client_for: Any, world: Any, audited: Any, org: Any) -> None:
    client = client_for("board")
    for path in (URL, f"{URL}?unit=ACUTE", cell_url(world.ipc, org.acute)):
        html = client.get(path).content.decode()
        found = re.findall(r'<a href="([^"]*)"(?![^>]*aria-current)', html)
        hrefs = [href.replace("&amp;", "&") for href in found]
        assert path not in hrefs and path.replace(URL, "?") not in hrefs, path


def test_the_matrix_costs_a_fixed_number_of_queries(
    client_for: Any, world: Any, audited: Any, org: Any, people: dict[str, Any]
) -> None:
    client = client_for("board")
    client.get(URL)  # the evidence is read once and kept
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for n, unit in enumerate([org.ward_a2, org.ward_b, org.ward_a] * 2):
        sign_off(world, unit, dt.date(2026, 11, 1 + n), people)
    client.get(URL)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small) <= 14, [q["sql"][:80] for q in large.captured_queries]
