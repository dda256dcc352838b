"""Who is acting, and in which request: set by middleware, services, commands and jobs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from quadrant.core.actors import AnonymousActor, SystemActor, history_label

_actor: ContextVar[Any | None] = ContextVar("quadrant_actor", default=None)
_request_id: ContextVar[str] = ContextVar("quadrant_request_id", default="")


def current_actor() -> Any | None:
    """The person on whose behalf the current code runs; None for a system or anonymous
    actor (they are no person to stamp on a row: see current_actor_label)."""
    actor = _actor.get()
    return actor if getattr(actor, "is_authenticated", False) else None


def current_actor_label() -> str:
    """How the change history names whoever the current code runs for (actors.history_label)."""
    return history_label(_actor.get())


def current_request_id() -> str:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def acting_as(actor: Any | None, request_id: str | None = None) -> Iterator[None]:
    """Run a block as ACTOR (a person, a SystemActor or an AnonymousActor), under a request id.

    None (or a visitor not signed in) leaves no actor: writes in the block are recorded as
    "system" with no name, so services refuse None before they get here."""
    named = isinstance(actor, SystemActor | AnonymousActor)
    actor_token = _actor.set(actor if named or getattr(actor, "is_authenticated", False) else None)
    request_token = _request_id.set(request_id or _request_id.get() or new_request_id())
    try:
        yield
    finally:
        _actor.reset(actor_token)
        _request_id.reset(request_token)
