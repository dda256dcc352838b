"""The text of an attached PDF is read (within bounds) for search and comparison: a document
whose approved version is a PDF is found by the words inside it, never by a draft's; two PDF
versions are compared line by line. A PDF locked with a password, or too damaged for pypdf,
is still kept as the file (quadrant.core.uploads.pdf decides that) but with no text, and its
pages say it will be found only by its title and identifier."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from quadrant.assurance.documents import pdf_text as reading
from quadrant.assurance.documents import services
from quadrant.assurance.documents.files import check_document_file
from quadrant.assurance.documents.models import DocumentVersion
from quadrant.assurance.documents.tests.files import draft_form, locked, pdf_of
from quadrant.core.testing.uploads import pdf_document, posted, stored_files, upload

UNREAD = (
    "The text in this file could not be read. Search will find this document only by its "
    "title and identifier."
)
SHARPS = ("Sharps disposal", "Use the yellow bin", "Never recap needles")


def attach(client: Client, draft: DocumentVersion, data: bytes) -> DocumentVersion:
    """DRAFT with the PDF in DATA attached through its edit page."""
    url = reverse("assurance:document_draft_edit", args=[draft.pk])
    response = client.post(url, draft_form(draft, file=posted("policy.pdf", data, "x")))
    assert response.status_code == 302, response.content.decode()
    draft.refresh_from_db()
    return draft


def found(client: Client, words: str, *identifiers: str) -> list[str]:
    """Which of IDENTIFIERS the library's search for WORDS lists."""
    page = client.get(reverse("assurance:documents"), {"q": words}).content.decode()
    return [identifier for identifier in identifiers if identifier in page]


def next_version(version: DocumentVersion, people: Any) -> DocumentVersion:
    return services.new_draft(version.document, actor=people["quality"])


@pytest.mark.django_db
def test_an_approved_pdf_is_found_by_the_words_inside_it(
    media: Path, make_document: Any, approve: Any, client_for: Any
) -> None:
    quality, staff = client_for("quality"), client_for("staff")
    draft = attach(quality, make_document(identifier="SOP-SHARPS", title="Sharps"), pdf_of(*SHARPS))
    assert draft.text == "\n".join(SHARPS) and draft.body == ""
    assert found(staff, "recap", "SOP-SHARPS") == []  # staff never see a draft
    approved = approve(draft)
    assert found(staff, "recap", "SOP-SHARPS") == ["SOP-SHARPS"]
    assert found(staff, "yellow needle", "SOP-SHARPS") == ["SOP-SHARPS"]  # stemmed
    assert found(staff, "purple", "SOP-SHARPS") == []
    page = staff.get(approved.document.get_absolute_url()).content.decode()
    assert "Open policy.pdf" in page and "Never recap needles" in page and UNREAD not in page


@pytest.mark.django_db
def test_a_draft_pdf_s_words_are_never_found(
    media: Path, make_document: Any, approve: Any, client_for: Any, people: Any
) -> None:
    quality, staff = client_for("quality"), client_for("staff")
    first = approve(attach(quality, make_document(identifier="SOP-BIN"), pdf_of(*SHARPS)))
    attach(quality, next_version(first, people), pdf_of("Use the purple bin"))
    for reader in (quality, staff):  # not even its editors find a draft by its words
        assert found(reader, "purple", "SOP-BIN") == []
        assert found(reader, "yellow", "SOP-BIN") == ["SOP-BIN"]
    approve(first.document.versions.get(number=2))
    assert found(staff, "purple", "SOP-BIN") == ["SOP-BIN"]
    assert found(staff, "yellow", "SOP-BIN") == []


