"""The FHIR endpoints of the measures API (core.api.fhir speaks FHIR for them): a measure and
its data out, with `_count`, `_page` and `_lastUpdated`, and MeasureReports in. docs/fhir.md
describes them."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.control.choices import DataRoute
from quadrant.control.intake.importers import fhir
from quadrant.control.intake.importers.fhir import outcome
from quadrant.control.measures.models import Measure
from quadrant.core.api.fhir import (
    FHIR_JSON,
    FORMAT,
    FhirViewSet,
    fhir_responses,
    page_links,
    search_parameters,
)
from quadrant.core.fhir import search
from quadrant.core.security import exported


class FhirJSONParser(BaseParser):
    """A FHIR JSON body (at most 50 MB; nested too deep is refused, not a crash)."""

    media_type = FHIR_JSON

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        raw = stream.read(fhir.MAX_BYTES + 1) if stream is not None else b""
        if len(raw) > fhir.MAX_BYTES:
            raise ParseError("The body is larger than 50 MB")
        try:
            return fhir.load_json(raw)
        except fhir.FhirProblem as problem:
            raise ParseError(f"The body is not JSON: {problem.errors[0].message}") from problem


class LegacyFhirJSONParser(FhirJSONParser):
    media_type = "application/json+fhir"


class PlainJSONParser(FhirJSONParser):
    media_type = "application/json"


ERRORS = {404: "No such measure, or not one you may see."}


def _responses(resource: str, more: dict[int, str] | None = None) -> dict[Any, Any]:
    return fhir_responses(resource, {**ERRORS, **(more or {})})


class MeasureFhirViewSet(FhirViewSet):
    """A measure and its data as FHIR, and MeasureReports in (registered before the measures'
    own routes, at the same addresses they had)."""

    model = Measure
    lookup_field = "code"
    lookup_value_regex = "[^/]+"  # any code reaches get_object (and its OperationOutcome 404)
    parser_classes = [FhirJSONParser, LegacyFhirJSONParser, PlainJSONParser]
    # The query parameters of each action: any other is a 400 naming these.
    parameters_of: ClassVar[dict[str, frozenset[str]]] = {
        "fhir": frozenset({"_format", "_count", "_page", "_lastUpdated", "archived"}),
        "fhir_import": frozenset({"_format", "dry_run"}),
    }

    @extend_schema(
        parameters=search_parameters("reports", "all"),
        responses=_responses("Bundle"),
        description="FHIR R4: a collection Bundle of the Measure and one MeasureReport per "
        "period, with `next` and `previous` links when `_count` pages it.",
    )
    @action(detail=True, methods=["get"], url_path="fhir")
    def fhir(self, request: Request, code: str | None = None) -> Response:
        measure = self.get_object()
        paging = search.paging(request.query_params)
        observations = measure.observations.filter(
            search.last_updated(request.query_params)
        ).order_by("period")
        links = None
        if paging.count is not None:
            pages = max(1, math.ceil(observations.count() / paging.count))
            if paging.page > pages:
                raise search.SearchProblem(
                    "_page", f"_page {paging.page} is past the last page ({pages})"
                )
            first = (paging.page - 1) * paging.count
            observations = observations[first : first + paging.count]
            links = page_links(request, paging.page, pages)
        page = list(observations)
        bundle = fhir.export_bundle(measure, page, request.build_absolute_uri("/"), links)
        return exported(
            request, Response(bundle), f"measure {measure.code} FHIR bundle", rows=len(page)
        )

    @extend_schema(
        request={FHIR_JSON: OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
        parameters=[
            FORMAT,
            OpenApiParameter("dry_run", bool, description="true: check only, save nothing."),
        ],
        responses=_responses(
            "Parameters resource (rows, created, updated, unchanged, dryRun, summary)",
            {
                415: "The body is not FHIR JSON.",
                422: "A report breaks a rule (an unknown measure, counts that contradict the "
                "score, a report that is not complete...): each issue names its element.",
            },
        ),
        description="FHIR R4: import a MeasureReport or a Bundle of them, all or nothing. "
        "Answers a Parameters resource with the counts (rows, created, updated, unchanged).",
    )
    @action(detail=False, methods=["post"], url_path="fhir")
    def fhir_import(self, request: Request) -> Response:
        dry_run = search.dry_run(request.query_params)
        try:
            result = fhir.import_resource(
                request.data, actor=request.user, source="the FHIR API", route=DataRoute.FHIR,
                dry_run=dry_run,
            )  # fmt: skip
        except fhir.FhirProblem as problem:
            return Response(outcome.outcome_of_errors(problem.errors, 400), status=400)
        if not result.ok:
            return Response(outcome.outcome_of_errors(result.errors, 422), status=422)
        return Response(outcome.import_parameters(result))
