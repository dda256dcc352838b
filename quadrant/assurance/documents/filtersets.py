"""Filters of the document library, shared by its page and the API: words (full text over the
identifier, title and current text, best match first), type, unit (and the units below it)
and overdue for review."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone

from quadrant.assurance.documents.choices import DocumentType
from quadrant.assurance.documents.models import Document
from quadrant.assurance.documents.search import search_documents
from quadrant.core.filtersets import FilterSet, UnitFilter


class DocumentFilterSet(FilterSet):
    q = django_filters.CharFilter(
        method="filter_text", label="Search by title, identifier or text", max_length=100
    )
    doc_type = django_filters.ChoiceFilter(
        choices=DocumentType.choices, label="Type", empty_label="Any type"
    )
    unit = UnitFilter()
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue for review")

    class Meta:
        model = Document
        fields = ["q", "doc_type", "unit", "overdue"]

    def filter_text(self, queryset: Any, name: str, value: str) -> Any:
        return search_documents(queryset, value)

    def filter_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        today = timezone.localdate()
        if value:
            return queryset.filter(current_review__lt=today)
        return queryset.exclude(current_review__lt=today)
