"""The SPC summary kept per measure (MeasureStatus).

MeasureStatus is derived data, recalculated from the observations whenever they change; it is
what the summary matrix, the icons and goal progress read, so those pages never run the SPC
engine.

Whether a measure's data is stale depends on the day it is read, so it is not stored:
`is_stale(measure, latest_period, today)` is the one rule, `stale_text(latest_period)` the one
wording ("No new data since March 2025").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

STALE_PERIODS = 2  # complete periods without data after which a measure's data is stale


def period_after(frequency: str, start: dt.date, periods: int = 1) -> dt.date:
    """The start of the period PERIODS after the one starting at START (FREQUENCY's length)."""
    if frequency == "day":
        return start + dt.timedelta(days=periods)
    if frequency == "week":
        return start + dt.timedelta(weeks=periods)
    months = periods * (3 if frequency == "quarter" else 1)
    index = start.year * 12 + start.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def is_stale(measure: Any, latest_period: dt.date | None, today: dt.date | None = None) -> bool:
    """True when at least two complete periods of MEASURE's frequency (a Measure, or the
    frequency itself) have ended since its latest point's period, relative to TODAY, without
    new data. A measure without data is not stale: it has no data yet."""
    if latest_period is None:
        return False
    frequency = getattr(measure, "frequency", measure)
    today = today or dt.date.today()
    return period_after(str(frequency), latest_period, 1 + STALE_PERIODS) <= today


def stale_before(frequency: str, today: dt.date) -> dt.date:
    """The day before which a latest point of FREQUENCY is stale on TODAY: `is_stale` as a
    cut-off a query can use (latest_period < stale_before(...))."""
    if frequency in ("day", "week"):
        length = dt.timedelta(days=1 if frequency == "day" else 7)
        return today - (1 + STALE_PERIODS) * length + dt.timedelta(days=1)
    months = (1 + STALE_PERIODS) * (3 if frequency == "quarter" else 1) - 1
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def stale_filter(today: dt.date, prefix: str = "") -> models.Q:
    """A filter on measures (or on what PREFIX leads to one from) keeping those whose data is
    stale on TODAY."""
    from quadrant.control.choices import Frequency

    found = models.Q(pk__in=[])
    for frequency in Frequency.values:
        found |= models.Q(
            **{
                f"{prefix}frequency": frequency,
                f"{prefix}status__latest_period__lt": stale_before(frequency, today),
            }
        )
    return found


def stale_text(latest_period: dt.date | None) -> str:
    """What every page says of a stale measure: "No new data since March 2025"."""
    return f"No new data since {latest_period:%B %Y}" if latest_period else ""


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
