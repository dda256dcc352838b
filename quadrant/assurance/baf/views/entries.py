"""Keeping the BAF: put a risk of the register on it, change what the BAF adds to a principal
risk, take one off, and the organisation's committees."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quadrant.assurance.baf import forms, services
from quadrant.assurance.baf.access import MANAGE, require_baf
from quadrant.assurance.baf.models import BafCommittee, PrincipalRisk
from quadrant.assurance.baf.views.common import BAF_CRUMB
from quadrant.core.permissions import Capability, may_at_top, require, require_at_top, restrict
from quadrant.core.views.generic import form_page, visible_or_404
from quadrant.core.widgets import OUT_OF_DATE


def _principal_or_404(request: HttpRequest, pk: int) -> PrincipalRisk:
    require_baf(request.user)
    found: PrincipalRisk = visible_or_404(
        PrincipalRisk, request.user, pk, PrincipalRisk.objects.select_related("risk"),
        live=True, what="principal risk",
    )  # fmt: skip
    require(request.user, MANAGE, found)
    return found


@login_required
def principal_add(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    form = forms.PrincipalRiskCreateForm(request.POST or None, user=request.user)

    def save(data: dict[str, Any]) -> PrincipalRisk:
        risk = data.pop("risk")
        return services.add_principal_risk(risk, data, actor=request.user)

    return form_page(
        request, form, save,
        success=lambda principal: f"{principal.risk.reference} is now a principal risk on the BAF.",
        title="Add a principal risk", cancel_url=BAF_CRUMB["url"],
        submit_label="Add it to the BAF", breadcrumbs=[BAF_CRUMB],
        lede="Its scores, appetite, controls, assurances and actions are read from the risk "
             "on the register: here you say only which goal it threatens and who oversees it.",
    )  # fmt: skip


@login_required
def principal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    principal = _principal_or_404(request, pk)
    initial = {"goal": principal.goal_id, "committee": principal.committee_id,
               "event_categories": principal.event_categories,
               "commentary": principal.commentary}  # fmt: skip
    form = forms.PrincipalRiskForm(request.POST or None, user=request.user, initial=initial)

    def save(data: dict[str, Any]) -> Any:
        try:
            version = int(request.POST["version"])
        except (KeyError, ValueError):
            raise ValidationError(OUT_OF_DATE) from None
        return services.update_principal_risk(
            principal, data, actor=request.user, expected_version=version
        )

    return form_page(
        request, form, save, success=f"Your changes to {principal.risk.reference} have been saved.",
        then=principal, title=f"Edit the principal risk {principal.risk}",
        cancel_url=principal.get_absolute_url(), version=principal.version,
        breadcrumbs=[BAF_CRUMB],
    )  # fmt: skip


@login_required
@require_POST
def principal_remove(request: HttpRequest, pk: int) -> HttpResponse:
    principal = _principal_or_404(request, pk)
    services.remove_principal_risk(principal, actor=request.user)
    messages.success(request, f"{principal.risk.reference} has been taken off the BAF (it stays "
                              "on the risk register).")  # fmt: skip
    return redirect("assurance:baf")


@login_required
def committees(request: HttpRequest) -> HttpResponse:
    require_baf(request.user)
    found = restrict(BafCommittee.objects.all(), request.user, Capability.VIEW).filter(
        archived_at__isnull=True
    )
    context = {"committees": found, "may_add": may_at_top(request.user, MANAGE),
               "breadcrumbs": [BAF_CRUMB]}  # fmt: skip
    return render(request, "assurance/baf/committees.html", context)


@login_required
def committee_add(request: HttpRequest) -> HttpResponse:
    require_at_top(request.user, MANAGE)
    form = forms.CommitteeForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.create_committee(data, actor=request.user),
        success=lambda committee: f"{committee.name} has been added.",
        then=reverse("assurance:baf_committees"), title="Add a committee",
        cancel_url=reverse("assurance:baf_committees"), submit_label="Add the committee",
        breadcrumbs=[BAF_CRUMB],
    )  # fmt: skip
