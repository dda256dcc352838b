"""Measures, their observations (with the corrections made to them), targets and annotations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from django.urls import reverse

from quadrant.control.choices import (
    RATIO_CHARTS,
    AnnotationKind,
    ChartType,
    DataRoute,
    Direction,
    Frequency,
    RuleProfile,
)
from quadrant.core.models import QuadrantModel


def default_rule_profile() -> str:
    return settings.QUADRANT_DEFAULT_RULES


def _partner_units(user: Any) -> models.QuerySet[Any]:
    """Units covered by a patient-partner role the user holds (role applies to the subtree)."""
    from quadrant.organisation.choices import Role
    from quadrant.organisation.models import Membership, OrgUnit

    covering = Membership.objects.filter(
        person=user, role=Role.PARTNER, archived_at__isnull=True, org_unit__active=True
    ).filter(StartsWith(OuterRef("path"), F("org_unit__path")))
    return OrgUnit.objects.filter(Exists(covering))


MEASURE_CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]*"
MEASURE_CODE_RULE = (
    "The code can contain only letters, numbers, hyphens (-), underscores (_) and full "
    "stops, and must start with a letter or a number, like WARDA-FALLS"
)


class Measure(QuadrantModel):
    """A quantity the organisation tracks over time, defined once and charted with SPC."""

    code = models.CharField(
        max_length=40,
        unique=True,
        validators=[RegexValidator(rf"\A{MEASURE_CODE_PATTERN}\Z", MEASURE_CODE_RULE)],
        help_text="Used in addresses, files and the API: letters, numbers, - _ and . only.",
    )
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True)
    numerator_definition = models.TextField(blank=True)
    denominator_definition = models.TextField(blank=True)
    unit_label = models.CharField(
        "unit", max_length=40, blank=True, help_text="For example %, per 1,000 bed days, days."
    )
    multiplier = models.FloatField(
        default=1.0,
        help_text="A value entered as numerator and denominator is numerator ÷ denominator × this "
        "(100 for a percentage, 1,000 for a rate per 1,000).",
    )
    chart_type = models.CharField(max_length=10, choices=ChartType.choices, default=ChartType.XMR)
    direction = models.CharField(
        "improvement direction", max_length=10, choices=Direction.choices, default=Direction.NEUTRAL
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTH)
    rule_profile = models.CharField(
        max_length=10, choices=RuleProfile.choices, default=default_rule_profile
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_measures",
    )
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="measures"
    )
    domain = models.ForeignKey(
        "language.QualityDomain",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name="quality domain",
    )
    data_source = models.CharField(max_length=300, blank=True)
    valid_min = models.FloatField("lowest allowed value", null=True, blank=True)
    valid_max = models.FloatField("highest allowed value", null=True, blank=True)
    published_to_partners = models.BooleanField(
        default=False, help_text="Patient partners of this unit may see the measure and its data."
    )

    class Meta:
        ordering = ["code"]
        indexes = [
            models.Index(fields=["org_unit", "archived_at"], name="measure_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_min__isnull=True)
                | Q(valid_max__isnull=True)
                | Q(valid_min__lte=F("valid_max")),
                name="measure_valid_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("control:measure", args=[self.code])

    @property
    def is_ratio(self) -> bool:
        return self.chart_type in RATIO_CHARTS

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """Roles in the unit's subtree, objects one is named on, and, for patient partners,
        the measures published to partners in the units where they are partners."""
        from quadrant.core.permissions import (
            Capability,
            granted_condition,
            held_role_subtrees,
            units_condition,
        )
        from quadrant.organisation.choices import Role

        condition = units_condition(user, action, "org_unit")
        granted = granted_condition(user, Measure, action)
        if granted is not None:
            condition |= granted
        if action == Capability.VIEW:
            partner = held_role_subtrees(user, [Role.PARTNER], "org_unit__")
            if partner is None:
                partner = Q(org_unit__in=_partner_units(user))
            condition |= Q(published_to_partners=True) & partner
        return queryset.filter(condition)


class MeasureScoped(QuadrantModel):
    """Rows that belong to one measure and share its unit for permissions and the change history."""

    unit_field = "measure__org_unit"

    class Meta:
        abstract = True

    measure: Measure  # each concrete model declares the foreign key

    def history_unit_id(self) -> int | None:
        return self.measure.org_unit_id

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """What one may do with a measure's rows follows what one may do with the measure."""
        from quadrant.core.permissions import restrict

        measures = restrict(Measure.objects.all(), user, action)
        return queryset.filter(measure__in=measures)


class MeasureTarget(MeasureScoped):
    """The value a measure should reach, from a date on (a later row replaces an earlier one)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    value = models.FloatField()
    effective_from = models.DateField()

    class Meta:
        ordering = ["measure", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "effective_from"], name="measuretarget_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.code}: {self.value:g} from {self.effective_from:%d %b %Y}"


class Observation(MeasureScoped):
    """One period's value of a measure. `period` is the first day of the period."""

    # No index of its own: the unique (measure, period) constraint serves lookups by measure.
    # On PostgreSQL the link is checked by triggers, once per statement, instead of by a
    # foreign key, which checks each row with a query (migration 0008; same guarantee).
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="observations", db_index=False
    )
    period = models.DateField()
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    # The stamps without indexes and without database foreign keys: a million-row table is
    # never looked up by who wrote it, and each index or foreign key costs a large import time
    # (a check per row: on PostgreSQL these two cost more than the COPY itself). Who wrote a
    # row is in the change history; PROTECT is still applied by Django when a person is deleted.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False, db_index=False, db_constraint=False,
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False, db_index=False, db_constraint=False,
    )  # fmt: skip

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="observation_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period.isoformat()}: {self.display_value}"

    @property
    def display_value(self) -> str:
        return "" if self.value is None else f"{self.value:g}"


class ObservationCorrection(MeasureScoped):
    """A change to an existing period's value: the history a correction leaves behind."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="corrections")
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="corrections"
    )
    period = models.DateField()
    old_value = models.FloatField(null=True, blank=True)
    old_numerator = models.FloatField(null=True, blank=True)
    old_denominator = models.FloatField(null=True, blank=True)
    new_value = models.FloatField(null=True, blank=True)
    new_numerator = models.FloatField(null=True, blank=True)
    new_denominator = models.FloatField(null=True, blank=True)
    reason = models.CharField(max_length=500)
    route = models.CharField(max_length=10, choices=DataRoute.choices, default=DataRoute.HAND)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["measure", "period"], name="correction_measure_idx")]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.period}: {self.old_value} → {self.new_value}"

    @classmethod
    def between(
        cls,
        observation: Observation,
        old: tuple[Any, ...],
        new: tuple[Any, ...],
        reason: str,
        route: str,
    ) -> ObservationCorrection:
        """An unsaved correction of ``observation`` from ``old`` to ``new`` (each a value,
        a numerator and a denominator), the reason cut to its 500 characters."""
        return cls(
            measure_id=observation.measure_id,
            observation_id=observation.pk,
            period=observation.period,
            old_value=old[0],
            old_numerator=old[1],
            old_denominator=old[2],
            new_value=new[0],
            new_numerator=new[1],
            new_denominator=new[2],
            reason=reason[:500],
            route=route,
        )


class Annotation(MeasureScoped):
    """A rebase, an event or a note on a measure's chart at a date."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="annotations")
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=AnnotationKind.choices)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["measure", "date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%d %b %Y}: {self.text}"
