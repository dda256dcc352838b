"""A patient safety event as a FHIR R4 `AdverseEvent`, shaped like an LFPSE record, and a page
of them as a searchset `Bundle` (validated with the `fhir.resources` R4B models before it is
sent). docs/fhir.md lists the elements and extensions.

- The event type (LFPSE's four) is `event`, the local category is `category`; a risk is a
  `potential` event, everything else `actual`. Codes are those of the data files in data/,
  each list's system being its source's address with the list's name as the fragment.
- Physical harm gives `seriousness` (moderate harm or worse is serious), `severity` (the
  LFPSE level, with HL7's mild/moderate/severe where one matches) and, for severe harm or
  death, `outcome`; psychological harm, the Never Event, CQC and candour flags, the status and
  what happened are Quadrant extensions.
- `subject` names the patient by NHS number only for someone who may see the patient's
  details (privacy.read_nhs_numbers, which logs it); for anyone else, or with no number on
  record, it is an unidentified Group. Neither the reporter nor anyone else who wrote the
  report is ever exported (no `recorder`, no `contributor`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone

from quadrant.assurance.incidents import national
from quadrant.assurance.incidents.choices import RISK
from quadrant.core.fhir import code_system_url, extension_url, identifier_system, instant

RESOURCE = "AdverseEvent"
REFERENCE_SYSTEM = identifier_system("safety-event-reference")
UNIT_SYSTEM = identifier_system("org-unit")
NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
CATEGORY_SYSTEM = code_system_url("safety-event-category")  # a local list: no national source
SERIOUSNESS_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"
SEVERITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
OUTCOME_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
PSYCHOLOGICAL_HARM = extension_url("psychological-harm")
NEVER_EVENT = extension_url("never-event")
NEVER_EVENT_TYPE = extension_url("never-event-type")
REPORTABLE_TO_CQC = extension_url("reportable-to-cqc")
DUTY_OF_CANDOUR = extension_url("duty-of-candour")
EVENT_STATUS = extension_url("safety-event-status")
DESCRIPTION = extension_url("safety-event-description")
UNIDENTIFIED = {"type": "Group", "display": "unknown"}

SERIOUS_HARMS = frozenset({"moderate", "severe", "fatal"})
HL7_SEVERITY = {"low": "mild", "moderate": "moderate", "severe": "severe", "fatal": "severe"}
HL7_OUTCOME = {
    "severe": ("resolvedWithSequelae", "Resolved with sequelae"),
    "fatal": ("fatal", "Fatal"),
}


def _system(file: str, fragment: str = "") -> str:
    """A national list's code system: its source's address (#FRAGMENT names the list)."""
    url = str(national.source(file)["url"])
    return f"{url}#{fragment}" if fragment else url


@functools.cache
def _lists() -> dict[str, tuple[str, dict[str, str]]]:
    """Each coded element's system and labels by code."""

    def labels(entries: Iterable[national.Entry]) -> dict[str, str]:
        return {entry.code: entry.label for entry in entries}

    return {
        "event_type": (_system("lfpse.toml", "event-types"), labels(national.event_types())),
        "physical": (_system("lfpse.toml", "physical-harm"), labels(national.physical_harms())),
        "psychological": (
            _system("lfpse.toml", "psychological-harm"),
            labels(national.psychological_harms()),
        ),
        "never_event": (_system("never_events.toml"), labels(national.never_events())),
        "category": (CATEGORY_SYSTEM, labels(national.categories())),
    }


def _concept(list_name: str, code: str, *more: dict[str, str]) -> dict[str, Any]:
    system, labels = _lists()[list_name]
    label = labels.get(code, code)
    coding = [{"system": system, "code": code, "display": label}, *more]
    return {"coding": coding, "text": label}


def _hl7(system: str, code: str, display: str) -> dict[str, str]:
    return {"system": system, "code": code, "display": display}


def occurred(event: Any) -> str:
    """When it happened: the day, or the moment in the organisation's time zone."""
    if event.occurred_at is None:
        return str(event.occurred_on.isoformat())
    moment = dt.datetime.combine(event.occurred_on, event.occurred_at)
    return timezone.make_aware(moment).isoformat()


def reported(event: Any) -> str:
    """When it was reported: the day an imported event was reported, else when it was sent."""
    if event.reported_on is not None:
        return str(event.reported_on.isoformat())
    return instant(event.created_at)


def _harm(event: Any) -> dict[str, Any]:
    harm = event.physical_harm
    if not harm:
        return {}
    code, words = (
        ("serious", "Serious") if harm in SERIOUS_HARMS else ("non-serious", "Non-serious")
    )
    elements: dict[str, Any] = {"seriousness": {"coding": [_hl7(SERIOUSNESS_SYSTEM, code, words)]}}
    hl7 = HL7_SEVERITY.get(harm)
    more = [_hl7(SEVERITY_SYSTEM, hl7, hl7.capitalize())] if hl7 else []
    elements["severity"] = _concept("physical", harm, *more)
    if harm in HL7_OUTCOME:
        code, words = HL7_OUTCOME[harm]
        elements["outcome"] = {"coding": [_hl7(OUTCOME_SYSTEM, code, words)]}
    return elements


def _extensions(event: Any) -> list[dict[str, Any]]:
    extensions: list[dict[str, Any]] = []
    if event.psychological_harm:
        extensions.append(
            {
                "url": PSYCHOLOGICAL_HARM,
                "valueCodeableConcept": _concept("psychological", event.psychological_harm),
            }
        )
    extensions.append({"url": NEVER_EVENT, "valueBoolean": bool(event.never_event)})
    if event.never_event and event.never_event_type:
        extensions.append(
            {
                "url": NEVER_EVENT_TYPE,
                "valueCodeableConcept": _concept("never_event", event.never_event_type),
            }
        )
    extensions += [
        {"url": REPORTABLE_TO_CQC, "valueBoolean": bool(event.reportable_to_cqc)},
        {"url": DUTY_OF_CANDOUR, "valueBoolean": bool(event.duty_of_candour)},
        {"url": EVENT_STATUS, "valueCode": event.status},
        {"url": DESCRIPTION, "valueString": event.description},
    ]
    return extensions


def subject(nhs_number: str) -> dict[str, Any]:
    """The patient by NHS number, or (for "") an unidentified Group: nothing else at all."""
    if not nhs_number:
        return dict(UNIDENTIFIED)
    return {"type": "Patient", "identifier": {"system": NHS_NUMBER_SYSTEM, "value": nhs_number}}


def adverse_event(event: Any, nhs_number: str = "") -> dict[str, Any]:
    """EVENT (its org_unit fetched with it) as an AdverseEvent; NHS_NUMBER only for someone
    allowed to see it (privacy.read_nhs_numbers)."""
    moment = reported(event)
    resource: dict[str, Any] = {
        "resourceType": RESOURCE,
        "id": event.reference,
        "meta": {"lastUpdated": instant(event.updated_at)},
        "extension": _extensions(event),
        "identifier": {"system": REFERENCE_SYSTEM, "value": event.reference},
        "actuality": "potential" if event.event_type == RISK else "actual",
        "category": [_concept("category", event.category)],
        "event": _concept("event_type", event.event_type),
        "subject": subject(nhs_number),
        "date": occurred(event),
        "detected": moment,
        "recordedDate": moment,
        "location": {
            "type": "Location",
            "identifier": {"system": UNIT_SYSTEM, "value": event.org_unit.code},
            "display": event.org_unit.name,
        },
        **_harm(event),
    }
    return resource


def searchset(
    events: Iterable[Any],
    *,
    total: int,
    base_url: str,
    links: Mapping[str, str],
    nhs_numbers: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """A searchset Bundle of EVENTS (TOTAL matched in all), each at BASE_URL/<id>, with the
    page LINKS; every resource and the Bundle validated before it is sent."""
    from fhir.resources.R4B.bundle import Bundle

    numbers = nhs_numbers or {}
    resources = [adverse_event(event, numbers.get(event.pk, "")) for event in events]
    validate_all(resources)
    entries = [
        {"fullUrl": f"{base_url}/{resource['id']}", "search": {"mode": "match"}}
        for resource in resources
    ]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": total,
        "link": [{"relation": relation, "url": url} for relation, url in links.items()],
        "entry": entries,
    }
    Bundle.model_validate(bundle)  # the Bundle itself (its resources are validated above)
    for entry, resource in zip(entries, resources, strict=True):
        entry["resource"] = resource
    return bundle


def validated(resource: dict[str, Any]) -> dict[str, Any]:
    """RESOURCE, once the R4B AdverseEvent model has accepted it."""
    from fhir.resources.R4B.adverseevent import AdverseEvent

    AdverseEvent.model_validate(resource)
    return resource


def validate_all(resources: Iterable[dict[str, Any]]) -> None:
    """Every element of every one of RESOURCES validated with its R4B model, an element met
    before in this call (the same codes, the same unit) being known valid already: the coded
    elements repeat from one event to the next, and validating each anew would cost an
    export of 10,000 events several seconds. A resource's own values (its id, dates,
    identifier, what happened) are validated every time."""
    from fhir.resources.R4B.adverseevent import AdverseEvent
    from fhir.resources.R4B.codeableconcept import CodeableConcept
    from fhir.resources.R4B.extension import Extension
    from fhir.resources.R4B.reference import Reference

    types: dict[str, Any] = {
        "extension": Extension, "category": CodeableConcept, "event": CodeableConcept,
        "seriousness": CodeableConcept, "severity": CodeableConcept,
        "outcome": CodeableConcept, "location": Reference,
    }  # fmt: skip
    known: set[str] = set()
    for resource in resources:
        own: dict[str, Any] = {}
        for name, value in resource.items():
            model = types.get(name)
            if model is None:
                own[name] = value
                continue
            for item in value if isinstance(value, list) else [value]:
                key = f"{name} {json.dumps(item, sort_keys=True)}"
                if key not in known:
                    model.model_validate(item)
                    known.add(key)
        AdverseEvent.model_validate(own)
