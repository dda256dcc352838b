"""A measure as a FHIR `Measure` and its data as summary `MeasureReport`s, in a collection
`Bundle` (validated with the `fhir.resources` R4B models before it is sent)."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from quadrant.control.intake.importers.fhir.units import quantity, unit_of
from quadrant.core.fhir import extension_url, fhir_id, instant

POPULATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population"
SCORING_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-scoring"
IMPROVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-improvement-notation"
IDENTIFIER_SYSTEM = "urn:quadrant:measure-code"
# A numerator or denominator that is not a whole number (FHIR counts are integers).
DECIMAL_COUNT = extension_url("population-decimal-count")


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
        "id": fhir_id(measure.code),
        "meta": {"lastUpdated": instant(measure.updated_at)},
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
    group: dict[str, Any] = {"code": _coding(IDENTIFIER_SYSTEM, measure.code)}
    if has_ratio:
        group["population"] = [
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
    resource["group"] = [group]
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
    group: dict[str, Any] = {"code": _coding(IDENTIFIER_SYSTEM, measure.code)}
    if observation.numerator is not None and observation.denominator is not None:
        group["population"] = [
            _population("numerator", observation.numerator),
            _population("denominator", observation.denominator),
        ]
    if observation.value is not None:
        group["measureScore"] = quantity(observation.value, unit_of(measure))
    return {
        "resourceType": "MeasureReport",
        "id": fhir_id(f"{measure.code}-{observation.period.isoformat()}"),
        "meta": {"lastUpdated": instant(observation.updated_at)},
        "status": "complete",
        "type": "summary",
        "measure": url,
        "period": {
            "start": observation.period.isoformat(),
            "end": period_end(observation.period, measure.frequency).isoformat(),
        },
        "group": [group],
    }


def export_bundle(
    measure: Any,
    observations: Iterable[Any],
    base_url: str,
    links: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A collection Bundle: the Measure, then one MeasureReport per observation (validated);
    LINKS (relation → URL: self, next, previous) page through a long history."""
    from fhir.resources.R4B.bundle import Bundle

    url = canonical_url(base_url, measure.code)
    entries = [{"fullUrl": url, "resource": measure_resource(measure, base_url)}]
    for observation in observations:
        report = report_resource(measure, observation, url)
        # The same report keeps the same address from one export to the next.
        address = uuid.uuid5(uuid.NAMESPACE_URL, f"{url}/MeasureReport/{report['id']}")
        entries.append({"fullUrl": f"urn:uuid:{address}", "resource": report})
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "collection"}
    if links:
        bundle["link"] = [{"relation": relation, "url": link} for relation, link in links.items()]
    bundle["entry"] = entries
    Bundle.model_validate(bundle)  # what we send must be valid FHIR too
    return bundle
