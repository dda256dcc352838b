"""A framework file as the page and the API receive it: the framework's own fields (from the
form or the request) with the standards read from its CSV text."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.standards.definitions import FrameworkDefinition
from quadrant.assurance.standards.importers.csv_file import StandardsFile
from quadrant.assurance.standards.models import Framework

HEADER_FIELDS = ("code", "title", "kind", "publisher", "version", "source_url")


def definition_of(header: dict[str, Any], found: StandardsFile) -> FrameworkDefinition:
    """The framework HEADER names with the rows FOUND in its file; the fields a file does not
    carry (its dates and description) stay as stored."""
    existing = Framework.objects.filter(code=header["code"]).first()
    kept: dict[str, Any] = {}
    if existing is not None:
        kept = {
            "effective_from": existing.effective_from,
            "effective_to": existing.effective_to,
            "description": existing.description,
        }
    fields: dict[str, Any] = {name: header.get(name) or "" for name in HEADER_FIELDS}
    return FrameworkDefinition(
        **fields,
        **kept,
        groups=tuple(found.groups),
        standards=tuple(found.standards),
    )
