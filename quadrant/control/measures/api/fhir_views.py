"""The FHIR endpoints of the measures API, speaking as FHIR clients expect: `application/fhir+json`
(asked for by Accept or `_format`), FHIR's search parameters on the export (`_count`, `_page`,
`_lastUpdated`) and every problem answered as an OperationOutcome naming the element or
parameter at fault. docs/fhir.md describes them."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable, ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.control.choices import DataRoute
from quadrant.control.intake.importers import fhir
from quadrant.control.intake.importers.fhir import outcome, search
from quadrant.control.measures.models import Measure
from quadrant.core.api.errors import exception_handler
from quadrant.core.api.viewsets import ScopedViewSet
from quadrant.core.security import exported

FHIR_JSON = "application/fhir+json"
# What Accept may ask for (FHIR's own type, its older spelling, plain JSON) and _format may say.
SERVED = {FHIR_JSON, "application/json+fhir", "application/json", "json"}
ANY = {"*/*", "application/*"}


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "json"
    charset = "utf-8"  # Content-Type: application/fhir+json; charset=utf-8


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


def _media(text: str) -> tuple[str, float]:
    """An Accept entry's type and its quality (q)."""
    name, *parameters = (part.strip() for part in text.split(";"))
    quality = 1.0
    for parameter in parameters:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                quality = 0.0
    return name.lower(), quality


class FhirContentNegotiation(DefaultContentNegotiation):
    """FHIR JSON for `_format` json or a FHIR JSON type, for an Accept header that takes it
    (or none); anything else is a 406."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        wanted = request.query_params.get("_format")
        if wanted is not None:
            named = wanted.strip().replace(" ", "+").split(";")[0].lower()  # + reads as a space
            if named not in SERVED:
                raise NotAcceptable(
                    f"_format “{wanted[:40]}” is not served here: use json or {FHIR_JSON}"
                )
            return renderer, FHIR_JSON
        if format_suffix is not None and format_suffix != "json":
            raise NotAcceptable(f"“.{format_suffix[:20]}” is not served here: use .json")
        header = request.META.get("HTTP_ACCEPT", "").strip()
        entries = [_media(entry) for entry in header.split(",") if entry.strip()]
        if not entries or any(name in SERVED | ANY and q > 0 for name, q in entries):
            return renderer, FHIR_JSON
        raise NotAcceptable(
            f"Accept “{header[:80]}” names no type served here: ask for {FHIR_JSON}"
        )


class FhirRefusal(Exception):
    """A problem answered as it is: STATUS and the OperationOutcome."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status, self.body = status, body
        super().__init__(body)


def fhir_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """Every problem as an OperationOutcome, with the status the API gives it."""
    if isinstance(exc, FhirRefusal):
        return Response(exc.body, status=exc.status)
    if isinstance(exc, search.SearchProblem):
        body = outcome.operation_outcome(
            [outcome.issue(str(exc), status=400, expression=exc.parameter)]
        )
        return Response(body, status=400)
    response = exception_handler(exc, context)  # the API's statuses, logging and rollback
    response.data = outcome.outcome_of_problem(response.data, response.status_code)
    response.content_type = None  # the FHIR renderer's
    return response


OUTCOME = {
    "type": "object",
    "description": "A FHIR OperationOutcome: one issue per problem, `expression` naming the "
    "element (a FHIRPath) or the parameter at fault.",
    "properties": {
        "resourceType": {"type": "string", "enum": ["OperationOutcome"]},
        "issue": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "severity": {"type": "string"},
                    "code": {"type": "string"},
                    "diagnostics": {"type": "string"},
                    "expression": {"type": "array", "items": {"type": "string"}},
                },
                "required": ["severity", "code"],
            },
        },
    },
    "required": ["resourceType", "issue"],
}
RESOURCE = {"type": "object", "properties": {"resourceType": {"type": "string"}}}
ERRORS = {
    400: "A parameter or the body is not valid: each issue names it.",
    401: "No valid credentials.",
    403: "You do not have the permission this needs.",
    404: "No such measure, or not one you may see.",
    406: "Neither Accept nor _format asks for FHIR JSON.",
}
FORMAT = OpenApiParameter(
    "_format", str, description=f"json, {FHIR_JSON}, application/json+fhir or application/json"
)


def _responses(resource: str, more: dict[int, str] | None = None) -> dict[Any, Any]:
    """The FHIR JSON answers: RESOURCE on 200, an OperationOutcome on every error."""
    answers: dict[Any, Any] = {
        (200, FHIR_JSON): OpenApiResponse(RESOURCE, description=f"A {resource}.")
    }
    for code, text in {**ERRORS, **(more or {})}.items():
        answers[(code, FHIR_JSON)] = OpenApiResponse(OUTCOME, description=text)
    return answers


class MeasureFhirViewSet(ScopedViewSet):
    """A measure and its data as FHIR, and MeasureReports in (registered before the measures'
    own routes, at the same addresses they had)."""

    model = Measure
    lookup_field = "code"
    lookup_value_regex = "[^/]+"  # any code reaches get_object (and its OperationOutcome 404)
    renderer_classes = [FhirJSONRenderer]
    parser_classes = [FhirJSONParser, LegacyFhirJSONParser, PlainJSONParser]
    content_negotiation_class = FhirContentNegotiation
    filter_backends: list[Any] = []  # no list to filter
    pagination_class = None
    # The query parameters of each action: any other is a 400 naming these.
    parameters_of: ClassVar[dict[str, frozenset[str]]] = {
        "fhir": frozenset({"_format", "_count", "_page", "_lastUpdated", "archived"}),
        "fhir_import": frozenset({"_format", "dry_run"}),
    }

    def get_exception_handler(self) -> Any:
        return fhir_exception_handler

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        understood = self.parameters_of.get(self.action or "", frozenset({"_format"}))
        unknown = sorted(set(request.query_params) - understood)
        if not unknown:
            return
        known = ", ".join(sorted(understood))
        issues = [
            outcome.issue(
                f"“{name[:60]}” is not a parameter of this address: use {known}",
                status=400,
                expression=name[:60],
            )
            for name in unknown
        ]
        raise FhirRefusal(400, outcome.operation_outcome(issues))

    @extend_schema(
        parameters=[
            FORMAT,
            OpenApiParameter(
                "_count", int, description="Reports a page (1 to 1,000); all without it."
            ),
            OpenApiParameter("_page", int, description="Which page of _count reports, from 1."),
            OpenApiParameter(
                "_lastUpdated",
                str,
                many=True,
                description="Reports last changed ge, le, gt, lt or eq a FHIR dateTime, "
                "like ge2024-04-01 (repeat it for a range).",
            ),
        ],
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
            links = _page_links(request, paging.page, pages)
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


def _page_links(request: Request, page: int, pages: int) -> dict[str, str]:
    """self, and next and previous where there are such pages."""
    links = {"self": page}
    if page < pages:
        links["next"] = page + 1
    if page > 1:
        links["previous"] = page - 1
    query = request.query_params.copy()
    urls = {}
    for relation, number in links.items():
        query["_page"] = str(number)
        urls[relation] = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return urls
