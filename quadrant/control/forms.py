"""Forms of the measure pages, hand entry and file import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from quadrant.control.importers.validation import FIELDS
from quadrant.control.models import Measure
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


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV, Excel or FHIR file",
        help_text="A .csv (UTF-8) or .xlsx file, one row per period, or a FHIR R4 .json file "
        "of MeasureReports (one, or a Bundle).",
    )
    source = forms.CharField(
        max_length=100,
        required=False,
        help_text="Where the file comes from, for example “Ward returns”. The columns you "
        "choose are remembered for the next file from the same source and unit.",
    )
    org_unit = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Unit",
        help_text="The unit whose data this is: its saved column choices for the source are "
        "used, and yours are saved for it.",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = units_where(user, Capability.ENTER_DATA)
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        tops = list(units.exclude(parent__in=units)[:2])
        self.only_unit = tops[0] if len(tops) == 1 else None
        self.fields["org_unit"].initial = self.only_unit

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("source", "").strip() and cleaned.get("org_unit") is None:
            if self.only_unit is None:
                self.add_error(
                    "org_unit",
                    "Choose the unit whose data this is, so that the columns you choose are "
                    "remembered for it",
                )
            else:
                cleaned["org_unit"] = self.only_unit
        return cleaned


class MappingForm(forms.Form):
    """Which column holds each field (built from the file's header)."""

    def __init__(self, *args: Any, header: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Not in this file"), *((name, name) for name in header)]
        labels = {"measure": "Measure code", "period": "Period (first day)"}
        for name in FIELDS:
            self.fields[name] = forms.ChoiceField(
                choices=choices, required=False, label=labels.get(name, name.capitalize())
            )

    def columns(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in FIELDS if self.cleaned_data.get(name)}
