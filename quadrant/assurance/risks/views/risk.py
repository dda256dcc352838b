"""A risk's page (its three ratings on the matrix, controls, assurances, actions, the chart
of its score history) and the forms that change it: new, edit, review, status,
de-escalation, an assurance, an action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from quadrant.actions.public import ActionForm, actions_for_source
from quadrant.assurance.risks import forms, scoring, services
from quadrant.assurance.risks.history_chart import Point, step_chart
from quadrant.assurance.risks.matrix import matrix_or_defaults
from quadrant.assurance.risks.models import Risk, RiskAssurance
from quadrant.assurance.risks.services.assurances import ASSURANCE_RECORDS
from quadrant.assurance.risks.services.risks import CURRENT, EDITABLE
from quadrant.assurance.risks.views.common import (
    RISKS_CRUMB,
    RiskFormView,
    risk_crumbs,
    risk_or_404,
)
from quadrant.assurance.standards.records import find_record
from quadrant.core.links import links_from
from quadrant.core.permissions import Capability, may, require
from quadrant.core.views.generic import (
    add_validation_errors,
    form_page,
    visible_or_404,
)
from quadrant.core.views.history import history_url

MANAGE = Capability.MANAGE_RISKS
ASSURANCE_RELATION = "assurance.risk-assurance"


def _matrix_grid(risk: Risk, matrix: Any) -> list[dict[str, Any]]:
    """The 5 × 5 matrix, most likely first, each cell saying which of the risk's ratings
    sit in it (initial, current, target), as words."""
    marks = {
        (risk.initial_likelihood, risk.initial_consequence): ["Initial"],
    }
    marks.setdefault((risk.current_likelihood, risk.current_consequence), []).append("Current")
    marks.setdefault((risk.target_likelihood, risk.target_consequence), []).append("Target")
    words = matrix.words("likelihood")
    return [
        {
            "likelihood": likelihood,
            "word": words[likelihood - 1],
            "cells": [
                {
                    "score": likelihood * consequence,
                    "band": scoring.band_of(likelihood * consequence, matrix.bands),
                    "marks": marks.get((likelihood, consequence), []),
                }
                for consequence in scoring.LEVELS
            ],
        }
        for likelihood in reversed(scoring.LEVELS)
    ]


def _assurances(risk: Risk, user: Any) -> list[dict[str, Any]]:
    """The risk's live assurances whose record the reader may see, with that record (read
    through the link registry, which leaves out what the reader may not see)."""
    links = links_from([risk], user, only=[ASSURANCE_RELATION]).get(risk.pk, [])
    linked = {(link.obj._meta.label_lower, link.obj.pk): link for link in links}
    shown = []
    for row in risk.assurances.filter(archived_at__isnull=True):
        kind = ContentType.objects.get_for_id(row.linked_type_id)
        link = linked.get((f"{kind.app_label}.{kind.model}", row.linked_id))
        if link is not None:
            shown.append({"row": row, "link": link})
    return shown


@login_required
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = risk_or_404(request, pk)
    matrix = matrix_or_defaults()
    bands = matrix.bands
    reviews = list(risk.reviews.filter(archived_at__isnull=True).select_related("reviewed_by"))
    points = [Point(review.reviewed_on, review.score) for review in reviews]
    title = f"Current score of {risk.reference} over time"
    may_manage = may(request.user, MANAGE, risk)
    context = {
        "risk": risk,
        "band": scoring.band_of(risk.current_score, bands),
        "initial_band": scoring.band_of(risk.initial_score, bands),
        "target_band": scoring.band_of(risk.target_score, bands),
        "likelihood_words": matrix.words("likelihood"),
        "consequence_words": list(enumerate(matrix.words("consequence"), start=1)),
        "grid": _matrix_grid(risk, matrix),
        "reviews": reviews,
        "chart": step_chart(points, bands, timezone.localdate(), title),
        "assurances": _assurances(risk, request.user),
        "actions": actions_for_source(risk),
        "may_manage": may_manage,
        "may_raise": may_manage and may(request.user, Capability.ACT_ON_SIGNALS, risk.org_unit),
        "may_deescalate": risk.escalated_to is not None
        and may(request.user, MANAGE, risk.escalated_to),
        "review_overdue": risk.review_date < timezone.localdate(),
        "history_url": history_url(risk),
        "breadcrumbs": [RISKS_CRUMB],
    }
    return render(request, "assurance/risks/risk_detail.html", context)


@login_required
def risk_create(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    form = forms.RiskForm(request.POST or None, user=request.user)

    def save(data: dict[str, Any]) -> Risk:
        return services.create_risk(data, actor=request.user)

    return form_page(
        request, form, save, success=lambda risk: f"Risk {risk.reference} has been added.",
        title="Add a risk", cancel_url=RISKS_CRUMB["url"], submit_label="Add the risk",
        lede="Say what could happen as cause, event and effect, and rate it on the matrix.",
        breadcrumbs=[RISKS_CRUMB],
    )  # fmt: skip


class ManagedRiskView(RiskFormView):
    """A versioned form on a risk the person may manage (a risk they may not see is 404)."""

    page_title = ""

    def get_object(self) -> Risk:
        risk = risk_or_404(self.request, self.kwargs["pk"])
        require(self.request.user, MANAGE, risk)
        return risk

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=self.page_title.format(risk=self.object),
                       breadcrumbs=risk_crumbs(self.object))  # fmt: skip
        return context


class RiskEditView(ManagedRiskView):
    form_class = forms.RiskEditForm
    page_title = "Edit {risk}"
    success_message = "Your changes to {object.reference} have been saved."

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        """What the risk says now (its fields are added by the form, not declared on it)."""
        risk = self.object
        shown = [name for name in EDITABLE if name not in CURRENT]
        initial = {name: getattr(risk, name) for name in shown}
        return {**super().get_initial(), **initial, "owner": risk.owner_id,
                "category": risk.category_id}  # fmt: skip

    def save(self, changes: dict[str, Any], expected_version: int) -> Risk:
        return services.update_risk(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )


class RiskReviewView(ManagedRiskView):
    form_class = forms.ReviewForm
    page_title = "Review {risk}"
    success_message = "The review of {object.reference} has been recorded."

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "likelihood": self.object.current_likelihood,
                "consequence": self.object.current_consequence, "review_date": None}  # fmt: skip

    def save(self, changes: dict[str, Any], expected_version: int) -> Risk:
        return services.review_risk(
            self.object, actor=self.request.user, expected_version=expected_version, **changes
        )


class RiskStatusView(ManagedRiskView):
    form_class = forms.StatusForm
    page_title = "Change the status of {risk}"
    success_message = "{object.reference} is now {object.status}."

    def get_initial(self) -> dict[str, Any]:
        return {**super().get_initial(), "reason": self.object.status_reason}

    def save(self, changes: dict[str, Any], expected_version: int) -> Risk:
        return services.set_risk_status(
            self.object, changes["status"], reason=changes["reason"],
            actor=self.request.user, expected_version=expected_version,
        )  # fmt: skip


class RiskDeescalateView(ManagedRiskView):
    form_class = forms.DeescalateForm
    page_title = "De-escalate {risk}"
    success_message = "{object.reference} is back on its unit's register."

    def get_object(self) -> Risk:
        risk = risk_or_404(self.request, self.kwargs["pk"])
        require(self.request.user, MANAGE, risk.escalated_to or risk)
        return risk

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.object.version}

    def save(self, changes: dict[str, Any], expected_version: int) -> Risk:
        return services.deescalate_risk(
            self.object, reason=changes["reason"], actor=self.request.user,
            expected_version=expected_version,
        )  # fmt: skip


@login_required
def assurance_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = risk_or_404(request, pk)
    require(request.user, MANAGE, risk)
    form = forms.AssuranceForm(request.POST or None)

    def save(data: dict[str, Any]) -> Risk:
        record = find_record(request.user, data["record_type"], data["record"],
                             kinds=ASSURANCE_RECORDS)  # fmt: skip
        services.add_assurance(risk, record, line=data["line"], level=data["level"],
                               note=data["note"], actor=request.user)  # fmt: skip
        return risk

    return form_page(
        request, form, save, success="The assurance has been added.", then=risk,
        title=f"Add assurance to {risk}", cancel_url=risk.get_absolute_url(),
        submit_label="Add the assurance", breadcrumbs=risk_crumbs(risk),
        lede="A measure, an audit or a controlled document that shows whether the risk's "
        "controls work.",
    )  # fmt: skip


@login_required
@require_POST
def assurance_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    assurance: RiskAssurance = visible_or_404(
        RiskAssurance, request.user, pk, RiskAssurance.objects.select_related("risk"), live=True,
        what="assurance",
    )  # fmt: skip
    services.withdraw_assurance(assurance, actor=request.user)
    messages.success(request, "The assurance has been withdrawn.")
    return redirect(assurance.risk)


@login_required
def risk_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an action from the risk (people who manage the risk and actions at its unit)."""
    risk = risk_or_404(request, pk)
    require(request.user, MANAGE, risk)
    require(request.user, Capability.ACT_ON_SIGNALS, risk.org_unit)
    form = ActionForm(request.POST or None, unit=risk.org_unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.open_risk_action(risk, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"Action “{action.title}” has been raised.")
            return redirect(risk)
    context = {"form": form, "title": f"Raise an action on {risk}",
               "cancel_url": risk.get_absolute_url(), "submit_label": "Raise the action",
               "breadcrumbs": risk_crumbs(risk)}  # fmt: skip
    return render(request, "core/form.html", context, status=400 if form.errors else 200)
