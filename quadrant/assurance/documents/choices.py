"""The fixed lists of the controlled documents concept."""

from __future__ import annotations

from django.db import models


class DocumentType(models.TextChoices):
    POLICY = "policy", "Policy"
    PROCEDURE = "procedure", "Procedure"
    SOP = "sop", "Standard operating procedure"
    GUIDELINE = "guideline", "Guideline"
    FORM = "form", "Form"


# What an adopted change in improvement may open a revision of: how work is done.
REVISABLE_BY_CHANGE = (DocumentType.PROCEDURE, DocumentType.SOP, DocumentType.GUIDELINE)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded"
    ARCHIVED = "archived", "Archived"


# Versions staff (and patient partners, for public documents) may read: signed ones.
PUBLISHED = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)
# Versions whose content may still change (nothing is signed yet).
UNSIGNED = (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)

SIGNATURE_MEANING = "approved"
