"""Attached files are checked by their bytes: real PDF, Word, Excel and text files pass (their
text kept for search); a file that is not what its name says, a macro-laden document, a PDF
with a script, an empty or too large file are refused, saying what to do, and nothing is
stored. A signed file's bytes are what the signature covers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from quadrant.assurance.documents import services
from quadrant.assurance.documents.files import check_document_file
from quadrant.assurance.documents.models import DocumentVersion
from quadrant.assurance.documents.tests.files import docx, draft_form, pdf, xlsx
from quadrant.core.testing.uploads import (
    pdf_with_hidden_script,
    posted,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


def refused(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        check_document_file(upload(name, data, "application/pdf"))
    return str(error.value.message_dict["file"][0])


def test_real_files_pass_with_their_text() -> None:
    assert check_document_file(upload("policy.pdf", pdf(), "x")).kind.extension == "pdf"
    word = check_document_file(upload("sop.docx", docx("Wash hands", "Dry them"), "x"))
    assert word.kind.label == "Word document" and word.text == "Wash hands\nDry them"
    sheet = check_document_file(upload("form.xlsx", xlsx("Bed", "Checked at"), "x"))
    assert sheet.kind.extension == "xlsx" and "Checked at" in sheet.text
    text = check_document_file(upload("notes.txt", "Café rules\n".encode(), "x"))
    assert text.kind.extension == "txt" and text.text == "Café rules\n"


def test_files_that_are_not_what_they_say_are_refused() -> None:
    assert refused("policy.pdf", docx("x")) == (
        "The selected file is a Word document: its name must end in .docx, not .pdf"
    )
    assert refused("sop.docx", pdf()) == (
        "The selected file is a PDF: its name must end in .pdf, not .docx"
    )
    assert refused("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40).startswith(
        "The selected file must be a PDF, a Word document (.docx), an Excel workbook (.xlsx)"
    )
    assert "must be a PDF" in refused("archive.docx", _zip_without_office())
    assert "must not contain macros" in refused("sop.docx", docx("x", macros=True))
    assert "must not contain scripts" in refused("evil.pdf", pdf_with_hidden_script())
    assert refused("empty.txt", b"") == "The selected file is empty"


@override_settings(QUADRANT_DOCUMENTS_MAX_BYTES=1024)
def test_a_file_too_big_is_refused() -> None:
    assert refused("big.txt", b"a" * 1025) == "The selected file must be smaller than 1KB"
    assert check_document_file(upload("small.txt", b"a" * 1024, "x")).kind.extension == "txt"


def _zip_without_office() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("readme.txt", "hello")
    return out.getvalue()


def test_a_docx_is_stored_signed_and_served(
    media: Path,
    make_document: Any,
    approve: Any,
    client_for: Any,
    people: Any,
) -> None:
    data = docx("Hand hygiene", "Before and after every patient")
    version = make_document(body="")
    version = services.update_draft(
        version, {}, actor=people["quality"], upload=upload("hygiene.docx", data, "x")
    )
    assert version.file.name.startswith("documents/") and version.file_name == "hygiene.docx"
    assert version.text == "Hand hygiene\nBefore and after every patient"
    signed = approve(version)
    assert signed.signature_matches()
    response = client_for("staff").get(reverse("assurance:document_file", args=[signed.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    # The file's bytes are what was signed: another file under the same name breaks it.
    Path(media, signed.file.name).write_bytes(docx("Hand hygiene", "Only sometimes"))
    assert not DocumentVersion.objects.get(pk=signed.pk).signature_matches()


def test_a_pdf_uploaded_through_the_page(
    media: Path,
    make_document: Any,
    client_for: Any,
) -> None:
    draft = make_document()
    url = reverse("assurance:document_draft_edit", args=[draft.pk])
    form = draft_form(draft)
    bad = client_for("quality").post(url, {**form, "file": posted("policy.pdf", docx("x"), "x")})
    assert bad.status_code == 400
    assert "its name must end in .docx, not .pdf" in bad.content.decode()
    assert stored_files(media) == []
    good = client_for("quality").post(url, {**form, "file": posted("policy.pdf", pdf(), "x")})
    assert good.status_code == 302
    draft.refresh_from_db()
    assert draft.file_type == "application/pdf" and len(stored_files(media)) == 1
