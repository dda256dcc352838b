"""Brute-force protection: the 11th failed sign-in of one account within 5 minutes is refused.

Shared by the login page and the token endpoint (both go through accounts.login).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from quadrant.accounts.models import LoginThrottle
from quadrant.core.security import log_security_event

MAX_FAILURES = 10
WINDOW = dt.timedelta(minutes=5)
LOCK_TIME = dt.timedelta(minutes=15)


def locked_until(username: str) -> dt.datetime | None:
    """When the account named USERNAME unlocks, or None if it is not locked."""
    until = (
        LoginThrottle.objects.filter(username=username, locked_until__gt=timezone.now())
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


def lockout_message(until: dt.datetime) -> str:
    """'Try again after 17:42' in local time (with the date when it is not today)."""
    local = timezone.localtime(until)
    when = f"{local:%H:%M}"
    if local.date() != timezone.localdate():
        when += f" on {local:%d %B %Y}"
    return (
        "This account is locked because of too many failed attempts to log in. "
        f"Try again after {when}, or ask an administrator to unlock it."
    )


def record_failure(username: str, request: Any = None, *, reason: str = "") -> dt.datetime | None:
    """Count a failed sign-in; lock the account on the 10th in 5 minutes. Returns any lock end."""
    now = timezone.now()
    log_security_event("login_failed", username=username, request=request, detail=reason)
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username)
        if row.window_started_at is None or row.window_started_at <= now - WINDOW:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= MAX_FAILURES:
            row.locked_until, row.failures, row.window_started_at = now + LOCK_TIME, 0, None
            log_security_event(
                "lockout",
                username=username,
                request=request,
                detail=f"{MAX_FAILURES} failed attempts within 5 minutes; locked for 15 minutes",
            )
        row.save()
    return row.locked_until if row.locked_until and row.locked_until > now else None


def record_success(username: str) -> None:
    """A correct sign-in clears the count of failures."""
    LoginThrottle.objects.filter(username=username).delete()


def clear_lock(username: str) -> bool:
    """Remove a lock and the count of failures; True if the account was locked."""
    was_locked = locked_until(username) is not None
    LoginThrottle.objects.filter(username=username).delete()
    return was_locked
