"""Filters of project lists and ideas (shared by the pages and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from quadrant.core.filtersets import FilterSet, IdFilter
from quadrant.improvement.choices import LIVE_STAGES, IdeaStatus, Method, Stage
from quadrant.improvement.models import Idea, Project
from quadrant.organisation.models import OrgUnit


def _in_unit(queryset: QuerySet[Any], value: str) -> QuerySet[Any]:
    unit = OrgUnit.objects.filter(code__iexact=value.strip()).first()
    if unit is None:
        return queryset.none()
    return queryset.filter(org_unit__path__startswith=unit.path)


class ProjectFilterSet(FilterSet):
    """Words in the title or aim, unit (and the units below it), stage, method, domain, goal,
    and projects gone quiet (eight weeks without a PDSA cycle or new data)."""

    q = django_filters.CharFilter(label="Words in the title or aim", method="filter_text")
    unit = django_filters.CharFilter(label="Unit code (includes the units below it)",
                                     method="filter_unit")  # fmt: skip
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any")
    method = django_filters.ChoiceFilter(choices=Method.choices, empty_label="Any")
    domain = IdFilter(field_name="domains", label="Quality domain (id)")
    goal = IdFilter(field_name="goals", label="Goal (id)")
    quiet = django_filters.BooleanFilter(label="Gone quiet (eight weeks)", method="filter_quiet")

    class Meta:
        model = Project
        fields = ["q", "unit", "stage", "method", "domain", "goal", "quiet"]

    def filter_text(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        condition = Q()
        for word in value.split()[:5]:
            condition &= Q(title__icontains=word) | Q(aim_what__icontains=word)
        return queryset.filter(condition)

    def filter_unit(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return _in_unit(queryset, value)

    def filter_quiet(
        self, queryset: QuerySet[Project], name: str, value: bool | None
    ) -> QuerySet[Project]:
        from quadrant.improvement.tasks import quiet_since

        if value is None:
            return queryset
        quiet = Q(stage__in=LIVE_STAGES, last_activity_at__lt=quiet_since(timezone.localdate()))
        return queryset.filter(quiet if value else ~quiet)


class IdeaFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=IdeaStatus.choices, empty_label="Any")
    unit = django_filters.CharFilter(label="Unit code (includes the units below it)",
                                     method="filter_unit")  # fmt: skip

    class Meta:
        model = Idea
        fields = ["status", "unit"]

    def filter_unit(self, queryset: QuerySet[Idea], name: str, value: str) -> QuerySet[Idea]:
        return _in_unit(queryset, value)
