"""Single sign-on: start at the identity provider, come back to the callback."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from quadrant.accounts import login, oidc
from quadrant.accounts.views import safe_next
from quadrant.core.security import log_security_event


def start(request: HttpRequest) -> HttpResponse:
    """Go to the organisation's identity provider to log in."""
    if not oidc.configured():
        raise Http404
    try:
        return redirect(oidc.authorisation_url(request, next_url=safe_next(request)))
    except oidc.OidcError as error:
        return _failed(request, str(error))


def callback(request: HttpRequest) -> HttpResponse:
    """The identity provider sends the person back here with a code (or an error)."""
    if not oidc.configured():
        raise Http404
    flow = request.session.pop(oidc.SESSION_KEY, None)
    if flow is None or request.GET.get("state") != flow["state"]:
        return _failed(request, "This sign-in was not started here or has expired (state).")
    if "error" in request.GET:
        reason = request.GET.get("error_description") or request.GET["error"]
        return _failed(request, f"The identity provider did not sign you in ({reason}).")
    try:
        idp = oidc.provider()
        token = oidc.exchange_code(request, idp, request.GET.get("code", ""), flow["verifier"])
        claims = oidc.validate_id_token(
            token,
            idp=idp,
            nonce=flow["nonce"],
            fresh_since=flow["started"] if flow["reauth"] else None,
        )
        person = oidc.person_for(claims)
    except oidc.OidcError as error:
        return _failed(request, str(error))
    if flow["reauth"]:
        if request.user.pk != person.pk:
            return _failed(request, "You signed in at the identity provider as someone else.")
        login.mark_reauthenticated(request)
        return HttpResponseRedirect(flow["next"])
    backend = "django.contrib.auth.backends.ModelBackend"
    if login.needs_second_factor(person):
        login.hold_for_second_factor(request, person, backend, sso=True)
        query = urlencode({"next": flow["next"]})
        return HttpResponseRedirect(f"{reverse('accounts:login_code')}?{query}")
    login.complete_login(request, person, backend, sso=True)
    return HttpResponseRedirect(flow["next"])


def _failed(request: HttpRequest, message: str) -> HttpResponse:
    log_security_event("login_failed", request=request, detail=f"single sign-on: {message}")
    return render(request, "accounts/sso_error.html", {"message": message}, status=400)
