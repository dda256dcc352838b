"""A patient safety event as LFPSE records it, its restricted patient details (a separate
row with its own access rule) and the private draft of a report being written.

The event holds nothing that identifies a patient: the details that do live in
PatientDetails, seen only by the safety team and the event's handlers (access.py). An
anonymous report has no reporter and was written as the anonymous actor, so neither the row
nor its history names its author; its receipt code is kept only as a hash.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.incidents import access
from quadrant.assurance.incidents.choices import (
    CANDOUR_HARMS,
    CATEGORY_CHOICES,
    EVENT_TYPE_CHOICES,
    HARM_TYPES,
    NEVER_EVENT_CHOICES,
    PHYSICAL_HARM_CHOICES,
    PSYCHOLOGICAL_HARM_CHOICES,
    AffectedPerson,
    EventStatus,
)
from quadrant.assurance.incidents.nhs_number import INVALID as INVALID_NHS_NUMBER
from quadrant.assurance.incidents.nhs_number import normalise, validate_nhs_number
from quadrant.core.models import QuadrantModel

#: The statuses of an event waiting for triage (the triage queue).
WAITING_FOR_TRIAGE = (EventStatus.SUBMITTED, EventStatus.UNDER_REVIEW)
FUTURE_DATE = "Date of the event must be today or in the past"
DESCRIPTION_LIMIT = 5000
ACTIONS_LIMIT = 2000
FEEDBACK_LIMIT = 5000


def too_long(what: str, limit: int) -> str:
    """The one wording of a text over its limit, on the form, in the API and in the model."""
    return f"{what} must be {limit:,} characters or fewer"


def _text_limit(limit: int, what: str) -> list[MaxLengthValidator]:
    return [MaxLengthValidator(limit, too_long(what, limit))]


def needs_duty_of_candour(physical: str, psychological: str) -> bool:
    """Moderate harm or worse, physical or psychological: the duty of candour applies."""
    return physical in CANDOUR_HARMS or psychological in CANDOUR_HARMS


class SafetyEvent(QuadrantModel):
    unit_field: ClassVar[str] = "org_unit"
    restrict_queryset = staticmethod(access.events_rule)
    history_secret_fields = frozenset({"receipt_hash", "submission_hash"})

    reference = models.CharField(max_length=20, unique=True, editable=False)
    event_type = models.CharField("type of event", max_length=20, choices=EVENT_TYPE_CHOICES)
    occurred_on = models.DateField("date of the event")
    occurred_at = models.TimeField("time of the event", null=True, blank=True)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="safety_events",
        verbose_name="unit",
    )  # fmt: skip
    location = models.CharField("where exactly", max_length=200, blank=True)
    affected = models.CharField("who was affected", max_length=10, choices=AffectedPerson.choices)
    description = models.TextField(
        "what happened", validators=_text_limit(DESCRIPTION_LIMIT, "What happened")
    )
    immediate_actions = models.TextField(
        "what was done straight away", blank=True,
        validators=_text_limit(ACTIONS_LIMIT, "What was done straight away"),
    )  # fmt: skip
    physical_harm = models.CharField(max_length=10, choices=PHYSICAL_HARM_CHOICES, blank=True)
    psychological_harm = models.CharField(
        max_length=10, choices=PSYCHOLOGICAL_HARM_CHOICES, blank=True
    )
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES)
    never_event = models.BooleanField("Never Event", default=False)
    never_event_type = models.CharField(
        "type of Never Event", max_length=40, choices=NEVER_EVENT_CHOICES, blank=True
    )
    reportable_to_cqc = models.BooleanField("reportable to CQC", default=False)
    duty_of_candour = models.BooleanField("duty of candour applies", default=False)
    status = models.CharField(
        max_length=20, choices=EventStatus.choices, default=EventStatus.SUBMITTED
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="safety_reports", editable=False,
    )  # fmt: skip
    anonymous = models.BooleanField(default=False, editable=False)
    receipt_hash = models.CharField(max_length=64, blank=True, editable=False)
    # The hash of the one-time token of the form page the report was sent from: the same page
    # sent twice (a refresh, a double tap) is recognised and stored once (services.reports).
    submission_hash = models.CharField(max_length=64, blank=True, editable=False)
    feedback = models.TextField(
        "what we learned and did", blank=True,
        validators=_text_limit(FEEDBACK_LIMIT, "What we learned and did"),
    )  # fmt: skip
    feedback_at = models.DateTimeField(null=True, blank=True, editable=False)
    # An event imported from a trust's earlier system (import.py): its reference there (a
    # second import of the same file skips it) and the day it was reported there.
    source_reference = models.CharField(
        "reference in the system it came from", max_length=100, blank=True, editable=False
    )
    reported_on = models.DateField("date it was reported", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = "patient safety event"
        constraints = [
            models.CheckConstraint(
                condition=Q(never_event=False, never_event_type="")
                | (Q(never_event=True) & ~Q(never_event_type="")),
                name="safetyevent_never_event_has_type",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(reporter__isnull=True),
                name="safetyevent_anonymous_has_no_reporter",
            ),
            models.UniqueConstraint(
                fields=["receipt_hash"],
                condition=~Q(receipt_hash=""),
                name="safetyevent_receipt_unique",
            ),
            models.UniqueConstraint(
                fields=["submission_hash"],
                condition=~Q(submission_hash=""),
                name="safetyevent_submission_unique",
            ),
            models.UniqueConstraint(
                fields=["source_reference"],
                condition=~Q(source_reference=""),
                name="safetyevent_source_reference_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["-occurred_on", "-id"], name="safetyevent_occurred_idx"),
            models.Index(fields=["org_unit", "-occurred_on"], name="safetyevent_unit_idx"),
            models.Index(fields=["status", "-occurred_on"], name="safetyevent_status_idx"),
            models.Index(fields=["event_type", "-occurred_on"], name="safetyevent_type_idx"),
            models.Index(fields=["physical_harm", "-occurred_on"], name="safetyevent_harm_idx"),
            models.Index(fields=["reporter", "-created_at"], name="safetyevent_reporter_idx"),
            # The triage queue (the events waiting, the longest waiting first) reads its page's
            # ids from this index alone, whatever the reader's units.
            models.Index(
                fields=["status", "archived_at", "org_unit", "created_at"],
                name="safetyevent_waiting_idx",
            ),
            # Covers the themes' counts (themes.py): one pass over the index, not the rows.
            models.Index(
                fields=[
                    "occurred_on",
                    "category",
                    "org_unit",
                    "physical_harm",
                    "event_type",
                    "archived_at",
                ],
                name="safetyevent_themes_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or "New safety event"

    def get_absolute_url(self) -> str:
        return reverse("assurance:safety_event", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.occurred_on and self.occurred_on > timezone.localdate():
            errors["occurred_on"] = FUTURE_DATE
        if self.event_type in HARM_TYPES and not self.physical_harm:
            errors["physical_harm"] = "Select the physical harm you saw, or no physical harm"
        if self.never_event and not self.never_event_type:
            errors["never_event_type"] = "Select the type of Never Event"
        if errors:
            raise ValidationError(errors)

    @property
    def imported(self) -> bool:
        """Imported from the trust's earlier system, not reported through Quadrant."""
        return bool(self.source_reference)

    @property
    def harm_reported(self) -> bool:
        return self.event_type in HARM_TYPES


