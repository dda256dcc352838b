"""OpenAPI schema post-processing: every operation documents the errors it can answer with.

The error handler (quadrant.core.api.errors) answers problem details (`application/problem+json`)
with `detail` (401, 403, 404, 409 with the current record, 500) or `errors`
(`[{"row"?, "field", "message"}]`, 400); clients and the API fuzzing tests rely on these being
in the schema.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from quadrant.core.api.errors import PROBLEM_JSON
from quadrant.core.api.query import is_archivable

ERROR_COMPONENT = "ErrorResponse"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error (RFC 9457 problem details): a sentence in `detail`, or one entry "
    "per problem in `errors`.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "current": {
            "type": "object",
            "additionalProperties": {},
            "description": "On 409: the record as it is now stored.",
        },
        "summary": {
            "type": "string",
            "description": "On a refused upload: what would have been saved, in words.",
        },
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "row": {"type": "integer"},
                    "field": {"type": "string", "nullable": True},
                    "message": {"type": "string"},
                },
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status"],
}
ALWAYS = {
    "400": "The request is not valid; `errors` names each field (and row) at fault.",
    "401": "No valid credentials (a missing, expired or revoked token).",
    "403": "You do not have the permission this needs; `detail` names it.",
    "404": "No such record, or not one you may see.",
}
WRITES = {"409": "Someone else changed the record since you read it (stale `version`)."}
BODIES = {"415": "The request body is not JSON (or form data)."}
# Form data is read too (as scripts post it), but only JSON can say a list or a null: the
# schema offers JSON alone, so that a client generated from it sends what every address takes.
FORM_MEDIA = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# A PUT or PATCH must say which version it changes (quadrant.core.api.preconditions).
CONDITIONAL = {
    "412": "The If-Match header does not name the record's current ETag: read it again.",
    "428": "Neither a `version` in the body nor an If-Match header says which version of "
    "the record you are changing.",
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": "The ETag of the version you read (instead of `version` in the body).",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular POSTPROCESSING_HOOKS entry: add the shared error responses."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = dict(ALWAYS)
            if method in {"put", "patch", "delete"}:
                codes.update(WRITES)
            if method in {"post", "put", "patch"}:
                codes.update(BODIES)
            if method in {"put", "patch"}:
                codes.update(CONDITIONAL)
                parameters = operation.setdefault("parameters", [])
                if IF_MATCH not in parameters:
                    parameters.append(IF_MATCH)
            for code, description in codes.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {PROBLEM_JSON: {"schema": reference}},
                    },
                )
            _errors_as_problems(operation["responses"])
    return result


def _errors_as_problems(responses: dict[str, Any]) -> None:
    """Error answers an operation declares itself are problem details too (ApiProblemMiddleware)."""
    for code, response in responses.items():
        content = response.get("content", {}) if code.isdigit() and int(code) >= 400 else {}
        if "application/json" in content:
            content[PROBLEM_JSON] = content.pop("application/json")


ARCHIVED_PARAMETER = OpenApiParameter(
    "archived",
    bool,
    description="true: include archived records (left out unless asked for).",
)


class ApiAutoSchema(AutoSchema):
    """The parameters the API's conventions add (quadrant.core.api.query): `archived` on the
    lists and records of what is archived rather than deleted; bodies offered as JSON."""

    def map_parsers(self) -> list[str]:
        return [media for media in super().map_parsers() if media not in FORM_MEDIA]

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method == "GET" and self._is_archivable():
            parameters.append(ARCHIVED_PARAMETER)
        return parameters

    def _is_archivable(self) -> bool:
        view: Any = self.view  # a viewset: it has an action
        return bool(view.action == "list" or view.detail) and is_archivable(view)
