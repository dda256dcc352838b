"""What the API convention tests share: the schema as the app serves it, read once at
collection time, and two measures of Ward A to list, filter and upload to."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator

from quadrant.control.measures.models import Measure

SCHEMA: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
FHIR = "/fhir/"  # FHIR addresses answer FHIR errors (OperationOutcome), tested with FHIR


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation of the schema."""
    return [
        (method, path, operation)
        for path, methods in SCHEMA["paths"].items()
        for method, operation in methods.items()
    ]


def lists() -> list[str]:
    """The path of every list (a GET with page parameters)."""
    return [
        path
        for method, path, operation in operations()
        if method == "get" and "page_size" in query_names(operation)
    ]


def query_names(operation: dict[str, Any]) -> set[str]:
    return {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}


@pytest.fixture
def ward_a_measures(org: Any, people: dict[str, Any]) -> dict[str, Measure]:
    """W07 (falls, monthly) and HH-A (hand hygiene, weekly) on Ward A."""
    return {
        "falls": Measure.objects.create(
            code="W07", name="Falls on Ward A", org_unit=org.ward_a, chart_type="xmr",
            frequency="month", direction="decrease", owner=people["manager"],
        ),
        "hand": Measure.objects.create(
            code="HH-A", name="Hand hygiene, Ward A", org_unit=org.ward_a, chart_type="xmr",
            frequency="week", direction="increase", valid_min=0, valid_max=100,
        ),
    }  # fmt: skip
