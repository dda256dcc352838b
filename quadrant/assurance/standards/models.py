"""Frameworks of standards (a regulator's, a national body's or the organisation's own), their
groups, standards and evidence categories; the consolidation map from external standards to
internal ones; and the evidence recorded against a standard.

Each standard has a stable id and a code unique in its framework, so that an audit question,
a finding or a self-assessment score can point at it. Who sees what: standards.access.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from quadrant.assurance.standards.access import evidence_rule, open_to_readers
from quadrant.assurance.standards.choices import FrameworkKind
from quadrant.core.models import QuadrantModel

CODE_HELP = "Letters, numbers, full stops, hyphens and underscores."


class OpenToReaders(QuadrantModel):
    """A record of the trust as a whole (no unit): read by everyone signed in."""

    unit_field: ClassVar[str | None] = None
    restrict_queryset = staticmethod(open_to_readers)

    class Meta:
        abstract = True


class Framework(OpenToReaders):
    code = models.SlugField(max_length=40, unique=True, help_text="For example cqc-saf.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FrameworkKind.choices)
    publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField("source address", max_length=500, blank=True)
    framework_version = models.CharField("version", max_length=40, blank=True)
    effective_from = models.DateField(null=True, blank=True)
    effective_to = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="framework_effective_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assurance:framework", args=[self.code])

    @property
    def is_internal(self) -> bool:
        return self.kind == FrameworkKind.INTERNAL


class StandardGroup(OpenToReaders):
    """A group of a framework's standards: a CQC key question, an internal domain."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="groups")
    code = models.CharField(max_length=40, help_text=CODE_HELP)
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="standardgroup_code_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Standard(OpenToReaders):
    """One standard: for CQC a quality statement, its text the "we statement"."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="standards")
    group = models.ForeignKey(StandardGroup, on_delete=models.PROTECT, related_name="standards")
    code = models.CharField(max_length=40, help_text=CODE_HELP)
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    effective_from = models.DateField(null=True, blank=True)
    effective_to = models.DateField(null=True, blank=True)
    source_url = models.URLField("source address", max_length=500, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["framework", "group__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="standard_code_unique"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="standard_effective_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:standard", args=[self.pk])


class EvidenceCategory(OpenToReaders):
    """A kind of evidence a framework weighs (CQC's six, such as "people's experience")."""

    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="evidence_categories"
    )
    code = models.CharField(max_length=40, help_text=CODE_HELP)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name_plural = "evidence categories"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="evidencecategory_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class StandardMapping(OpenToReaders):
    """An external standard consolidated into one internal standard (archived when undone)."""

    external = models.OneToOneField(
        Standard, on_delete=models.PROTECT, related_name="mapping", verbose_name="external standard"
    )
    internal = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="mapped_from",
        verbose_name="internal standard",
    )

    class Meta:
        ordering = ["internal", "external"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(external=F("internal")), name="standardmapping_not_to_itself"
            )
        ]

    def __str__(self) -> str:
        return f"{self.external.code} → {self.internal.code}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:standard", args=[self.external_id])


class StandardEvidence(QuadrantModel):
    """Evidence for a standard: an existing Quadrant record (a measure, a project, a goal …)
    or a titled reference with an address, a date and a note."""

    unit_field: ClassVar[str | None] = None
    restrict_queryset = staticmethod(evidence_rule)

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="evidence")
    category = models.ForeignKey(
        EvidenceCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    # The linked record, set by the service (which checks the person may see it).
    linked_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        editable=False,
    )  # fmt: skip
    linked_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    title = models.CharField(max_length=200, blank=True)
    url = models.URLField("address", max_length=500, blank=True)
    evidence_date = models.DateField("date", null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["standard", "-evidence_date", "id"]
        verbose_name_plural = "standard evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(linked_type__isnull=True, linked_id__isnull=True)
                | Q(linked_type__isnull=False, linked_id__isnull=False),
                name="standardevidence_link_whole",
            ),
            models.CheckConstraint(
                condition=Q(linked_type__isnull=False) | ~Q(title=""),
                name="standardevidence_record_or_title",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Evidence for {self.standard.code}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:standard", args=[self.standard_id])

    @property
    def is_link(self) -> bool:
        return self.linked_type_id is not None
