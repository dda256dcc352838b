"""API of controlled documents (docs/api.md): the library, scoped exactly as its pages are
(staff read documents in use, never drafts; patient partners only public ones), with each
document's current approved version — its number, review date and signature, and on a single
document whether the signature still matches the content. Filters as the library's page:
`q` (full text), `doc_type`, `unit`, `overdue`. Documents are written on their pages, where
approval needs the approver's password."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quadrant.assurance.documents.choices import VersionStatus
from quadrant.assurance.documents.filtersets import DocumentFilterSet
from quadrant.assurance.documents.library import library
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.core.api.viewsets import ReadOnlyApiViewSet, ScopedViewSet


class CurrentVersionSerializer(serializers.ModelSerializer[DocumentVersion]):
    signed_at = serializers.DateTimeField(help_text="When it was signed, in UTC.")

    class Meta:
        model = DocumentVersion
        fields = [
            "number",
            "title",
            "review_date",
            "signed_name",
            "signed_at",
            "signature_meaning",
            "signature_hash",
            "file_name",
            "file_type",
        ]


class DocumentSerializer(serializers.ModelSerializer[Document]):
    unit = serializers.SlugRelatedField[Any](source="org_unit", slug_field="code", read_only=True)
    owner = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    author = serializers.SlugRelatedField[Any](slug_field="username", read_only=True)
    current_version = serializers.SerializerMethodField(
        help_text="The approved version in use (null when none is approved yet)."
    )
    signature_matches = serializers.SerializerMethodField(
        help_text="On a single document: whether the current version's content still hashes "
        "to what was signed (null in lists, and when none is approved)."
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "identifier",
            "title",
            "doc_type",
            "unit",
            "owner",
            "author",
            "public",
            "current_version",
            "signature_matches",
            "url",
            "created_at",
            "updated_at",
        ]

    def _current(self, document: Document) -> DocumentVersion | None:
        cache = self.context.setdefault("current", {})
        if document.pk not in cache:
            cache[document.pk] = (
                document.versions.filter(status=VersionStatus.APPROVED, archived_at__isnull=True)
                .select_related("document")
                .first()
                if getattr(document, "current_number", None)
                else None
            )
        return cache[document.pk]  # type: ignore[no-any-return]

    @extend_schema_field(CurrentVersionSerializer(allow_null=True))
    def get_current_version(self, document: Document) -> dict[str, Any] | None:
        current = self._current(document)
        return CurrentVersionSerializer(current).data if current is not None else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_signature_matches(self, document: Document) -> bool | None:
        view = self.context.get("view")
        if getattr(view, "action", "") != "retrieve":
            return None
        current = self._current(document)
        return current.signature_matches() if current is not None else None


class DocumentViewSet(ScopedViewSet, ReadOnlyApiViewSet):
    """Controlled documents one may read, by identifier."""

    model = Document
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        return library(self.request.user, queryset).select_related("owner", "author")
