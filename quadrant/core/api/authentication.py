"""`Authorization: Token <key>` with expiring, revocable tokens stored as hashes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions

from quadrant.core.context import _actor
from quadrant.core.models import ApiToken, hash_token
from quadrant.core.services import record_token_use


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = ApiToken.objects.select_related("person").filter(key_hash=hash_token(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("This token has been revoked.")
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                "This token has expired. Ask for a new one at /api/v1/auth/token/."
            )
        if not token.person.is_active:
            raise exceptions.AuthenticationFailed("This account has been disabled.")
        record_token_use(token)
        _actor.set(token.person)  # reset by ActorMiddleware when the request ends
        return token.person, token