@pytest.mark.django_db
def test_a_pdf_locked_with_a_password_is_kept_without_its_text(
    media: Path, make_document: Any, approve: Any, client_for: Any
) -> None:
    quality, staff = client_for("quality"), client_for("staff")
    data = locked(pdf_of("Controlled drugs register"))
    draft = attach(quality, make_document(identifier="POL-CD-001", title="Drugs"), data)
    assert draft.file_type == "application/pdf" and draft.text == "" and draft.file_text_unread
    assert len(stored_files(media)) == 1
    assert UNREAD in quality.get(draft.get_absolute_url()).content.decode()
    approved = approve(draft)
    assert found(staff, "register", "POL-CD-001") == []
    assert found(staff, "POL-CD-001", "POL-CD-001") == ["POL-CD-001"]
    assert found(staff, "drugs", "POL-CD-001") == ["POL-CD-001"]  # the title
    assert UNREAD in staff.get(approved.document.get_absolute_url()).content.decode()
    # Locked only against changes (anyone may open it), its text is read.
    open_to_all = locked(pdf_of("Controlled drugs register"), password="")
    assert check_document_file(upload("cd.pdf", open_to_all, "x")).text == (
        "Controlled drugs register"
    )


@pytest.mark.django_db
def test_a_pdf_too_damaged_for_pypdf_is_kept_without_its_text(
    media: Path, make_document: Any, client_for: Any
) -> None:
    looped = pdf_document().replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]")  # its pages loop
    with pytest.raises(PdfReadError):
        len(PdfReader(io.BytesIO(looped)).pages)
    quality = client_for("quality")
    draft = attach(quality, make_document(), looped)
    assert draft.text == "" and draft.file_text_unread
    page = quality.get(draft.get_absolute_url())
    assert page.status_code == 200 and UNREAD in page.content.decode()
    rootless = b"%PDF-1.7\n1 0 obj << /Root 1 0 R >> endobj\nstartxref\n0\n%%EOF\n"
    with pytest.raises(PdfReadError):
        len(PdfReader(io.BytesIO(rootless)).pages)
    assert check_document_file(upload("x.pdf", rootless, "x")).text == ""


@pytest.mark.django_db
def test_two_pdf_versions_are_compared_line_by_line(
    media: Path, make_document: Any, approve: Any, client_for: Any, people: Any
) -> None:
    quality, staff = client_for("quality"), client_for("staff")
    first = approve(attach(quality, make_document(identifier="SOP-CMP"), pdf_of(*SHARPS)))
    changed = (SHARPS[0], "Use the yellow bin with the orange lid", SHARPS[2])
    approve(attach(quality, next_version(first, people), pdf_of(*changed)))
    url = reverse("assurance:document_compare", args=[first.document_id])
    text = staff.get(url).content.decode()
    assert "1 line changed, 0 removed and 0 added" in text
    assert (
        '<del><span class="nhsuk-u-visually-hidden">Changed from: </span>'
        "Use the yellow bin</del>" in text
    )
    assert (
        '<ins><span class="nhsuk-u-visually-hidden">Changed to: </span>'
        "Use the yellow bin with the orange lid</ins>" in text
    )
    # A version whose text could not be read is not compared (it would seem all removed).
    third = attach(quality, next_version(first, people), locked(pdf_of(*changed)))
    unread = quality.get(url, {"old": 2, "new": 3}).content.decode()
    assert "The text in the file of version 3 could not be read" in unread
    assert 'class="nhsuk-table app-compare"' not in unread and "removed and" not in unread
    assert reverse("assurance:document_file", args=[third.pk]) in unread


def test_the_reading_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = pdf_of("Page one", "Page two", "Page three", page_each=True)
    assert len(PdfReader(io.BytesIO(data)).pages) == 3
    assert reading.pdf_text(data) == "Page one\nPage two\nPage three"
    monkeypatch.setattr(reading, "MAX_PAGES", 2)
    assert reading.pdf_text(data) == "Page one\nPage two"
    monkeypatch.setattr(reading, "MAX_CHARACTERS", 6)
    assert reading.pdf_text(data) == "Page o"
    monkeypatch.setattr(reading, "MAX_SECONDS", -1.0)  # no page begun after the deadline
    assert reading.pdf_text(data) == ""
    monkeypatch.setattr(reading, "MAX_SECONDS", 10.0)
    monkeypatch.setattr(reading, "MAX_PAGE_CONTENT", 10)  # every page skipped as too big
    assert reading.pdf_text(data) == ""


def test_the_text_keeps_no_control_characters_or_blank_lines() -> None:
    assert reading._clean("  Wash\x00 hands \r\n\n\x07\nDry  them\x0c") == "Wash hands\nDry  them"
