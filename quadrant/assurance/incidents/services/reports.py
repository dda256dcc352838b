"""Submitting a patient safety event report, named or anonymous.

A named report records its reporter and deletes their draft. An anonymous report is written
as the anonymous actor under a fresh request id, with no reporter, so nothing in the event,
its history or the security log leads back to the person who sent it (they are checked for
the right to report, which logs nothing when it passes); its receipt code is returned once
and only its hash is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from quadrant.assurance.incidents.candour.services import CANDOUR_CLOCK, open_if_needed
from quadrant.assurance.incidents.models import (
    PatientDetails,
    ReportDraft,
    SafetyEvent,
    needs_duty_of_candour,
)
from quadrant.assurance.incidents.nhs_number import normalise as normalise_nhs_number
from quadrant.assurance.incidents.receipts import new_receipt_code, receipt_hash
from quadrant.assurance.incidents.receipts import normalise as normalise_code
from quadrant.core.actors import AnonymousActor
from quadrant.core.context import acting_as, new_request_id
from quadrant.core.models import hash_token
from quadrant.core.permissions import Capability, check_actor

ANONYMOUS_REPORTER = AnonymousActor("safety event report")
REFERENCE_PREFIX = "PSE"

#: What a reporter gives (the form's names: the patient's details are prefixed patient_).
REPORT_FIELDS = (
    "event_type", "description", "occurred_on", "occurred_at", "org_unit", "location",
    "affected", "immediate_actions", "physical_harm", "psychological_harm", "category",
    "never_event_type", "reportable_to_cqc",
)  # fmt: skip
PATIENT_FIELDS = {
    "patient_name": "name",
    "patient_nhs_number": "nhs_number",
    "patient_date_of_birth": "date_of_birth",
    "patient_hospital_number": "hospital_number",
}
_TEXT_FIELDS = ("description", "location", "immediate_actions", "physical_harm",
                "psychological_harm", "never_event_type")  # fmt: skip


@dataclass(frozen=True)
class Submitted:
    event: SafetyEvent
    receipt_code: str = ""  # an anonymous report's, shown once; "" for a named report
    repeated: bool = False  # the same form was sent before: EVENT is the report it made


def submit_report(
    fields: dict[str, Any], *, anonymous: bool = False, submission: str = "", actor: Any
) -> Submitted:
    """Record a report as ACTOR (a signed-in person who may report at the unit). FIELDS uses
    the names of REPORT_FIELDS and PATIENT_FIELDS; every problem is raised at once, under
    those names, and nothing is stored unless all of it is. SUBMISSION is the one-time token
    of the form page: sent again, it stores nothing and answers the report it made."""
    unknown = set(fields) - set(REPORT_FIELDS) - set(PATIENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown report fields: {', '.join(sorted(unknown))}")
    unit = fields.get("org_unit")
    if unit is None:
        raise ValidationError({"org_unit": "Select the unit where it happened"})
    check_actor(actor, Capability.REPORT_INCIDENT, unit)
    sent_before = _sent_before(submission)
    if sent_before is not None:
        return Submitted(sent_before, repeated=True)
    event = _event(fields)
    event.submission_hash = hash_token(submission) if submission else ""
    patient = _patient(fields)
    code = ""
    if anonymous:
        code = new_receipt_code()
        event.anonymous, event.receipt_hash = True, receipt_hash(code)
    else:
        event.reporter = actor
    _check(event, patient)
    writer = ANONYMOUS_REPORTER if anonymous else actor
    try:
        with acting_as(writer, new_request_id() if anonymous else None), transaction.atomic():
            save_with_reference(event)
            if patient is not None:
                patient.event = event
                patient.save()
            open_if_needed(event, by=CANDOUR_CLOCK)  # moderate harm or worse: the clock starts
            if not anonymous:
                for draft in ReportDraft.objects.filter(author=actor):
                    draft.delete()
    except IntegrityError:
        sent_at_once = _sent_before(submission)  # the same form sent twice at the same moment
        if sent_at_once is None:
            raise
        return Submitted(sent_at_once, repeated=True)
    return Submitted(event, code)


def _sent_before(submission: str) -> SafetyEvent | None:
    if not submission:
        return None
    found: SafetyEvent | None = SafetyEvent.objects.filter(
        submission_hash=hash_token(submission)
    ).first()
    return found


def _event(fields: dict[str, Any]) -> SafetyEvent:
    values = {name: fields.get(name) for name in REPORT_FIELDS}
    for name in _TEXT_FIELDS:
        values[name] = (values[name] or "").strip()
    values["reportable_to_cqc"] = bool(values["reportable_to_cqc"])
    event = SafetyEvent(**values)
    event.never_event = bool(event.never_event_type)
    event.duty_of_candour = needs_duty_of_candour(event.physical_harm, event.psychological_harm)
    return event


def _patient(fields: dict[str, Any]) -> PatientDetails | None:
    values = {field: fields.get(name) for name, field in PATIENT_FIELDS.items()}
    for name in ("name", "nhs_number", "hospital_number"):
        values[name] = str(values[name] or "").strip()
    values["nhs_number"] = normalise_nhs_number(str(values["nhs_number"]))
    patient = PatientDetails(**values)
    return None if patient.is_empty else patient


def _check(event: SafetyEvent, patient: PatientDetails | None) -> None:
    """Every problem of the event and the patient's details, under the form's names."""
    errors: dict[str, list[str]] = {}
    try:
        event.full_clean(exclude=["reference"], validate_unique=False)
    except ValidationError as problem:
        errors.update(problem.message_dict)
    if patient is not None:
        try:
            patient.full_clean(exclude=["event"], validate_unique=False)
        except ValidationError as problem:
            by_field = {field: name for name, field in PATIENT_FIELDS.items()}
            for field, messages in problem.message_dict.items():
                errors[by_field.get(field, field)] = messages
    if errors:
        raise ValidationError(errors)


def _next_reference(year: int) -> str:
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    # A range, not startswith: SQLite answers it from the unique index (a LIKE scans).
    last = (
        SafetyEvent._base_manager.filter(reference__gt=prefix, reference__lt=f"{prefix}~")
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{number:06d}"


def save_with_reference(event: SafetyEvent, attempts: int = 5) -> None:
    """Save EVENT under the next reference of the year (PSE-2026-000123); two reports sent at
    the same moment cannot share one (the unique reference refuses the second, which tries
    the next number)."""
    year = timezone.localdate().year
    for attempt in range(attempts):
        event.reference = _next_reference(year)
        try:
            with transaction.atomic():
                event.save()
            return
        except IntegrityError:
            event.pk = None
            event._state.adding = True
            taken = SafetyEvent._base_manager.filter(reference=event.reference).exists()
            if not taken or attempt == attempts - 1:
                raise


def find_by_receipt(code: str) -> SafetyEvent | None:
    """The anonymous report a receipt code belongs to; None for a wrong or unknown code (the
    same answer, so a guess learns nothing)."""
    text = normalise_code(code)
    if not text:
        return None
    return (
        SafetyEvent.objects.filter(anonymous=True, receipt_hash=receipt_hash(text))
        .select_related("org_unit")
        .first()
    )
