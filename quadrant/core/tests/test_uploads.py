"""The one check of uploaded files (core.uploads), on real files made in the test: what passes
comes back as a clean photo or an unchanged PDF; every refusal says what to do, in the NHS
service manual's words, naming the field."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from quadrant.core.testing.uploads import (
    GPS_IFD,
    jpeg_with_location,
    pdf_document,
    pdf_with_hidden_script,
    png_with_text,
    upload,
)
from quadrant.core.uploads import KINDS, check_upload, size_text
from quadrant.core.uploads.images import MAX_PIXELS

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
XML = b'<?xml version="1.0"?><evidence>photo</evidence>'
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
NOT_ACCEPTED = "The selected file must be a JPG, PNG or PDF"


def refusal(name: str, data: bytes, field: str = "file") -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, data), field=field)
    return caught.value.message_dict[field][0]


def test_a_phone_photo_loses_its_location_and_camera_but_keeps_its_pixels_upright():
    original = jpeg_with_location(size=(120, 80))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # it had a location

    checked = check_upload(upload("IMG_2041.JPG", original))
    photo = Image.open(io.BytesIO(checked.data))
    assert checked.kind is KINDS["image/jpeg"] and checked.name == "IMG_2041.JPG"
    assert photo.format == "JPEG" and photo.size == (80, 120)  # turned as the phone held it
    assert dict(photo.getexif()) == {} and "exif" not in photo.info
    assert b"WardPhone" not in checked.data and b"GPS" not in checked.data
    assert checked.size == len(checked.data)


def test_a_png_keeps_no_text_chunk():
    checked = check_upload(upload("poster.png", png_with_text(), "image/png"))
    image = Image.open(io.BytesIO(checked.data))
    assert image.format == "PNG" and image.size == (40, 30)
    assert "Location" not in image.info and b"Ward 7" not in checked.data


def test_a_pdf_passes_unchanged():
    document = pdf_document()
    checked = check_upload(upload("cleaning rota.pdf", document, "application/pdf"))
    assert checked.kind is KINDS["application/pdf"] and checked.data == document


def test_a_pdf_written_by_weasyprint_passes():
    from weasyprint import HTML as Page

    document = Page(string="<h1>Ward 7 cleaning schedule</h1>").write_pdf()
    assert check_upload(upload("schedule.pdf", document)).data == document


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", PROGRAM),  # a program renamed
        ("notes.jpg", b"Bay 3 gel dispenser empty\n"),  # text renamed
        ("drawing.svg", SVG),
        ("drawing.jpg", SVG),
        ("page.html", HTML),
        ("page.pdf", HTML),
        ("data.xml", XML),
        ("photo.jpg", b"\xff\xd8"),  # too short to be anything
    ],
)
def test_anything_but_a_jpeg_png_or_pdf_is_refused_whatever_its_name(name, data):
    assert refusal(name, data) == NOT_ACCEPTED


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", png_with_text(), "is a PNG: its name must end in .png, not .pdf"),
        ("photo.png", jpeg_with_location(), "is a JPG: its name must end in .jpg, not .png"),
        ("photo.jpg", pdf_document(), "is a PDF: its name must end in .pdf, not .jpg"),
    ],
)
def test_a_name_that_contradicts_the_content_is_refused(name, data, message):
    assert refusal(name, data) == f"The selected file {message}"


def test_the_jpeg_spellings_of_a_name_are_all_a_jpeg():
    for name in ("a.jpg", "a.JPEG", "a.Jpg", "photo"):
        assert check_upload(upload(name, jpeg_with_location())).kind.label == "JPG"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd.jpg", "The file name must not contain a folder: ../../etc/passwd.jpg"),
        ("a/b.jpg", "The file name must not contain a folder: a/b.jpg"),
        ("a\\b.jpg", "The file name must not contain a folder: a\\b.jpg"),
        ("..", "The file name must not contain a folder: .."),
        ("photo\x00.php.jpg", "The file name must not contain control characters: photo.php.jpg"),
        ("ward\n7.jpg", "The file name must not contain control characters: ward7.jpg"),
    ],
)
def test_a_name_with_a_folder_or_control_characters_is_refused(name, message):
    assert refusal(name, jpeg_with_location()) == message


def test_an_empty_file_and_no_file_are_refused():
    assert refusal("photo.jpg", b"") == "The selected file is empty"
    with pytest.raises(ValidationError) as caught:
        check_upload(None, field="evidence_file")
    assert caught.value.message_dict == {"evidence_file": ["Select a file"]}


def test_a_file_over_the_limit_is_refused_with_the_limit_stated(settings):
    photo = jpeg_with_location()
    settings.QUADRANT_UPLOAD_MAX_BYTES = len(photo) - 1
    assert refusal("photo.jpg", photo).startswith("The selected file must be smaller than ")
    settings.QUADRANT_UPLOAD_MAX_BYTES = len(photo)  # exactly the limit is allowed
    assert check_upload(upload("photo.jpg", photo)).kind.label == "JPG"


def test_the_default_limit_is_10mb_and_is_read_no_further(settings):
    assert settings.QUADRANT_UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert size_text(settings.QUADRANT_UPLOAD_MAX_BYTES) == "10MB"
    assert (size_text(2 * 1024 * 1024), size_text(1536), size_text(900)) == (
        "2MB",
        "1.5KB",
        "900 bytes",
    )

    class Endless:
        name = "huge.jpg"
        asked: list[int] = []

        def read(self, size: int = -1) -> bytes:
            self.asked.append(size)
            return b"\xff" * size

    settings.QUADRANT_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    with pytest.raises(ValidationError, match="smaller than 2MB"):
        check_upload(Endless())
    assert Endless.asked == [2 * 1024 * 1024 + 1]


def test_a_decompression_bomb_is_refused_before_it_is_decoded():
    side = int(MAX_PIXELS**0.5) + 100  # a few kilobytes of PNG for a 50-megapixel picture
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG")
    assert len(out.getvalue()) < 1024 * 1024
    assert (
        refusal("bomb.png", out.getvalue())
        == "The selected photo must be smaller than 50 megapixels"
    )


def test_a_damaged_photo_is_refused():
    cut = jpeg_with_location()[:200]
    assert (
        refusal("photo.jpg", cut)
        == "The selected file could not be opened as a JPG: it may be damaged"
    )


@pytest.mark.parametrize(
    "document",
    [
        pdf_document(b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        pdf_document(b" /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),  # escaped
        pdf_document(b" /OpenAction << /S /Launch /F (cmd.exe) >>"),
        pdf_document(
            b" /Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>",
            (b"<< /Type /Filespec /F (a.exe) >>",),
        ),
        pdf_with_hidden_script(),
    ],
    ids=["javascript", "escaped-name", "launch", "embedded-file", "in-object-stream"],
)
def test_a_pdf_with_active_content_is_refused(document):
    message = refusal("report.pdf", document)
    assert message.startswith("The selected PDF must not contain scripts, launch actions")


def test_a_pdf_cut_short_or_without_a_catalogue_is_refused():
    damaged = "The selected file could not be opened as a PDF: it may be damaged"
    assert refusal("report.pdf", pdf_document()[:-40]) == damaged
    assert refusal("report.pdf", b"%PDF-1.7\nstartxref\n0\n%%EOF\n") == damaged
