"""Uploading a real file through the import page, as a person does."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

UPLOAD = "/control/measures/imports/new/"


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    """ROWS as lines of text (no quoting: the tests' cells hold no delimiter)."""
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


def upload(client: Any, content: bytes, name: str = "ward.csv", **fields: Any) -> str:
    """Upload CONTENT as the file NAME; the address of its import page."""
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, content), **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(response.url)
