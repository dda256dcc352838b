"""OpenAPI schema post-processing: every operation documents the errors it can answer with.

The error handler (quadrant.core.api.errors) answers `{"detail": ...}` (401, 403, 404, 409 with
the current record) or `{"errors": [{"row"?, "field", "message"}]}` (400); clients and the API
fuzzing tests rely on these being in the schema.
"""

from __future__ import annotations

from typing import Any

ERROR_COMPONENT = "ErrorResponse"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "An error: a sentence in `detail`, or one entry per problem in `errors`.",
    "properties": {
        "detail": {"type": "string"},
        "current": {
            "type": "object",
            "additionalProperties": {},
            "description": "On 409: the record as it is now stored.",
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
}
ALWAYS = {
    "400": "The request is not valid; `errors` names each field (and row) at fault.",
    "401": "No valid credentials (a missing, expired or revoked token).",
    "403": "You do not have the permission this needs; `detail` names it.",
    "404": "No such record, or not one you may see.",
}
WRITES = {"409": "Someone else changed the record since you read it (stale `version`)."}
BODIES = {"415": "The request body is not JSON or form data."}


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
            for code, description in codes.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
