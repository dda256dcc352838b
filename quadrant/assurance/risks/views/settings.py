"""The organisation's risk settings: the matrix (descriptors and bands) and the categories
with their appetite (quality leads at the top unit), and each unit's escalation threshold
(people who manage risks at the unit or above)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from quadrant.assurance.risks import forms, services
from quadrant.assurance.risks.access import manages_settings, require_settings_manager
from quadrant.assurance.risks.matrix import (
    current_matrix,
    live_categories,
    matrix_or_defaults,
    threshold_of,
)
from quadrant.assurance.risks.models import RiskCategory, RiskMatrix
from quadrant.assurance.risks.services.settings import BAND_FIELDS, WORD_FIELDS
from quadrant.assurance.risks.views.common import RISKS_CRUMB, RiskFormView
from quadrant.core.permissions import Capability, require
from quadrant.core.views.generic import form_page, visible_or_404
from quadrant.organisation.models import OrgUnit


@login_required
def risk_settings(request: HttpRequest) -> HttpResponse:
    """The matrix, the bands and the categories, as everyone who reads risks may see them."""
    require(request.user, Capability.VIEW)
    matrix = current_matrix() if manages_settings(request.user) else matrix_or_defaults()
    context = {
        "matrix": matrix,
        "likelihood_words": list(enumerate(matrix.words("likelihood"), start=1)),
        "consequence_words": list(enumerate(matrix.words("consequence"), start=1)),
        "categories": live_categories(),
        "may_change": manages_settings(request.user),
        "breadcrumbs": [RISKS_CRUMB],
    }
    return render(request, "assurance/risks/settings.html", context)


def _settings_crumbs() -> list[dict[str, Any]]:
    return [RISKS_CRUMB, {"label": "Risk settings", "url": reverse("assurance:risk_settings")}]


class MatrixEditView(RiskFormView):
    form_class = forms.MatrixForm
    success_message = "The risk matrix has been saved."

    def get_object(self) -> RiskMatrix:
        require_settings_manager(self.request.user)
        return current_matrix()

    def get_initial(self) -> dict[str, Any]:
        initial = {"version": self.object.version}
        initial.update({name: getattr(self.object, name) for name in WORD_FIELDS + BAND_FIELDS})
        return initial

    def save(self, changes: dict[str, Any], expected_version: int) -> RiskMatrix:
        return services.update_matrix(
            changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Change the risk matrix",
            lede="The words of each level, and the scores each band holds. Every score a "
            "rating can give (1–6, 8–10, 12, 15, 16, 20, 25) must fall in exactly one band.",
            breadcrumbs=_settings_crumbs(),
        )
        return context


@login_required
def category_create(request: HttpRequest) -> HttpResponse:
    require_settings_manager(request.user)
    form = forms.CategoryForm(request.POST or None)

    def save(data: dict[str, Any]) -> RiskCategory:
        return services.create_category(data, actor=request.user)

    return form_page(
        request, form, save, success=lambda c: f"The category “{c}” has been added.",
        then=reverse("assurance:risk_settings"), title="Add a risk category",
        cancel_url=reverse("assurance:risk_settings"), breadcrumbs=_settings_crumbs(),
    )  # fmt: skip


class CategoryEditView(RiskFormView):
    form_class = forms.CategoryEditForm
    success_message = "The category “{object}” has been saved."

    def get_object(self) -> RiskCategory:
        category: RiskCategory = visible_or_404(
            RiskCategory, self.request.user, self.kwargs["pk"], live=True, what="category"
        )
        require_settings_manager(self.request.user)
        return category

    def get_success_url(self) -> str:
        return reverse("assurance:risk_settings")

    def get_cancel_url(self) -> str:
        return reverse("assurance:risk_settings")

    def save(self, changes: dict[str, Any], expected_version: int) -> RiskCategory:
        return services.update_category(
            self.object, changes, actor=self.request.user, expected_version=expected_version
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=f"Edit the category “{self.object}”", breadcrumbs=_settings_crumbs())
        return context


@login_required
def threshold_edit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit: OrgUnit = visible_or_404(OrgUnit, request.user, unit_pk, what="unit")
    require(request.user, Capability.MANAGE_RISKS, unit)
    form = forms.ThresholdForm(request.POST or None, initial={"threshold": threshold_of(unit)})
    register = f"{reverse('assurance:risks')}?unit={unit.code}"

    def save(data: dict[str, Any]) -> Any:
        return services.set_threshold(unit, data["threshold"], actor=request.user)

    return form_page(
        request, form, save, then=register,
        success=lambda found: f"Risks of {unit} now escalate at a score of {found.threshold}.",
        title=f"Escalation threshold of {unit}", cancel_url=register,
        lede="A risk whose current score reaches the threshold is escalated to the unit "
        "above; the unit above then applies its own threshold. Risks already rated are "
        "escalated at their next review.",
        breadcrumbs=[RISKS_CRUMB],
    )  # fmt: skip
