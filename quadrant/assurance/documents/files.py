"""Files attached to a controlled document's version, checked by what their bytes are (never
by the name alone): a PDF (a whole one, with no scripts or embedded files), a Word document
(.docx) or an Excel workbook (.xlsx) — zip packages holding the parts that make them so, and
no macros — or plain text in UTF-8. Smaller than QUADRANT_DOCUMENTS_MAX_BYTES. The text of
every kind is kept for search and comparison (a PDF's within bounds, and none when it cannot
be read: pdf_text)."""

from __future__ import annotations

import html
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from quadrant.assurance.documents.pdf_text import pdf_text
from quadrant.core.uploads import size_text
from quadrant.core.uploads.checks import read_upload
from quadrant.core.uploads.names import extension_of
from quadrant.core.uploads.pdf import check_pdf, is_pdf

FOLDER = "documents"  # under the default storage (S3 in production)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NOT_ACCEPTED = "The selected file must be a PDF, a Word document (.docx), an Excel workbook (.xlsx) or a text file (.txt)"  # noqa: E501
ZIP_MAGIC = b"PK\x03\x04"
XML_TEXT = re.compile(r"<(?:w:t|t)(?:\s[^>]*)?>([^<]*)</(?:w:t|t)>")
XML_PARAGRAPH = re.compile(r"</w:p>|</si>|</c>")
UNPACKED_MAX = 100 * 1024 * 1024  # all the parts of a package unpacked; more is a zip bomb


@dataclass(frozen=True)
class FileKind:
    content_type: str
    label: str
    extension: str


PDF = FileKind("application/pdf", "PDF", "pdf")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word document",
    "docx",
)
XLSX = FileKind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook", "xlsx"
)
TEXT = FileKind("text/plain", "text file", "txt")
KINDS = {kind.content_type: kind for kind in (PDF, DOCX, XLSX, TEXT)}
ACCEPT = ".pdf,.docx,.xlsx,.txt," + ",".join(KINDS)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    kind: FileKind
    data: bytes
    text: str

    def storage_name(self, folder: str = FOLDER) -> str:
        """A new random name under FOLDER: never the name given."""
        return f"{folder.rstrip('/')}/{uuid.uuid4().hex}.{self.kind.extension}"


def max_bytes() -> int:
    return int(getattr(settings, "QUADRANT_DOCUMENTS_MAX_BYTES", DEFAULT_MAX_BYTES))


def file_hint() -> str:
    return (
        f"A PDF, Word document, Excel workbook or text file, smaller than {size_text(max_bytes())}."
    )


def check_document_file(upload: Any, *, field: str = "file") -> CheckedFile:
    """UPLOAD checked, or a ValidationError on FIELD saying what to do instead."""
    name, data = read_upload(upload, field=field, limit=max_bytes())
    kind, text = _sniff(data, field)
    extension = extension_of(name)
    if extension != kind.extension:
        raise ValidationError(
            {
                field: f"The selected file is a {kind.label}: its name must end in "
                f".{kind.extension}, not {'.' + extension if extension else 'nothing'}"
            }
        )
    if kind == PDF:
        text = pdf_text(data)
    return CheckedFile(name=name, kind=kind, data=data, text=text)


def _sniff(data: bytes, field: str) -> tuple[FileKind, str]:
    if is_pdf(data):
        check_pdf(data, field)
        return PDF, ""  # read once the file is accepted (check_document_file): it is slow
    if data.startswith(ZIP_MAGIC):
        return _office(data, field)
    text = _text(data)
    if text is not None:
        return TEXT, text
    raise ValidationError({field: NOT_ACCEPTED})


def _text(data: bytes) -> str | None:
    """DATA as text when it is UTF-8 with no control characters but line ends and tabs."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\n\r\t\f" for c in text):
        return None
    return text


def _office(data: bytes, field: str) -> tuple[FileKind, str]:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
        unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError({field: NOT_ACCEPTED}) from None
    if "[Content_Types].xml" not in names:
        raise ValidationError({field: NOT_ACCEPTED})
    if unpacked > UNPACKED_MAX:
        raise ValidationError({field: "The selected file could not be opened: it may be damaged"})
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            {field: "The selected file must not contain macros: save it as .docx or .xlsx"}
        )
    if "word/document.xml" in names:
        return DOCX, _xml_text(package, ["word/document.xml"], field)
    if "xl/workbook.xml" in names:
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        shared = ["xl/sharedStrings.xml"] if "xl/sharedStrings.xml" in names else []
        parts = shared + sheets  # strings shared, or written in the cells themselves
        return XLSX, _xml_text(package, parts, field)
    raise ValidationError({field: NOT_ACCEPTED})


def _xml_text(package: zipfile.ZipFile, parts: list[str], field: str) -> str:
    lines = []
    for part in parts:
        try:
            xml = package.read(part).decode("utf-8", "replace")
        except (KeyError, zipfile.BadZipFile, OSError):
            raise ValidationError({field: NOT_ACCEPTED}) from None
        for paragraph in XML_PARAGRAPH.split(xml):
            words = "".join(html.unescape(m) for m in XML_TEXT.findall(paragraph)).strip()
            if words:
                lines.append(words)
    return "\n".join(lines)
