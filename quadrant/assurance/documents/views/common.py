"""Look-ups and breadcrumbs shared by the document pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy

from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.core.permissions import Capability, restrict
from quadrant.core.views.generic import visible_or_404

DOCUMENTS_CRUMB = {"label": "Documents", "url": reverse_lazy("assurance:documents")}
DOCUMENT_QUERYSET = Document.objects.select_related("org_unit", "owner", "author")
VERSION_QUERYSET = DocumentVersion.objects.select_related(
    "document__org_unit",
    "document__owner",
    "document__author",
    "approver",
    "signed_by",
    "from_change__project",
)


def document_or_404(request: HttpRequest, pk: int) -> Document:
    found: Document = visible_or_404(
        Document, request.user, pk, DOCUMENT_QUERYSET, live=True, what="document"
    )
    return found


def version_or_404(request: HttpRequest, pk: int) -> DocumentVersion:
    found: DocumentVersion = visible_or_404(
        DocumentVersion, request.user, pk, VERSION_QUERYSET, what="document version"
    )
    return found


def visible_versions(user: Any, document: Document) -> QuerySet[DocumentVersion]:
    """The versions of DOCUMENT USER may read, newest first."""
    versions = restrict(document.versions.all(), user, Capability.VIEW)
    return versions.select_related("signed_by").order_by("-number")


def document_crumbs(document: Document) -> list[dict[str, Any]]:
    return [DOCUMENTS_CRUMB, {"label": str(document), "url": document.get_absolute_url()}]
