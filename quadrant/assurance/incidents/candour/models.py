"""The duty of candour: one record per safety event that needs it (moderate harm or worse, or
flagged), and the organisation's setting of the nation whose bank holidays its clock skips.

A record holds no patient's name: whom the conversation was with is a relationship ("the
patient's daughter"). Its clock starts the day the organisation became aware; the deadline
is worked out then (DEADLINE_DAYS working days in the nation of the time) and stored. The
status is derived (`status_on`, and `with_status` for the lists), as "overdue" depends on the
day it is read; tests/test_status_rule.py checks the two agree on every combination.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.incidents.candour import access, clock
from quadrant.assurance.incidents.candour.choices import (
    NATION_CHOICES,
    CandourStatus,
    NotPossibleReason,
)
from quadrant.core.models import QuadrantModel, RecordedQuerySet

TEXT_LIMIT = 200
NOTE_LIMIT = 1000


class CandourSettings(QuadrantModel):
    """The organisation's duty of candour settings (one row; the defaults until saved)."""

    unit_field: ClassVar[None] = None
    restrict_queryset = staticmethod(access.settings_rule)

    nation = models.CharField(
        "nation", max_length=3, choices=NATION_CHOICES, default=clock.DEFAULT_NATION,
        help_text="Its bank holidays are not working days on the duty of candour's clock.",
    )  # fmt: skip

    class Meta:
        verbose_name = "duty of candour settings"
        verbose_name_plural = "duty of candour settings"

    def __str__(self) -> str:
        return f"Duty of candour settings ({self.get_nation_display()})"

    def history_unit_id(self) -> int | None:
        return None

    @classmethod
    def current(cls) -> CandourSettings:
        found = cls.objects.filter(pk=1).first()
        return found if found is not None else cls(pk=1)


class CandourQuerySet(RecordedQuerySet):
    def with_status(self, today: dt.date) -> CandourQuerySet:
        """Each record annotated with `current_status` as of TODAY (the rule of status_on)."""
        done = Q(conversation_on__isnull=False, letter_on__isnull=False)
        return self.annotate(  # type: ignore[no-any-return]
            current_status=Case(
                When(not_possible=True, then=Value(CandourStatus.NOT_POSSIBLE.value)),
                When(done & Q(letter_on__lte=models.F("deadline")),
                     then=Value(CandourStatus.DONE_ON_TIME.value)),
                When(done, then=Value(CandourStatus.DONE_LATE.value)),
                When(deadline__lt=today, then=Value(CandourStatus.OVERDUE.value)),
                default=Value(CandourStatus.DUE.value),
                output_field=models.CharField(),
            )
        )  # fmt: skip

    def open_on(self, today: dt.date) -> CandourQuerySet:
        """Records still to be met (due or overdue) on TODAY."""
        return self.filter(not_possible=False).exclude(
            conversation_on__isnull=False, letter_on__isnull=False
        )

    def overdue_on(self, today: dt.date) -> CandourQuerySet:
        return self.open_on(today).filter(deadline__lt=today)


