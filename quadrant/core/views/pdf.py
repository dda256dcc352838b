"""Pages printed as PDF documents (WeasyPrint) on one A4 frame: the organisation's name and
the date printed at the top of every page, "Page 1 of 3" at the foot, the document's title
and language in its metadata, tagged for screen readers (PDF/UA-1).

A PDF template extends `core/pdf_page.html` and fills its `content` block; the view answers
with `pdf_response(...)`. Everything the document draws is inline (charts as SVG, pictures as
data: URLs): the renderer fetches nothing, so no text of a page can make the server call out.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

PDF_VARIANT = "pdf/ua-1"  # tagged, with title and language: read aloud by screen readers
# The renderer logs each of its steps at INFO: seven lines a document would drown the log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def printed_on(today: dt.date | None = None) -> str:
    """The date printed on every page: "3 December 2026"."""
    day = today or timezone.localdate()
    return f"{day.day} {day:%B %Y}"


def svg_data_url(svg: str) -> str:
    """An SVG drawing as a data: URL, for an <img> the renderer reads without fetching."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def pdf_html(request: HttpRequest, template: str, context: dict[str, Any], *, title: str) -> str:
    """The HTML of a PDF page: TEMPLATE (extending the frame) with the document's TITLE and the
    date printed; the organisation's name comes from the context every page has."""
    frame = {"document_title": title, "printed_on": printed_on()}
    return render_to_string(template, {**context, **frame}, request=request)


def pdf_bytes(html: str) -> bytes:
    """HTML rendered as an A4 PDF (the page size and margins are the frame's CSS)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(string=html, url_fetcher=fetcher, base_url="data:,")
    pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], *, title: str, filename: str
) -> HttpResponse:
    """TEMPLATE as a PDF download named FILENAME."""
    body = pdf_bytes(pdf_html(request, template, context, title=title))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
