"""Controlled documents: a document (policy, procedure, SOP, guideline, form) with its
identifier, owner, author and unit, and its versions — each a draft, in review, approved
(signed), superseded or archived — with the reviewers' reviews, the approver's electronic
signature and the staff's acknowledgements that they have read it.

A version's content is its rich-text body (sanitised on save) or an attached file; its plain
text is kept beside it for search and comparison. Once signed a version never changes: a
change is a new draft version. The signature's hash is checked again each time the version is
shown (Version.signature_matches). Access rules are in access.py; writes in services/.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from quadrant.assurance.documents.access import documents_rule, of_version_rule, versions_rule
from quadrant.assurance.documents.choices import (
    PUBLISHED,
    UNSIGNED,
    DocumentType,
    VersionStatus,
)
from quadrant.assurance.documents.content import plain_text, sanitised, signature_hash
from quadrant.core.models import QuadrantModel


class Document(QuadrantModel):
    """A controlled document, known by its identifier (for example POL-012)."""

    restrict_queryset = staticmethod(documents_rule)
    history_ignored_fields = frozenset(
        {"created_at", "updated_at", "updated_by", "version", "search_text", "search_vector"}
    )

    identifier = models.CharField(
        max_length=40, unique=True, help_text="For example POL-012. It never changes."
    )
    title = models.CharField(max_length=200)
    doc_type = models.CharField("type", max_length=12, choices=DocumentType.choices)
    org_unit = models.ForeignKey(
        "organisation.OrgUnit",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="unit",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_documents"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_documents"
    )
    public = models.BooleanField(
        "shown to patient partners",
        default=False,
        help_text="Patient partners read only the documents marked public.",
    )
    # The identifier, title and current text, for search (kept by the services).
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL's full text

    class Meta:
        ordering = ["identifier"]
        indexes = [
            models.Index(fields=["org_unit", "doc_type"], name="document_unit_type_idx"),
            GinIndex(fields=["search_vector"], name="document_search_gin"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:document", args=[self.pk])


class DocumentVersion(QuadrantModel):
    """One version of a document: what it says, its review date, who reviews and approves it,
    and (once approved) the approver's signature over its content."""

    unit_field: ClassVar[str] = "document__org_unit"
    restrict_queryset = staticmethod(versions_rule)

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("version")
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    review_date = models.DateField("next review")
    change_summary = models.TextField("what changed", blank=True)
    body = models.TextField(blank=True)
    file = models.FileField(upload_to="documents/", blank=True, max_length=200)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    file_type = models.CharField(max_length=100, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    text = models.TextField(blank=True, editable=False)  # plain text, for search and comparison
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents_to_approve",
    )
    acknowledgement_units = models.ManyToManyField(
        "organisation.OrgUnit",
        blank=True,
        related_name="documents_to_acknowledge",
        verbose_name="units whose staff must confirm they have read it",
    )
    from_change = models.ForeignKey(
        "improvement.ChangeIdea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="document_revisions",
        editable=False,
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The electronic signature (21 CFR Part 11 style): who, when (UTC), meaning, hash.
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    signed_name = models.CharField("printed name", max_length=200, blank=True, editable=False)
    signed_at = models.DateTimeField(null=True, blank=True, editable=False)
    signature_meaning = models.CharField(max_length=20, blank=True, editable=False)
    signature_hash = models.CharField(max_length=64, blank=True, editable=False)
    superseded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["document", "-number"]
        indexes = [
            models.Index(fields=["status", "review_date"], name="docversion_status_review_idx"),
            # "has a signed version" in every reader's rule: one index look-up a document
            models.Index(fields=["document", "status"], name="docversion_document_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="docversion_number_once"),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status=VersionStatus.APPROVED),
                name="docversion_one_approved",
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=UNSIGNED),
                name="docversion_one_in_progress",
            ),
            models.CheckConstraint(
                condition=Q(status__in=UNSIGNED)
                | Q(status=VersionStatus.ARCHIVED)
                | (~Q(signature_hash="") & Q(signed_at__isnull=False)),
                name="docversion_signed_when_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.identifier} version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("assurance:document_version", args=[self.pk])

    def history_unit_id(self) -> int | None:
        return self.document.org_unit_id

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = sanitised(self.body)
        if not self.file:
            self.text = plain_text(self.body)
        super().save(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return bool(self.signature_hash)

    @property
    def hash_groups(self) -> str:
        """The signature's hash in groups of eight, to be read (and to wrap on a phone)."""
        value = self.signature_hash
        return " ".join(value[i : i + 8] for i in range(0, len(value), 8))

    @property
    def is_published(self) -> bool:
        return self.status in PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def file_text_unread(self) -> bool:
        """An attached file whose text could not be read (a PDF locked with a password,
        damaged, or of scanned pages): found only by its title and identifier."""
        return bool(self.file) and not self.text

    def signed_content(self) -> bytes:
        """The bytes the signature covers: the attached file's, else the body's."""
        if self.file:
            with self.file.open("rb") as handle:
                return bytes(handle.read())
        return self.body.encode()

    def content_hash(self) -> str:
        return signature_hash(
            identifier=self.document.identifier,
            number=self.number,
            title=self.title,
            content=self.signed_content(),
        )

    def signature_matches(self) -> bool:
        """Does the content as stored now still hash to what was signed? (False when the
        file is gone, too: what was signed can no longer be shown.)"""
        if not self.is_signed:
            return False
        try:
            return self.content_hash() == self.signature_hash
        except (FileNotFoundError, OSError, ValueError):
            return False


class VersionScoped(QuadrantModel):
    """Rows of one version: read as the version is."""

    unit_field: ClassVar[str] = "document_version__document__org_unit"
    restrict_queryset = staticmethod(of_version_rule)

    document_version: DocumentVersion
    document_version_id: int

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("assurance:document_version", args=[self.document_version_id])

    def history_unit_id(self) -> int | None:
        return self.document_version.document.org_unit_id


class DocumentReview(VersionScoped):
    """A reviewer named on a version and, once they have reviewed it, when and what they said."""

    document_version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, related_name="reviews", verbose_name="version"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="document_reviews"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["document_version", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document_version", "reviewer"], name="docreview_once")
        ]

    def __str__(self) -> str:
        return f"Review of {self.document_version} by {self.reviewer}"


class Acknowledgement(VersionScoped):
    """A person's confirmation that they have read an approved version."""

    document_version = models.ForeignKey(
        DocumentVersion,
        on_delete=models.PROTECT,
        related_name="acknowledgements",
        verbose_name="version",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ["document_version", "acknowledged_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_version", "person"], name="acknowledgement_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} read {self.document_version}"
