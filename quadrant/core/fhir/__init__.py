"""What every FHIR endpoint shares, whatever its resources: the search parameters
(`_count`, `_page`, `_lastUpdated`) and the OperationOutcome of a problem. No component's
names: each component builds its own resources."""

from __future__ import annotations

import datetime as dt

#: Quadrant's own FHIR namespace: its extensions, code systems and identifier systems.
PROJECT_BASE = "https://quadrant.nhs.uk/fhir"


def extension_url(name: str) -> str:
    return f"{PROJECT_BASE}/StructureDefinition/{name}"


def code_system_url(name: str) -> str:
    return f"{PROJECT_BASE}/CodeSystem/{name}"


def identifier_system(name: str) -> str:
    return f"{PROJECT_BASE}/sid/{name}"


def instant(moment: dt.datetime) -> str:
    """MOMENT as a FHIR instant, in UTC."""
    return moment.astimezone(dt.UTC).isoformat()


def fhir_id(text: str) -> str:
    """A FHIR id (letters, digits, - and ., at most 64) made from TEXT."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in text)
    return cleaned[:64] or "x"
