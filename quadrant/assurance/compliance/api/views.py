"""`GET /api/v1/compliance/?framework=<code>&unit=<code or name>`: the compliance matrix as
the page shows it — the unit and the units just below it, each standard's latest-runs
figure and the Making Data Count icons of its monthly trend — for the units whose figures
the caller may read (a unit they may not is refused like one that does not exist: 400)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.assurance.compliance.matrix import Cell, Matrix, build_matrix, default_unit
from quadrant.assurance.compliance.query import ComplianceQuery
from quadrant.assurance.compliance.rule import NO_EVIDENCE, RULE_SUMMARY, TREND_SUMMARY
from quadrant.core.api.viewsets import ApiViewSet


class CellSerializer(serializers.Serializer[Any]):
    unit = serializers.CharField(help_text="The unit's code.")
    percent = serializers.FloatField(
        allow_null=True, help_text="To one decimal place; null: no audit evidence."
    )
    answers = serializers.IntegerField(help_text="Scored answers pooled in the figure.")
    reading = serializers.CharField(help_text="The figure in words, or “No audit evidence”.")
    threshold = serializers.FloatField(help_text="The pass threshold the trend is judged by.")
    variation_icon = serializers.CharField(allow_null=True)
    variation_label = serializers.CharField()
    assurance_icon = serializers.CharField(allow_null=True)
    assurance_label = serializers.CharField()


class StandardRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    title = serializers.CharField()
    group = serializers.CharField()
    cells = CellSerializer(many=True)


class UnitSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class ComplianceSerializer(serializers.Serializer[Any]):
    framework = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True, help_text="The unit chosen (null: several).")
    rule = serializers.CharField()
    units = UnitSerializer(many=True)
    standards = StandardRowSerializer(many=True)


def cell_data(cell: Cell) -> dict[str, Any]:
    percent = cell.percent
    return {
        "unit": cell.unit.code,
        "percent": None if percent is None else float(percent),
        "answers": cell.figure.answers,
        "reading": NO_EVIDENCE if percent is None else f"{percent}% compliant",
        "threshold": cell.threshold,
        "variation_icon": cell.variation_icon,
        "variation_label": cell.variation_text,
        "assurance_icon": cell.assurance_icon,
        "assurance_label": cell.assurance_text,
    }


def matrix_data(matrix: Matrix) -> dict[str, Any]:
    return {
        "framework": matrix.framework.code,
        "unit": matrix.unit.code if matrix.unit else None,
        "rule": f"{RULE_SUMMARY} {TREND_SUMMARY}",
        "units": [{"code": u.code, "name": u.name, "kind": u.kind} for u in matrix.columns],
        "standards": [
            {
                "code": row.standard.code,
                "title": row.standard.title,
                "group": group.group.title,
                "cells": [cell_data(cell) for cell in row.cells],
            }
            for group in matrix.groups
            for row in group.rows
        ],
    }


class ComplianceViewSet(ApiViewSet):
    """Compliance with a framework's standards on a unit and the units just below it."""

    filter_backends: list[Any] = []
    pagination_class = None
    serializer_class = ComplianceSerializer
    query_parameters = frozenset({"framework", "unit"})

    @extend_schema(
        parameters=[
            OpenApiParameter("framework", str, description="A framework's code (the "
                             "organisation's internal framework unless given)."),
            OpenApiParameter("unit", str, description="A unit's code or name (the highest "
                             "unit whose figures you may read unless given)."),
        ],
        responses=ComplianceSerializer,
    )  # fmt: skip
    def matrix(self, request: Request) -> Response:
        """One matrix (an object, not a list: `list` would be described as an array)."""
        query = ComplianceQuery(request.query_params, user=request.user)
        if not query.is_valid():
            raise ValidationError(
                {name: [str(e) for e in found] for name, found in query.errors.items()}
            )
        framework = query.cleaned_data["framework"]
        if framework is None:
            raise ValidationError({"framework": ["No framework of standards has been loaded"]})
        unit = query.cleaned_data["unit"] or default_unit(request.user)
        return Response(matrix_data(build_matrix(framework, unit, request.user)))
