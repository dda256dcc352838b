"""Filters of the duty of candour list (shared by the page and the API): status (open by
default on the page) and unit, with the units below it."""

from __future__ import annotations

from typing import Any

import django_filters

from quadrant.assurance.incidents.candour.choices import OPEN_STATUSES, CandourStatus
from quadrant.assurance.incidents.candour.models import CandourRecord
from quadrant.core.filtersets import FilterSet, UnitFilter

OPEN = "open"
STATUS_FILTER_CHOICES = [(OPEN, "Open (due or overdue)"), *CandourStatus.choices]


class CandourFilterSet(FilterSet):
    """Needs a queryset annotated with_status(today)."""

    unit = UnitFilter(field_name="event__org_unit", label="Unit (code or name)")
    status = django_filters.ChoiceFilter(
        choices=STATUS_FILTER_CHOICES, empty_label="Any", label="Status", method="by_status"
    )

    class Meta:
        model = CandourRecord
        fields = ["unit", "status"]

    def by_status(self, queryset: Any, name: str, value: str) -> Any:
        if value == OPEN:
            return queryset.filter(current_status__in=[status.value for status in OPEN_STATUSES])
        return queryset.filter(current_status=value)
