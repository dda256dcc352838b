"""The forms of documents: a new document, its details, a draft (text or file), a new draft,
sending it for review, a review, the approval (the password entered again: the electronic
signature), returning a version to draft, confirming one has read it, the compliance of each
unit, and a revision opened from an adopted change in improvement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quadrant.assurance.documents import forms, services
from quadrant.assurance.documents.access import (
    NOT_EDITOR,
    may_approve_at,
    may_edit,
    require_editor,
)
from quadrant.assurance.documents.choices import REVISABLE_BY_CHANGE, VersionStatus
from quadrant.assurance.documents.models import Document, DocumentVersion
from quadrant.assurance.documents.services.acknowledgements import (
    compliance_by_unit,
    units_below_acknowledgement,
)
from quadrant.assurance.documents.views.common import (
    DOCUMENTS_CRUMB,
    document_crumbs,
    document_or_404,
    version_or_404,
)
from quadrant.core.permissions import Capability, restrict
from quadrant.core.views.generic import (
    form_page,
    versioned_form_page,
    visible_or_404,
)
from quadrant.improvement.public import ChangeIdea


def _editable_version(request: HttpRequest, pk: int) -> DocumentVersion:
    version = version_or_404(request, pk)
    require_editor(request.user, version.document)
    return version


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    form = forms.DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["org_unit"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied(
            "You may not add documents: documents are added by the quality team (quality leads)."
        )

    def save(data: dict[str, Any]) -> DocumentVersion:
        upload = forms.upload_of(data)
        return services.create_document(data, actor=request.user, upload=upload)

    return form_page(
        request,
        form,
        save,
        success=lambda v: f"{v.document.identifier} has been added as a draft.",
        title="Add a document",
        cancel_url=DOCUMENTS_CRUMB["url"],
        submit_label="Add the document",
        lede="Its first version is a draft, until it is reviewed and approved.",
        multipart=True,
        breadcrumbs=[DOCUMENTS_CRUMB],
    )


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    require_editor(request.user, document)
    initial = {
        "version": document.version,
        "doc_type": document.doc_type,
        "owner": document.owner_id,
        "author": document.author_id,
        "public": document.public,
    }
    form = forms.DetailsForm(
        request.POST or None, initial=initial, unit=document.org_unit, user=request.user
    )

    def save(data: dict[str, Any], expected: int) -> Document:
        return services.update_document(
            document, data, actor=request.user, expected_version=expected
        )

    return versioned_form_page(
        request,
        form,
        save,
        success=f"The details of {document.identifier} have been saved.",
        then=document,
        title=f"Details of {document}",
        cancel_url=document.get_absolute_url(),
        breadcrumbs=document_crumbs(document),
    )


@login_required
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _editable_version(request, pk)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, f"Version {version.number} is not a draft: it cannot be changed.")
        return redirect(version)
    initial = {
        "version": version.version,
        "title": version.title,
        "review_date": version.review_date,
        "change_summary": version.change_summary,
        "body": version.body,
        "acknowledgement_units": list(version.acknowledgement_units.all()),
    }
    form = forms.DraftForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        unit=version.document.org_unit,
    )

    def save(data: dict[str, Any], expected: int) -> DocumentVersion:
        upload = forms.upload_of(data)
        return services.update_draft(
            version, data, actor=request.user, upload=upload, expected_version=expected
        )

    current = f" (now {version.file_name})" if version.file else ""
    return versioned_form_page(
        request,
        form,
        save,
        success=f"Version {version.number} has been saved.",
        then=version,
        title=f"Edit the draft of {version.document}, version {version.number}",
        lede=f"Change the text, or attach a new file{current}. Nothing is in use until it is "
        "approved.",
        multipart=True,
        cancel_url=version.get_absolute_url(),
        breadcrumbs=document_crumbs(version.document),
    )


@login_required
@require_POST
def draft_new(request: HttpRequest, pk: int) -> HttpResponse:
    document = document_or_404(request, pk)
    try:
        draft = services.new_draft(document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(document)
    messages.success(request, f"Version {draft.number} has been opened as a draft.")
    return redirect("assurance:document_draft_edit", draft.pk)


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _editable_version(request, pk)
    form = forms.SubmitForm(
        request.POST or None,
        initial={"version": version.version},
        unit=version.document.org_unit,
        user=request.user,
    )

    def save(data: dict[str, Any], expected: int) -> DocumentVersion:
        return services.submit_for_review(
            version,
            reviewers=data["reviewers"],
            approver=data["approver"],
            actor=request.user,
            expected_version=expected,
        )

    return versioned_form_page(
        request,
        form,
        save,
        success=f"Version {version.number} has been sent for review.",
        then=version,
        title=f"Send {version.document} version {version.number} for review",
        lede="Each reviewer reviews it; then the approver signs it.",
        submit_label="Send for review",
        cancel_url=version.get_absolute_url(),
        breadcrumbs=document_crumbs(version.document),
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_or_404(request, pk)
    form = forms.ReviewForm(request.POST or None)

    def save(data: dict[str, Any]) -> DocumentVersion:
        services.record_review(version, actor=request.user, comment=data["comment"])
        return version

    return form_page(
        request,
        form,
        save,
        success="Your review has been recorded.",
        title=f"Review {version}",
        lede=f"Read {version.title} (version {version.number}), then record your review.",
        submit_label="Record my review",
        cancel_url=version.get_absolute_url(),
        breadcrumbs=document_crumbs(version.document),
    )


@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """The electronic signature: the named approver enters their password again."""
    version = version_or_404(request, pk)
    if version.approver_id != request.user.pk or not may_approve_at(
        request.user, version.document.org_unit
    ):
        raise PermissionDenied("Only the approver named on this version may approve it.")
    form = forms.ApproveForm(request.POST or None)

    def save(data: dict[str, Any]) -> DocumentVersion:
        return services.approve_version(version, password=data["password"], actor=request.user)

    user: Any = request.user
    name = user.get_full_name() or user.get_username()
    return form_page(
        request,
        form,
        save,
        success=lambda v: f"You have signed {v} as approved. It is now the current version.",
        title=f"Approve {version.document}, version {version.number}",
        lede=f"You are signing as {name}, with the meaning “approved”. The date and time, and "
        "a fingerprint (SHA-256) of exactly what this version says, are recorded with your "
        "signature.",
        submit_label="Sign and approve",
        cancel_url=version.get_absolute_url(),
        breadcrumbs=document_crumbs(version.document),
    )


@login_required
def return_draft(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_or_404(request, pk)
    if not (may_edit(request.user, version.document) or version.approver_id == request.user.pk):
        raise PermissionDenied("Only the document's editors or its approver may do this.")
    form = forms.ReturnForm(request.POST or None)

    def save(data: dict[str, Any]) -> DocumentVersion:
        return services.return_to_draft(version, actor=request.user, reason=data["reason"])

    return form_page(
        request,
        form,
        save,
        success=f"Version {version.number} is a draft again.",
        title=f"Return {version} to draft",
        submit_label="Return it to draft",
        cancel_url=version.get_absolute_url(),
        breadcrumbs=document_crumbs(version.document),
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_or_404(request, pk)
    try:
        services.acknowledge_version(version, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have confirmed you have read {version}.")
    return redirect(version)


@login_required
def compliance(request: HttpRequest, pk: int) -> HttpResponse:
    """How many of each unit's staff have confirmed they read the version (its editors and
    those who approve documents at its unit)."""
    version = version_or_404(request, pk)
    document = version.document
    if not (may_edit(request.user, document) or may_approve_at(request.user, document.org_unit)):
        raise PermissionDenied(NOT_EDITOR)
    units = restrict(units_below_acknowledgement(version), request.user, Capability.VIEW)
    rows = compliance_by_unit(version, units)
    required = sum(
        row.required
        for row in rows
        if row.unit.pk in set(version.acknowledgement_units.values_list("pk", flat=True))
    )
    context = {
        "version": version,
        "document": document,
        "rows": rows,
        "required": required,
        "breadcrumbs": document_crumbs(document),
    }
    return render(request, "assurance/documents/compliance.html", context)


@login_required
def revise_from_change(request: HttpRequest, idea_pk: int) -> HttpResponse:
    """Open a revision of a procedure from an adopted change idea of a project one sees."""
    idea = visible_or_404(
        ChangeIdea,
        request.user,
        idea_pk,
        ChangeIdea.objects.select_related("project"),
        what="change idea",
    )
    form = forms.RevisionFromChangeForm(request.POST or None)

    def save(data: dict[str, Any]) -> DocumentVersion:
        identifier = data["identifier"].strip()
        documents = restrict(
            Document.objects.filter(archived_at__isnull=True), request.user, Capability.VIEW
        )
        document = documents.filter(identifier__iexact=identifier).first()
        if document is None or not may_edit(request.user, document):
            raise ValidationError(
                {"identifier": f"No document you may change has the identifier “{identifier[:40]}”"}
            )
        if document.doc_type not in REVISABLE_BY_CHANGE:
            raise ValidationError(
                {
                    "identifier": f"{document.identifier} is a "
                    f"{document.get_doc_type_display().lower()}: enter a procedure, "
                    "standard operating procedure or guideline"
                }
            )
        return services.open_revision_from_change(document, idea, actor=request.user)

    return form_page(
        request,
        form,
        save,
        success=lambda v: (
            f"Version {v.number} of {v.document} has been "
            f"opened as a draft from the change “{idea.title}”."
        ),
        then=None,
        title=f"Revise a procedure after “{idea.title}”",
        lede="An adopted change becomes how we work when the procedure says so: this opens a "
        "new draft of it, linked to the change.",
        submit_label="Open a revision",
        cancel_url=reverse("improvement:project", args=[idea.project_id]),
    )
