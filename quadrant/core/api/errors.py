"""API errors: `{"detail": ...}`, or `{"errors": [{"row"?, "field", "message"}]}` for validation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from quadrant.core.services import StaleEdit


def flatten_errors(detail: Any, field: str = "", row: int | None = None) -> list[dict[str, Any]]:
    """Turn DRF's nested error detail into a flat list naming row, field and message."""
    errors: list[dict[str, Any]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            errors.extend(
                flatten_errors(value, f"{field}.{name}" if field and name else name or field, row)
            )
    elif isinstance(detail, list):
        if detail and all(isinstance(item, dict) for item in detail) and row is None and not field:
            for index, item in enumerate(detail):
                errors.extend(flatten_errors(item, "", index + 1))
        else:
            for item in detail:
                errors.extend(flatten_errors(item, field, row))
    else:
        entry: dict[str, Any] = {"field": field or None, "message": str(detail)}
        if row is not None:
            entry = {"row": row, **entry}
        errors.append(entry)
    return errors


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleEdit):
        return Response(
            {"detail": str(exc), "current": exc.current_data()}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, ParseError):  # a malformed body is a validation error of the request
        exc = ValidationError({"": [f"The request body cannot be read: {exc.detail}"]})
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        exc = ValidationError(detail)
    if isinstance(exc, PermissionDenied) and str(exc):
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Http404):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError):
        response.data = {"errors": flatten_errors(exc.detail)}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {"detail": str(response.data["detail"])}
    return response
