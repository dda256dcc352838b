"""Filters of the risk register, shared by its page, its download, its heat map and the API:
unit (and the units below it), escalated to a unit, category, band (the organisation's),
status ("live" is open or tolerated), above appetite, escalated, a cell of the matrix
(likelihood and consequence), owner and words in the title or description."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, Q

from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.choices import RiskStatus
from quadrant.assurance.risks.matrix import band_named, matrix_or_defaults
from quadrant.assurance.risks.models import Risk, RiskCategory
from quadrant.core.filtersets import FilterSet, PersonFilter, UnitField, UnitFilter

LIVE = "live"
STATUS_CHOICES = [(LIVE, "Open or tolerated"), *RiskStatus.choices]
BAND_CHOICES = [(band.key, band.label) for band in scoring.DEFAULT_BANDS]
LEVEL_CHOICES = [(level, str(level)) for level in scoring.LEVELS]


class EscalatedToFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no stubs
    """`?escalated_to=MED`: the risks escalated to that unit (by code or name)."""

    field_class = UnitField

    def filter(self, qs: Any, value: Any) -> Any:
        return qs if value is None else qs.filter(escalated_to=value)


class RiskFilterSet(FilterSet):
    unit = UnitFilter()
    escalated_to = EscalatedToFilter(label="Escalated to the unit (code or name)")
    category = django_filters.ModelChoiceFilter(
        queryset=RiskCategory.objects.all(), label="Category"
    )
    band = django_filters.ChoiceFilter(choices=BAND_CHOICES, method="filter_band", label="Band")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label="Status"
    )
    above_appetite = django_filters.BooleanFilter(
        method="filter_above_appetite", label="Above its category's appetite"
    )
    escalated = django_filters.BooleanFilter(
        field_name="escalated_to", lookup_expr="isnull", exclude=True, label="Escalated"
    )
    likelihood = django_filters.TypedChoiceFilter(
        field_name="current_likelihood", choices=LEVEL_CHOICES, coerce=int,
        label="Current likelihood",
    )  # fmt: skip
    consequence = django_filters.TypedChoiceFilter(
        field_name="current_consequence", choices=LEVEL_CHOICES, coerce=int,
        label="Current consequence",
    )  # fmt: skip
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    q = django_filters.CharFilter(method="filter_text", label="Words in the title or event")

    class Meta:
        model = Risk
        fields = [
            "unit", "escalated_to", "category", "band", "status", "above_appetite",
            "escalated", "likelihood", "consequence", "owner", "q",
        ]  # fmt: skip

    def filter_band(self, queryset: Any, name: str, value: str) -> Any:
        band = band_named(value, matrix_or_defaults().bands)
        return (
            queryset if band is None else queryset.filter(current_score__in=scoring.scores_in(band))
        )

    def filter_status(self, queryset: Any, name: str, value: str) -> Any:
        if value == LIVE:
            return queryset.exclude(status=RiskStatus.CLOSED)
        return queryset.filter(status=value)

    def filter_above_appetite(self, queryset: Any, name: str, value: bool | None) -> Any:
        above = Q(current_score__gt=F("category__appetite"))
        if value is None:
            return queryset
        return queryset.filter(above) if value else queryset.exclude(above)

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(Q(title__icontains=value) | Q(event__icontains=value))
