"""Error pages in the NHS style: never a stack trace, always what to do next."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def _page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    message = (
        str(exception)
        if exception and str(exception)
        else (
            "You do not have permission to see this page. Ask your quality lead or administrator "
            "if you need access."
        )
    )
    return _page(request, 403, "You do not have permission to do this", message)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(
        request,
        404,
        "Page not found",
        "If you typed the web address, check it is correct. If you followed a link, the item "
        "may have been archived or you may not have access to it.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        request,
        500,
        "Sorry, there is a problem with the service",
        "Nothing you entered has been half-saved. Try again later; if it keeps happening, tell "
        "your administrator the time it happened.",
    )


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(
        request, 400, "Sorry, that request could not be understood", "Go back and try again."
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with an expired session or CSRF token: keep what was typed and bring the
    person back to the form (through the login page if needed), where it is filled in again."""
    from django.conf import settings
    from django.contrib import messages
    from django.contrib.auth.views import redirect_to_login
    from django.shortcuts import redirect

    from quadrant.accounts.restore import stash_post

    login_path = reverse(settings.LOGIN_URL)
    if request.path != login_path and stash_post(request):
        messages.info(
            request,
            "Your session had expired, so your form was not sent. We kept what you typed: "
            "check it and send it again.",
        )
        if request.user.is_authenticated:
            return redirect(request.path)
        return redirect_to_login(request.path)
    return _page(
        request,
        403,
        "Your session has expired",
        "For your security, the form could not be sent because the page was open too long or "
        "you logged out in another tab. Go back, refresh the page and send it again.",
    )
