"""What a controlled document that gives assurance on a principal risk says now: its current
approved version (number, when signed, next review) and whether that signature still matches
the content. (Who has read it stays on the document's own reading page: counting every member
of staff asked, for each document, would cost the BAF page its speed.)

A document gives cause for concern when it has no approved version, is overdue for review,
or its signature no longer matches what is stored. Two queries for all the documents, then
the signature check of each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from quadrant.assurance.documents.choices import VersionStatus
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.core.permissions import Capability, restrict


def visible_documents(ids: Iterable[int], user: Any) -> dict[int, Document]:
    """The live documents among IDS that USER may read, by id."""
    found = restrict(Document.objects.all(), user, Capability.VIEW).filter(archived_at__isnull=True)
    return found.select_related("org_unit").in_bulk(list(ids))


def _current_versions(documents: dict[int, Document]) -> dict[int, DocumentVersion]:
    versions = DocumentVersion.objects.filter(
        document_id__in=list(documents), status=VersionStatus.APPROVED, archived_at__isnull=True
    )
    found = {}
    for version in versions:
        version.document = documents[version.document_id]
        found[version.document_id] = version
    return found


def _source(document: Document, version: DocumentVersion | None, today: dt.date) -> dict[str, Any]:
    source: dict[str, Any] = {
        "kind": "document",
        "id": document.pk,
        "code": document.identifier,
        "title": f"{document.identifier} {document.title}",
        "url": document.get_absolute_url(),
        "doc_type": document.get_doc_type_display(),
        "approved": version is not None,
        "number": version.number if version else None,
        "signed_on": version.signed_at.date().isoformat() if version and version.signed_at else "",
        "review_date": version.review_date.isoformat() if version else "",
        "review_overdue": bool(version and version.review_date < today),
        "signature_intact": bool(version and version.signature_matches()),
    }
    source["review_label"] = _day(source["review_date"]) if version else ""
    source["status_text"] = status_text(source)
    source["concern"] = (
        not source["approved"] or source["review_overdue"] or not source["signature_intact"]
    )
    return source


def status_text(source: dict[str, Any]) -> str:
    """One plain sentence of what the document says now (for the pages and the exports)."""
    if not source["approved"]:
        return "No approved version: nothing is in force."
    parts = [f"Version {source['number']} approved on {_day(source['signed_on'])}"]
    if not source["signature_intact"]:
        parts.append("its signature no longer matches the content")
    if source["review_overdue"]:
        parts.append(f"review overdue since {_day(source['review_date'])}")
    else:
        parts.append(f"next review {_day(source['review_date'])}")
    return "; ".join(parts) + "."


def _day(iso: str) -> str:
    return f"{dt.date.fromisoformat(iso):%-d %B %Y}" if iso else "an unknown date"


def document_sources(ids: Iterable[int], user: Any, today: dt.date) -> dict[int, dict[str, Any]]:
    """By document id, the evidence of each of IDS that USER may read, as plain values."""
    documents = visible_documents(ids, user)
    current = _current_versions(documents)
    return {pk: _source(document, current.get(pk), today)
            for pk, document in documents.items()}  # fmt: skip
