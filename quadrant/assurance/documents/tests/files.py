"""Real small files made in the tests: a PDF written by pypdf, a PDF of lines of text printed
by WeasyPrint (and the same locked with a password), a Word document (the minimal OOXML
package Word opens), an Excel workbook written by openpyxl, and a Word document with macros;
and the draft's form as the edit page posts it."""

from __future__ import annotations

import html
import io
import zipfile
from typing import Any

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx(*paragraphs: str, macros: bool = False) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", document)
        if macros:
            package.writestr("word/vbaProject.bin", b"\x00macro")
    return out.getvalue()


def pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "Hand hygiene"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_of(*lines: str, page_each: bool = False) -> bytes:
    """A PDF with each of LINES a paragraph of its own (on a page of its own: PAGE_EACH)."""
    from weasyprint import HTML

    style = "<style>p + p { break-before: page }</style>" if page_each else ""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return bytes(HTML(string=style + paragraphs).write_pdf())


def locked(data: bytes, *, password: str = "ward-7") -> bytes:  # noqa: S107 - a test PDF's
    """The PDF in DATA encrypted (AES-256): opened only with PASSWORD, or PASSWORD empty."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password="quality-team", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def draft_form(draft: Any, **fields: Any) -> dict[str, Any]:
    """The edit page's form of DRAFT as it stands, with FIELDS changed (a file, say)."""
    return {
        "version": draft.version,
        "title": draft.title,
        "review_date-day": draft.review_date.day,
        "review_date-month": draft.review_date.month,
        "review_date-year": draft.review_date.year,
        "change_summary": "",
        "body": "",
        **fields,
    }


def xlsx(*cells: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row, text in enumerate(cells, start=1):
        sheet.cell(row=row, column=1, value=text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
