"""Account changes that end sessions and tokens; sign-out events."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save, pre_save

from quadrant.accounts.sessions import end_sessions, revoke_tokens
from quadrant.core.security import log_security_event

EMAIL_CHANGED = "email changed"


def _note_credential_change(
    sender: Any, instance: Any, update_fields: Any = None, **kw: Any
) -> None:
    """Before saving a person, note whether the password or the email (the way back into the
    account) changed or the account was disabled.

    A new password is set through set_password (which keeps the clear text in `_password`
    until saved); a hash upgrade on login is not a change.
    """
    instance._quadrant_end_sessions = ""
    if instance.pk is None or kw.get("raw"):
        return
    if instance._password is not None:
        instance._quadrant_end_sessions = "password changed"
        return
    if update_fields is not None and not {"is_active", "password", "email"} & set(update_fields):
        return
    stored = (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .values("is_active", "password", "email")
        .first()
    )
    if stored is None:
        return
    if stored["is_active"] and not instance.is_active:
        instance._quadrant_end_sessions = "account disabled"
    elif stored["password"] != instance.password and not instance.has_usable_password():
        instance._quadrant_end_sessions = "password removed"
    elif stored["email"] != instance.email:
        instance._quadrant_end_sessions = EMAIL_CHANGED


def _end_sessions_after_change(sender: Any, instance: Any, created: bool, **kw: Any) -> None:
    reason = getattr(instance, "_quadrant_end_sessions", "")
    if not reason:
        return
    instance._quadrant_end_sessions = ""
    # In the same transaction as the change: the current request keeps its session only by
    # cycling its key afterwards (update_session_auth_hash, as the password change page does).
    sessions = end_sessions(instance)
    # API tokens survive an email change (see docs/security.md): the address is not a credential.
    tokens = 0 if reason == EMAIL_CHANGED else revoke_tokens(instance)
    log_security_event(
        "password",
        person=instance,
        detail=f"{reason}: {sessions} sessions ended, {tokens} API tokens revoked",
    )


def _log_logout(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    if user is not None:
        log_security_event("logout", person=user, request=request)


def connect() -> None:
    person = get_user_model()
    pre_save.connect(_note_credential_change, sender=person, dispatch_uid="accounts-pre")
    post_save.connect(_end_sessions_after_change, sender=person, dispatch_uid="accounts-post")
    user_logged_out.connect(_log_logout, dispatch_uid="accounts-logout")
