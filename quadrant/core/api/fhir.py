"""What every FHIR endpoint of the API shares, speaking as FHIR clients expect:
`application/fhir+json` (asked for by Accept or `_format`), only the search parameters each
action names (any other is a 400), every problem answered as an OperationOutcome naming the
element or parameter at fault, and `self`, `next` and `previous` page links. docs/fhir.md
describes them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.core.api.errors import exception_handler
from quadrant.core.api.viewsets import ScopedViewSet
from quadrant.core.fhir import outcome, search

FHIR_JSON = "application/fhir+json"
# What Accept may ask for (FHIR's own type, its older spelling, plain JSON) and _format may say.
SERVED = {FHIR_JSON, "application/json+fhir", "application/json", "json"}
ANY = {"*/*", "application/*"}


class FhirJSONRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "json"
    charset = "utf-8"  # Content-Type: application/fhir+json; charset=utf-8


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


def not_found(diagnostics: str) -> FhirRefusal:
    """The 404 of a resource that does not exist or that one may not see (the same words)."""
    return FhirRefusal(404, outcome.operation_outcome([outcome.issue(diagnostics, status=404)]))


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
    406: "Neither Accept nor _format asks for FHIR JSON.",
}
FORMAT = OpenApiParameter(
    "_format", str, description=f"json, {FHIR_JSON}, application/json+fhir or application/json"
)


def search_parameters(what: str, without_count: str) -> list[OpenApiParameter]:
    """`_format`, `_count`, `_page` and `_lastUpdated` as a search of WHAT documents them
    (WITHOUT_COUNT: what a search without `_count` answers, like "all")."""
    return [
        FORMAT,
        OpenApiParameter(
            "_count",
            int,
            description=f"{what.capitalize()} a page (1 to 1,000); {without_count} without it.",
        ),
        OpenApiParameter("_page", int, description=f"Which page of _count {what}, from 1."),
        OpenApiParameter(
            "_lastUpdated",
            str,
            many=True,
            description=f"{what.capitalize()} last changed ge, le, gt, lt or eq a FHIR dateTime, "
            "like ge2024-04-01 or lt2024-04-01T09:30:00Z (repeat it for a range).",
        ),
    ]


def fhir_responses(resource: str, more: dict[int, str] | None = None) -> dict[Any, Any]:
    """The FHIR JSON answers: RESOURCE on 200, an OperationOutcome on every error (MORE adds
    or words the statuses of one endpoint)."""
    answers: dict[Any, Any] = {
        (200, FHIR_JSON): OpenApiResponse(RESOURCE, description=f"A {resource}.")
    }
    for code, text in {**ERRORS, **(more or {})}.items():
        answers[(code, FHIR_JSON)] = OpenApiResponse(OUTCOME, description=text)
    return answers


class FhirViewSet(ScopedViewSet):
    """A scoped viewset that speaks FHIR: its actions read only the query parameters
    `parameters_of` names for them (`_format` elsewhere); any other is a 400 naming them."""

    renderer_classes = [FhirJSONRenderer]
    content_negotiation_class = FhirContentNegotiation
    filter_backends: list[Any] = []  # FHIR's search parameters, not the API's filters
    pagination_class = None  # FHIR pages with Bundle links
    parameters_of: ClassVar[dict[str, frozenset[str]]] = {}

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


def page_links(request: Request, page: int, pages: int) -> dict[str, str]:
    """self, and next and previous where there are such pages (the query kept, `_page` set)."""
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
