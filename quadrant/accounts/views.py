"""Logging in (password, two-factor code), the account page, passwords and re-authentication."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from quadrant.accounts import login, oidc, throttle, twofactor
from quadrant.accounts.forms import (
    CodeForm,
    ConfirmPasswordForm,
    LoginForm,
    PasswordChangeForm,
    SetPasswordForm,
)
from quadrant.core.models import ApiToken


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The `next` address if it is on this site, else DEFAULT (or the home page)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Username and password; then the two-factor code when the person has it turned on."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        person = form.get_user()
        if login.needs_second_factor(person):
            login.hold_for_second_factor(self.request, person, person.backend)
            next_url = self.get_redirect_url()
            query = f"?{urlencode({'next': next_url})}" if next_url else ""
            return HttpResponseRedirect(reverse("accounts:login_code") + query)
        login.complete_login(self.request, person, person.backend)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_password"] = settings.QUADRANT_DEMO_PASSWORD
        context["sso_configured"] = oidc.configured()
        return context


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of logging in: a code from the authenticator app or a recovery code."""
    held = login.pending_person(request)
    if held is None:
        messages.info(request, "Log in again: the time to enter your code ran out.")
        return redirect("login")
    person, pending = held
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            login.check_second_factor(request, person, form.cleaned_data["otp"])
        except login.LoginRefused as refused:
            form.add_error("otp", refused.message)
        else:
            login.complete_login(request, person, pending["backend"], sso=pending["sso"])
            return HttpResponseRedirect(safe_next(request))
    return render(
        request, "accounts/login_code.html", {"form": form, "next": safe_next(request, " ").strip()}
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """Your account: details, roles, two-factor authentication, API tokens."""
    from quadrant.organisation.models import Membership, Person

    person = cast(Person, request.user)  # login_required: a signed-in person
    memberships = Membership.objects.filter(person=person, archived_at__isnull=True).select_related(
        "org_unit"
    )
    context = {
        "memberships": memberships,
        "tokens": ApiToken.objects.filter(person=person).order_by("-created_at"),
        "two_factor": twofactor.confirmed_device(request.user),
        "recovery_codes_left": twofactor.unused_recovery_codes(request.user),
        "token_days": settings.API_TOKEN_DAYS,
        "sso_user": request.session.get(login.SSO_KEY, False),
    }
    return render(request, "core/account.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["email"].error_messages["required"] = "Enter your email address"
        form.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.nhs.uk"
        )
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"base_url": self.request.build_absolute_uri("/").rstrip("/")}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Confirm your password (or sign in again at single sign-on) before a sensitive action."""
    next_url = safe_next(request)
    if request.session.get(login.SSO_KEY) and oidc.configured():
        return redirect(oidc.authorisation_url(request, next_url=next_url, reauth=True))
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    until = throttle.locked_until(request.user.username)
    if request.method == "POST":
        if until is not None:
            form.add_error(None, throttle.lockout_message(until))
        elif form.is_valid():
            login.mark_reauthenticated(request)
            return HttpResponseRedirect(next_url)
        elif "password" in form.errors:
            throttle.record_failure(
                request.user.username, request, reason="wrong password (confirm)"
            )
    return render(request, "accounts/reauth.html", {"form": form, "next": next_url})


@require_POST
@login_required
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke an API token: your own, or anyone's you administer."""
    from django.http import Http404

    from quadrant.accounts import services

    token = ApiToken.objects.select_related("person").filter(pk=pk).first()
    if token is None:
        raise Http404
    services.revoke_token(token, actor=request.user)
    messages.success(request, f"The API token {token.prefix}… has been revoked.")
    return HttpResponseRedirect(safe_next(request, reverse("account")))
