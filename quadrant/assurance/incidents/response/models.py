"""The response plan (versioned rules), triage, learning responses and what they hold."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.incidents.choices import (
    CATEGORY_CHOICES,
    EVENT_TYPE_CHOICES,
    PHYSICAL_HARM_CHOICES,
    PSYCHOLOGICAL_HARM_CHOICES,
)
from quadrant.assurance.incidents.models import too_long
from quadrant.assurance.incidents.response import access
from quadrant.assurance.incidents.response.choices import (
    OPEN_RESPONSE_STATUSES,
    EngagedPerson,
    PlanStatus,
    ResponseStatus,
    ResponseType,
    SeipsFactor,
)
from quadrant.core.models import QuadrantModel, RecordedQuerySet

TEXT_LIMIT = 5000
RATIONALE_LIMIT = 2000


def _limit(what: str, limit: int = TEXT_LIMIT) -> list[MaxLengthValidator]:
    return [MaxLengthValidator(limit, too_long(what, limit))]


class ResponsePlan(QuadrantModel):
    """One version of the organisation's patient safety incident response plan. Only one is
    in use at a time; a change is made on a new draft version, published when ready."""

    unit_field: ClassVar[None] = None
    restrict_queryset = staticmethod(access.plan_rule)

    number = models.PositiveIntegerField("version", unique=True, editable=False)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    summary = models.TextField(
        "what changed in this version", blank=True, validators=_limit("What changed", 2000)
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = "patient safety incident response plan"
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="published"), name="responseplan_one_in_use"
            )
        ]

    def __str__(self) -> str:
        return f"Response plan, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:response_plan_version", args=[self.number])

    def history_unit_id(self) -> int | None:
        return None


class ResponseRule(QuadrantModel):
    """Which events get which response, by when: the first rule (in order) that an event
    matches decides the response triage suggests. A blank condition matches anything."""

    unit_field: ClassVar[None] = None
    restrict_queryset = staticmethod(access.plan_rule)

    plan = models.ForeignKey(ResponsePlan, on_delete=models.CASCADE, related_name="rules")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("what the rule covers", max_length=200)
    event_type = models.CharField(
        "type of event", max_length=20, choices=EVENT_TYPE_CHOICES, blank=True
    )
    category = models.CharField(max_length=30, choices=CATEGORY_CHOICES, blank=True)
    min_physical_harm = models.CharField(
        "physical harm at least", max_length=10, choices=PHYSICAL_HARM_CHOICES, blank=True
    )
    never_event = models.BooleanField("Never Events only", default=False)
    response_type = models.CharField(max_length=30, choices=ResponseType.choices)
    timescale_days = models.PositiveSmallIntegerField(
        "days to complete the response",
        default=0,
        validators=[MaxValueValidator(365, "Days to complete must be 365 or fewer")],
    )
    national_priority = models.BooleanField(
        "a national priority (a PSII is required)", default=False
    )

    class Meta:
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def history_unit_id(self) -> int | None:
        return None

    def clean(self) -> None:
        if self.response_type != ResponseType.NO_FURTHER_RESPONSE and not self.timescale_days:
            raise ValidationError(
                {"timescale_days": "Enter the days the response has to be completed in"}
            )
        if self.national_priority and self.response_type != ResponseType.PSII:
            raise ValidationError(
                {
                    "response_type": "A national priority needs a patient safety incident "
                    "investigation (PSII)"
                }
            )


class Triage(QuadrantModel):
    """The safety team's first look at an event: its category and harm confirmed, the
    response the plan suggested and the one chosen, with the reason when they differ."""

    unit_field: ClassVar[str] = "event__org_unit"
    restrict_queryset = staticmethod(access.triage_rule)

    event = models.OneToOneField(
        "assurance.SafetyEvent", on_delete=models.PROTECT, related_name="triage"
    )
    plan = models.ForeignKey(ResponsePlan, on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(
        ResponseRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suggested_response = models.CharField(max_length=30, choices=ResponseType.choices)
    response_type = models.CharField("response chosen", max_length=30, choices=ResponseType.choices)
    rationale = models.TextField(
        "why this response", blank=True, validators=_limit("Why this response", RATIONALE_LIMIT)
    )
    confirmed_category = models.CharField(max_length=30, choices=CATEGORY_CHOICES)
    confirmed_physical_harm = models.CharField(
        max_length=10, choices=PHYSICAL_HARM_CHOICES, blank=True
    )
    confirmed_psychological_harm = models.CharField(
        max_length=10, choices=PSYCHOLOGICAL_HARM_CHOICES, blank=True
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    triaged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-triaged_at"]

    def __str__(self) -> str:
        return f"Triage of {self.event}"

    def history_unit_id(self) -> int | None:
        return self.event.org_unit_id

    @property
    def departs_from_plan(self) -> bool:
        return self.response_type != self.suggested_response


class ResponseQuerySet(RecordedQuerySet):
    def open(self) -> Any:
        return self.filter(status__in=OPEN_RESPONSE_STATUSES, archived_at__isnull=True)

    def overdue(self, today: dt.date | None = None) -> Any:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class LearningResponse(QuadrantModel):
    """A learning response to one event (or, for a thematic review, to several)."""

    unit_field: ClassVar[str] = "event__org_unit"
    restrict_queryset = staticmethod(access.by_event_rule("event"))

    event = models.ForeignKey(
        "assurance.SafetyEvent", on_delete=models.PROTECT, related_name="learning_responses"
    )
    related_events = models.ManyToManyField(
        "assurance.SafetyEvent",
        blank=True,
        related_name="+",
        help_text="Other events a thematic review looks at.",
    )
    response_type = models.CharField(max_length=30, choices=ResponseType.choices)
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.PLANNED
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_responses"
    )
    due_date = models.DateField("complete by")
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # The after action review's four questions (choices.AAR_QUESTIONS); other methods use
    # `summary` and their findings.
    expected = models.TextField(blank=True, validators=_limit("What was expected"))
    happened = models.TextField(blank=True, validators=_limit("What actually happened"))
    difference = models.TextField(blank=True, validators=_limit("Why there was a difference"))
    learned = models.TextField(blank=True, validators=_limit("What can be learned"))
    summary = models.TextField(
        "summary of the learning", blank=True, validators=_limit("The summary")
    )

    objects: ClassVar = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="response_status_due_idx"),
            models.Index(fields=["lead", "status"], name="response_lead_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_response_type_display()} of {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:learning_response", args=[self.pk])

    def history_unit_id(self) -> int | None:
        return self.event.org_unit_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RESPONSE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def is_after_action_review(self) -> bool:
        return self.response_type == ResponseType.AFTER_ACTION_REVIEW


class Finding(QuadrantModel):
    """What a response found, against one SEIPS work-system factor."""

    unit_field: ClassVar[str] = "response__event__org_unit"
    restrict_queryset = staticmethod(access.by_event_rule("response__event"))

    response = models.ForeignKey(
        LearningResponse, on_delete=models.CASCADE, related_name="findings"
    )
    factor = models.CharField("work-system factor", max_length=30, choices=SeipsFactor.choices)
    text = models.TextField("what was found", validators=_limit("What was found", 2000))

    class Meta:
        ordering = ["response", "factor", "id"]
        indexes = [models.Index(fields=["factor"], name="finding_factor_idx")]

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {self.text[:60]}"

    def history_unit_id(self) -> int | None:
        return self.response.event.org_unit_id


class Engagement(QuadrantModel):
    """A conversation with someone affected: a patient, their family, staff. Names of
    people are not kept here: `with_whom` says who in plain words ("the patient's daughter")."""

    unit_field: ClassVar[str] = "response__event__org_unit"
    restrict_queryset = staticmethod(access.by_event_rule("response__event"))

    response = models.ForeignKey(
        LearningResponse, on_delete=models.CASCADE, related_name="engagements"
    )
    person = models.CharField("who", max_length=10, choices=EngagedPerson.choices)
    with_whom = models.CharField("who exactly", max_length=200, blank=True)
    held_on = models.DateField("date")
    said = models.TextField("what they said", validators=_limit("What they said"))
    draft_comments = models.TextField(
        "their comments on the draft report",
        blank=True,
        validators=_limit("Their comments on the draft report"),
    )

    class Meta:
        ordering = ["response", "held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_person_display()}, {self.held_on:%d %B %Y}"

    def history_unit_id(self) -> int | None:
        return self.response.event.org_unit_id

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": "Date must be today or in the past"})


class SafetyAction(QuadrantModel):
    """A safety action of a response: the action itself lives in the one action tracker;
    this names the measure in control that will show whether it worked."""

    unit_field: ClassVar[str] = "response__event__org_unit"
    restrict_queryset = staticmethod(access.by_event_rule("response__event"))

    response = models.ForeignKey(
        LearningResponse, on_delete=models.CASCADE, related_name="safety_actions"
    )
    action = models.OneToOneField(
        "actions.Action", on_delete=models.PROTECT, related_name="safety_action"
    )
    measure = models.ForeignKey(
        "control.Measure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The measure that will show whether the action worked.",
    )

    class Meta:
        ordering = ["response", "id"]

    def __str__(self) -> str:
        return f"Safety action: {self.action}"

    def history_unit_id(self) -> int | None:
        return self.response.event.org_unit_id


__all__ = [
    "Engagement",
    "Finding",
    "LearningResponse",
    "ResponsePlan",
    "ResponseRule",
    "SafetyAction",
    "Triage",
]
