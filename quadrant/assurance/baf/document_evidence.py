"""What a controlled document that gives assurance on a principal risk says now: its current
approved version (number, when signed, next review), whether that signature still matches
the content, and — for those who may see it, the document's editors and approvers — how many
of the staff asked to read it have confirmed they did.

A document gives cause for concern when it has no approved version, is overdue for review,
or its signature no longer matches what is stored. Two queries for all the documents, then
the signature check and (where shown) the two reading counts of each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from quadrant.assurance.documents.access import may_approve_at, may_edit
from quadrant.assurance.documents.choices import VersionStatus
from quadrant.assurance.documents.models import Acknowledgement, Document, DocumentVersion
from quadrant.assurance.documents.services.acknowledgements import required_people
from quadrant.core.permissions import Capability, restrict
from quadrant.organisation.models import OrgUnit


def visible_documents(ids: Iterable[int], user: Any) -> dict[int, Document]:
    """The live documents among IDS that USER may read, by id."""
    found = restrict(Document.objects.all(), user, Capability.VIEW).filter(archived_at__isnull=True)
    return found.select_related("org_unit").in_bulk(list(ids))


def _current_versions(documents: dict[int, Document]) -> dict[int, DocumentVersion]:
    versions = DocumentVersion.objects.filter(
        document_id__in=list(documents), status=VersionStatus.APPROVED, archived_at__isnull=True
    ).prefetch_related("acknowledgement_units")
    found = {}
    for version in versions:
        version.document = documents[version.document_id]
        found[version.document_id] = version
    return found


def _reading(version: DocumentVersion, user: Any) -> dict[str, Any] | None:
    """Staff asked to read VERSION and those who confirmed, over its units USER may see (two
    counts in the database, however many staff); None when it asks nobody, or USER is not
    among those who follow its reading."""
    document = version.document
    asked = list(version.acknowledgement_units.all())
    if not asked or not (may_edit(user, document) or may_approve_at(user, document.org_unit)):
        return None
    seen = set(
        restrict(OrgUnit.objects.filter(pk__in=[unit.pk for unit in asked]), user, Capability.VIEW)
        .values_list("pk", flat=True)
    )  # fmt: skip
    if not seen:
        return None
    people = required_people(version)
    if len(seen) < len(asked):
        inside = Q(pk__in=[])
        for unit in asked:
            if unit.pk in seen:
                inside |= Q(pk__in=required_people(version, unit).values("pk"))
        people = people.filter(inside)
    required = people.count()
    done = Acknowledgement.objects.filter(
        document_version=version, person__in=people.values("pk")
    ).count()
    return {
        "required": required,
        "acknowledged": done,
        "percent": round(100 * done / required) if required else 100,
    }


def _source(
    document: Document, version: DocumentVersion | None, user: Any, today: dt.date
) -> dict[str, Any]:
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
        "reading": _reading(version, user) if version else None,
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
    reading = source.get("reading")
    if reading:
        parts.append(f"read by {reading['acknowledged']:,} of {reading['required']:,} staff "
                     f"asked ({reading['percent']}%)")  # fmt: skip
    return "; ".join(parts) + "."


def _day(iso: str) -> str:
    return f"{dt.date.fromisoformat(iso):%-d %B %Y}" if iso else "an unknown date"


def document_sources(ids: Iterable[int], user: Any, today: dt.date) -> dict[int, dict[str, Any]]:
    """By document id, the evidence of each of IDS that USER may read, as plain values."""
    documents = visible_documents(ids, user)
    current = _current_versions(documents)
    return {pk: _source(document, current.get(pk), user, today)
            for pk, document in documents.items()}  # fmt: skip
