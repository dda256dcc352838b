"""The name a person gave their file: refused when it carries a folder or control characters
(a name is only ever shown, never used as a path), and cut to a length a page can show."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

NAME_MAX = 200
FOLDER_MARKS = ("/", "\\")


def visible_name(name: str) -> str:
    """NAME with control characters left out, for quoting it back in a message."""
    return "".join(c for c in name if unicodedata.category(c)[0] != "C")[:NAME_MAX]


def clean_name(name: str, field: str) -> str:
    """The name to keep for display, or a ValidationError on FIELD saying what is wrong."""
    if any(mark in name for mark in FOLDER_MARKS) or name.strip() in (".", ".."):
        raise ValidationError(
            {field: f"The file name must not contain a folder: {visible_name(name)}"}
        )
    if any(unicodedata.category(c) == "Cc" or c in "\u2028\u2029" for c in name):
        raise ValidationError(
            {field: f"The file name must not contain control characters: {visible_name(name)}"}
        )
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise ValidationError({field: "Select a file"})
    if len(cleaned) > NAME_MAX:  # keep the extension: it says what the file is
        _, dot, extension = cleaned.rpartition(".")
        tail = f".{extension}" if dot and len(extension) <= 10 else ""
        cleaned = cleaned[: NAME_MAX - len(tail)] + tail
    return cleaned


def extension_of(name: str) -> str:
    """The lower-case extension of NAME without its dot ("" when it has none)."""
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""
