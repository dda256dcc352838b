"""Re-authentication before sensitive actions: changing roles, exporting personal data,
approving or signing a record.

    @require_recent_auth                 # the password (or SSO sign-in) in the last 5 minutes
    @require_recent_auth(max_age=60)     # ... in the last minute
    class ApproveView(RecentAuthRequiredMixin, View): ...

A stale session is sent to "Confirm your password" (single sign-on users to a fresh sign-in
at the identity provider) and brought back; a POST that was interrupted is re-filled.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from quadrant.accounts.login import AUTH_AT_KEY
from quadrant.accounts.restore import stash_post

DEFAULT_MAX_AGE = 5 * 60


def is_recently_authenticated(request: HttpRequest, max_age: int = DEFAULT_MAX_AGE) -> bool:
    """Did the person prove who they are within the last MAX_AGE seconds?"""
    at = request.session.get(AUTH_AT_KEY)
    return at is not None and time.time() - float(at) <= max_age


def reauth_redirect(request: HttpRequest) -> HttpResponse:
    """Keep any POSTed form, then send the person to confirm who they are and come back."""
    stash_post(request)
    back = request.get_full_path() if request.method == "GET" else request.path
    return HttpResponseRedirect(f"{reverse('accounts:reauth')}?{urlencode({'next': back})}")


def require_recent_auth(
    view: Callable[..., HttpResponse] | None = None, *, max_age: int = DEFAULT_MAX_AGE
) -> Any:
    """View decorator: the person must be logged in and have re-authenticated recently."""

    def decorate(func: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_recently_authenticated(request, max_age):
                return reauth_redirect(request)
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


class RecentAuthRequiredMixin:
    """Class-based views: like @require_recent_auth, with `reauth_max_age` seconds."""

    reauth_max_age = DEFAULT_MAX_AGE

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_recently_authenticated(request, self.reauth_max_age):
            return reauth_redirect(request)
        # A mixin: the view class after it in the method resolution order dispatches.
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response
