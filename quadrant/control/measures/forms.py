"""Forms of the measure pages and hand entry."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from quadrant.control.measures.models import Measure
from quadrant.core.permissions import Capability, units_where
from quadrant.core.references import referable
from quadrant.core.views.generic import VersionedModelForm
from quadrant.language.models import QualityDomain

MEASURE_FIELDS = [
    "code", "name", "org_unit", "owner", "definition", "numerator_definition",
    "denominator_definition", "unit_label", "multiplier", "chart_type", "direction",
    "frequency", "rule_profile", "domain", "data_source", "valid_min", "valid_max",
    "published_to_partners",
]  # fmt: skip


class MeasureForm(VersionedModelForm):
    """Define or change a measure; the unit list holds only units where one may define them."""

    class Meta:
        model = Measure
        fields = MEASURE_FIELDS
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units_where(user, Capability.DEFINE_MEASURES)
        self.fields["org_unit"].label = "Unit"
        owner = self.fields["owner"]
        owner.queryset = referable(owner.queryset, user)
        domain = self.fields["domain"]
        domain.queryset = domains_offered(self.instance.domain_id if self.instance else None)
        domain.empty_label = "None"
        domain.label_from_instance = _domain_label
        domain.help_text = "One of the quality domains of the set in use (Settings)."


def _domain_label(domain: QualityDomain) -> str:
    if domain.domain_set.is_active:
        return domain.name
    return f"{domain.name} ({domain.domain_set.name})"


def domains_offered(current_id: int | None = None) -> Any:
    """The domains of the set in use, and the measure's own should it be from another set."""
    condition = Q(domain_set__is_active=True, archived_at__isnull=True)
    if current_id is not None:
        condition |= Q(pk=current_id)
    return QualityDomain.objects.filter(condition).select_related("domain_set")


class ObservationEntryForm(forms.Form):
    """Add or correct one period's value (or its numerator and denominator)."""

    period = forms.CharField(help_text="The first day of the period, for example 2026-10-01.")
    value = forms.CharField(required=False)
    numerator = forms.CharField(required=False)
    denominator = forms.CharField(required=False)
    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Needed when the period already has a value: why it is being corrected.",
    )
