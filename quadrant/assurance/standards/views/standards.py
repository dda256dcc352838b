"""A standard's page: its text, its mappings both ways, its compliance by unit from the audits,
and the evidence that counts for it;
managers of standards map it and record evidence here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.assurance.compliance.matrix import standard_by_unit
from quadrant.assurance.standards import services
from quadrant.assurance.standards.access import manages_standards, require_manager
from quadrant.assurance.standards.coverage import evidence_for, mapped_from, mapped_to
from quadrant.assurance.standards.forms import EvidenceForm, MappingForm
from quadrant.assurance.standards.models import StandardEvidence
from quadrant.assurance.standards.records import find_record
from quadrant.assurance.standards.views.common import (
    STANDARDS_CRUMB,
    framework_crumb,
    standard_or_404,
)
from quadrant.core.views.generic import add_validation_errors, visible_or_404


@login_required
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = standard_or_404(request.user, pk)
    may_manage = manages_standards(request.user)
    evidence_form = EvidenceForm(standard=standard)
    status = 200
    if request.method == "POST":
        require_manager(request.user)
        evidence_form = EvidenceForm(request.POST, standard=standard)
        if evidence_form.is_valid():
            fields = dict(evidence_form.cleaned_data)
            kind, reference = fields.pop("record_type"), fields.pop("record")
            try:
                record = find_record(request.user, kind, reference) if kind or reference else None
                services.record_evidence(standard, actor=request.user, record=record, **fields)
            except ValidationError as error:
                add_validation_errors(evidence_form, error)
            else:
                messages.success(request, "The evidence was recorded.")
                return redirect(standard.get_absolute_url())
        status = 400
    internal = mapped_to(standard) if not standard.framework.is_internal else None
    context: dict[str, Any] = {
        "standard": standard,
        "framework": standard.framework,
        "mapped_to": internal,
        "mapped_from": mapped_from(standard) if standard.framework.is_internal else [],
        "evidence": evidence_for(standard, request.user),
        "compliance": standard_by_unit(standard, request.user),
        "may_manage": may_manage,
        "form": evidence_form,
        "mapping_form": MappingForm(initial={"internal": internal}) if may_manage else None,
        "breadcrumbs": [STANDARDS_CRUMB, framework_crumb(standard.framework)],
    }
    return render(request, "assurance/standards/standard_detail.html", context, status=status)


@login_required
@require_POST
def standard_map(request: HttpRequest, pk: int) -> HttpResponse:
    standard = standard_or_404(request.user, pk)
    require_manager(request.user)
    form = MappingForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "; ".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return redirect(standard.get_absolute_url())
    internal = form.cleaned_data["internal"]
    try:
        services.map_standard(standard, internal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = f"mapped to {internal.code} {internal.title}" if internal else "no longer mapped"
        messages.success(request, f"{standard.code} is {done}.")
    return redirect(standard.get_absolute_url())


@login_required
@require_POST
def evidence_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = visible_or_404(StandardEvidence, request.user, pk, live=True, what="evidence")
    require_manager(request.user)
    services.withdraw_evidence(evidence, actor=request.user)
    messages.success(request, "The evidence was withdrawn.")
    return redirect("assurance:standard", pk=evidence.standard_id)
