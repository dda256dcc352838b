"""FHIR R4 in and out: a measure as a `Measure`, its data as `MeasureReport`s, in a `Bundle`.

Resources are validated with the maintained `fhir.resources` library (its R4B models: Measure,
MeasureReport and Bundle are the same as R4's for everything used here). A malformed resource
is refused with the path of the bad element, for example
"entry[3].resource.group[0].measureScore.value: value is not a valid decimal".

One MeasureReport is one period of one measure: `measure` is the Measure's canonical URL (the
code is its last segment), `period.start` the period, `group[0].measureScore.value` the value
and the `numerator` and `denominator` populations (when the measure has them) their counts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, unquote

from quadrant.control.intake.importers.upsert import UpsertResult, upsert_observations
from quadrant.control.intake.importers.validation import RawRow, RowError

POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population"
SCORING_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-scoring"
IMPROVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation"
IDENTIFIER_SYSTEM = "urn:quadrant:measure-code"
# A numerator or denominator that is not a whole number (FHIR counts are integers).
DECIMAL_COUNT = "https://quadrant.nhs.uk/fhir/StructureDefinition/population-decimal-count"
MAX_BYTES = 50 * 1024 * 1024


class FhirProblem(Exception):
    """The JSON is not a valid MeasureReport or Bundle: errors name the bad element's path."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))


# Export -------------------------------------------------------------------------------------


def canonical_url(base_url: str, code: str) -> str:
    """The Measure's canonical URL: BASE_URL/fhir/Measure/CODE."""
    return f"{base_url.rstrip('/')}/fhir/Measure/{quote(code, safe='')}"


def period_end(start: dt.date, frequency: str) -> dt.date:
    """The last day of the period of FREQUENCY starting on START."""
    if frequency == "week":
        return start + dt.timedelta(days=6)
    if frequency in ("month", "quarter"):
        month = start.month + (2 if frequency == "quarter" else 0)
        year = start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return start


