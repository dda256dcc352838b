"""Account writes an administrator or the person may make (each checks permission and logs)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from quadrant.accounts import throttle
from quadrant.core.models import ApiToken
from quadrant.core.permissions import Capability, require
from quadrant.core.security import log_security_event


def send_password_reset(person: Any, *, actor: Any) -> None:
    """Email PERSON a link to choose a new password (administrators never set one)."""
    require(actor, Capability.MANAGE_PEOPLE, person)
    if not person.email:
        raise ValidationError({"email": f"{person} has no email address to send a reset link to."})
    if not person.is_active:
        raise ValidationError({"is_active": f"{person}'s account is disabled: enable it first."})
    context = {
        "email": person.email,
        "base_url": settings.QUADRANT_BASE_URL.rstrip("/"),
        "uid": urlsafe_base64_encode(force_bytes(person.pk)),
        "user": person,
        "token": default_token_generator.make_token(person),
        "site_name": settings.QUADRANT_ORGANISATION_NAME or "Quadrant",
        "sent_by": actor,
    }
    subject = render_to_string("registration/password_reset_subject.txt", context)
    body = render_to_string("registration/password_reset_email.html", context)
    send_mail("".join(subject.splitlines()), body, None, [person.email])
    log_security_event("password", person=person, detail=f"reset link sent by {actor.username}")


def send_email_change_notice(person: Any, old_email: str, *, changed_by: Any) -> None:
    """Tell the OLD_EMAIL address that PERSON's email changed, once the change is committed.

    The old address is the one the real owner still reads if the change was not theirs.
    """
    if not old_email:
        return
    context = {
        "user": person,
        "new_email": person.email or "no address",
        "changed_by": changed_by or "The system",
        "site_name": settings.QUADRANT_ORGANISATION_NAME or "Quadrant",
    }
    subject: str = render_to_string("registration/email_changed_subject.txt", context)
    body = render_to_string("registration/email_changed_email.html", context)
    subject = "".join(subject.splitlines())
    transaction.on_commit(lambda: send_mail(subject, body, None, [old_email]))


def unlock_account(person: Any, *, actor: Any) -> bool:
    """Lift a lock after failed sign-ins before its 15 minutes are up; True if it was locked."""
    require(actor, Capability.MANAGE_PEOPLE, person)
    was_locked = throttle.clear_lock(person.username)
    log_security_event(
        "unlock",
        person=person,
        detail=f"unlocked by {actor.username}" if was_locked else f"checked by {actor.username}",
    )
    return was_locked


def _check_token_owner(token: ApiToken, actor: Any) -> None:
    if token.person_id != getattr(actor, "pk", None):
        require(actor, Capability.MANAGE_PEOPLE, token.person)


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Any) -> None:
    """Revoke one API token: its owner or an administrator of the owner may."""
    _check_token_owner(token, actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save()
        log_security_event("token", person=token.person, detail=f"token {token.prefix} revoked")


def tokens_of(person: Any, *, actor: Any) -> Any:
    """PERSON's API tokens, newest first, for PERSON or an administrator of PERSON."""
    if person.pk != getattr(actor, "pk", None):
        require(actor, Capability.MANAGE_PEOPLE, person)
    return ApiToken.objects.filter(person=person).order_by("-created_at")


def may_manage(actor: Any, person: Any) -> bool:
    """Can ACTOR unlock PERSON, revoke their tokens or send them a reset link?"""
    from quadrant.core.permissions import may

    return may(actor, Capability.MANAGE_PEOPLE, person)
