"""The record that the demo organisation has been seeded (and at which scale)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from quadrant.core.models import RecordedModel


class DemoSeed(RecordedModel):
    """Written last, in the seeding transaction: its presence means the seed is complete."""

    scale = models.CharField(max_length=20)
    seed = models.BigIntegerField()
    reference_date = models.DateField()
    units = models.PositiveIntegerField()
    people = models.PositiveIntegerField()
    seeded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "demo seed"

    def __str__(self) -> str:
        return f"Demo organisation ({self.scale}, {self.units} units, {self.people} people)"
