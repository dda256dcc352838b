"""What the measures' FHIR import answers besides resources: its row errors as an
`OperationOutcome` (core.fhir.outcome builds it) and a `Parameters` resource with what an
import did."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quadrant.control.intake.importers.validation import RowError
from quadrant.core.fhir.outcome import issue, operation_outcome


def outcome_of_errors(errors: Iterable[RowError], status: int) -> dict[str, Any]:
    """Row errors (the field is the element's FHIRPath) as an OperationOutcome."""
    return operation_outcome(
        issue(error.message[:1].upper() + error.message[1:], status=status, expression=error.field)
        for error in errors
    )


def import_parameters(result: Any) -> dict[str, Any]:
    """What an import did (an UpsertResult) as a FHIR Parameters resource."""
    counts = [
        {"name": name, "valueInteger": getattr(result, name)}
        for name in ("rows", "created", "updated", "unchanged")
    ]
    return {
        "resourceType": "Parameters",
        "parameter": [
            *counts,
            {"name": "dryRun", "valueBoolean": result.dry_run},
            {"name": "summary", "valueString": result.summary()},
        ],
    }
