"""Filters of audit templates and runs (shared by the pages and the API)."""

from __future__ import annotations

import django_filters

from quadrant.assurance.audits.choices import AuditKind, RunStatus
from quadrant.assurance.audits.models import AuditRun, AuditTemplate
from quadrant.core.filtersets import FilterSet


class AuditTemplateFilterSet(FilterSet):
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact", label="Code")
    current = django_filters.BooleanFilter(
        field_name="superseded_at", lookup_expr="isnull", label="Current versions only"
    )
    kind = django_filters.ChoiceFilter(choices=AuditKind.choices, label="Kind of audit")

    class Meta:
        model = AuditTemplate
        fields = ["code", "current", "kind"]


class AuditRunFilterSet(FilterSet):
    template = django_filters.CharFilter(
        field_name="template__code", lookup_expr="iexact", label="Template code"
    )
    org_unit = django_filters.CharFilter(
        field_name="org_unit__code", lookup_expr="iexact", label="Unit code"
    )
    status = django_filters.ChoiceFilter(choices=RunStatus.choices)

    class Meta:
        model = AuditRun
        fields = ["template", "org_unit", "status"]
