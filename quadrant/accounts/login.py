"""One way in: the login page, the two-factor step, single sign-on and the token endpoint all
check credentials here, through Django's `authenticate`, the throttle and the second factor."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth import login as django_login

from quadrant.accounts import throttle, twofactor
from quadrant.core.security import USERNAME_LENGTH, log_security_event

INVALID = "Enter a correct username and password. Both are case-sensitive."
PENDING_KEY = "_quadrant_pending_login"
PENDING_SECONDS = 5 * 60
AUTH_AT_KEY = "_quadrant_auth_at"
LOGIN_AT_KEY = "_quadrant_login_at"
SSO_KEY = "_quadrant_sso"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginRefused(Exception):
    """Sign-in refused; MESSAGE says why in plain words, FIELD names the input at fault."""

    def __init__(self, message: str, field: str = "password") -> None:
        super().__init__(message)
        self.message, self.field = message, field


def check_password_login(request: Any, username: str, password: str) -> Any:
    """The person whose credentials these are, or LoginRefused (locked or wrong)."""
    if len(username) > USERNAME_LENGTH:  # no account has such a name; nothing to throttle
        log_security_event("login_failed", username=username, request=request, detail="no such")
        raise LoginRefused(INVALID)
    until = throttle.locked_until(username)
    if until is not None:
        log_security_event("login_failed", username=username, request=request, detail="locked")
        raise LoginRefused(throttle.lockout_message(until))
    person = authenticate(request, username=username, password=password)
    if person is None:
        until = throttle.record_failure(username, request, reason="wrong username or password")
        raise LoginRefused(throttle.lockout_message(until) if until else INVALID)
    return person


def check_second_factor(request: Any, person: Any, code: str) -> None:
    """Raise LoginRefused unless CODE is a valid one-time or recovery code of PERSON."""
    until = throttle.locked_until(person.username)
    if until is not None:
        raise LoginRefused(throttle.lockout_message(until), field="otp")
    if not twofactor.verify_code(person, code or ""):
        until = throttle.record_failure(person.username, request, reason="wrong two-factor code")
        raise LoginRefused(
            throttle.lockout_message(until)
            if until
            else "Enter the 6-digit code from your authenticator app, or a recovery code.",
            field="otp",
        )


def check_api_login(request: Any, username: str, password: str, otp: str) -> Any:
    """The token endpoint: password, then the one-time code when the person has or needs one."""
    person = check_password_login(request, username, password)
    if twofactor.confirmed_device(person) is not None:
        check_second_factor(request, person, otp)
    elif twofactor.is_required(person):
        raise LoginRefused(
            "Your role needs two-factor authentication. Log in to the website and set it up "
            "before asking for an API token.",
            field="otp",
        )
    throttle.record_success(person.username)
    return person


def needs_second_factor(person: Any) -> bool:
    return twofactor.confirmed_device(person) is not None


def hold_for_second_factor(request: Any, person: Any, backend: str, *, sso: bool = False) -> None:
    """Remember who passed the first factor, for the two-factor page (5 minutes)."""
    request.session[PENDING_KEY] = {
        "id": person.pk,
        "backend": backend,
        "at": time.time(),
        "sso": sso,
    }


def pending_person(request: Any) -> tuple[Any, dict[str, Any]] | None:
    """The person waiting at the two-factor step, if the hold is still fresh."""
    from quadrant.organisation.models import Person

    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    person = Person.objects.filter(pk=pending["id"], is_active=True).first()
    return (person, pending) if person is not None else None


def complete_login(request: Any, person: Any, backend: str, *, sso: bool = False) -> None:
    """Start the session: Django's login, then the times used by the session limits."""
    request.session.pop(PENDING_KEY, None)
    django_login(request, person, backend=backend)
    now = time.time()
    request.session[LOGIN_AT_KEY] = now
    request.session[AUTH_AT_KEY] = now
    request.session[SSO_KEY] = sso
    throttle.record_success(person.username)
    log_security_event(
        "login", person=person, request=request, detail="single sign-on" if sso else ""
    )


def mark_reauthenticated(request: Any) -> None:
    request.session[AUTH_AT_KEY] = time.time()
