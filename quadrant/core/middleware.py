"""Request id and acting-person context for every request."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from django.http import HttpRequest, HttpResponse

from quadrant.core.context import acting_as, new_request_id
from quadrant.core.permissions import held_roles

_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{8,32}$")


class RequestIdMiddleware:
    """Give each request an id (or keep a well-formed X-Request-ID from the proxy)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        tagged = cast(Any, request)  # request_id is an attribute this middleware adds
        tagged.request_id = incoming if _SAFE_ID.match(incoming) else new_request_id()
        response = self.get_response(request)
        response["X-Request-ID"] = tagged.request_id
        return response


class ActorMiddleware:
    """Run the view as the signed-in person so that every write is attributed, with their
    roles read once, up front: every permission check of the request then works from them
    (units as path prefixes) instead of joining the memberships again in each query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(request.user, getattr(request, "request_id", None)):
            held_roles(request.user)
            return self.get_response(request)
