"""Ending every session and API token of a person (account disabled, password or email changed).

Sessions are stored in the database (Django's default engine), so ending them is deleting rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from quadrant.core.models import ApiToken


def end_sessions(person: Any) -> int:
    """Delete PERSON's live sessions; returns how many."""
    return end_sessions_of([person.pk])


def end_sessions_of(person_ids: Iterable[int]) -> int:
    """Delete the live sessions of every person in PERSON_IDS, reading the sessions once."""
    wanted = {str(pk) for pk in person_ids}
    if not wanted:
        return 0
    ended = []
    live = Session.objects.filter(expire_date__gt=timezone.now()).only(
        "session_key", "session_data"
    )
    for session in live.iterator(chunk_size=500):
        if session.get_decoded().get(SESSION_KEY) in wanted:
            ended.append(session.session_key)
    for start in range(0, len(ended), 500):
        Session.objects.filter(session_key__in=ended[start : start + 500]).delete()
    return len(ended)


def revoke_tokens(person: Any) -> int:
    """Revoke PERSON's unrevoked API tokens (audited by the queryset update)."""
    return ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
