"""Security event logging (sign-ins, failures, denials, exports)."""

from __future__ import annotations

from typing import Any

from quadrant.core.context import current_request_id


def client_ip(request: Any) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_security_event(
    kind: str, *, person: Any = None, username: str = "", request: Any = None, detail: str = ""
) -> None:
    from quadrant.core.models import SecurityEvent

    authenticated = person if getattr(person, "is_authenticated", False) else None
    SecurityEvent.objects.create(
        kind=kind,
        person=authenticated,
        username=username or getattr(authenticated, "username", ""),
        ip_address=client_ip(request),
        request_id=current_request_id(),
        detail=detail[:500],
    )


def log_denial(user: Any, action: Any, obj: Any = None) -> None:
    target = f"{type(obj).__name__} {getattr(obj, 'pk', '')}".strip() if obj is not None else ""
    log_security_event("denied", person=user, detail=f"{action} {target}".strip())
