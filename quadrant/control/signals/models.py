"""The signals raised from a measure's cached SPC status (Signal).

A Signal is raised when a measure's latest point turns into a special cause of concern, or
its assurance turns to consistently failing; it is acknowledged, turned into an action, or
closed automatically when the condition no longer holds.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from quadrant.control.measures.models import Measure
from quadrant.core.models import QuadrantModel


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

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="signals")
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

    @property
    def headline(self) -> str:
        """What kind of signal it is and what it found, in one line, never saying the kind
        twice (a concern's detail starts with "Special cause of concern: ..." already)."""
        kind = str(self.get_kind_display())
        detail = self.detail.strip()
        if not detail:
            return kind
        if detail.lower().startswith(kind.lower()):
            return detail
        return f"{kind}: {detail[:1].lower()}{detail[1:]}"

    def get_absolute_url(self) -> str:
        return reverse("control:signal", args=[self.pk])

    def history_unit_id(self) -> int | None:
        return self.measure.org_unit_id

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """Signals follow their measure: who may see (or act on) the measure sees the signal."""
        from quadrant.core.permissions import restrict

        return queryset.filter(measure__in=restrict(Measure.objects.all(), user, action))

    @property
    def is_open(self) -> bool:
        return self.status == SignalStatus.OPEN
