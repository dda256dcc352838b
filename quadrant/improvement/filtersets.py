"""Filters of project lists and ideas (shared by the pages and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from quadrant.core.filtersets import FilterSet, UnitFilter, parse_id
from quadrant.core.permissions import restrict
from quadrant.improvement.choices import LIVE_STAGES, IdeaStatus, Method, Stage
from quadrant.improvement.models import Idea, Project
from quadrant.language.models import QualityDomain
from quadrant.planning.public import Goal


class _NamedField(forms.CharField):
    """A record named by its id or its name (either case): the matching ids, or an error."""

    what = "record"

    def matches(self, text: str) -> QuerySet[Any]:
        raise NotImplementedError

    def clean(self, value: Any) -> Any:
        text = " ".join((super().clean(value) or "").split())
        if not text:
            return None
        ids = list(self.matches(text).values_list("pk", flat=True)[:50])
        if not ids:
            raise forms.ValidationError(f"No {self.what} is called “{text[:100]}”", code="unknown")
        return ids


class DomainField(_NamedField):
    what = "quality domain"

    def matches(self, text: str) -> QuerySet[Any]:
        by_id = Q(pk=parse_id(text)) if parse_id(text) else Q(pk__in=[])
        return QualityDomain.objects.filter(by_id | Q(code__iexact=text) | Q(name__iexact=text))


class GoalField(_NamedField):
    """A goal the person may see (the filterset tells the field who they are)."""

    what = "goal"
    user: Any = None

    def matches(self, text: str) -> QuerySet[Any]:
        by_id = Q(pk=parse_id(text)) if parse_id(text) else Q(pk__in=[])
        goals = Goal.objects.filter(by_id | Q(title__iexact=text))
        return restrict(goals, self.user) if self.user is not None else goals.none()


@extend_schema_field(OpenApiTypes.STR)  # an id, or a name as people know it
class _InFilter(django_filters.Filter):  # type: ignore[misc]  # django-filter has no stubs
    def filter(self, qs: Any, value: Any) -> Any:
        return qs if value is None else qs.filter(**{f"{self.field_name}__in": value}).distinct()


class DomainFilter(_InFilter):
    field_class = DomainField


class GoalFilter(_InFilter):
    field_class = GoalField


class ProjectFilterSet(FilterSet):
    """Words in the title or aim, unit (and the units below it), stage, method, domain, goal,
    and projects gone quiet (eight weeks without a PDSA cycle or new data)."""

    q = django_filters.CharFilter(label="Words in the title or aim", method="filter_text")
    unit = UnitFilter()
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any")
    method = django_filters.ChoiceFilter(choices=Method.choices, empty_label="Any")
    domain = DomainFilter(field_name="domains", label="Quality domain (code or name)")
    goal = GoalFilter(field_name="goals", label="Goal (its title)")
    quiet = django_filters.BooleanFilter(label="Gone quiet (eight weeks)", method="filter_quiet")

    class Meta:
        model = Project
        fields = ["q", "unit", "stage", "method", "domain", "goal", "quiet"]

    def filter_text(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        condition = Q()
        for word in value.split()[:5]:
            condition &= Q(title__icontains=word) | Q(aim_what__icontains=word)
        return queryset.filter(condition)

    @extend_schema_field(OpenApiTypes.BOOL)
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
    unit = UnitFilter()

    class Meta:
        model = Idea
        fields = ["status", "unit"]
