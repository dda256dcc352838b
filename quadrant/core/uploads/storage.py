"""Storing a checked file in Django's default storage (MEDIA_ROOT, which no URL serves) under a
random name, kept only if the write that records it succeeds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from quadrant.core.uploads.checks import CheckedUpload


@contextmanager
def stored(checked: CheckedUpload, folder: str) -> Iterator[str]:
    """Store CHECKED under FOLDER and give its storage name; should the block fail (a refusal,
    a database error), the file is removed again, so that nothing is left behind."""
    name = default_storage.save(checked.storage_name(folder), ContentFile(checked.data))
    try:
        yield name
    except BaseException:
        default_storage.delete(name)
        raise
