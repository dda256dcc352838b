"""The kinds of file Quadrant accepts as evidence, each known by its first bytes: a JPEG or PNG
photo, or a PDF. Anything else (SVG, HTML, XML, office files, programs) is refused."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    content_type: str
    label: str  # as the messages name it
    extensions: tuple[str, ...]  # the first is given to the stored file
    magic: bytes
    pillow_format: str = ""  # photos are re-encoded by Pillow in this format

    @property
    def is_image(self) -> bool:
        return bool(self.pillow_format)


JPEG = Kind("image/jpeg", "JPG", ("jpg", "jpeg"), b"\xff\xd8\xff", "JPEG")
PNG = Kind("image/png", "PNG", ("png",), b"\x89PNG\r\n\x1a\n", "PNG")
PDF = Kind("application/pdf", "PDF", ("pdf",), b"%PDF-")
KINDS = {kind.content_type: kind for kind in (JPEG, PNG, PDF)}
CONTENT_TYPE_CHOICES = [(kind.content_type, kind.label) for kind in KINDS.values()]
ACCEPT = ",".join(KINDS)  # the file input's accept attribute


def sniffed(data: bytes) -> Kind | None:
    """The kind DATA is by its first bytes, or None."""
    return next((kind for kind in KINDS.values() if data.startswith(kind.magic)), None)


def kind_of_stored(name: str) -> Kind | None:
    """The kind of a stored file by its extension (stored names are given by Quadrant)."""
    extension = name.rpartition(".")[2].lower()
    return next((kind for kind in KINDS.values() if extension in kind.extensions), None)
