"""Keeping the BAF: put a risk of the register on it, change what the BAF adds to a principal
risk, take one off, and the organisation's committees."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from quadrant.assurance.baf import forms, services
from quadrant.assurance.baf.access import MANAGE, require_baf
from quadrant.assurance.baf.models import BafCommittee, PrincipalRisk
from quadrant.assurance.baf.services.committees import oversees
from quadrant.assurance.baf.views.common import BAF_CRUMB
from quadrant.core.permissions import Capability, may_at_top, require, require_at_top, restrict
from quadrant.core.services import StaleEdit
from quadrant.core.views.generic import form_page, versioned_form_page, visible_or_404
from quadrant.core.widgets import OUT_OF_DATE

COMMITTEES_CRUMB = {"label": "Committees", "url": reverse_lazy("assurance:baf_committees")}


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


def _posted_version(request: HttpRequest) -> int | None:
    """The version a confirmation page was drawn from (None when the POST names none)."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _confirm_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    return render(request, "assurance/baf/confirm.html",
                  {"breadcrumbs": [BAF_CRUMB], **context}, status=status)  # fmt: skip


@login_required
def principal_remove(request: HttpRequest, pk: int) -> HttpResponse:
    principal = _principal_or_404(request, pk)
    context: dict[str, Any] = {
        "caption": f"Principal risk {principal.risk.reference}",
        "heading": f"Take {principal.risk.reference} {principal.risk.title} off the BAF?",
        "explanation": "It stays on the risk register with its scores, controls and "
                       "assurances, and in the quarters already frozen. Only the BAF stops "
                       "showing it.",
        "submit_label": "Take it off the BAF", "version": principal.version,
        "cancel_url": principal.get_absolute_url(),
    }  # fmt: skip
    if request.method != "POST":
        return _confirm_page(request, **context)
    try:
        services.remove_principal_risk(
            principal, actor=request.user, expected_version=_posted_version(request)
        )
    except (ValidationError, StaleEdit) as error:
        return _confirm_page(request, 400, errors=_messages_of(error), **context)
    messages.success(request, f"{principal.risk.reference} has been taken off the BAF (it stays "
                              "on the risk register).")  # fmt: skip
    return redirect("assurance:baf")


def _messages_of(error: ValidationError | StaleEdit) -> list[str]:
    return list(error.messages) if isinstance(error, ValidationError) else [str(error)]


@login_required
def committees(request: HttpRequest) -> HttpResponse:
    require_baf(request.user)
    found = restrict(BafCommittee.objects.all(), request.user, Capability.VIEW).filter(
        archived_at__isnull=True
    )
    overseen = Counter(
        PrincipalRisk.objects.filter(archived_at__isnull=True, committee__in=found).values_list(
            "committee_id", flat=True
        )
    )
    rows = [(committee, overseen[committee.pk]) for committee in found]
    context = {"rows": rows, "may_manage": may_at_top(request.user, MANAGE),
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


def _committee_or_404(request: HttpRequest, pk: int) -> BafCommittee:
    require_at_top(request.user, MANAGE)
    found: BafCommittee = visible_or_404(
        BafCommittee, request.user, pk, live=True, what="committee"
    )
    return found


@login_required
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_or_404(request, pk)
    initial = {"version": committee.version, "name": committee.name,
               "description": committee.description}  # fmt: skip
    form = forms.CommitteeEditForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any], expected: int) -> BafCommittee:
        return services.update_committee(
            committee, data, actor=request.user, expected_version=expected
        )

    committees_url = reverse("assurance:baf_committees")
    return versioned_form_page(
        request, form, save, success=lambda saved: f"Your changes to {saved.name} have been saved.",
        then=committees_url, title=f"Edit the committee {committee.name}",
        cancel_url=committees_url, breadcrumbs=[BAF_CRUMB, COMMITTEES_CRUMB],
    )  # fmt: skip


@login_required
def committee_retire(request: HttpRequest, pk: int) -> HttpResponse:
    committee = _committee_or_404(request, pk)
    overseen = oversees(committee)
    context: dict[str, Any] = {
        "caption": "Committees of the board",
        "heading": f"Retire the committee {committee.name}?",
        "explanation": "It will no longer be offered for principal risks. Frozen quarters and "
                       "the change history still name it, and nothing is deleted.",
        "blocked": f"{committee.name} still oversees {len(overseen)} principal "
                   f"risk{'' if len(overseen) == 1 else 's'}. Choose another committee for "
                   f"{'it' if len(overseen) == 1 else 'them'} first." if overseen else "",
        "blockers": [(principal.get_absolute_url(), f"{principal.risk.reference} "
                      f"{principal.risk.title}") for principal in overseen],
        "submit_label": "Retire the committee", "version": committee.version,
        "cancel_url": reverse("assurance:baf_committees"),
    }  # fmt: skip
    if request.method != "POST":
        return _confirm_page(request, **context)
    try:
        services.retire_committee(
            committee, actor=request.user, expected_version=_posted_version(request)
        )
    except (ValidationError, StaleEdit) as error:
        return _confirm_page(request, 400, errors=_messages_of(error), **context)
    messages.success(request, f"{committee.name} has been retired.")
    return redirect("assurance:baf_committees")
