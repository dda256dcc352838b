"""Session limits: 12 hours at most, and two-factor set-up before anything else where required."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from quadrant.accounts import twofactor
from quadrant.accounts.login import LOGIN_AT_KEY

SEEN_KEY = "_quadrant_seen_at"


class SessionLimitMiddleware:
    """Log out a session 12 hours (SESSION_ABSOLUTE_SECONDS) after it logged in, however busy,
    and restart its idle clock (SESSION_COOKIE_AGE) when it was last restarted more than
    SESSION_REFRESH_SECONDS ago: saving the session on every request would cost a database
    write for each page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(LOGIN_AT_KEY)
            if started is None:
                request.session[LOGIN_AT_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
                logout(request)
                messages.info(
                    request,
                    f"For your security you were logged out after {hours} hours. Log in again.",
                )
                return redirect_to_login(request.get_full_path())
            seen = request.session.get(SEEN_KEY)
            if seen is None or now - float(seen) >= settings.SESSION_REFRESH_SECONDS:
                request.session[SEEN_KEY] = now  # saved, with a new expiry, after the view
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Administrators and executives in production must set up two-factor authentication first."""

    allowed_names = ("accounts:two_factor_setup", "logout", "accounts:password_change")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and settings.QUADRANT_ENV == "production"
            and not self._allowed(request.path)
            and twofactor.is_required(request.user)
            and twofactor.confirmed_device(request.user) is None
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Set up two-factor authentication on the website first."},
                    status=403,
                )
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)

    def _allowed(self, path: str) -> bool:
        return path.startswith(settings.STATIC_URL) or any(
            path == reverse(name) for name in self.allowed_names
        )