class CandourRecord(QuadrantModel):
    """The duty of candour for one safety event."""

    unit_field: ClassVar[str] = "event__org_unit"
    restrict_queryset = staticmethod(access.records_rule)

    event = models.OneToOneField(
        "assurance.SafetyEvent", on_delete=models.PROTECT, related_name="candour",
    )  # fmt: skip
    aware_on = models.DateField("date the organisation became aware")
    nation = models.CharField(max_length=3, choices=NATION_CHOICES, editable=False)
    deadline = models.DateField(editable=False)
    conversation_on = models.DateField("date of the notification conversation", null=True,
                                       blank=True)  # fmt: skip
    conversation_by = models.CharField(
        "who had the conversation", max_length=TEXT_LIMIT, blank=True,
        help_text="The member of staff's name and role, for example Dr A Shah, consultant.",
    )  # fmt: skip
    conversation_with = models.CharField(
        "whom it was with", max_length=TEXT_LIMIT, blank=True,
        help_text="Their relationship to the event, for example the patient, or the patient's "
        "daughter. Do not write the patient's name.",
    )  # fmt: skip
    apology_given = models.BooleanField("apology given", null=True, blank=True)
    letter_on = models.DateField("date of the notification letter", null=True, blank=True)
    not_possible = models.BooleanField("notification not possible", default=False)
    not_possible_reason = models.CharField(
        "why it was not possible", max_length=20, choices=NotPossibleReason.choices, blank=True
    )
    not_possible_note = models.TextField("what happened", max_length=NOTE_LIMIT, blank=True)
    not_possible_on = models.DateField("date recorded as not possible", null=True, blank=True)

    objects: ClassVar[Any] = CandourQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = "duty of candour record"
        constraints = [
            models.CheckConstraint(
                condition=Q(not_possible=False, not_possible_reason="")
                | (Q(not_possible=True) & ~Q(not_possible_reason="")),
                name="candour_not_possible_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["deadline", "id"], name="candour_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"Duty of candour for {self.event}"

    def page_url(self) -> str:
        """Where the record is shown: its event's page, at the panel. (Not get_absolute_url:
        that page is the event's, which more people see than the record.)"""
        return reverse("assurance:safety_event", args=[self.event_id]) + "#duty-of-candour"

    def history_unit_id(self) -> int | None:
        return self.event.org_unit_id

    def clean(self) -> None:
        self.conversation_by = (self.conversation_by or "").strip()
        self.conversation_with = (self.conversation_with or "").strip()
        self.not_possible_note = (self.not_possible_note or "").strip()
        errors = check_dates(self, timezone.localdate())
        if self.conversation_on is not None:
            if not self.conversation_by:
                errors["conversation_by"] = "Enter who had the conversation"
            if not self.conversation_with:
                errors["conversation_with"] = "Enter whom the conversation was with"
            if self.apology_given is None:
                errors["apology_given"] = "Select whether an apology was given"
        elif self.letter_on is not None:
            errors["conversation_on"] = (
                "Enter the date of the notification conversation: the letter follows it"
            )
        if self.not_possible:
            if not self.not_possible_reason:
                errors["not_possible_reason"] = "Select why the notification was not possible"
            elif self.not_possible_reason == NotPossibleReason.OTHER and not self.not_possible_note:
                errors["not_possible_note"] = "Enter why the notification was not possible"
        if errors:
            raise ValidationError(errors)

    def status_on(self, today: dt.date) -> CandourStatus:
        """Where the record is on TODAY."""
        if self.not_possible:
            return CandourStatus.NOT_POSSIBLE
        if self.conversation_on is not None and self.letter_on is not None:
            on_time = self.letter_on <= self.deadline
            return CandourStatus.DONE_ON_TIME if on_time else CandourStatus.DONE_LATE
        return CandourStatus.OVERDUE if today > self.deadline else CandourStatus.DUE

    @property
    def status(self) -> CandourStatus:
        return self.status_on(timezone.localdate())

    def working_days_left(self, today: dt.date) -> int:
        """Working days from TODAY to the deadline (negative once past it)."""
        return clock.working_days_between(today, self.deadline, self.nation)


def check_dates(record: CandourRecord, today: dt.date) -> dict[str, str]:
    """The dates' problems, by field: none in the future, the conversation not before the
    organisation became aware, the letter not before the conversation."""
    errors: dict[str, str] = {}
    labels = {
        "aware_on": "Date the organisation became aware",
        "conversation_on": "Date of the notification conversation",
        "letter_on": "Date of the notification letter",
    }
    for name, label in labels.items():
        value = getattr(record, name)
        if value is not None and value > today:
            errors[name] = f"{label} must be today or in the past"
    occurred = getattr(record.event, "occurred_on", None) if record.event_id else None
    if "aware_on" not in errors and record.aware_on and occurred and record.aware_on < occurred:
        errors["aware_on"] = (
            f"Date the organisation became aware must be on or after the date of the event "
            f"({occurred:%d %B %Y})"
        )
    if (
        "conversation_on" not in errors and record.conversation_on and record.aware_on
        and record.conversation_on < record.aware_on
    ):  # fmt: skip
        errors["conversation_on"] = (
            f"Date of the notification conversation must be on or after the date the "
            f"organisation became aware ({record.aware_on:%d %B %Y})"
        )
    if (
        "letter_on" not in errors and record.letter_on and record.conversation_on
        and record.letter_on < record.conversation_on
    ):  # fmt: skip
        errors["letter_on"] = (
            f"Date of the notification letter must be on or after the date of the "
            f"conversation ({record.conversation_on:%d %B %Y})"
        )
    return errors
