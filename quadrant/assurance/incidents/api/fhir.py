"""Patient safety events as FHIR R4 AdverseEvents (incidents/fhir.py builds them), scoped like
the pages: `GET /api/v1/fhir/AdverseEvent` searches (`_lastUpdated`, `_count`, `_page`) and
answers a searchset Bundle with its total and page links; `GET .../AdverseEvent/<id>` reads
one, by its reference. An event one may not see answers exactly like one that does not exist.
Every NHS number handed out is logged as a sensitive view (privacy.read_nhs_numbers), and
every search as an export."""

from __future__ import annotations

import math
from typing import Any, ClassVar

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from quadrant.assurance.incidents import fhir
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.privacy import read_nhs_numbers
from quadrant.core.api.fhir import (
    FORMAT,
    FhirViewSet,
    fhir_responses,
    not_found,
    page_links,
    search_parameters,
)
from quadrant.core.fhir import search
from quadrant.core.security import exported

DEFAULT_COUNT = 100
NOT_FOUND = {404: "No such safety event, or not one you may see."}


class AdverseEventViewSet(FhirViewSet):
    """Safety events one may see, as FHIR AdverseEvents (read-only)."""

    model = SafetyEvent
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"  # any id reaches get_object (and its OperationOutcome 404)
    http_method_names = ["get", "head", "options"]
    parameters_of: ClassVar[dict[str, frozenset[str]]] = {
        # "search", not "list": the answer is one Bundle, not a list of resources.
        "search": frozenset({"_format", "_count", "_page", "_lastUpdated"}),
        "retrieve": frozenset({"_format"}),
    }

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("org_unit")

    @extend_schema(
        operation_id="fhir_adverse_event_search",
        parameters=search_parameters("events", f"{DEFAULT_COUNT}"),
        responses=fhir_responses("searchset Bundle of AdverseEvents"),
        description="FHIR R4: the patient safety events you may see as AdverseEvents, newest "
        "first, in a searchset Bundle with `total` and `self`, `next` and `previous` links. "
        "A patient is named (by NHS number) only to those who may see patient details.",
    )
    def search(self, request: Request) -> Response:
        params = request.query_params
        paging = search.paging(params, default=DEFAULT_COUNT, what="events")
        count = paging.count or DEFAULT_COUNT
        events = self.get_queryset().filter(search.last_updated(params))
        total = events.count()
        pages = max(1, math.ceil(total / count))
        if paging.page > pages:
            raise search.SearchProblem(
                "_page", f"_page {paging.page} is past the last page ({pages})"
            )
        first = (paging.page - 1) * count
        page = list(events[first : first + count])
        numbers = read_nhs_numbers(page, request.user, request=request, where="FHIR export")
        bundle = fhir.searchset(
            page,
            total=total,
            base_url=request.build_absolute_uri(request.path).rstrip("/"),
            links=page_links(request, paging.page, pages),
            nhs_numbers=numbers,
        )
        return exported(request, Response(bundle), "FHIR AdverseEvent searchset", rows=len(page))

    @extend_schema(
        operation_id="fhir_adverse_event_read",
        parameters=[FORMAT],
        responses=fhir_responses("AdverseEvent", NOT_FOUND),
        description="FHIR R4: one patient safety event, by its reference, as an AdverseEvent.",
    )
    def retrieve(self, request: Request, reference: str | None = None) -> Response:
        try:
            event = self.get_object()  # a hidden event's denial is logged there
        except Http404:
            wanted = str(reference or "")[:40]
            raise not_found(f"There is no safety event “{wanted}” that you may see") from None
        numbers = read_nhs_numbers([event], request.user, request=request, where="FHIR read")
        return Response(fhir.validated(fhir.adverse_event(event, numbers.get(event.pk, ""))))
