"""What controlled documents add to the shell: the navigation entry, the site search (by
identifier, title and text, scoped as the pages), "Documents to read" on "My quality", the
documents in use (and overdue) on a unit's page, review
reminders in the daily digest, and the links of a version to the adopted change it came from.
Documents are evidence for standards (and so in CQC self-assessments) through the standards'
evidence records (standards.records.EVIDENCE_RECORDS)."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.documents import digest  # noqa: F401  (review reminders)
from quadrant.assurance.documents.home import documents_to_read, unit_documents
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.assurance.documents.search import search_documents
from quadrant.core.links import Relation, register_relation
from quadrant.core.permissions import restrict
from quadrant.core.registry import (
    HomeSection,
    NavItem,
    SearchProvider,
    UnitSection,
    register_home_section,
    register_nav,
    register_search,
    register_unit_section,
)

REVISION_RELATION = "assurance.document-revision"


class DocumentSearch(SearchProvider):
    """The site search finds documents through their full-text index."""

    def search(self, user: Any, query: str, limit: int) -> list[Any]:
        documents = restrict(Document.objects.filter(archived_at__isnull=True), user)
        return list(search_documents(documents, query).select_related("org_unit")[:limit])


def _revisions_from(ids: Any) -> Any:
    rows = DocumentVersion.objects.filter(document_id__in=ids, from_change__isnull=False)
    for document, idea in rows.values_list("document_id", "from_change_id").order_by():
        yield document, "improvement.changeidea", idea


def _revisions_to(label: str, ids: Any) -> Any:
    rows = DocumentVersion.objects.filter(from_change_id__in=ids)
    return rows.values_list("document_id", "from_change_id").order_by()


def register() -> None:
    register_nav(NavItem("Documents", "assurance:documents", order=49))
    register_search(
        DocumentSearch(
            "Documents",
            Document,
            ("identifier", "title"),
            describe=lambda d: f"{d.get_doc_type_display()} · {d.org_unit}",
        )
    )
    register_home_section(
        HomeSection(
            "Documents to read",
            "assurance/documents/includes/home_to_read.html",
            25,
            documents_to_read,
        )
    )
    register_unit_section(
        UnitSection(
            "Documents", "assurance/documents/includes/unit_documents.html", 45, unit_documents
        )
    )
    register_relation(
        Relation(
            REVISION_RELATION,
            "assurance.document",
            "improvement.changeidea",
            "Revised after the adopted change",
            "Revisions of procedures it opened",
            _revisions_from,
            _revisions_to,
        )
    )
