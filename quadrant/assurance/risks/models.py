"""The risk register: risks rated on the organisation's 5 × 5 matrix, their score history,
their assurances, and the settings the organisation chooses (descriptors, bands, categories
with their appetite, escalation thresholds per unit).

A risk keeps three ratings (initial, current, target); the current score is stored beside
them (`current_score`, likelihood × consequence) so that the register, the heat map and the
band filters are plain SQL. Every change of the current rating is a RiskReview row, which the
risk's page charts. Access rules are in access.py; the arithmetic in scoring.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.access import risks_rule, settings_rule
from quadrant.assurance.risks.choices import AssuranceLevel, AssuranceLine, RiskStatus
from quadrant.core.models import QuadrantModel

LEVEL_RULE = "must be a whole number from 1 to 5"
SCORE_RULE = "must be a whole number from 1 to 25"
DEFAULT_THRESHOLD = 15


def level_field(label: str) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        label,
        validators=[
            MinValueValidator(1, f"{label.capitalize()} {LEVEL_RULE}"),
            MaxValueValidator(5, f"{label.capitalize()} {LEVEL_RULE}"),
        ],
    )


def score_field(label: str, **kwargs: Any) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        label,
        validators=[
            MinValueValidator(1, f"{label.capitalize()} {SCORE_RULE}"),
            MaxValueValidator(25, f"{label.capitalize()} {SCORE_RULE}"),
        ],
        **kwargs,
    )


def levels_in_range(*names: str) -> Q:
    condition = Q()
    for name in names:
        condition &= Q(**{f"{name}__gte": 1, f"{name}__lte": 5})
    return condition


class RiskSetting(QuadrantModel):
    """A record of the whole organisation's risk settings (read by those who read risks)."""

    unit_field: ClassVar[str | None] = None
    restrict_queryset = staticmethod(settings_rule)

    class Meta:
        abstract = True


class RiskMatrix(RiskSetting):
    """The organisation's matrix: the words of each level and the bands of the scores. There
    is one (matrix.current_matrix makes it with the NPSA defaults the first time)."""

    likelihood_1 = models.CharField("likelihood 1", max_length=60, default="Rare")
    likelihood_2 = models.CharField("likelihood 2", max_length=60, default="Unlikely")
    likelihood_3 = models.CharField("likelihood 3", max_length=60, default="Possible")
    likelihood_4 = models.CharField("likelihood 4", max_length=60, default="Likely")
    likelihood_5 = models.CharField("likelihood 5", max_length=60, default="Almost certain")
    consequence_1 = models.CharField("consequence 1", max_length=60, default="Negligible")
    consequence_2 = models.CharField("consequence 2", max_length=60, default="Minor")
    consequence_3 = models.CharField("consequence 3", max_length=60, default="Moderate")
    consequence_4 = models.CharField("consequence 4", max_length=60, default="Major")
    consequence_5 = models.CharField("consequence 5", max_length=60, default="Catastrophic")
    low_lowest = score_field("low band from", default=1)
    low_highest = score_field("low band to", default=3)
    moderate_lowest = score_field("moderate band from", default=4)
    moderate_highest = score_field("moderate band to", default=6)
    high_lowest = score_field("high band from", default=8)
    high_highest = score_field("high band to", default=12)
    extreme_lowest = score_field("extreme band from", default=15)
    extreme_highest = score_field("extreme band to", default=25)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "risk matrices"

    def __str__(self) -> str:
        return "The risk matrix"

    def get_absolute_url(self) -> str:
        return reverse("assurance:risk_settings")

    @property
    def bands(self) -> tuple[scoring.Band, ...]:
        """The bands as stored, in order (scoring.check_bands holds the form to sound ones)."""
        return tuple(
            scoring.Band(band.key, band.label, getattr(self, f"{band.key}_lowest"),
                         getattr(self, f"{band.key}_highest"))
            for band in scoring.DEFAULT_BANDS
        )  # fmt: skip

    def words(self, axis: str) -> list[str]:
        return [getattr(self, f"{axis}_{level}") for level in scoring.LEVELS]


class RiskCategory(RiskSetting):
    """A kind of risk (patient safety, finance …) with the organisation's appetite for it: the
    highest current score it tolerates; a risk scoring above it is "above appetite"."""

    name = models.CharField(max_length=100, unique=True)
    appetite = score_field(
        "appetite", default=12, help_text="The highest current score tolerated, 1 to 25."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "risk categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assurance:risk_settings")


class EscalationThreshold(QuadrantModel):
    """The current score at which a unit's risks go up the tree (15 where a unit has none).
    It has no page of its own: the unit's register shows it, and links to the form that
    changes it for those who may."""

    org_unit = models.OneToOneField(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="risk_threshold",
        verbose_name="unit",
    )  # fmt: skip
    threshold = score_field("escalation threshold", default=DEFAULT_THRESHOLD)

    class Meta:
        ordering = ["org_unit"]

    def __str__(self) -> str:
        return f"{self.org_unit}: {self.threshold}"


