"""Audit templates (versioned: sections, questions, the standards each question evidences),
runs of a template version on a unit, and the answers given, one a question.

A template's versions share its `code`; a run keeps the version it used, so editing a
template that has runs makes a new version (services.templates) and the old one stays as it
was. Who sees what: templates are read by everyone signed in (access.templates_rule); runs
and answers by the people of their unit.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from quadrant.assurance.audits.access import templates_rule
from quadrant.assurance.audits.choices import (
    AuditKind,
    EvidenceNeed,
    FindingStatus,
    QuestionKind,
    RunStatus,
    ScheduleFrequency,
)
from quadrant.assurance.standards.models import Standard
from quadrant.core.models import QuadrantModel
from quadrant.core.uploads import CONTENT_TYPE_CHOICES

DEFAULT_THRESHOLD = Decimal("85")
THRESHOLD_RANGE = "Pass threshold must be between 0%% and 100%%"


class TemplateRecord(QuadrantModel):
    """A part of a template: trust-wide, read by everyone signed in."""

    unit_field: ClassVar[str | None] = None
    restrict_queryset = staticmethod(templates_rule)

    class Meta:
        abstract = True


class AuditTemplate(TemplateRecord):
    code = models.SlugField(max_length=40, help_text="Letters, numbers, hyphens and underscores.")
    version_number = models.PositiveIntegerField("version", default=1, editable=False)
    title = models.CharField(max_length=200)
    kind = models.CharField(
        "kind of audit", max_length=20, choices=AuditKind.choices, default=AuditKind.CLINICAL_AUDIT
    )
    description = models.TextField(blank=True)
    pass_threshold = models.DecimalField(
        "pass threshold (%)",
        max_digits=5,
        decimal_places=1,
        default=DEFAULT_THRESHOLD,
        validators=[
            MinValueValidator(0, THRESHOLD_RANGE),
            MaxValueValidator(100, THRESHOLD_RANGE),
        ],
        help_text="A run passes when its score is at least this percentage.",
    )
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["title", "code", "-version_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version_number"], name="audittemplate_code_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(superseded_at__isnull=True),
                name="audittemplate_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assurance:audit_template", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class AuditSection(TemplateRecord):
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="sections")
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.title


class AuditQuestion(TemplateRecord):
    """One question; how its answer scores is in scoring.compliance."""

    section = models.ForeignKey(AuditSection, on_delete=models.PROTECT, related_name="questions")
    text = models.CharField("question", max_length=500)
    guidance = models.TextField(blank=True)
    kind = models.CharField("type", max_length=10, choices=QuestionKind.choices)
    order = models.PositiveIntegerField(default=0)
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"), "Weight must be more than 0")],
    )  # fmt: skip
    max_score = models.PositiveIntegerField("highest score", null=True, blank=True)
    choices = models.TextField(blank=True, help_text="One choice a line.")
    passing_choices = models.TextField(
        blank=True, help_text="The choices that count as compliant, one a line."
    )
    pass_min = models.FloatField("lowest compliant number", null=True, blank=True)
    pass_max = models.FloatField("highest compliant number", null=True, blank=True)
    evidence = models.CharField(
        max_length=10, choices=EvidenceNeed.choices, default=EvidenceNeed.NONE
    )
    standards = models.ManyToManyField(Standard, blank=True, related_name="audit_questions")

    class Meta:
        ordering = ["section__order", "section_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=QuestionKind.SCORE) | Q(max_score__gte=1),
                name="auditquestion_score_has_max",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        errors = question_rule_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def passing_list(self) -> list[str]:
        return [line.strip() for line in self.passing_choices.splitlines() if line.strip()]


def question_rule_errors(question: AuditQuestion) -> dict[str, str]:
    """What is missing or contradictory in a question's scoring rule, by field."""
    errors: dict[str, str] = {}
    kind = question.kind
    if kind == QuestionKind.SCORE and not question.max_score:
        errors["max_score"] = "Enter the highest score, 1 or more"
    if kind == QuestionKind.CHOICE:
        choices = question.choice_list
        if len(choices) < 2:
            errors["choices"] = "Enter at least 2 choices, one a line"
        unknown = [c for c in question.passing_list if c not in choices]
        if unknown:
            errors["passing_choices"] = f"Passing choices must be among the choices: {unknown[0]}"
    low, high = question.pass_min, question.pass_max
    if kind == QuestionKind.NUMBER and low is not None and high is not None and low > high:
        errors["pass_max"] = "Highest compliant number must be at least the lowest"  # noqa: S105
    return errors


