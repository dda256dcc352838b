"""A unit's CQC self-assessment: on a day, a score for each quality statement looked at —
given directly, or worked out from scores per evidence category — each with its rationale.

Assessments are kept, never rewritten: a new look at the unit is a new assessment, so the
unit's ratings can be followed over time. What the scores add up to: cqc.results."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from quadrant.assurance.standards.models import EvidenceCategory, Framework, Standard
from quadrant.core.models import QuadrantModel

SCORE_RANGE = [MinValueValidator(1), MaxValueValidator(4)]


class SelfAssessment(QuadrantModel):
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="cqc_assessments"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField("date of the assessment", default=dt.date.today)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = "CQC self-assessment"

    def __str__(self) -> str:
        return f"CQC self-assessment of {self.org_unit} on {self.assessed_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:cqc_assessment", args=[self.pk])


def _as_its_assessment(queryset: Any, user: Any, action: str) -> Any:
    """A score is seen and changed exactly as its assessment is (its page is the assessment's;
    naming someone on one score would mean nothing)."""
    from quadrant.core.permissions import restrict

    prefix = "assessment" if queryset.model is StatementScore else "statement_score__assessment"
    allowed = restrict(SelfAssessment.objects.all(), user, action).values("pk")
    return queryset.filter(**{f"{prefix}__in": allowed})


class StatementScore(QuadrantModel):
    """The score of one quality statement: SCORE when given directly, otherwise its category
    scores'."""

    unit_field: ClassVar[str] = "assessment__org_unit"
    restrict_queryset = staticmethod(_as_its_assessment)

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="statement_scores"
    )
    statement = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_RANGE)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "statement__group__order", "statement__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="cqc_statement_once_an_assessment"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=4),
                name="cqc_statement_score_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement.code}: {self.score or 'by evidence category'}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url()


class CategoryScore(QuadrantModel):
    """One evidence category's score (1 to 4) for a quality statement."""

    unit_field: ClassVar[str] = "statement_score__assessment__org_unit"
    restrict_queryset = staticmethod(_as_its_assessment)

    statement_score = models.ForeignKey(
        StatementScore, on_delete=models.CASCADE, related_name="category_scores"
    )
    category = models.ForeignKey(EvidenceCategory, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(validators=SCORE_RANGE)
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["statement_score", "category__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement_score", "category"], name="cqc_category_once_a_statement"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=4), name="cqc_category_score_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.score}"

    def get_absolute_url(self) -> str:
        return self.statement_score.assessment.get_absolute_url()
