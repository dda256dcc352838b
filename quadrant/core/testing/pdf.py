"""Reading the PDF documents Quadrant prints, for tests: the facts of the file itself (pages,
page size, title, language, tags), read from its objects without a PDF library, and the text
of each page as WeasyPrint laid it out (the HTML a view rendered, caught on its way)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

import pytest

A4_POINTS = (595.28, 841.89)  # 210 × 297 mm
TRUST_NAME = "St Elsewhere NHS Foundation Trust"


@pytest.fixture
def trust_name() -> str:
    """The organisation's settings name it TRUST_NAME (which every printed page carries)."""
    from quadrant.organisation.models import OrganisationSettings

    OrganisationSettings.objects.update_or_create(pk=1, defaults={"name": TRUST_NAME})
    return TRUST_NAME


@dataclass
class PdfFacts:
    pages: int
    sizes: list[tuple[float, float]]
    title: str
    lang: str
    tagged: bool


def _objects(data: bytes) -> bytes:
    """The file's text with every compressed stream (object streams included) inflated."""
    out = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:
            continue  # a stream that is not deflated (none the renderer writes matters here)
    return b"\n".join(out)


def _text_string(raw: bytes) -> str:
    """A PDF string, literal `(...)` or hex `<feff...>` (UTF-16), as text."""
    if raw.startswith(b"<"):
        hexed = bytes.fromhex(raw[1:-1].decode("ascii"))
        return (
            hexed[2:].decode("utf-16-be") if hexed[:2] == b"\xfe\xff" else hexed.decode("latin-1")
        )
    return raw[1:-1].replace(rb"\(", b"(").replace(rb"\)", b")").decode("latin-1")


def _info(text: bytes) -> bytes:
    """The document information dictionary (the one naming the producer)."""
    producer = text.find(b"/Producer")
    if producer < 0:
        return b""
    start = text.rfind(b"<<", 0, producer)
    return text[start : text.find(b"\n", producer)]


def pdf_facts(data: bytes) -> PdfFacts:
    """What a PDF file holds: its page count and sizes (points), its metadata title, its
    language and whether it is tagged (has a structure tree)."""
    assert data.startswith(b"%PDF-"), data[:20]
    text = _objects(data)
    boxes = re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*([\d.\s]+)\]", text, re.S)
    sizes = [tuple(float(n) for n in box.split()[2:4]) for box in boxes]
    title = re.search(rb"/Title\s*(<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))", _info(text))
    lang = re.search(rb"/Lang\s*\(([^)]*)\)", text)
    return PdfFacts(
        pages=len(re.findall(rb"/Type\s*/Page\b(?!s)", text)),
        sizes=[(size[0], size[1]) for size in sizes],
        title=_text_string(title.group(1)) if title else "",
        lang=lang.group(1).decode("ascii") if lang else "",
        tagged=b"/StructTreeRoot" in text and b"/Marked true" in text,
    )


def pages_text(html: str) -> list[str]:
    """The text of each page WeasyPrint lays HTML out on, margin boxes (the organisation,
    the date printed, "Page 1 of 3") included."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()
    pages = []
    for page in document.pages:
        found: list[str] = []
        _collect(page._page_box, found)
        pages.append(" ".join(found))
    return pages


def _collect(box: Any, found: list[str]) -> None:
    text = getattr(box, "text", None)
    if text:
        found.append(text)
    for child in getattr(box, "children", None) or []:
        _collect(child, found)


def capture_pdf_html(monkeypatch: Any) -> list[str]:
    """The HTML of every PDF the views render from now on (rendered to PDF as ever)."""
    from quadrant.core.views import pdf

    caught: list[str] = []
    render = pdf.pdf_bytes

    def spy(html: str) -> bytes:
        caught.append(html)
        return render(html)

    monkeypatch.setattr(pdf, "pdf_bytes", spy)
    return caught


def assert_framed(data: bytes, html: str, title: str) -> list[str]:
    """DATA, the PDF a view sent, is A4, titled TITLE, in British English and tagged; each
    page of HTML (what it was rendered from) carries the organisation, the date printed and
    its number of the total. The pages' text."""
    from quadrant.core.views.pdf import printed_on

    facts = pdf_facts(data)
    assert facts.pages >= 1 and facts.title == title and facts.lang == "en-GB" and facts.tagged
    assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in facts.sizes)
    pages = pages_text(html)
    assert len(pages) == facts.pages
    for number, text in enumerate(pages, 1):
        assert TRUST_NAME in text and f"Printed {printed_on()}" in text, text[:200]
        assert f"Page {number} of {facts.pages}" in text
    return pages
