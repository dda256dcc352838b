"""Security event logging (sign-ins, failures, denials, exports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlencode

from quadrant.core.context import current_request_id

_R = TypeVar("_R")

USERNAME_LENGTH = 150  # as long as an account name can be; a longer attempt is cut to fit


def client_ip(request: Any) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_security_event(
    kind: str, *, person: Any = None, username: str = "", request: Any = None, detail: str = ""
) -> None:
    from quadrant.core.logs import SecurityEvent

    authenticated = person if getattr(person, "is_authenticated", False) else None
    SecurityEvent.objects.create(
        kind=kind,
        person=authenticated,
        username=(username or getattr(authenticated, "username", ""))[:USERNAME_LENGTH],
        ip_address=client_ip(request),
        request_id=current_request_id(),
        detail=detail[:500],
    )


def log_security_events(
    kind: str, details: Iterable[str], *, person: Any = None, request: Any = None
) -> None:
    """One security event of KIND per DETAIL, written at once (a FHIR page of events, each
    with its patient's NHS number, is as many sensitive views as one by one)."""
    from quadrant.core.logs import SecurityEvent

    authenticated = person if getattr(person, "is_authenticated", False) else None
    common = {
        "kind": kind,
        "person": authenticated,
        "username": getattr(authenticated, "username", "")[:USERNAME_LENGTH],
        "ip_address": client_ip(request),
        "request_id": current_request_id(),
    }
    SecurityEvent.objects.bulk_create(
        [SecurityEvent(**common, detail=detail[:500]) for detail in details], batch_size=500
    )


def exported(
    request: Any, response: _R, what: str, *, rows: int, filters: Mapping[str, Any] | None = None
) -> _R:
    """RESPONSE, after recording the download as a security event: who (the person, address
    and request id), WHAT, which filter (FILTERS, or the query string) and how many ROWS.
    Every download view (CSV, Excel, PNG, SVG, JSON, FHIR, print) answers through this."""
    log_security_event(
        "export", person=request.user, request=request,
        detail=f"{what}; {rows} rows; filter: {filter_text(request, filters)}",
    )  # fmt: skip
    return response


def filter_text(request: Any, filters: Mapping[str, Any] | None = None) -> str:
    """The filter of a download as a query string (sorted, blanks left out), or "none"."""
    if filters is None:
        query: Any = request.GET
        pairs = [(key, value) for key in sorted(query) for value in query.getlist(key)]
    else:
        pairs = sorted((key, str(value)) for key, value in filters.items())
    return urlencode([(key, value) for key, value in pairs if value != ""]) or "none"


def log_denial(user: Any, action: Any, obj: Any = None) -> None:
    target = f"{type(obj).__name__} {getattr(obj, 'pk', '')}".strip() if obj is not None else ""
    log_security_event("denied", person=user, detail=f"{action} {target}".strip())


def log_hidden_denial(user: Any, model: Any, **lookup: Any) -> None:
    """A 404 that hides a record which exists (one the user may not see) is a denial too:
    logged like a 403. A lookup of nothing (or of a malformed id) is not."""
    from django.core.exceptions import ValidationError

    try:
        exists = model._base_manager.filter(**lookup).exists()
    except (ValueError, TypeError, OverflowError, ValidationError):
        return
    if exists:
        target = " ".join(str(value) for value in lookup.values())
        detail = f"view {model.__name__} {target} (answered 404)"
        log_security_event("denied", person=user, detail=detail)