class AuditRun(QuadrantModel):
    """One audit of a template version on a unit, answered then signed off."""

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="runs")
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="audit_runs",
        verbose_name="unit",
    )  # fmt: skip
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_runs"
    )
    run_date = models.DateField("date of the audit")
    status = models.CharField(
        max_length=12, choices=RunStatus.choices, default=RunStatus.IN_PROGRESS
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    signed_off_at = models.DateTimeField(null=True, blank=True, editable=False)
    score = models.DecimalField(
        "score (%)", max_digits=5, decimal_places=1, null=True, blank=True, editable=False
    )
    passed = models.BooleanField(null=True, editable=False)

    class Meta:
        ordering = ["-run_date", "-id"]
        indexes = [
            models.Index(fields=["template", "org_unit", "run_date"], name="auditrun_series_idx"),
            # The BAF's latest compliance of a template: its runs of the last months.
            models.Index(fields=["template", "run_date"], name="auditrun_template_date_idx"),
            # The compliance evidence is kept while the latest change of any run is the same:
            # this makes that question one index look-up.
            models.Index(fields=["updated_at"], name="auditrun_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template} · {self.org_unit} · {self.run_date:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:audit_run", args=[self.pk])

    @property
    def is_signed_off(self) -> bool:
        return self.status == RunStatus.SIGNED_OFF


class AuditAnswer(QuadrantModel):
    """The answer to one question in one run (changed in place until sign-off), shown on the
    run's page (an answer has no page of its own)."""

    unit_field: ClassVar[str] = "run__org_unit"

    run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=200, blank=True, help_text="Yes, no, n/a or a choice.")
    score = models.PositiveIntegerField(null=True, blank=True)
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["run", "question__section__order", "question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "question"], name="auditanswer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id} in run {self.run_id}"


class AuditEvidence(QuadrantModel):
    """A photo or PDF attached to a question's answer in a run (several may be), checked by
    core.uploads and stored under a random name; withdrawn (archived) until sign-off, read
    only through its download view by the people of the run's unit."""

    unit_field: ClassVar[str] = "run__org_unit"

    run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="evidence")
    question = models.ForeignKey(
        AuditQuestion, on_delete=models.PROTECT, related_name="evidence_files"
    )
    file = models.FileField(upload_to="audits/evidence/", max_length=200)
    name = models.CharField("file name", max_length=200)
    content_type = models.CharField(max_length=40, choices=CONTENT_TYPE_CHOICES)
    size = models.PositiveIntegerField("size (bytes)")

    class Meta:
        ordering = ["run", "question", "created_at", "id"]
        indexes = [models.Index(fields=["run", "question"], name="auditevidence_answer_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assurance:audit_evidence", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class AuditMeasure(QuadrantModel):
    """The control measure of a template (by code, every version) on a unit: one observation a
    month, the mean score of the month's signed-off runs (services.measures)."""

    template_code = models.SlugField(max_length=40)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="audit_measures",
        verbose_name="unit",
    )  # fmt: skip
    measure = models.OneToOneField(
        "control.Measure", on_delete=models.PROTECT, related_name="audit_series"
    )

    class Meta:
        ordering = ["template_code", "org_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["template_code", "org_unit"], name="auditmeasure_one_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_code} · {self.org_unit}"


class AuditFinding(QuadrantModel):
    """A question a signed-off run failed: raised at sign-off, turned into actions by the
    people who manage actions on the unit (the action's source is the finding)."""

    unit_field: ClassVar[str] = "run__org_unit"

    run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="findings")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="findings")
    status = models.CharField(
        max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    summary = models.CharField(max_length=700)
    projects = models.ManyToManyField(
        "improvement.Project", blank=True, related_name="+",
        help_text="The improvement projects started from this finding.",
    )  # fmt: skip

    class Meta:
        ordering = ["-run__run_date", "run_id", "question__section__order", "question__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "question"], name="auditfinding_one_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        return reverse("assurance:audit_finding", args=[self.pk])


class AuditSchedule(QuadrantModel):
    """The programme: a template (by code, whichever version is current) to be done on a unit
    once a month or a quarter (programme.py says what is due and overdue), optionally by a
    named person who may carry out audits there. The two reminder dates are what the daily
    digest has already said (audits/reminders.py), so that nothing is mailed twice."""

    template_code = models.SlugField(max_length=40)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="audit_schedules",
        verbose_name="unit",
    )  # fmt: skip
    frequency = models.CharField(
        max_length=10, choices=ScheduleFrequency.choices, default=ScheduleFrequency.MONTH
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="assigned_audit_schedules", verbose_name="assigned to",
    )  # fmt: skip
    due_reminded_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The due date last reminded of."
    )
    overdue_reminded_on = models.DateField(
        null=True, blank=True, editable=False, help_text="When the digest last said it is overdue."
    )

    class Meta:
        ordering = ["org_unit", "template_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["template_code", "org_unit"],
                condition=Q(archived_at__isnull=True),
                name="auditschedule_one_per_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template_code} · {self.org_unit} · {self.get_frequency_display().lower()}"
