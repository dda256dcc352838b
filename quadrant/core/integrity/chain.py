"""The keyed hash chain of the change history, and the walk that verifies it.

Each event's hash is an HMAC-SHA256, under settings.HISTORY_KEY, of its fields and the hash of
the event before it. The key lives outside the database (environment variable or file), so
someone who can only write to the database cannot recompute a chain that verifies after
editing, inserting or removing an event. See docs/security.md, section 11.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from quadrant.core.logs import HistoryEvent

GENESIS_HASH = "0" * 64
SCHEME = "hmac-sha256"


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def history_key() -> bytes:
    return str(settings.HISTORY_KEY).encode()


def keyed_digest(purpose: str, payload: dict[str, Any]) -> str:
    """HMAC-SHA256 of PAYLOAD under the history key; PURPOSE keeps events and checkpoints apart."""
    message = canonical({"purpose": purpose, **payload})
    return hmac.new(history_key(), message, hashlib.sha256).hexdigest()


def event_payload(prev_hash: str, event: HistoryEvent) -> dict[str, Any]:
    return {
        "prev": prev_hash,
        "at": event.at.astimezone(dt.UTC).isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "content_type": event.content_type_id,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "org_unit": event.org_unit_id,
        "changes": event.changes,
        "summary": event.summary,
        "request_id": event.request_id,
    }


def event_hash(prev_hash: str, event: HistoryEvent) -> str:
    """The keyed link of EVENT to the event before it."""
    return keyed_digest("event", event_payload(prev_hash, event))


def legacy_event_hash(prev_hash: str, event: HistoryEvent) -> str:
    """The unkeyed SHA-256 link used before the chain was keyed (read only by the re-chaining
    migration, which checks the old chain before replacing it)."""
    return hashlib.sha256(canonical(event_payload(prev_hash, event))).hexdigest()


@dataclass
class ChainWalk:
    """What a walk of the chain found: events checked, the first broken one, and for each
    watched event id its position in the chain (1 = first event) and hash."""

    checked: int = 0
    broken: HistoryEvent | None = None
    head_mismatch: bool = False  # the chain head row names another end (events cut off)
    last: HistoryEvent | None = None  # the newest event checked
    watched: dict[int, tuple[int, str]] = field(default_factory=dict)


def walk_chain(
    *, using: str = "default", watch: Iterable[int] = (), batch_size: int = 5000
) -> ChainWalk:
    """Walk the chain in database USING from the first event to the chain head."""
    from quadrant.core.logs import HistoryChainHead, HistoryEvent

    watch = set(watch)
    walk = ChainWalk()
    previous = GENESIS_HASH
    last_id = 0
    events = HistoryEvent.objects.using(using)
    while True:
        batch = list(events.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != previous or not hmac.compare_digest(
                event_hash(previous, event), event.hash
            ):
                walk.broken = event
                return walk
            previous = event.hash
            walk.checked += 1
            walk.last = event
            if event.pk in watch:
                walk.watched[event.pk] = (walk.checked, event.hash)
        last_id = batch[-1].id
    head = HistoryChainHead.objects.using(using).filter(pk=1).first()
    if head is not None and (head.last_hash != previous or head.length != walk.checked):
        walk.head_mismatch = True
        walk.broken = events.order_by("-id").first()
    return walk


def verify_chain(batch_size: int = 5000, using: str = "default") -> tuple[int, HistoryEvent | None]:
    """Walk the chain in database USING. Returns (events checked, first broken event or None)."""
    walk = walk_chain(using=using, batch_size=batch_size)
    return walk.checked, walk.broken
