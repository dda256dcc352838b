"""Who a write is made by when no logged-in person makes it, and which services accept whom.

Every service takes `actor`: the person making the change, a named `SystemActor` (the feed
scheduler, reminders, scheduled reports, the demo seed, commands) or an `AnonymousActor` (a
public submission). `None` is refused everywhere. A service accepts only people unless its
check says otherwise: `check_actor(actor, action, obj, allow=SYSTEM)`. The change history
records each kind distinctly (`history_label`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Final

PERSON: Final = "person"
SYSTEM: Final = "system"
ANONYMOUS: Final = "anonymous"
PERSON_OR_SYSTEM: Final = (PERSON, SYSTEM)


@dataclass(frozen=True)
class SystemActor:
    """A named part of Quadrant writing on its own account, e.g. SystemActor("feed scheduler").

    It holds no role: it passes only the checks of services that accept system actors."""

    name: str
    kind: ClassVar[str] = SYSTEM
    pk: ClassVar[None] = None
    is_authenticated: ClassVar[bool] = False
    is_active: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("A system actor needs a name, such as “feed scheduler”.")

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class AnonymousActor:
    """Someone not signed in, through a public CHANNEL (the feedback form, an anonymous
    incident report)."""

    channel: str
    kind: ClassVar[str] = ANONYMOUS
    pk: ClassVar[None] = None
    is_authenticated: ClassVar[bool] = False
    is_active: ClassVar[bool] = False

    def __str__(self) -> str:
        return f"anonymous ({self.channel})"


#: The system actors Quadrant itself uses (one name each, so the history reads consistently).
DEMO_SEEDER = SystemActor("demo seed")
COMMAND_LINE = SystemActor("command line")
MIGRATION = SystemActor("data migration")
FEED_SCHEDULER = SystemActor("feed scheduler")
REMINDERS = SystemActor("reminders")
SCHEDULED_REPORTS = SystemActor("scheduled reports")


def actor_kind(actor: Any) -> str | None:
    """PERSON, SYSTEM or ANONYMOUS; None for anything that is not an actor (None included)."""
    if isinstance(actor, SystemActor | AnonymousActor):
        return actor.kind
    if getattr(actor, "is_authenticated", False):
        return PERSON
    return None


def history_label(actor: Any) -> str:
    """How the change history names ACTOR: a person's username, "system: <name>" or
    "anonymous: <channel>" (a username cannot hold a space or a colon, so these never clash);
    "system" for writes outside any actor (data migrations run by `migrate`)."""
    if isinstance(actor, SystemActor):
        return f"system: {actor.name}"
    if isinstance(actor, AnonymousActor):
        return f"anonymous: {actor.channel}"
    return getattr(actor, "username", "") or "system"


def no_actor_error() -> TypeError:
    return TypeError(
        "actor is None: pass the person making the change, a SystemActor naming the part of "
        "Quadrant making it, or an AnonymousActor for a public submission."
    )


def refusal(actor: Any) -> str:
    """Why a service refuses an actor of a kind it does not accept."""
    if isinstance(actor, SystemActor | AnonymousActor):
        return f"This change must be made by a person signed in, not by the {actor}."
    return "This change is made by Quadrant itself, not by a person."
