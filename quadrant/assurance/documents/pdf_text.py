"""The text of a PDF, for search and comparison, read by pypdf within bounds, so that a long
or hostile file never holds a request up: at most MAX_PAGES pages and MAX_CHARACTERS
characters, no page begun once MAX_SECONDS have passed, and a page whose drawing
instructions are larger than MAX_PAGE_CONTENT skipped (pypdf reads about 150KB of them a
second). Empty when the text cannot be read: a PDF locked with a password, a damaged one, or
scanned pages with no text in them. Whether the file is accepted is decided elsewhere
(quadrant.core.uploads.pdf), never here."""

from __future__ import annotations

import io
import logging
import re
import time

from pypdf import PageObject, PasswordType, PdfReader

MAX_PAGES = 200  # a long policy has 100; the rest of a longer one is neither searched nor compared
MAX_CHARACTERS = 500_000  # about 150 pages of dense text
MAX_SECONDS = 10.0  # reading one dense page takes about 0.15s; a request times out at 30s
MAX_PAGE_CONTENT = 256 * 1024  # ten times a dense page of text: more is a drawing, or a trap
# Characters no text needs: NUL cannot even be stored in a PostgreSQL text column.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

logger = logging.getLogger(__name__)


def pdf_text(data: bytes) -> str:
    """The text of the PDF in DATA, line by line (empty when it cannot be read)."""
    try:
        return _clean(_read(PdfReader(io.BytesIO(data))))
    except Exception as error:  # a damaged file fails in pypdf in many ways: all mean "no text"
        logger.info("The text of a PDF could not be read: %r", error)
        return ""


def _read(reader: PdfReader) -> str:
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        return ""  # locked with a password (one locked only against changes opens with "")
    deadline = time.monotonic() + MAX_SECONDS
    texts: list[str] = []
    length = 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or length >= MAX_CHARACTERS or time.monotonic() > deadline:
            break
        if _content_size(page) > MAX_PAGE_CONTENT:
            continue
        text = page.extract_text()
        texts.append(text)
        length += len(text) + 1
    return "\n".join(texts)[:MAX_CHARACTERS]


def _content_size(page: PageObject) -> int:
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


def _clean(text: str) -> str:
    """TEXT without control characters, spaces at the ends of its lines or blank lines."""
    lines = (line.strip() for line in CONTROL.sub("", text).splitlines())
    return "\n".join(line for line in lines if line)
