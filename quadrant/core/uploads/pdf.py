"""PDFs, checked by their structure: a header, a trailer (`startxref`, `%%EOF`, a `/Root`),
and no active content — JavaScript, launch actions, embedded files or rich media — whether
written in the open, spelled with `#xx` escapes, or compressed in an object stream."""

from __future__ import annotations

import re
import zlib

from django.core.exceptions import ValidationError

HEADER = re.compile(rb"%PDF-[12]\.\d")
ACTIVE = frozenset(
    {b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/EmbeddedFiles", b"/RichMedia"}
)
NAME = re.compile(rb"/[^\s/<>\[\]()%{}]*")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
TAIL = 2048  # where the trailer must be
INFLATED_MAX = 64 * 1024 * 1024  # object streams unpacked, in all; more is a bomb
DAMAGED = "The selected file could not be opened as a PDF: it may be damaged"
ACTIVE_CONTENT = (
    "The selected PDF must not contain scripts, launch actions or embedded files: "
    "print it to a new PDF and select that"
)


def is_pdf(data: bytes) -> bool:
    return HEADER.match(data) is not None


def check_pdf(data: bytes, field: str) -> None:
    """Refuse DATA unless it is a whole PDF with no active content."""
    tail = data[-TAIL:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError({field: DAMAGED})
    outside, object_streams = _split(data)
    if b"/Root" not in outside:
        raise ValidationError({field: DAMAGED})
    for text in (outside, *_inflated(object_streams, field)):
        if _names(text) & ACTIVE:
            raise ValidationError({field: ACTIVE_CONTENT})


def _names(text: bytes) -> set[bytes]:
    """Every name in TEXT, with its #xx escapes decoded (/J#61vaScript is /JavaScript)."""
    return {ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), n) for n in NAME.findall(text)}


def _split(data: bytes) -> tuple[bytes, list[tuple[set[bytes], bytes]]]:
    """The file without its streams' contents (binary images could spell anything), and the
    contents of the object streams, where compressed dictionaries live."""
    outside: list[bytes] = []
    object_streams: list[tuple[set[bytes], bytes]] = []
    position = 0
    for match in STREAM.finditer(data):
        if match.start() < position:
            continue  # the word inside a stream already skipped
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        header = _names(data[data.rfind(b"obj", position, match.start()) + 3 : match.start()])
        outside.append(data[position : match.start()])
        if b"/ObjStm" in header:
            object_streams.append((header, data[match.end() : end]))
        position = end + len(b"endstream")
    outside.append(data[position:])
    return b"".join(outside), object_streams


def _inflated(streams: list[tuple[set[bytes], bytes]], field: str) -> list[bytes]:
    """The object streams as text: unpacked when Flate-compressed, as they are when not
    compressed at all; any other filter is refused (it cannot be looked into)."""
    texts: list[bytes] = []
    budget = INFLATED_MAX
    for header, stream in streams:
        if b"/Filter" not in header:
            texts.append(stream)
            continue
        if b"/FlateDecode" not in header:
            raise ValidationError({field: DAMAGED})
        try:
            text = zlib.decompressobj().decompress(stream, budget + 1)
        except zlib.error:
            raise ValidationError({field: DAMAGED}) from None
        budget -= len(text)
        if budget < 0:
            raise ValidationError({field: DAMAGED})
        texts.append(text)
    return texts
