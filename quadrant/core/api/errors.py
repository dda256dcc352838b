"""API errors as problem details (RFC 9457, `application/problem+json`): `type`, `title`,
`status`, and `detail` (a sentence) or `errors` (`[{"row"?, "field", "message"}]`, for 400s).

Every error under /api/ has this shape: the DRF exception handler builds it, an unexpected
exception in an API view becomes a JSON 500, and ApiProblemMiddleware turns any other error
answer under /api/ (Django's HTML 404/500 pages, a middleware's JSON refusal) into one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from quadrant.core.services import StaleEdit

PROBLEM_JSON = "application/problem+json"
FHIR_JSON = "application/fhir+json"  # FHIR endpoints answer errors as an OperationOutcome
API_PREFIX = "/api/"
SERVER_ERROR = (
    "Sorry, there is a problem with the service. Nothing you sent has been half-saved. Try "
    "again later; if it keeps happening, tell your administrator the time it happened."
)
DETAILS = {
    400: "The request could not be understood.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    405: "This address does not accept that method.",
    500: SERVER_ERROR,
}
logger = logging.getLogger("django.request")


DATA_REFUSED = (
    "A value in the request is too long, or holds a character that cannot be stored (such as "
    "the NUL character). Shorten it or remove the character. Nothing was saved."
)


def problem(code: int, **members: Any) -> dict[str, Any]:
    """The problem details of an error with status CODE (`detail`, `errors`, … as MEMBERS)."""
    return {"type": "about:blank", "title": _phrase(code), "status": code, **members}


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Error"


def problem_response(code: int, **members: Any) -> Response:
    return Response(problem(code, **members), status=code, content_type=PROBLEM_JSON)


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


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    if isinstance(exc, StaleEdit):
        return problem_response(409, detail=str(exc), current=exc.current_data())
    if isinstance(exc, DataError):  # the database refused a value: the request's fault, not ours
        return problem_response(400, errors=[{"field": "", "message": DATA_REFUSED}])
    if isinstance(exc, ParseError):  # a malformed body is a validation error of the request
        exc = ValidationError({"": [f"The request body cannot be read: {exc.detail}"]})
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        exc = ValidationError(detail)
    if isinstance(exc, PermissionDenied) and str(exc):
        return problem_response(403, detail=str(exc))
    if isinstance(exc, Http404):
        return problem_response(404, detail="Not found.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return _server_error(exc, context)
    if isinstance(exc, ValidationError):
        response.data = problem(response.status_code, errors=flatten_errors(exc.detail))
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = problem(response.status_code, detail=str(response.data["detail"]))
    else:
        response.data = problem(response.status_code, detail=DETAILS.get(response.status_code, ""))
    response.content_type = PROBLEM_JSON
    return response


def _server_error(exc: Exception, context: dict[str, Any]) -> Response:
    """An unexpected exception: logged with its traceback as Django logs a 500, answered in JSON."""
    request = getattr(context.get("request"), "_request", None)
    logger.error(
        "Internal Server Error: %s",
        getattr(request, "path", "?"),
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": request},
    )
    got_request_exception.send(sender=None, request=request)  # the test client re-raises
    set_rollback()
    response = problem_response(500, detail=SERVER_ERROR)
    response._has_been_logged = True  # type: ignore[attr-defined]  # logged above, with the cause
    return response


class ApiProblemMiddleware:
    """Under /api/, an error answered anywhere (a URL that matches nothing, a middleware, Django's
    HTML error pages) reaches the client as problem JSON too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith(API_PREFIX)
            or response.status_code < 400
            or response.streaming
            or response.get("Content-Type", "").startswith((PROBLEM_JSON, FHIR_JSON))
        ):
            return response
        body = problem(response.status_code, **_members_of(response))
        response.content = json.dumps(body).encode()
        response["Content-Type"] = PROBLEM_JSON
        return response


def _members_of(response: HttpResponse) -> dict[str, Any]:
    """What a JSON error answer already says (`detail`, `errors`, …), else the standard detail."""
    if response.get("Content-Type", "").startswith("application/json"):
        try:
            data = json.loads(response.content)
        except ValueError:
            data = None
        if isinstance(data, dict) and ("detail" in data or "errors" in data):
            return {k: v for k, v in data.items() if k not in ("type", "title", "status")}
    return {"detail": DETAILS.get(response.status_code, _phrase(response.status_code))}
