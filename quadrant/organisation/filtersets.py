"""Filters of the people list (shared by the page and, later, the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from quadrant.core.filtersets import FilterSet, UnitFilter
from quadrant.organisation.choices import PersonKind, Role
from quadrant.organisation.models import Person


class PersonFilterSet(FilterSet):
    """Name or username, unit (and the units below it), role and kind of person."""

    q = django_filters.CharFilter(label="Name, username or email", method="filter_text")
    unit = UnitFilter(method="filter_unit")
    role = django_filters.ChoiceFilter(
        label="Role", choices=Role.choices, method="filter_role", empty_label="Any"
    )
    kind = django_filters.ChoiceFilter(
        label="Kind of person", choices=PersonKind.choices, empty_label="Any"
    )
    status = django_filters.ChoiceFilter(
        label="Account",
        choices=[("active", "Enabled"), ("disabled", "Disabled")],
        method="filter_status",
        empty_label="Any",
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "role", "kind", "status"]

    def filter_text(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        condition = Q()
        for word in value.split()[:5]:
            condition &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(username__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset.filter(condition)

    def filter_unit(self, queryset: QuerySet[Person], name: str, unit: Any) -> QuerySet[Person]:
        if unit is None:
            return queryset
        return queryset.filter(
            Q(home_unit__path__startswith=unit.path)
            | Q(
                memberships__org_unit__path__startswith=unit.path,
                memberships__archived_at__isnull=True,
            )
        ).distinct()

    def filter_role(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(
            memberships__role=value, memberships__archived_at__isnull=True
        ).distinct()

    def filter_status(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(is_active=value == "active")
