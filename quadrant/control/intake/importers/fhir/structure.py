"""Reading FHIR JSON: is it JSON, a valid MeasureReport or Bundle (the `fhir.resources` R4B
models), with real UUIDs in its `urn:uuid:` addresses. Errors name the element's FHIRPath, for
example "Bundle.entry[3].resource.group[0].measureScore.value: value is not a valid decimal".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from quadrant.control.intake.importers.validation import RowError

MAX_BYTES = 50 * 1024 * 1024
URN_UUID = "urn:uuid:"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z", re.I)


class FhirProblem(Exception):
    """The JSON is not a valid MeasureReport or Bundle: errors name the bad element's path."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


@dataclass(frozen=True)
class Found:
    """A MeasureReport and where it is: its FHIRPath and its row (its entry's position)."""

    path: str
    row: int
    report: dict[str, Any]


def _path(location: Iterable[Any]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if "Decimal" in message or error.get("type") in ("decimal_parsing", "decimal_type"):
        return "value is not a valid decimal"
    if error.get("type") == "missing" or message.rstrip(".").endswith(" is required"):
        return "this element is required"
    return message[:1].lower() + message[1:].rstrip(".")


def _validate(model: Any, data: dict[str, Any], path: str, row: int) -> None:
    import pydantic

    try:
        model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = []
        for error in exc.errors()[:500]:
            location = error["loc"]
            # In a Bundle, entry[3] is row 4 (the row the file import page shows).
            in_entry = location[:1] == ("entry",) and len(location) > 1
            at = int(location[1]) + 1 if in_entry else row
            errors.append(RowError(at, _path([path, *location]), _message(error)))
        raise FhirProblem(errors) from exc


def load_json(raw: bytes | str) -> Any:
    """Parse FHIR JSON text; a FhirProblem when it is not JSON."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FhirProblem([RowError(1, "", f"the file is not FHIR JSON ({exc})")]) from exc
    except RecursionError as exc:  # arrays nested thousands deep: no FHIR resource is
        raise FhirProblem([RowError(1, "", "the file is not FHIR JSON (nested too deep)")]) from exc


def read_file(fileobj: Any) -> Any:
    """The JSON of an uploaded FHIR file (at most MAX_BYTES)."""
    fileobj.seek(0)
    raw = fileobj.read(MAX_BYTES + 1)
    fileobj.seek(0)
    if len(raw) > MAX_BYTES:
        raise FhirProblem([RowError(1, "", "the FHIR file is larger than 50 MB")])
    return load_json(raw)


def _uuid_problem(full_url: Any) -> str | None:
    if not isinstance(full_url, str) or not full_url.lower().startswith(URN_UUID):
        return None
    if _UUID.match(full_url[len(URN_UUID) :]):
        return None
    return (
        f"“{full_url[:80]}” is not a UUID: after urn:uuid: give a UUID such as "
        "urn:uuid:3f1c2a9e-7b4d-4c1e-9a8f-2d6b5e4c3a21"
    )


def reports_in(data: Any) -> list[Found]:
    """The MeasureReports of a resource (a MeasureReport, or a Bundle of them and of the
    Measures they are for), validated; a FhirProblem naming every bad element otherwise."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.measurereport import MeasureReport

    kind = data.get("resourceType") if isinstance(data, dict) else None
    if kind == "MeasureReport":
        _validate(MeasureReport, data, "MeasureReport", 1)
        return [Found("MeasureReport", 1, data)]
    if kind != "Bundle":
        named = f"“{kind}”" if kind else "no resourceType"
        raise FhirProblem(
            [RowError(1, "resourceType", f"a MeasureReport or a Bundle is expected, not {named}")]
        )
    _validate(Bundle, data, "Bundle", 1)
    found: list[Found] = []
    errors: list[RowError] = []
    for index, entry in enumerate(data.get("entry") or []):
        path, row = f"Bundle.entry[{index}]", index + 1
        if problem := _uuid_problem(entry.get("fullUrl")):
            errors.append(RowError(row, f"{path}.fullUrl", problem))
        resource = entry.get("resource") or {}
        kind = resource.get("resourceType")
        if kind == "Measure":
            continue
        if kind != "MeasureReport":
            named = f"a {kind}" if kind else "an entry without a resource"
            errors.append(
                RowError(
                    row,
                    f"{path}.resource.resourceType",
                    f"a MeasureReport is expected, not {named}",
                )
            )
            continue
        try:
            _validate(MeasureReport, resource, f"{path}.resource", row)
        except FhirProblem as problem:
            errors += problem.errors
            continue
        found.append(Found(f"{path}.resource", row, resource))
    if errors:
        raise FhirProblem(errors)
    return found


def measures_in(data: Any) -> list[dict[str, Any]]:
    """The Measure resources of a Bundle, each with the entry's fullUrl as `_fullUrl`."""
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        return []
    measures = []
    for entry in data.get("entry") or []:
        resource = entry.get("resource") or {}
        if resource.get("resourceType") == "Measure":
            measures.append({**resource, "_fullUrl": entry.get("fullUrl")})
    return measures
