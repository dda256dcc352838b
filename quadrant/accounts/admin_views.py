"""Buttons for the people pages: unlock an account, send a password reset link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from quadrant.accounts import services
from quadrant.accounts.views import safe_next
from quadrant.core.permissions import Capability, restrict
from quadrant.organisation.models import Person


def _person(request: HttpRequest, pk: int) -> Person:
    person: Person = get_object_or_404(
        restrict(Person.objects.all(), request.user, Capability.VIEW), pk=pk
    )
    return person


@require_POST
@login_required
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: lift the lock on PERSON's account (administrators)."""
    person = _person(request, pk)
    if services.unlock_account(person, actor=request.user):
        messages.success(request, f"{person}'s account has been unlocked.")
    else:
        messages.info(request, f"{person}'s account was not locked.")
    return HttpResponseRedirect(safe_next(request, person.get_absolute_url()))


@require_POST
@login_required
def send_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: email PERSON a password reset link (administrators never set a password)."""
    person = _person(request, pk)
    try:
        services.send_password_reset(person, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"A password reset link has been sent to {person.email}.")
    return HttpResponseRedirect(safe_next(request, person.get_absolute_url()))
