"""The SPC summary kept per measure (MeasureStatus) and the signals raised from it (Signal).

MeasureStatus is derived data, recalculated from the observations whenever they change; it is
what the summary matrix and the icons read, so those pages never run the SPC engine.
A Signal is raised when a measure's latest point turns into a special cause of concern, or
its assurance turns to consistently failing; it is acknowledged, turned into an action, or
closed automatically when the condition no longer holds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from quadrant.core.models import QuadrantModel


class MeasureStatus(models.Model):
    """The latest SPC reading of one measure: icons, latest point and a sparkline."""

    measure = models.OneToOneField(
        "control.Measure", on_delete=models.CASCADE, primary_key=True, related_name="status"
    )
    computed_at = models.DateTimeField()
    points = models.PositiveIntegerField(default=0)
    latest_period = models.DateField(null=True, blank=True)
    latest_value = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    variation_icon = models.CharField(max_length=20, blank=True)
    assurance_icon = models.CharField(max_length=20, blank=True)
    concern = models.BooleanField(default=False, help_text="Latest point: special cause concern.")
    failing = models.BooleanField(default=False, help_text="Assurance: consistently failing.")
    concern_since = models.DateField(null=True, blank=True)
    concern_count = models.PositiveIntegerField(default=0)
    concern_rule = models.CharField(max_length=20, blank=True)
    concern_side = models.CharField(max_length=5, blank=True)
    attention = models.PositiveSmallIntegerField(default=0, db_index=True)
    sparkline = models.CharField(max_length=600, blank=True)
    reading = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "measure statuses"
        indexes = [
            models.Index(fields=["variation_icon"], name="status_variation_idx"),
            models.Index(fields=["assurance_icon"], name="status_assurance_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.variation_icon or '-'} / {self.assurance_icon or '-'}"


class SignalKind(models.TextChoices):
    CONCERN = "concern", "Special cause of concern"
    FAILING = "failing", "Target consistently failed"


class SignalStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    ACTIONED = "actioned", "Turned into an action"
    CLOSED = "closed", "Closed"


class Signal(QuadrantModel):
    """A special cause of concern or a failing target detected on new or corrected data."""

    unit_field = "measure__org_unit"
    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "emailed_at"}
    )

    measure = models.ForeignKey("control.Measure", on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(max_length=10, choices=SignalKind.choices)
    status = models.CharField(
        max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    period = models.DateField(help_text="The period of the point that raised the signal.")
    detail = models.CharField(max_length=300)
    history = models.BooleanField(
        default=False, help_text="Raised by the measure's first import: shown, never emailed."
    )
    note = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["measure", "kind", "status"], name="signal_measure_idx"),
            models.Index(fields=["status", "emailed_at"], name="signal_digest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.measure.name}"

    def get_absolute_url(self) -> str:
        return reverse("control:signal", args=[self.pk])

    def history_unit_id(self) -> int | None:
        return self.measure.org_unit_id

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """Signals follow their measure: who may see (or act on) the measure sees the signal."""
        from quadrant.control.models import Measure
        from quadrant.core.permissions import restrict

        return queryset.filter(measure__in=restrict(Measure.objects.all(), user, action))

    @property
    def is_open(self) -> bool:
        return self.status == SignalStatus.OPEN
