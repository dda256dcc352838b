"""Real files for upload tests, made in the test: a JPEG carrying a GPS location and the
camera's make, a PNG with a text chunk, a minimal valid PDF (and the same with a script, in
the open or hidden in a compressed object stream). Fixture `media`: MEDIA_ROOT moved to an
empty folder of the test, so that "nothing was stored" can be checked by listing it."""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

GPS_IFD = 0x8825
MAKE, ORIENTATION = 0x010F, 0x0112
LOCATION = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}  # a London ward


def jpeg_with_location(size: tuple[int, int] = (120, 80)) -> bytes:
    """A photo as a phone takes it: GPS position, maker, and turned (orientation 6)."""
    exif = Image.Exif()
    exif[MAKE] = "WardPhone"
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = LOCATION
    out = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_with_text(size: tuple[int, int] = (40, 30)) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "Ward 7, bay 3")
    out = io.BytesIO()
    Image.new("RGB", size, (0, 127, 59)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_document(catalog_extra: bytes = b"", more: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF with a correct cross-reference table; CATALOG_EXTRA goes in its catalog,
    MORE are further objects (numbered from 4)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        *more,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_with_hidden_script() -> bytes:
    """A script action compressed inside an object stream, where a plain search misses it."""
    packed = zlib.compress(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>")
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(
        packed
    )
    return pdf_document(b" /OpenAction 5 0 R", (stream + packed + b"\nendstream",))


class RawUpload(io.BytesIO):
    """An uploaded file whose name is exactly as given. Django's own upload classes (and its
    multipart parser) cut a name to its last part and drop control characters before any view
    sees it; the check must hold without them, for every other way a file arrives."""

    def __init__(self, name: str, data: bytes, content_type: str) -> None:
        super().__init__(data)
        self.name, self.size, self.content_type = name, len(data), content_type


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> RawUpload:
    """A file as a client sends it (the content type it claims is never believed)."""
    return RawUpload(name, data, content_type)


def posted(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    """A file for Django's test client to post as a form would."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """An empty MEDIA_ROOT for the test (default storage follows the setting)."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root