class PatientDetails(QuadrantModel):
    """Who the patient is: restricted to the safety team and the event's handlers, never
    shown in a list, an export, the search or the API to anyone else; each view is logged.
    It has no page of its own: it is shown on its event's page, to those allowed."""

    unit_field: ClassVar[str] = "event__org_unit"
    restrict_queryset = staticmethod(access.patient_details_rule)
    sensitive_fields = frozenset({"name", "nhs_number", "date_of_birth", "hospital_number"})

    event = models.OneToOneField(
        SafetyEvent, on_delete=models.PROTECT, related_name="patient_details"
    )
    name = models.CharField("patient's name", max_length=200, blank=True)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number],
        error_messages={"max_length": INVALID_NHS_NUMBER},
    )  # fmt: skip
    date_of_birth = models.DateField(null=True, blank=True)
    hospital_number = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["event"]
        verbose_name = "patient details"
        verbose_name_plural = "patient details"

    def __str__(self) -> str:
        return f"Patient details of {self.event}"

    def clean(self) -> None:
        self.nhs_number = normalise(self.nhs_number or "")
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": "Date of birth must be in the past"})

    def history_unit_id(self) -> int | None:
        return self.event.org_unit_id

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.nhs_number or self.date_of_birth or self.hospital_number)


class ReportDraft(QuadrantModel):
    """What a signed-in reporter has typed so far, saved as they type (one per person), so a
    lapsed session loses nothing. Private to its author; deleted when the report is sent.
    Its text is never copied into the change history (only that a draft was started). It has
    no page of its own: the report form is filled from it."""

    unit_field: ClassVar[None] = None
    restrict_queryset = staticmethod(access.drafts_rule)
    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "data", "saved_at"}
    )

    author = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_report_draft"
    )
    data = models.JSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]

    def __str__(self) -> str:
        return f"Draft safety report of {self.author}"

    def history_unit_id(self) -> int | None:
        return None
