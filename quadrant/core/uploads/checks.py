"""The one check of an uploaded file (audit evidence, an action's evidence): read at most the
limit and a byte, refused when empty, too large, named with a folder, or not really a JPEG,
PNG or PDF by its bytes, whatever its name says; a photo comes back re-encoded without its
metadata. Nothing is stored here: the caller stores what passed (storage.stored)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from quadrant.core.uploads.images import reencoded
from quadrant.core.uploads.kinds import Kind, sniffed
from quadrant.core.uploads.names import clean_name, extension_of
from quadrant.core.uploads.pdf import check_pdf

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
NOT_ACCEPTED = "The selected file must be a JPG, PNG or PDF"


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed: the name given (cleaned, for display), its kind and its bytes
    (for a photo, the re-encoded ones)."""

    name: str
    kind: Kind
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def content_type(self) -> str:
        return self.kind.content_type

    def storage_name(self, folder: str) -> str:
        """A new random name under FOLDER: never the name given."""
        return f"{folder.rstrip('/')}/{uuid.uuid4().hex}.{self.kind.extensions[0]}"


def max_bytes() -> int:
    return int(getattr(settings, "QUADRANT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def size_text(limit: int) -> str:
    """10485760 → "10MB", as the NHS service manual writes sizes."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if limit >= size:
            return f"{round(limit / size, 1):g}{unit}"
    return f"{limit} bytes"


def read_upload(upload: Any, *, field: str, limit: int) -> tuple[str, bytes]:
    """UPLOAD's clean name and bytes, or a ValidationError on FIELD: none chosen, a name with
    a folder, empty, or larger than LIMIT bytes (at most LIMIT + 1 bytes are read)."""
    if upload is None or not getattr(upload, "name", ""):
        raise ValidationError({field: "Select a file"})
    name = clean_name(str(upload.name), field)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if not data:
        raise ValidationError({field: "The selected file is empty"})
    if len(data) > limit:
        raise ValidationError({field: f"The selected file must be smaller than {size_text(limit)}"})
    return name, data


def check_upload(upload: Any, *, field: str = "file") -> CheckedUpload:
    """UPLOAD (a Django UploadedFile, or any object with a name and read()) checked, or a
    ValidationError on FIELD that says what to do instead."""
    name, data = read_upload(upload, field=field, limit=max_bytes())
    kind = sniffed(data)
    if kind is None:
        raise ValidationError({field: NOT_ACCEPTED})
    extension = extension_of(name)
    if extension and extension not in kind.extensions:
        raise ValidationError(
            {field: f"The selected file is a {kind.label}: its name must end in "
                    f".{kind.extensions[0]}, not .{extension}"}
        )  # fmt: skip
    if kind.is_image:
        data = reencoded(data, kind.pillow_format, kind.label, field)
    else:
        check_pdf(data, field)
    return CheckedUpload(name=name, kind=kind, data=data)


def as_checked(upload: Any, *, field: str = "file") -> CheckedUpload:
    """UPLOAD as it passed the check: a form field may have checked it already."""
    return upload if isinstance(upload, CheckedUpload) else check_upload(upload, field=field)
