"""Setting up two-factor authentication, and recovery codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.accounts import twofactor
from quadrant.accounts.forms import CodeForm
from quadrant.accounts.reauth import require_recent_auth


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Show the secret and QR code; a correct code from the app turns two-factor on."""
    if twofactor.confirmed_device(request.user) is not None:
        return redirect("account")
    device = twofactor.start_setup(request.user, actor=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_setup(request.user, form.cleaned_data["otp"], actor=request.user)
        if codes is not None:
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("otp", "That code is not right. Enter the code your app shows now.")
    uri = twofactor.provisioning_uri(device)
    context = {
        "form": form,
        "secret": device.secret,
        "uri": uri,
        "qr": twofactor.qr_svg(uri),
        "required": twofactor.is_required(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
@require_recent_auth
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Replace the recovery codes (the old ones stop working)."""
    if twofactor.confirmed_device(request.user) is None:
        return redirect("accounts:two_factor_setup")
    codes = twofactor.issue_recovery_codes(request.user, actor=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
@require_recent_auth
def turn_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor off (not allowed where the role requires it)."""
    if twofactor.is_required(request.user):
        messages.error(
            request, "Your role needs two-factor authentication: it cannot be turned off."
        )
    else:
        twofactor.turn_off(request.user, actor=request.user)
        messages.success(request, "Two-factor authentication is turned off.")
    return redirect("account")
