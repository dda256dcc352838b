"""A measure's page as an A4 PDF for a board paper: the organisation's name, the date printed
and "Page 1 of N" on every page, the chart embedded as SVG, title and language in the file's
metadata, tagged; the same 404 as the page for anyone who may not see the measure."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest

from quadrant.control.measures.models import Measure
from quadrant.control.testing.insight import STABLE
from quadrant.core.testing.pdf import (
    assert_framed,
    capture_pdf_html,
    trust_name,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trust_name")]


def _download(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_measure_pdf_is_the_page_for_a_board_paper(
    falls: Measure, load: Any, client_for: Any, monkeypatch: Any
) -> None:
    load(falls, [*STABLE, 30])
    caught = capture_pdf_html(monkeypatch)
    data = _download(client_for("manager"), f"/control/measures/{falls.code}/measure.pdf?mr=1")
    pages = assert_framed(data, caught[0], "Falls, Ward A (FALLS-W)")
    text = " ".join(pages)
    assert "Falls, Ward A" in text and "Special cause of concern" in text
    assert "Definition" in text and "Sep 2025 30 special cause of concern" in text
    chart = re.search(
        r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="Statistical process control chart '
        r"of Falls, Ward A: Special cause of concern",
        caught[0],
    )
    assert chart is not None, "the chart is not embedded as SVG with its text alternative"
    svg = base64.b64decode(chart.group(1)).decode()
    assert 'class="app-chart__title">Falls, Ward A<' in svg and "Moving range" in svg


def test_a_long_series_runs_over_pages_numbered_of_the_total(
    org: Any,
    people: dict[str, Any],
    client_for: Any,
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from quadrant.control.intake.importers.upsert import upsert_observations

    weekly = Measure.objects.create(
        code="LOS-W", name="Length of stay, Ward A", org_unit=org.ward_a, chart_type="xmr",
        frequency="week", direction="decrease", unit_label="days",
    )  # fmt: skip
    first = dt.date(2022, 1, 3)
    rows = [
        (n, weekly.code, (first + dt.timedelta(weeks=n)).isoformat(), 6 + (n % 7) / 4, None, None)
        for n in range(160)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        upsert_observations(rows, actor=people["analyst"], source="test", route="api")
    caught = capture_pdf_html(monkeypatch)
    data = _download(client_for("board"), "/control/measures/LOS-W/measure.pdf")
    pages = assert_framed(data, caught[0], "Length of stay, Ward A (LOS-W)")
    assert len(pages) >= 3  # 160 weeks of data do not fit two pages
    assert "Value (days)" in pages[-1] and "6.00" in " ".join(pages)  # its data's precision


def test_who_may_not_see_the_measure_gets_the_pages_own_404(
    falls: Measure, load: Any, client_for: Any
) -> None:
    load(falls, STABLE)
    other_ward = client_for("manager2")
    page = other_ward.get(f"/control/measures/{falls.code}/")
    pdf = other_ward.get(f"/control/measures/{falls.code}/measure.pdf")
    missing = other_ward.get("/control/measures/NO-SUCH/measure.pdf")
    assert page.status_code == pdf.status_code == missing.status_code == 404
    assert pdf["Content-Type"].startswith("text/html") and b"Page not found" in pdf.content
    assert (
        client_for("outsider").get(f"/control/measures/{falls.code}/measure.pdf").status_code == 404
    )


def test_the_measure_page_links_to_its_pdf(falls: Measure, load: Any, client_for: Any) -> None:
    load(falls, STABLE)
    html = client_for("manager").get(f"/control/measures/{falls.code}/?range=1y").content.decode()
    assert f'href="/control/measures/{falls.code}/measure.pdf?range=1y"' in html
    assert "Download as PDF" in html


def test_markup_and_emoji_in_a_measures_text_are_printed_as_text(
    falls: Measure, load: Any, client_for: Any, monkeypatch: Any
) -> None:
    falls.name = 'Falls <img src="http://example.org/x.png"> & “quotes” 😀'
    falls.definition = "</style><style>@page { size: A3 }</style>"
    falls.save()
    load(falls, STABLE)
    caught = capture_pdf_html(monkeypatch)
    data = _download(client_for("manager"), f"/control/measures/{falls.code}/measure.pdf")
    text = " ".join(assert_framed(data, caught[0], f"{falls.name} ({falls.code})"))
    assert '<img src="http://example.org' not in caught[0]  # escaped, never an element
    assert "“quotes”" in text and "@page { size: A3 }" in text  # shown, not applied: still A4
