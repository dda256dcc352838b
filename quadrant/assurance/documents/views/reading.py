"""Reading documents: the library (search by title, identifier and text; filter by type),
the documents overdue for review, a document (its current approved version) and any version
one may read (superseded ones with a banner, drafts only for their editors and the people
named on them), the signature checked again each time, the file, two versions side by side,
and what one must acknowledge."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from quadrant.assurance.documents.access import may_add_documents, may_approve_at, may_edit
from quadrant.assurance.documents.choices import VersionStatus
from quadrant.assurance.documents.compare import compare
from quadrant.assurance.documents.content import sanitised
from quadrant.assurance.documents.filtersets import DocumentFilterSet
from quadrant.assurance.documents.library import library
from quadrant.assurance.documents.models import DocumentVersion
from quadrant.assurance.documents.services.acknowledgements import is_required, to_acknowledge
from quadrant.assurance.documents.services.approval import pending_reviewers
from quadrant.assurance.documents.views.common import (
    DOCUMENTS_CRUMB,
    document_crumbs,
    document_or_404,
    version_or_404,
    visible_versions,
)
from quadrant.core.links import links_of
from quadrant.core.uploads import file_response
from quadrant.core.views.generic import paginate
from quadrant.core.views.history import history_url


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    filters = DocumentFilterSet(request.GET, queryset=library(request.user), request=request)
    page = paginate(request, filters.qs)
    form = filters.form
    context = {
        "form": form,
        "page": page,
        "query": form.cleaned_data.get("q", "") if filters.is_valid() else "",
        "today": timezone.localdate(),
        "may_add": may_add_documents(request.user),
        "to_acknowledge": to_acknowledge(request.user).count(),
        "title": "Documents",
    }
    return render(
        request, "assurance/documents/list.html", context, status=400 if form.errors else 200
    )


@login_required
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Documents whose current version is past its review date, most overdue first."""
    today = timezone.localdate()
    documents = (
        library(request.user)
        .filter(**{"current_review__lt": today})
        .order_by("current_review", "identifier")
    )
    context = {
        "page": paginate(request, documents),
        "today": today,
        "overdue": True,
        "title": "Documents overdue for review",
        "breadcrumbs": [DOCUMENTS_CRUMB],
    }
    return render(request, "assurance/documents/list.html", context)


@login_required
def my_acknowledgements(request: HttpRequest) -> HttpResponse:
    versions = list(to_acknowledge(request.user))
    context = {"versions": versions, "breadcrumbs": [DOCUMENTS_CRUMB]}
    return render(request, "assurance/documents/mine.html", context)


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The document as it is in use: its current approved version (or, for those who may
    read no approved version yet, the latest they may read)."""
    document = document_or_404(request, pk)
    versions = list(visible_versions(request.user, document))
    current = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    shown = current or (versions[0] if versions else None)
    if shown is None:  # a document whose versions one may not read (or has none)
        context = {"document": document, "breadcrumbs": [DOCUMENTS_CRUMB]}
        return render(request, "assurance/documents/no_version.html", context)
    shown.document = document
    return _version_page(request, shown, versions)


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_or_404(request, pk)
    versions = list(visible_versions(request.user, version.document))
    return _version_page(request, version, versions)


def _version_page(
    request: HttpRequest, version: DocumentVersion, versions: list[DocumentVersion]
) -> HttpResponse:
    user = request.user
    document = version.document
    editor = may_edit(user, document)
    current = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    review = version.reviews.filter(reviewer=user.pk, archived_at__isnull=True).first()
    acknowledged = version.acknowledgements.filter(person=user.pk).first()
    context = {
        "document": document,
        "version": version,
        "versions": versions,
        "current": current,
        "signature_ok": version.signature_matches() if version.is_signed else None,
        # sanitised again as it is shown: a row changed behind the services' back runs nothing
        "body_html": mark_safe(sanitised(version.body)),  # noqa: S308  # nosec B308, B703 - nh3 cleaned it
        "reviews": list(
            version.reviews.filter(archived_at__isnull=True).select_related("reviewer")
        ),
        "waiting": pending_reviewers(version) if version.status == VersionStatus.IN_REVIEW else [],
        "may_edit": editor,
        "may_review": review is not None
        and review.reviewed_at is None
        and version.status == VersionStatus.IN_REVIEW,
        "may_approve": version.status == VersionStatus.IN_REVIEW
        and version.approver_id == user.pk
        and may_approve_at(user, document.org_unit),
        "must_acknowledge": acknowledged is None and is_required(version, user),
        "acknowledged": acknowledged,
        "may_see_compliance": editor or may_approve_at(user, document.org_unit),
        "acknowledgement_units": list(version.acknowledgement_units.order_by("path")),
        "may_new_draft": editor
        and not any(v.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW) for v in versions),
        "links": links_of(document, user),
        "history_url": history_url(version),
        "today": timezone.localdate(),
        "breadcrumbs": document_crumbs(document) if version != current else [DOCUMENTS_CRUMB],
    }
    return render(request, "assurance/documents/version.html", context)


@login_required
def version_file(request: HttpRequest, pk: int) -> FileResponse:
    version = version_or_404(request, pk)
    if not version.file:
        raise Http404("This version has no file.")
    return file_response(
        request,
        version.file,
        name=version.file_name or "document",
        content_type=version.file_type,
        what=f"document file ({version})",
    )


@login_required
def document_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side (?old=1&new=2 by number; the two latest by default)."""
    document = document_or_404(request, pk)
    versions = {v.number: v for v in visible_versions(request.user, document)}
    numbers = sorted(versions)
    if len(numbers) < 2:
        raise Http404("This document has only one version you may read.")
    try:
        old = versions[int(request.GET.get("old", numbers[-2]))]
        new = versions[int(request.GET.get("new", numbers[-1]))]
    except (KeyError, ValueError):
        raise Http404("No such version of this document, or you may not see it.") from None
    context = {
        "document": document,
        "old": old,
        "new": new,
        "numbers": numbers,
        "comparison": compare(old.text, new.text),
        "unread": [version for version in (old, new) if version.file_text_unread],
        "breadcrumbs": document_crumbs(document),
    }
    return render(request, "assurance/documents/compare.html", context)
