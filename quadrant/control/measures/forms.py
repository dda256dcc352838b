"""Forms of the measure pages and hand entry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q, QuerySet

from quadrant.control.measures.models import Measure
from quadrant.core.permissions import Capability, units_where
from quadrant.core.references import referable
from quadrant.core.views.generic import VersionedModelForm
from quadrant.core.widgets import NhsMessagesMixin
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
        unit = cast("forms.ModelChoiceField[Any]", self.fields["org_unit"])
        unit.queryset = units_where(user, Capability.DEFINE_MEASURES)
        unit.label = "Unit"
        owner = cast("forms.ModelChoiceField[Any]", self.fields["owner"])
        owner.queryset = referable(cast("QuerySet[Any]", owner.queryset), user)
        offered = domains_offered(self.instance.domain_id if self.instance else None)
        self.fields["domain"] = DomainChoiceField(
            queryset=offered,
            required=False,
            empty_label="None",
            label=self.fields["domain"].label,
            help_text="One of the quality domains of the set in use (Settings).",
        )


if TYPE_CHECKING:  # Django's forms are generic over the model in the stubs only
    _DomainField = forms.ModelChoiceField[QualityDomain]
else:
    _DomainField = forms.ModelChoiceField


class DomainChoiceField(_DomainField):
    """A quality domain, named with its set when the set is not the one in use."""

    def label_from_instance(self, obj: QualityDomain) -> str:
        if obj.domain_set.is_active:
            return obj.name
        return f"{obj.name} ({obj.domain_set.name})"


def domains_offered(current_id: int | None = None) -> Any:
    """The domains of the set in use, and the measure's own should it be from another set."""
    condition = Q(domain_set__is_active=True, archived_at__isnull=True)
    if current_id is not None:
        condition |= Q(pk=current_id)
    return QualityDomain.objects.filter(condition).select_related("domain_set")


class ObservationEntryForm(NhsMessagesMixin, forms.Form):
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
