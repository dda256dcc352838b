"""An `OperationOutcome` for every problem a FHIR endpoint answers: each issue with its
severity, type, words and the FHIRPath of the element (or the parameter) at fault."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The issue type (http://hl7.org/fhir/issue-type) of an answer with each HTTP status.
ISSUE_TYPES = {
    400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported",
    406: "not-supported", 409: "conflict", 412: "conflict", 413: "too-long",
    415: "not-supported", 422: "processing", 428: "required", 429: "throttled",
}  # fmt: skip


def issue_type(status: int) -> str:
    return ISSUE_TYPES.get(status, "exception" if status >= 500 else "invalid")


def issue(diagnostics: str, *, status: int, expression: str = "") -> dict[str, Any]:
    """One problem: an error of the type its STATUS stands for, at EXPRESSION (a FHIRPath)."""
    entry: dict[str, Any] = {
        "severity": "error" if status < 500 else "fatal",
        "code": issue_type(status),
        "diagnostics": diagnostics,
    }
    if expression:
        entry["expression"] = [expression]
    return entry


def operation_outcome(issues: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"resourceType": "OperationOutcome", "issue": list(issues)}


def outcome_of_problem(body: Any, status: int) -> dict[str, Any]:
    """The API's problem details (`detail`, or `errors` naming fields) as an OperationOutcome."""
    body = body if isinstance(body, dict) else {}
    errors = body.get("errors") or []
    if errors:
        return operation_outcome(
            issue(str(error.get("message", "")), status=status, expression=error.get("field") or "")
            for error in errors
        )
    detail = str(body.get("detail") or body.get("title") or "The request could not be answered.")
    return operation_outcome([issue(detail, status=status)])
