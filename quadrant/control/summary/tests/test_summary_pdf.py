"""The summary matrix as an A4 PDF: the grid, the counts by unit and every measure the
filters show with its icons, on the shared frame (organisation, date printed, "Page 1 of N");
the same scope and the same 404 as the summary page."""

from __future__ import annotations

from typing import Any

import pytest

from quadrant.core.testing.pdf import (
    assert_framed,
    capture_pdf_html,
    trust_name,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trust_name")]


def _pdf_text(client: Any, query: str, monkeypatch: Any, title: str) -> str:
    caught = capture_pdf_html(monkeypatch)
    response = client.get(f"/control/summary/export.pdf?{query}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(assert_framed(response.content, caught[-1], title))


def test_the_trust_summary_pdf_holds_the_grid_and_every_measure(
    trust_measures: dict[str, Any], client_for: Any, monkeypatch: Any
) -> None:
    text = _pdf_text(
        client_for("board"), "unit=TRUST", monkeypatch, "Summary of measures: Test Trust"
    )
    assert (
        "Measures of Test Trust" in text and "Variation and assurance" in text and "By unit" in text
    )
    for name in ("Falls, Ward A", "Hand hygiene, Ward A2", "Waits, Ward B"):
        assert name in text
    assert "Special cause variation of a concerning nature" in text  # the icons' words
    assert "5 " in text and "50%" in text  # targets, written as the measure's unit has them


def test_the_pdf_keeps_the_filters_of_the_page(
    trust_measures: dict[str, Any], client_for: Any, monkeypatch: Any
) -> None:
    text = _pdf_text(
        client_for("board"), "unit=TRUST&variation=concern", monkeypatch,
        "Summary of measures: Test Trust",
    )  # fmt: skip
    assert "Only the measures variation: special cause of concern" in text.replace("  ", " ")
    assert "Falls, Ward A" in text and "Waits, Ward B" not in text


def test_a_ward_manager_prints_only_their_ward_and_is_refused_another(
    trust_measures: dict[str, Any], client_for: Any, monkeypatch: Any
) -> None:
    manager = client_for("manager2")
    text = _pdf_text(manager, "", monkeypatch, "Summary of measures: Ward B")
    assert "Waits, Ward B" in text and "Falls, Ward A" not in text
    page = manager.get("/control/summary/?unit=WARDA")
    pdf = manager.get("/control/summary/export.pdf?unit=WARDA")
    assert page.status_code == pdf.status_code == 404 and b"Page not found" in pdf.content
    assert client_for("outsider").get("/control/summary/export.pdf").status_code == 404


def test_the_summary_page_links_to_its_pdf_with_its_filters(
    trust_measures: dict[str, Any], client_for: Any
) -> None:
    html = client_for("board").get("/control/summary/?unit=TRUST&domain=Safe").content.decode()
    assert 'href="/control/summary/export.pdf?unit=TRUST&amp;domain=Safe">Download as PDF' in html


def test_a_big_units_pdf_lists_the_measures_most_needing_attention_and_says_so(
    trust_measures: dict[str, Any], client_for: Any, monkeypatch: Any
) -> None:
    from quadrant.control.summary import pdf

    monkeypatch.setattr(pdf, "MOST_ROWS", 2)
    text = _pdf_text(
        client_for("board"), "unit=TRUST", monkeypatch, "Summary of measures: Test Trust"
    )
    assert "This document lists 2 of the 3 measures shown" in text
    assert "Falls, Ward A" in text and "Waits, Ward B" in text  # concern and failing first
    assert "Hand hygiene, Ward A2" not in text
