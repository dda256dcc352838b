"""Ending every session and API token of a person (account disabled, password changed)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from quadrant.core.models import ApiToken


def end_sessions(person: Any) -> int:
    """Delete PERSON's live sessions; returns how many."""
    ended = []
    live = Session.objects.filter(expire_date__gt=timezone.now()).only(
        "session_key", "session_data"
    )
    for session in live.iterator(chunk_size=500):
        if session.get_decoded().get(SESSION_KEY) == str(person.pk):
            ended.append(session.session_key)
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def revoke_tokens(person: Any) -> int:
    """Revoke PERSON's unrevoked API tokens (audited by the queryset update)."""
    return ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
