"""The library as a reader sees it: the live documents they may see, each with its current
(approved) version's number and review date — one query, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from quadrant.assurance.documents.choices import VersionStatus
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.core.permissions import Capability, restrict


def with_current(documents: QuerySet[Document]) -> QuerySet[Document]:
    """DOCUMENTS with their current (approved) version's number and review date."""
    current = DocumentVersion.objects.filter(
        document=OuterRef("pk"), status=VersionStatus.APPROVED, archived_at__isnull=True
    )
    return documents.annotate(
        current_number=Subquery(current.values("number")[:1]),
        current_review=Subquery(current.values("review_date")[:1]),
    )


def library(user: Any, queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    base = queryset if queryset is not None else Document.objects.all()
    documents = restrict(base, user, Capability.VIEW).filter(archived_at__isnull=True)
    return with_current(documents).select_related("org_unit")
