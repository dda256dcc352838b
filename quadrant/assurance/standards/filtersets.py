"""Filters of standards, mappings and evidence (shared by the pages and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from quadrant.assurance.standards.models import (
    Framework,
    Standard,
    StandardEvidence,
    StandardMapping,
)
from quadrant.core.filtersets import FilterSet, IdFilter, parse_id


class FrameworkField(forms.CharField):
    """A framework named by its id or its code."""

    def clean(self, value: Any) -> Any:
        text = (super().clean(value) or "").strip()
        if not text:
            return None
        by_id = Q(pk=parse_id(text)) if parse_id(text) else Q(pk__in=[])
        found = Framework.objects.filter(by_id | Q(code__iexact=text)).first()
        if found is None:
            raise forms.ValidationError(f"No framework has the id or code “{text[:100]}”")
        return found


class FrameworkFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no stubs
    field_class = FrameworkField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs if value is None else qs.filter(**{self.field_name: value})


class StandardFilterSet(FilterSet):
    framework = FrameworkFilter(field_name="framework", label="Framework id or code")
    group = django_filters.CharFilter(
        field_name="group__code", lookup_expr="iexact", label="Group code"
    )

    class Meta:
        model = Standard
        fields = ["framework", "group"]


class MappingFilterSet(FilterSet):
    framework = FrameworkFilter(field_name="external__framework", label="External framework")
    internal = IdFilter(field_name="internal", label="Internal standard id")

    class Meta:
        model = StandardMapping
        fields = ["framework", "internal"]


class EvidenceFilterSet(FilterSet):
    standard = IdFilter(field_name="standard", label="Standard id")

    class Meta:
        model = StandardEvidence
        fields = ["standard"]
