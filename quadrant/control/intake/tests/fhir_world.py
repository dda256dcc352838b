"""What the FHIR tests share: the import address, posting FHIR JSON, reading an
OperationOutcome's issues and a measure's stored rows."""

from __future__ import annotations

import json
from typing import Any

from quadrant.control.measures.models import Observation

IMPORT = "/api/v1/measures/fhir/"
UCUM = "http://unitsofmeasure.org"


def post(client: Any, resource: Any, query: str = "") -> Any:
    """RESOURCE sent to the import as application/fhir+json."""
    return client.post(IMPORT + query, json.dumps(resource), content_type="application/fhir+json")


def issues(response: Any) -> list[tuple[str, str]]:
    """(expression, diagnostics) of each issue of the OperationOutcome answered."""
    body = response.json()
    assert body["resourceType"] == "OperationOutcome", body
    return [
        ((issue.get("expression") or [""])[0], issue.get("diagnostics", ""))
        for issue in body["issue"]
    ]


def observations_of(code: str) -> list[tuple[Any, ...]]:
    return list(
        Observation.objects.filter(measure__code=code)
        .order_by("period")
        .values_list("period", "value", "numerator", "denominator")
    )
