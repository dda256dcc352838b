"""Forms that never lose work.

When a POST cannot be accepted because the session or the CSRF token has expired (or the
action needs a fresh password), what was typed — except passwords, files and the CSRF token —
is kept in the server-side session (which survives logging in again), tagged with the person
it belongs to. The next GET of the same page by that person re-fills every unbound Django form
on it from the kept data, once.

Only a POST that is provably the person's own is kept: sent from our own pages (`Sec-Fetch-Site:
same-origin`, or an `Origin` naming this site) and carrying the signed cookie that names who
used this browser last (the same person as the session's, when there is one). A page elsewhere
that makes a victim's browser POST here (a forged request) is never kept, so it cannot plant
text in the victim's forms.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.template.response import SimpleTemplateResponse

STASH_KEY = "_quadrant_form_stash"
OWNER_COOKIE = "quadrant_last_user"
MAX_AGE_SECONDS = 24 * 60 * 60
_NEVER_KEPT = ("password", "csrfmiddlewaretoken", "otp", "secret", "token")
# A form sent with this box ticked (an anonymous safety event report) is never kept here:
# the session names its owner, and such a report must leave nothing that points at them.
ANONYMOUS_FIELD = "anonymous"
_restoring: ContextVar[QueryDict | None] = ContextVar("quadrant_restoring_form", default=None)


def _cookie_owner(request: HttpRequest) -> int | None:
    """The person the signed owner cookie names (who last used this browser), if valid."""
    signer = signing.get_cookie_signer(salt=OWNER_COOKIE)
    try:
        value = signer.unsign(
            request.COOKIES[OWNER_COOKIE], max_age=settings.SESSION_ABSOLUTE_SECONDS
        )
        return int(value)
    except (signing.BadSignature, KeyError, ValueError):
        return None


def _same_origin(request: HttpRequest) -> bool:
    """Sent by one of our own pages: the browser's Sec-Fetch-Site, else the Origin header."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    try:
        ours = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    return request.headers.get("Origin") == ours


def _owner(request: HttpRequest) -> int | None:
    """Whose POST this provably is: the owner cookie's person, and the session's if any."""
    owner = _cookie_owner(request)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.pk != owner:
        return None
    return owner


def stash_post(request: HttpRequest) -> bool:
    """Keep the POSTed fields of REQUEST for its page; False if nothing was kept (nothing to
    keep, or not provably sent by the person from our own page)."""
    if request.method != "POST" or request.path.startswith("/api/"):
        return False
    owner = _owner(request)
    if owner is None or not _same_origin(request) or request.POST.get(ANONYMOUS_FIELD):
        return False
    kept = {
        key: request.POST.getlist(key)
        for key in request.POST
        if not any(word in key.lower() for word in _NEVER_KEPT)
    }
    if not kept:
        return False
    request.session[STASH_KEY] = {
        "path": request.path,
        "data": kept,
        "owner": owner,
        "at": time.time(),
    }
    return True


def take_stash(request: HttpRequest) -> QueryDict | None:
    """The data kept for this page and person, removed from the session (used once)."""
    stash = request.session.get(STASH_KEY)
    if not stash or stash["path"] != request.path:
        return None
    del request.session[STASH_KEY]
    fresh = time.time() - stash["at"] < MAX_AGE_SECONDS
    if not fresh or stash["owner"] != request.user.pk:
        return None
    data = QueryDict(mutable=True)
    for key, values in stash["data"].items():
        data.setlist(key, values)
    return data


@contextmanager
def restoring(data: QueryDict) -> Iterator[None]:
    token = _restoring.set(data)
    try:
        yield
    finally:
        _restoring.reset(token)


def install_form_hook() -> None:
    """Let unbound forms take their initial values from data being restored (if any)."""
    original = forms.BaseForm.get_initial_for_field
    if getattr(original, "_quadrant_restoring", False):
        return

    def get_initial_for_field(self: forms.BaseForm, field: forms.Field, field_name: str) -> Any:
        data = _restoring.get()
        if data is not None and not self.is_bound:
            key = self.add_prefix(field_name)
            if not field.widget.value_omitted_from_data(data, {}, key):
                return field.widget.value_from_datadict(data, {}, key)
        return original(self, field, field_name)

    get_initial_for_field._quadrant_restoring = True  # type: ignore[attr-defined]
    forms.BaseForm.get_initial_for_field = get_initial_for_field  # type: ignore[method-assign]


def _is_login_redirect(response: HttpResponse) -> bool:
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    return bool(location) and location.split("?")[0] == resolve_url(settings.LOGIN_URL)


class FormRestoreMiddleware:
    """Keep a POST that was bounced to the login page; re-fill its form after logging in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        data = None
        if (
            request.method == "GET"
            and request.user.is_authenticated
            and STASH_KEY in request.session
        ):
            data = take_stash(request)
        if data is None:
            response = self.get_response(request)
        else:
            messages.info(request, "We have put back what you typed. Check it and send it again.")
            with restoring(data):
                response = self.get_response(request)
                if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                    response.render()
        if (
            request.method == "POST"
            and not request.user.is_authenticated
            and _is_login_redirect(response)
        ):
            stash_post(request)
        self._remember_owner(request, response)
        return response

    @staticmethod
    def _remember_owner(request: HttpRequest, response: HttpResponse) -> None:
        user = request.user
        if user.is_authenticated:
            value = signing.get_cookie_signer(salt=OWNER_COOKIE).sign(str(user.pk))
            if request.COOKIES.get(OWNER_COOKIE, "").split(":")[0] != str(user.pk):
                response.set_cookie(
                    OWNER_COOKIE,
                    value,
                    max_age=settings.SESSION_ABSOLUTE_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
