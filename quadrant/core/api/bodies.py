"""How API actions read their request body: a JSON object, checked field by field by a small
serializer, so that `[]`, `"x"` or `1` answer 400 naming what to send (never a 500)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


def takes_body(
    serializer_class: type[serializers.Serializer[Any]], **schema: Any
) -> Callable[[Any], Any]:
    """Declare the body an API action reads with read_body: the request in the OpenAPI schema,
    and `body_serializer` on the action, where the walk over every writable relation finds it."""

    def declare(func: Any) -> Any:
        func.body_serializer = serializer_class
        return extend_schema(request=serializer_class, **schema)(func)

    return declare


def read_body(
    request: Request,
    serializer_class: type[serializers.Serializer[Any]],
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The request's body as SERIALIZER_CLASS validates it; 400 when it is not a JSON object or
    a field is wrong (each error names its field)."""
    if not isinstance(request.data, Mapping):
        names = ", ".join(f'"{name}"' for name in serializer_class().fields) or "no fields"
        message = (
            f"Send the request body as a JSON object (with {names}), not {_kind(request.data)}."
        )
        raise ValidationError({"": [message]})
    body = serializer_class(data=request.data, context=context or {})
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _kind(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a string"
    if isinstance(data, bool):
        return "true or false"
    if isinstance(data, int | float):
        return "a number"
    if data is None:
        return "null"
    return "another kind of value"