def _coding(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def measure_resource(measure: Any, base_url: str) -> dict[str, Any]:
    """MEASURE as a FHIR Measure."""
    has_ratio = bool(measure.numerator_definition or measure.denominator_definition)
    scoring = "continuous-variable"
    if has_ratio:
        scoring = "proportion" if measure.multiplier in (1, 100) else "ratio"
    resource: dict[str, Any] = {
        "resourceType": "Measure",
        "id": _fhir_id(measure.code),
        "url": canonical_url(base_url, measure.code),
        "identifier": [{"system": IDENTIFIER_SYSTEM, "value": measure.code}],
        "name": "".join(ch for ch in measure.code.title() if ch.isalnum()) or "Measure",
        "title": measure.name,
        "status": "retired" if measure.archived_at else "active",
        "description": measure.definition or measure.name,
        "scoring": _coding(SCORING_SYSTEM, scoring),
    }
    if measure.direction in ("increase", "decrease"):
        resource["improvementNotation"] = _coding(IMPROVEMENT_SYSTEM, measure.direction)
    if has_ratio:
        resource["group"] = [
            {
                "population": [
                    {
                        "code": _coding(POPULATION_SYSTEM, name),
                        "description": text or name.capitalize(),
                        "criteria": {"language": "text/plain", "expression": text or name},
                    }
                    for name, text in (
                        ("numerator", measure.numerator_definition),
                        ("denominator", measure.denominator_definition),
                    )
                ]
            }
        ]
    return resource


def _population(name: str, count: float) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": _coding(POPULATION_SYSTEM, name)}
    if float(count).is_integer():
        entry["count"] = int(count)
    else:
        entry["extension"] = [{"url": DECIMAL_COUNT, "valueDecimal": count}]
    return entry


def report_resource(measure: Any, observation: Any, url: str) -> dict[str, Any]:
    """One OBSERVATION of MEASURE as a summary MeasureReport for the Measure at URL."""
    group: dict[str, Any] = {}
    if observation.numerator is not None and observation.denominator is not None:
        group["population"] = [
            _population("numerator", observation.numerator),
            _population("denominator", observation.denominator),
        ]
    if observation.value is not None:
        group["measureScore"] = {"value": observation.value}
        if measure.unit_label:
            group["measureScore"]["unit"] = measure.unit_label
    return {
        "resourceType": "MeasureReport",
        "id": _fhir_id(f"{measure.code}-{observation.period.isoformat()}"),
        "status": "complete",
        "type": "summary",
        "measure": url,
        "period": {
            "start": observation.period.isoformat(),
            "end": period_end(observation.period, measure.frequency).isoformat(),
        },
        "group": [group],
    }


def export_bundle(measure: Any, observations: Iterable[Any], base_url: str) -> dict[str, Any]:
    """A collection Bundle: the Measure, then one MeasureReport per observation (validated)."""
    from fhir.resources.R4B.bundle import Bundle

    url = canonical_url(base_url, measure.code)
    entries = [{"fullUrl": url, "resource": measure_resource(measure, base_url)}]
    for observation in observations:
        report = report_resource(measure, observation, url)
        entries.append({"fullUrl": f"urn:uuid:{report['id']}", "resource": report})
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    Bundle.model_validate(bundle)  # what we send must be valid FHIR too
    return bundle


def _fhir_id(text: str) -> str:
    """A FHIR id (letters, digits, - and ., at most 64) made from TEXT."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in text)
    return cleaned[:64] or "x"


# Import -------------------------------------------------------------------------------------


def _path(location: Iterable[Any]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if "Decimal" in message or error.get("type") in ("decimal_parsing", "decimal_type"):
        return "value is not a valid decimal"
    if error.get("type") == "missing":
        return "this element is required"
    return message[:1].lower() + message[1:].rstrip(".")


def _entry_row(location: tuple[Any, ...]) -> int:
    """The row of a Bundle's entry (entry[3] is row 4); 1 for anything else."""
    if len(location) > 1 and location[0] == "entry" and isinstance(location[1], int):
        return location[1] + 1
    return 1


def _validate(model: Any, data: dict[str, Any], prefix: str) -> Any:
    import pydantic

    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        errors = [
            RowError(
                _entry_row(error["loc"]),
                _path([*([prefix] if prefix else []), *error["loc"]]),
                _message(error),
            )
            for error in exc.errors()
        ]
        raise FhirProblem(errors[:500]) from exc


def load_json(raw: bytes | str) -> Any:
    """Parse FHIR JSON text; a FhirProblem when it is not JSON."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FhirProblem([RowError(1, "", f"the file is not FHIR JSON ({exc})")]) from exc
    except RecursionError as exc:  # arrays nested thousands deep: no FHIR resource is
        raise FhirProblem([RowError(1, "", "the file is not FHIR JSON (nested too deep)")]) from exc


def reports_in(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """The MeasureReports of a resource (a MeasureReport or a Bundle of them, Measures in the
    Bundle ignored), each with the path it was found at. Validated; FhirProblem otherwise."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.measurereport import MeasureReport

    kind = data.get("resourceType") if isinstance(data, dict) else None
    if kind == "MeasureReport":
        _validate(MeasureReport, data, "")
        return [("", data)]
    if kind != "Bundle":
        named = f"“{kind}”" if kind else "no resourceType"
        raise FhirProblem(
            [RowError(1, "resourceType", f"a MeasureReport or a Bundle is expected, not {named}")]
        )
    _validate(Bundle, data, "")
    found: list[tuple[str, dict[str, Any]]] = []
    errors: list[RowError] = []
    for index, entry in enumerate(data.get("entry") or []):
        resource = entry.get("resource") or {}
        kind = resource.get("resourceType")
        path = f"entry[{index}].resource"
        if kind == "Measure":
            continue
        if kind != "MeasureReport":
            errors.append(
                RowError(
                    index + 1, f"{path}.resourceType", f"a MeasureReport is expected, not {kind}"
                )
            )
            continue
        try:
            _validate(MeasureReport, resource, path)
        except FhirProblem as problem:
            errors += [RowError(index + 1, e.field, e.message) for e in problem.errors]
            continue
        found.append((path, resource))
    if errors:
        raise FhirProblem(errors)
    return found


def measure_code(reference: str) -> str:
    """The measure code in a canonical URL (…/Measure/CODE|version) or a plain code."""
    reference = reference.split("|", 1)[0].rstrip("/")
    if "/Measure/" in reference:
        reference = reference.rsplit("/Measure/", 1)[1]
    return unquote(reference)


def _count(population: dict[str, Any]) -> float | None:
    if population.get("count") is not None:
        return float(population["count"])
    for extension in population.get("extension") or []:
        if extension.get("url") == DECIMAL_COUNT:
            return float(extension["valueDecimal"])
    return None


FIELD_PATHS = {
    "measure": "measure",
    "period": "period.start",
    "value": "group[0].measureScore.value",
    "numerator": "group[0].population[numerator].count",
    "denominator": "group[0].population[denominator].count",
}


def report_rows(reports: list[tuple[str, dict[str, Any]]]) -> Iterator[RawRow]:
    """(row, measure, period, value, numerator, denominator) of each report, row = position."""
    for number, (_, report) in enumerate(reports, start=1):
        group = (report.get("group") or [{}])[0]
        counts: dict[str, float | None] = {}
        for population in group.get("population") or []:
            codes = [c.get("code") for c in (population.get("code") or {}).get("coding") or []]
            for name in ("numerator", "denominator"):
                if name in codes:
                    counts[name] = _count(population)
        score = (group.get("measureScore") or {}).get("value")
        yield (
            number,
            measure_code(report.get("measure") or ""),
            (report.get("period") or {}).get("start"),
            score,
            counts.get("numerator"),
            counts.get("denominator"),
        )


def located(errors: list[RowError], reports: list[tuple[str, dict[str, Any]]]) -> list[RowError]:
    """Row errors of the upsert with the FHIR path of the element in the field."""
    placed = []
    for error in errors:
        prefix = reports[error.row - 1][0] if 0 < error.row <= len(reports) else ""
        element = FIELD_PATHS.get(error.field, error.field)
        field = f"{prefix}.{element}" if prefix else element
        placed.append(RowError(error.row, field, error.message))
    return placed


def import_reports(
    data: Any,
    *,
    actor: Any,
    source: str,
    route: str = "fhir",
    file_hash: str = "",
    dry_run: bool = False,
    progress: Any = None,
) -> UpsertResult:
    """Import a MeasureReport or a Bundle of them through the one all-or-nothing upsert.

    Returns the UpsertResult; its errors name the FHIR path of each bad element."""
    try:
        reports = reports_in(data)
    except FhirProblem as problem:
        return UpsertResult(errors=problem.errors, error_count=len(problem.errors), dry_run=dry_run)
    result = upsert_observations(
        report_rows(reports),
        actor=actor,
        source=source,
        route=route,
        file_hash=file_hash,
        dry_run=dry_run,
        progress=progress,
    )
    result.errors = located(result.errors, reports)
    return result


def read_file(fileobj: Any) -> Any:
    """The JSON of an uploaded FHIR file (at most MAX_BYTES)."""
    fileobj.seek(0)
    raw = fileobj.read(MAX_BYTES + 1)
    fileobj.seek(0)
    if len(raw) > MAX_BYTES:
        raise FhirProblem([RowError(1, "", "the FHIR file is larger than 50 MB")])
    return load_json(raw)


def table_rows(data: Any) -> Iterator[list[Any]]:
    """A FHIR resource as a table: a header of the observation fields, then one row a report."""
    from quadrant.control.intake.importers.validation import FIELDS

    reports = reports_in(data)
    yield list(FIELDS)
    for row in report_rows(reports):
        yield list(row[1:])
