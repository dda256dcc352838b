"""The records of data coming in: the column choices remembered per source (ColumnMapping), each
uploaded file on its way in (DataImport), and scheduled pulls of a file or URL on the trust's
network that a job imports on a schedule (DataSource)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from quadrant.control.choices import ImportStatus
from quadrant.core.models import QuadrantModel


class FeedKind(models.TextChoices):
    FILE = "file", "A file on the server or a shared drive"
    URL = "url", "A web address (http or https)"


class FeedSchedule(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Every week"


class FeedStatus(models.TextChoices):
    NEVER = "never", "Not run yet"
    OK = "ok", "Imported"
    FAILED = "failed", "Failed"


class DataSource(QuadrantModel):
    """Where a feed of observations is pulled from, how its columns map, and its last run."""

    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "last_run_at", "last_summary"}
    )

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=FeedKind.choices, default=FeedKind.FILE)
    location = models.CharField(
        max_length=500,
        help_text="A file path under the feeds folder, or an http(s) address on the trust's "
        "network, of a CSV, Excel or FHIR JSON file.",
    )
    mapping = models.ForeignKey(
        "control.ColumnMapping", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Which column holds what (guessed from the header if empty).",
    )  # fmt: skip
    schedule = models.CharField(
        max_length=10, choices=FeedSchedule.choices, default=FeedSchedule.DAILY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="data_sources"
    )
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="data_sources"
    )
    measures = models.ManyToManyField(
        "control.Measure", blank=True, related_name="feeds",
        help_text="The measures the feed brings data for (filled in by each successful run).",
    )  # fmt: skip
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_status = models.CharField(
        max_length=10, choices=FeedStatus.choices, default=FeedStatus.NEVER
    )
    last_error = models.TextField(blank=True)
    last_summary = models.CharField(max_length=300, blank=True)
    last_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("control:feed", args=[self.pk])

    @property
    def schedule_name(self) -> str:
        return f"quadrant.control.feed.{self.pk}"


class ColumnMapping(QuadrantModel):
    """Which file column holds which field, remembered per data source of one unit: only
    people who may enter that unit's data use it (or change it)."""

    org_unit = models.ForeignKey(
        "organisation.OrgUnit", on_delete=models.PROTECT, related_name="column_mappings"
    )
    source = models.CharField(max_length=100)
    columns = models.JSONField(default=dict)

    class Meta:
        ordering = ["source"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "source"], name="columnmapping_one_per_unit_and_source"
            )
        ]

    def __str__(self) -> str:
        return self.source


class DataImport(QuadrantModel):
    """One uploaded file on its way in: preview, mapping, validation and the commit."""

    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "errors", "preview"}
    )

    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    source = models.CharField(max_length=100, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    row_count = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    org_unit = models.ForeignKey(
        "organisation.OrgUnit", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="The unit whose saved column choices the import uses.",
    )  # fmt: skip

    unit_field = None

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def history_unit_id(self) -> int | None:
        return None

    @staticmethod
    def restrict_queryset(queryset: Any, user: Any, action: str) -> Any:
        """An upload is seen only by the person who made it."""
        return queryset.filter(created_by=user)
