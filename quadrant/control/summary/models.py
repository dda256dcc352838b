"""The SPC summary kept per measure (MeasureStatus).

MeasureStatus is derived data, recalculated from the observations whenever they change; it is
what the summary matrix, the icons and goal progress read, so those pages never run the SPC
engine.
"""

from __future__ import annotations

from django.db import models


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
