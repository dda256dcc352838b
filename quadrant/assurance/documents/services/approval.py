"""Review and approval. A draft goes for review to its named reviewers and approver; each
reviewer records their review; only when every review is in may the approver sign — an
electronic signature: they enter their password again (a wrong one signs nothing), and the
version records their printed name, the UTC date and time, the meaning ("approved") and a
SHA-256 hash over what was signed. Signing makes the version the current one and supersedes
the version approved before it. Where the organisation forbids it
(QUADRANT_DOCUMENTS_AUTHOR_MAY_APPROVE false, the default), the author never approves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from quadrant.assurance.documents.access import (
    APPROVE,
    may_approve_at,
    may_edit,
    require_editor,
    works_with,
)
from quadrant.assurance.documents.choices import SIGNATURE_MEANING, VersionStatus
from quadrant.assurance.documents.models import Document, DocumentReview, DocumentVersion
from quadrant.assurance.documents.services.documents import check_review_date, refresh_search
from quadrant.core.context import acting_as
from quadrant.core.permissions import denial_message
from quadrant.core.security import log_security_event
from quadrant.core.services import create_object, update_object

AUTHOR_APPROVES = (
    "The approver must not be the document's author: the organisation does not allow authors "
    "to approve their own documents"
)
WRONG_PASSWORD = "The password is not correct: nothing has been signed. Enter your password"  # noqa: S105


def author_may_approve() -> bool:
    return bool(getattr(settings, "QUADRANT_DOCUMENTS_AUTHOR_MAY_APPROVE", False))


def _name_of(person: Any) -> str:
    return str(person.get_full_name() or person.username)


def _check_approver(version: DocumentVersion, approver: Any, field: str = "approver") -> None:
    document = version.document
    if approver is None or not getattr(approver, "is_active", False):
        raise ValidationError({field: "Choose who will approve the document"})
    if not may_approve_at(approver, document.org_unit):
        raise ValidationError(
            {
                field: f"Choose an approver who may approve documents at {document.org_unit}: "
                f"{_name_of(approver)} may not"
            }
        )
    if approver.pk == document.author_id and not author_may_approve():
        raise ValidationError({field: AUTHOR_APPROVES})


def submit_for_review(
    version: DocumentVersion,
    *,
    reviewers: Iterable[Any],
    approver: Any,
    actor: Any,
    expected_version: int | None = None,
) -> DocumentVersion:
    """Send a draft for review by REVIEWERS, then approval by APPROVER (its editors)."""
    require_editor(actor, version.document)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(f"Version {version.number} is not a draft: it cannot go for review")
    people = list(dict.fromkeys(reviewers))
    if not people:
        raise ValidationError({"reviewers": "Choose at least one reviewer"})
    unit = version.document.org_unit
    outside = [_name_of(p) for p in people if not works_with(p, unit)]
    if outside:
        raise ValidationError(
            {
                "reviewers": f"Choose reviewers who work in {unit}, above it or below it: "
                f"{', '.join(outside)} do not"
            }
        )
    if not version.body.strip() and not version.file:
        raise ValidationError(
            {"body": "Enter the document's text, or attach its file, before sending it for review"}
        )
    check_review_date(version.review_date)
    _check_approver(version, approver)
    with acting_as(actor), transaction.atomic():
        for review in version.reviews.filter(archived_at__isnull=True):
            update_object(review, {"archived_at": timezone.now()}, actor=actor)
        for person in people:
            found = version.reviews.filter(reviewer=person).first()
            if found is None:
                create_object(
                    DocumentReview, {"document_version": version, "reviewer": person}, actor=actor
                )
            else:
                update_object(
                    found, {"archived_at": None, "reviewed_at": None, "comment": ""}, actor=actor
                )
        return update_object(
            version,
            {
                "status": VersionStatus.IN_REVIEW,
                "approver": approver,
                "submitted_at": timezone.now(),
            },
            actor=actor,
            expected_version=expected_version,
        )


def record_review(version: DocumentVersion, *, actor: Any, comment: str = "") -> DocumentReview:
    """A named reviewer records that they have reviewed the version, with their comments."""
    review: DocumentReview | None = version.reviews.filter(
        reviewer=actor.pk, archived_at__isnull=True
    ).first()
    if review is None:
        raise PermissionDenied("You are not a reviewer of this version.")
    if version.status != VersionStatus.IN_REVIEW:
        raise ValidationError(f"Version {version.number} is not in review")
    if review.reviewed_at is not None:
        raise ValidationError(
            f"You reviewed version {version.number} on {review.reviewed_at:%d %B %Y}"
        )
    return update_object(
        review, {"reviewed_at": timezone.now(), "comment": comment.strip()}, actor=actor
    )


def return_to_draft(version: DocumentVersion, *, actor: Any, reason: str = "") -> DocumentVersion:
    """Take a version out of review so that it can change again (its editors, or its
    approver); the reviews given are kept in the history, and asked for again next time."""
    if not (may_edit(actor, version.document) or version.approver_id == actor.pk):
        raise PermissionDenied("Only the document's editors or its approver may do this.")
    if version.status != VersionStatus.IN_REVIEW:
        raise ValidationError(f"Version {version.number} is not in review")
    summary = version.change_summary
    if reason.strip():
        summary = f"{summary}\n\nReturned to draft: {reason.strip()}".strip()
    with acting_as(actor), transaction.atomic():
        for review in version.reviews.filter(archived_at__isnull=True):
            update_object(review, {"archived_at": timezone.now()}, actor=actor)
        return update_object(
            version,
            {"status": VersionStatus.DRAFT, "submitted_at": None, "change_summary": summary},
            actor=actor,
        )


def pending_reviewers(version: DocumentVersion) -> list[Any]:
    reviews = version.reviews.filter(archived_at__isnull=True, reviewed_at__isnull=True)
    return [review.reviewer for review in reviews.select_related("reviewer")]


def approve_version(
    version: DocumentVersion, *, password: str, actor: Any, now: dt.datetime | None = None
) -> DocumentVersion:
    """Sign VERSION as its approver (see the module's text). Gives the signed version."""
    document = version.document
    if version.approver_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the approver named on this version may approve it.")
    if not may_approve_at(actor, document.org_unit):
        raise PermissionDenied(denial_message(APPROVE, document, actor))
    if version.status != VersionStatus.IN_REVIEW:
        raise ValidationError(f"Version {version.number} is not in review: it cannot be approved")
    waiting = pending_reviewers(version)
    if waiting:
        names = ", ".join(_name_of(person) for person in waiting)
        raise ValidationError(
            f"Version {version.number} cannot be approved before every reviewer has reviewed "
            f"it: waiting for {names}"
        )
    if actor.pk == document.author_id and not author_may_approve():
        raise PermissionDenied(AUTHOR_APPROVES + ".")
    check_review_date(version.review_date)
    if not password or not actor.check_password(password):
        log_security_event(
            "password", person=actor, detail=f"Wrong password signing {version}: nothing signed"
        )
        raise ValidationError({"password": WRONG_PASSWORD})
    signed_at = now or timezone.now()
    with acting_as(actor), transaction.atomic():
        Document.objects.select_for_update().filter(pk=document.pk).first()
        previous = document.versions.filter(status=VersionStatus.APPROVED).exclude(pk=version.pk)
        for old in previous:
            update_object(
                old, {"status": VersionStatus.SUPERSEDED, "superseded_at": signed_at}, actor=actor
            )
        signed = update_object(
            version,
            {
                "status": VersionStatus.APPROVED,
                "signed_by": actor,
                "signed_name": _name_of(actor),
                "signed_at": signed_at,
                "signature_meaning": SIGNATURE_MEANING,
                "signature_hash": version.content_hash(),
            },
            actor=actor,
        )
        if document.title != signed.title:
            update_object(document, {"title": signed.title}, actor=actor)
        refresh_search(document)
    return signed
