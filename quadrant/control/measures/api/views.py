"""The control API: measures (looked up by code), observations with a bulk upsert, annotations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.control.choices import DataRoute
from quadrant.control.intake.importers.upsert import as_raw_rows, upsert_observations
from quadrant.control.measures import services
from quadrant.control.measures.api.serializers import (
    AnnotationSerializer,
    BulkResultSerializer,
    BulkRowSerializer,
    MeasureSerializer,
    ObservationSerializer,
)
from quadrant.control.measures.filtersets import (
    AnnotationFilterSet,
    MeasureFilterSet,
    ObservationFilterSet,
)
from quadrant.control.measures.models import Annotation, Measure, Observation
from quadrant.control.signals.rules import attach_statuses
from quadrant.core.api.errors import problem_response
from quadrant.core.api.query import true_or_false
from quadrant.core.api.viewsets import ScopedModelViewSet, ScopedViewSet
from quadrant.core.permissions import Capability

DRY_RUN = OpenApiParameter(
    "dry_run", bool, description="true: check every row and answer as if saved, saving nothing."
)


def upsert_response(result: Any) -> Response:
    """200 with the counts, or a 400 problem with `errors` ({"row", "field", "message"}) and
    the `summary`."""
    if not result.ok:
        return problem_response(
            400,
            errors=[error.as_dict() for error in result.errors],
            summary=result.summary(),
        )
    body = result.as_dict()
    body.pop("errors")
    return Response(body)


class MeasureViewSet(ScopedModelViewSet):
    """Measures, looked up by their code. Defining and changing them needs the analyst or
    quality lead role at the measure's unit."""

    model = Measure
    serializer_class = MeasureSerializer
    write_action = Capability.DEFINE_MEASURES
    filterset_class = MeasureFilterSet
    lookup_field = "code"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("org_unit", "owner", "domain")
            .prefetch_related("targets")
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_statuses(page)  # one query for the page's stored statuses
        return page

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.create_measure(data, actor=self.request.user)

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        return services.update_measure(
            obj, data, actor=self.request.user, expected_version=expected_version
        )

    def perform_archive_object(self, obj: Any) -> Any:
        return services.archive_measure(obj, actor=self.request.user)


class ObservationViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Observations (read), and `bulk/` to add and correct many periods at once."""

    model = Observation
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("measure")

    @extend_schema(
        request=BulkRowSerializer(many=True),
        responses={200: BulkResultSerializer},
        parameters=[DRY_RUN],
        description="All or nothing: every row is checked; if any is wrong nothing is saved "
        'and the answer is 400 with `errors` ([{"row", "field", "message"}]) and `summary`. '
        'A JSON list of rows, or {"observations": [rows]}.',
    )
    @action(detail=False, methods=["post"], url_path="bulk", query_parameters={"dry_run"})
    def bulk(self, request: Request) -> Response:
        rows = request.data
        if isinstance(rows, dict) and isinstance(rows.get("observations"), list):
            rows = rows["observations"]
        if not isinstance(rows, list):
            raise ValidationError({"": ["Send a JSON list of observations"]})
        result = upsert_observations(
            as_raw_rows(rows),
            actor=request.user,
            source="the API",
            route=DataRoute.API,
            dry_run=true_or_false(request, "dry_run"),
        )
        return upsert_response(result)


class AnnotationViewSet(ScopedModelViewSet):
    """Rebases, events and notes on measures' charts (rebases start new limits)."""

    model = Annotation
    serializer_class = AnnotationSerializer
    write_action = Capability.ENTER_DATA
    filterset_class = AnnotationFilterSet

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("measure")

    def check_write(self, obj: Any) -> None:
        super().check_write(obj.measure)

    def perform_create_object(self, data: dict[str, Any]) -> Any:
        return services.add_annotation(
            data["measure"], data["date"], data["kind"], data["text"], actor=self.request.user
        )

    def perform_update_object(
        self, obj: Any, data: dict[str, Any], *, expected_version: int | None
    ) -> Any:
        return services.update_annotation(
            obj, data, actor=self.request.user, expected_version=expected_version
        )

    def perform_archive_object(self, obj: Any) -> Any:
        return services.archive_annotation(obj, actor=self.request.user)
