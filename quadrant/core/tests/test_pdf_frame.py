"""The shared A4 frame of every PDF: A4 pages, the date printed as people write it, the
title and language in the file, and a renderer that fetches nothing but data: URLs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quadrant.core.testing.pdf import A4_POINTS, pdf_facts
from quadrant.core.views.pdf import pdf_bytes, printed_on, svg_data_url

PAGE = (
    '<!doctype html><html lang="en-GB"><head><title>Frame test</title>{head}</head>'
    "<body><p>Text</p>{body}</body></html>"
)


def test_the_date_printed_reads_as_people_write_it() -> None:
    assert printed_on(dt.date(2026, 4, 1)) == "1 April 2026"


def test_a_page_is_a4_titled_in_british_english_and_tagged() -> None:
    facts = pdf_facts(pdf_bytes(PAGE.format(head="<style>@page { size: A4 }</style>", body="")))
    assert facts.pages == 1 and facts.title == "Frame test" and facts.lang == "en-GB"
    assert facts.tagged and abs(facts.sizes[0][0] - A4_POINTS[0]) < 1


def test_the_renderer_reads_data_urls_and_fetches_nothing_else(tmp_path: Path) -> None:
    sheet = tmp_path / "a3.css"
    sheet.write_text("@page { size: A3 }")  # would make the page A3, were it read
    drawing = svg_data_url('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    html = PAGE.format(
        head=f'<link rel="stylesheet" href="{sheet.as_uri()}">',
        body=f'<img src="{drawing}" alt="A square"><img src="{sheet.as_uri()}" alt="Not read">',
    )
    facts = pdf_facts(pdf_bytes(html))
    assert facts.pages == 1 and abs(facts.sizes[0][1] - A4_POINTS[1]) < 1  # A4: not fetched
