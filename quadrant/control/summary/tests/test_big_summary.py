"""A trust-wide summary stays a page one can read: the measures below the unit are counted by
the unit directly below it, rows come fifty a page, and the page stays small however many
measures the trust has."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.control.measures.models import Measure
from quadrant.control.summary import views
from quadrant.control.testing.insight import STABLE, quality_domain

pytestmark = pytest.mark.django_db


def counts_row(html: str, unit_name: str) -> str:
    """The by-unit table's row of UNIT_NAME, from its <tr> to its </tr>."""
    named = html.index(f">{unit_name}<", html.index("By unit"))
    start = html.rindex("<tr", 0, named)
    return html[start : html.index("</tr>", named)]


def test_the_trust_summary_counts_each_division_with_its_icons(trust_measures, client_for, org):
    html = client_for("board").get("/control/summary/").content.decode()
    assert "<h2>By unit</h2>" in html
    medicine = counts_row(html, "Medicine")  # Falls on Ward A (concern, failing), HH on A2
    cells = [part.split("<")[0] for part in medicine.split('app-num">')[1:]]
    # measures, concern, common cause, improvement, failing the target, no new data (the
    # fixture's series end in 2024)
    assert cells == ["2", "1", "0", "1", "1", "2"]
    surgery = counts_row(html, "Surgery")
    assert [part.split("<")[0] for part in surgery.split('app-num">')[1:]] == [
        "1", "0", "1", "0", "0", "1",
    ]  # fmt: skip
    assert f"unit={org.medicine.code}" in medicine  # opens the division's own summary


def test_a_division_opens_its_own_summary_with_the_filters_kept(trust_measures, client_for, org):
    client = client_for("board")
    html = client.get("/control/summary/", {"variation": "concern"}).content.decode()
    row = counts_row(html, "Medicine")
    link = row.split('href="?', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert f"unit={org.medicine.code}" in link and "variation=concern" in link
    opened = client.get(f"/control/summary/?{link}").content.decode()
    assert "Falls, Ward A" in opened and "Waits, Ward B" not in opened


def test_a_ward_manager_sees_no_units_table_for_a_single_ward(trust_measures, client_for):
    html = client_for("manager").get("/control/summary/").content.decode()
    assert "<h2>By unit</h2>" not in html


def test_rows_come_fifty_a_page_and_the_grid_counts_them_all(org, people, load, client_for):
    safe = quality_domain("Safe")
    for number in range(views.PAGE_SIZE + 12):
        measure = Measure.objects.create(
            code=f"M{number:03d}", name=f"Measure {number:03d}", org_unit=org.ward_b,
            chart_type="xmr", frequency="month", direction="decrease", domain=safe,
        )  # fmt: skip
        load(measure, STABLE[:6])
    client = client_for("board")
    first = client.get("/control/summary/")
    html = first.content.decode()
    assert html.count("data-code=") == views.PAGE_SIZE
    assert "Page 2 of 2" in html
    second = client.get("/control/summary/", {"page": 2}).content.decode()
    assert second.count("data-code=") == 12
    assert f"{views.PAGE_SIZE + 12} measures in" in html  # the lede and the grid count them all
    assert len(first.content) < 200_000


def test_the_page_size_stays_under_200_kb_with_hundreds_of_measures(org, people, load, client_for):
    safe = quality_domain("Safe")
    measures: list[Any] = []
    for number in range(300):
        measure = Measure.objects.create(
            code=f"BIG{number:03d}", name=f"A long measure name number {number:03d}",
            org_unit=(org.ward_a, org.ward_a2, org.ward_b)[number % 3], chart_type="xmr",
            frequency="month", direction="decrease", domain=safe,
        )  # fmt: skip
        measures.append(measure)
    for measure in measures[:60]:
        load(measure, STABLE)
    response = client_for("board").get("/control/summary/")
    assert response.status_code == 200
    assert len(response.content) < 200_000
