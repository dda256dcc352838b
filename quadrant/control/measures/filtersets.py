"""Filters shared by the measure pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from quadrant.control.choices import AnnotationKind, Frequency
from quadrant.control.measures.models import Annotation, Measure, Observation
from quadrant.core.filtersets import FilterSet, PersonFilter, UnitFilter, parse_id
from quadrant.core.permissions import restrict
from quadrant.language.models import QualityDomain


class MeasureFilterSet(FilterSet):
    """unit (the unit and its subtree, by code or name), domain (id, code or name), owner (full
    name or username), frequency, q. A unit, domain or owner that means nothing is an error."""

    unit = UnitFilter()
    domain = django_filters.CharFilter(
        method="filter_domain", label="Quality domain (code such as safe, or name)"
    )
    owner = PersonFilter(field_name="owner", label="Owner (name or username)")
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices)
    q = django_filters.CharFilter(method="filter_text", label="Name or code contains")

    class Meta:
        model = Measure
        fields = ["unit", "domain", "owner", "frequency", "q"]

    def filter_domain(self, queryset: Any, name: str, value: str) -> Any:
        """By id, or by code or name ignoring case (the domain of any set that has it)."""
        text = value.strip()
        if text.isdigit():
            domain_id = parse_id(text)
            return queryset.filter(domain_id=domain_id) if domain_id else queryset.none()
        return queryset.filter(domain_id__in=_domains_named(text).values("pk"))

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def is_valid(self) -> bool:
        valid = bool(super().is_valid())
        text = (self.form.cleaned_data.get("domain") or "").strip() if valid else ""
        if text and not (text.isdigit() or _domains_named(text).exists()):
            self.form.add_error("domain", f"No quality domain is called “{text[:100]}”")
            return False
        return valid


def _domains_named(text: str) -> Any:
    return QualityDomain.objects.filter(Q(code__iexact=text) | Q(name__iexact=text))


class MeasureCodeField(forms.CharField):
    """A measure named by its code (any case), among those the person may see: its id, or an
    error (a measure one may not see is refused exactly like one that does not exist)."""

    user: Any = None  # told by the filterset

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        named = Measure.objects.filter(code__iexact=text)
        found = None if self.user is None else restrict(named, self.user).values("pk").first()
        if found is None:
            raise forms.ValidationError(f"No measure has the code “{text[:100]}”")
        return found["pk"]


@extend_schema_field(OpenApiTypes.STR)  # the measure's code, not its id
class MeasureCodeFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no stubs
    """`?measure=FALLS-A`: the records of that measure."""

    field_class = MeasureCodeField

    def filter(self, qs: Any, value: Any) -> Any:
        return qs if value is None else qs.filter(measure_id=value)


class ObservationFilterSet(FilterSet):
    """measure (code) and a period range: period_after, period_before (inclusive)."""

    measure = MeasureCodeFilter(label="Measure code")
    period_after = django_filters.DateFilter(field_name="period", lookup_expr="gte")
    period_before = django_filters.DateFilter(field_name="period", lookup_expr="lte")

    class Meta:
        model = Observation
        fields = ["measure", "period_after", "period_before"]


class AnnotationFilterSet(FilterSet):
    measure = MeasureCodeFilter(label="Measure code")
    kind = django_filters.ChoiceFilter(choices=AnnotationKind.choices)

    class Meta:
        model = Annotation
        fields = ["measure", "kind"]