class Risk(QuadrantModel):
    """A risk to the organisation's aims, as cause, event and effect, rated three times."""

    restrict_queryset = staticmethod(risks_rule)

    title = models.CharField(max_length=200)
    cause = models.TextField(help_text="Because of …")
    event = models.TextField(help_text="… there is a risk that …")
    effect = models.TextField(help_text="… which would lead to …")
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="risks",
        verbose_name="unit",
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_risks"
    )
    category = models.ForeignKey(RiskCategory, on_delete=models.PROTECT, related_name="risks")
    initial_likelihood = level_field("initial likelihood")
    initial_consequence = level_field("initial consequence")
    current_likelihood = level_field("current likelihood")
    current_consequence = level_field("current consequence")
    current_score = models.PositiveSmallIntegerField(editable=False, default=1)
    target_likelihood = level_field("target likelihood")
    target_consequence = level_field("target consequence")
    controls = models.TextField(blank=True, help_text="One control a line.")
    gaps_in_control = models.TextField(blank=True, help_text="One gap a line.")
    gaps_in_assurance = models.TextField(blank=True, help_text="One gap a line.")
    review_date = models.DateField("next review")
    status = models.CharField(max_length=10, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    status_reason = models.TextField("reason for the status", blank=True)
    escalated_to = models.ForeignKey(
        "organisation.OrgUnit", null=True, blank=True, on_delete=models.PROTECT,
        related_name="escalated_risks", editable=False,
    )  # fmt: skip
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    deescalated_at = models.DateTimeField(null=True, blank=True, editable=False)
    deescalation_reason = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-current_score", "review_date", "id"]
        indexes = [
            models.Index(fields=["org_unit", "status"], name="risk_unit_status_idx"),
            models.Index(fields=["current_likelihood", "current_consequence"],
                         name="risk_cell_idx"),
        ]  # fmt: skip
        constraints = [
            models.CheckConstraint(
                condition=levels_in_range(
                    "initial_likelihood",
                    "initial_consequence",
                    "current_likelihood",
                    "current_consequence",
                    "target_likelihood",
                    "target_consequence",
                ),
                name="risk_levels_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(status=RiskStatus.OPEN) | ~Q(status_reason=""),
                name="risk_status_reason_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:risk", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.current_score = (self.current_likelihood or 0) * (self.current_consequence or 0)
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"R{self.pk:04d}" if self.pk else "R—"

    @property
    def initial_score(self) -> int:
        return int(self.initial_likelihood) * int(self.initial_consequence)

    @property
    def target_score(self) -> int:
        return int(self.target_likelihood) * int(self.target_consequence)

    @property
    def is_escalated(self) -> bool:
        return self.escalated_to_id is not None

    @property
    def is_above_appetite(self) -> bool:
        return scoring.above_appetite(self.current_score, self.category.appetite)

    def lines(self, name: str) -> list[str]:
        """A text list (controls, gaps) as its lines, blank ones left out."""
        return [line.strip() for line in getattr(self, name).splitlines() if line.strip()]


def of_risk_rule(queryset: Any, user: Any, action: str) -> Any:
    """A risk's rows (reviews, assurances) follow what one may do with the risk."""
    return queryset.filter(risk__in=risks_rule(Risk.objects.all(), user, action).values("pk"))


class RiskScoped(QuadrantModel):
    """Rows of one risk: seen and changed as the risk is."""

    unit_field: ClassVar[str] = "risk__org_unit"
    restrict_queryset = staticmethod(of_risk_rule)

    risk: Risk
    risk_id: int

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("assurance:risk", args=[self.risk_id])

    def history_unit_id(self) -> int | None:
        return self.risk.org_unit_id


class RiskReview(RiskScoped):
    """One rating of a risk's current score: when, by whom, and why (the score history)."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("date of the review")
    likelihood = level_field("likelihood")
    consequence = level_field("consequence")
    score = models.PositiveSmallIntegerField(editable=False, default=1)
    note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["risk", "reviewed_on", "id"]
        indexes = [models.Index(fields=["risk", "reviewed_on"], name="riskreview_risk_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=levels_in_range("likelihood", "consequence"),
                name="riskreview_levels_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} on {self.reviewed_on:%d %B %Y}: {self.score}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.score = (self.likelihood or 0) * (self.consequence or 0)
        super().save(*args, **kwargs)


class RiskAssurance(RiskScoped):
    """Assurance that a risk's controls work: a Quadrant record (a measure, an audit
    template …, linked through the link registry) with its line of assurance and level."""

    risk = models.ForeignKey(Risk, on_delete=models.PROTECT, related_name="assurances")
    linked_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", editable=False
    )
    linked_id = models.PositiveBigIntegerField(editable=False)
    line = models.PositiveSmallIntegerField(
        "line of assurance", choices=AssuranceLine.choices, default=AssuranceLine.FIRST
    )
    level = models.CharField(
        "level of assurance", max_length=10, choices=AssuranceLevel.choices,
        default=AssuranceLevel.REASONABLE,
    )  # fmt: skip
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["risk", "line", "id"]

    def __str__(self) -> str:
        return f"Assurance {self.pk} of {self.risk.reference}"
