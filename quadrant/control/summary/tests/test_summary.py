"""The MDC summary matrix: cached icons per measure, the 3 × 3 grid linking to its measures,
filters, "needs attention" first, exports, and scope by the person's units."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from quadrant.control.signals.rules import recalculate
from quadrant.control.summary.models import MeasureStatus

pytestmark = pytest.mark.django_db


def test_icons_are_cached_per_measure(trust_measures) -> None:
    statuses = {s.measure.code: s for s in MeasureStatus.objects.select_related("measure")}
    assert (statuses["FALLS-W"].variation_icon, statuses["FALLS-W"].assurance_icon) == (
        "concern_high", "consistent_fail",
    )  # fmt: skip
    assert statuses["HH-A2"].variation_icon == "improvement_high"
    assert statuses["HH-A2"].assurance_icon == "consistent_pass"
    assert (statuses["WAIT-B"].variation_icon, statuses["WAIT-B"].assurance_icon) == (
        "common_cause", "inconsistent",
    )  # fmt: skip
    assert statuses["FALLS-W"].attention > statuses["WAIT-B"].attention
    assert statuses["WAIT-B"].attention > statuses["HH-A2"].attention
    assert statuses["FALLS-W"].sparkline.startswith("M0.0,")
    assert recalculate(None)["raised"] == 0  # recalculating the same data changes nothing


def test_the_trust_matrix_grid_counts_and_links(trust_measures, client_for) -> None:
    page = client_for("board").get("/control/summary/")
    html = page.content.decode()
    grid = page.context["summary"].grid
    counts = {(c["variation"], c["assurance"]): c["count"] for row in grid for c in row["cells"]}
    assert counts[("concern", "fail")] == 1
    assert counts[("improvement", "pass")] == 1
    assert counts[("common", "hit_or_miss")] == 1
    assert sum(counts.values()) == 3
    assert "unit=TRUST&amp;variation=concern&amp;assurance=fail" in html
    # Grouped by domain, the domain of the most urgent measure first, urgent first within it.
    assert html.index("Falls, Ward A") < html.index("Hand hygiene") < html.index("Waits, Ward B")
    assert 'href="#qi-concern_high"' in html and 'class="app-spark"' in html


def test_filters_show_only_the_measures_asked_for(trust_measures, client_for) -> None:
    client = client_for("board")
    concern = client.get("/control/summary/?unit=TRUST&variation=concern").content.decode()
    assert "Falls, Ward A" in concern and "Waits, Ward B" not in concern
    timely = client.get("/control/summary/?unit=TRUST&domain=Timely").content.decode()
    assert "Waits, Ward B" in timely and "Falls, Ward A" not in timely
    medicine = client.get("/control/summary/?unit=MED").content.decode()
    assert "Hand hygiene" in medicine and "Waits, Ward B" not in medicine
    passing = client.get("/control/summary/?unit=TRUST&assurance=pass").content.decode()
    assert "Hand hygiene" in passing and "Falls, Ward A" not in passing


def test_a_ward_manager_sees_only_their_wards_measures(trust_measures, client_for) -> None:
    html = client_for("manager2").get("/control/summary/").content.decode()
    assert "Waits, Ward B" in html and "Falls, Ward A" not in html
    assert client_for("manager2").get("/control/summary/?unit=WARDA").status_code == 404
    assert client_for("outsider").get("/control/summary/").status_code == 404


def test_exports_csv_and_excel(trust_measures, client_for) -> None:
    client = client_for("board")
    response = client.get("/control/summary/export.csv?unit=TRUST&variation=concern")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Domain", "Code", "Measure"]
    assert [row[1] for row in rows[1:]] == ["FALLS-W"]
    assert rows[1][8].startswith("Special cause variation of a concerning nature")
    workbook = load_workbook(
        io.BytesIO(client.get("/control/summary/export.xlsx?unit=TRUST").content)
    )
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]][:3] == ["Domain", "Code", "Measure"]
    assert [sheet.cell(row=r, column=2).value for r in range(2, 5)] == [
        "FALLS-W", "WAIT-B", "HH-A2",
    ]  # fmt: skip


def test_the_page_reads_cached_rows_in_a_fixed_number_of_queries(
    trust_measures, client_for, django_assert_max_num_queries
) -> None:
    client = client_for("board")
    client.get("/control/summary/")
    with django_assert_max_num_queries(12):
        client.get("/control/summary/")
