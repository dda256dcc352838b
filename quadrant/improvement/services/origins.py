"""Projects started from something of another component: an audit finding, later an incident's
learning or a risk. The other component registers a `ProjectOrigin` (through
improvement.public) saying how to find its object for a reader, what to prefill the project
with, and how to link the two once the project exists; improvement's create page takes
`?from=<origin>:<id>` and knows nothing else of it (import-linter keeps improvement from
importing the components above it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from quadrant.core.context import acting_as
from quadrant.improvement.choices import MeasureRole
from quadrant.improvement.models import Project
from quadrant.improvement.services.projects import create_project, link_measure


@dataclass(frozen=True)
class ProjectProposal:
    """What a project started from an object begins with: its UNIT (fixed), INITIAL values of
    the project form (title, aim …), the MEASURES proposed as its outcome measures, and how
    the object is named on the page (DESCRIPTION, linked to URL)."""

    unit: Any
    initial: Mapping[str, Any]
    description: str
    url: str
    measures: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectOrigin:
    """A kind of object a project can be started from.

    NAME is the `from=` key ("audit-finding"); FIND(user, id) gives the object if USER may see
    it (None otherwise, so a refusal reads like a missing object); PROPOSE(object) gives the
    proposal; STARTED(project, object, actor) links them, inside the transaction that creates
    the project."""

    name: str
    find: Callable[[Any, int], Any | None]
    propose: Callable[[Any], ProjectProposal]
    started: Callable[[Project, Any, Any], None]


_origins: dict[str, ProjectOrigin] = {}


def register_project_origin(origin: ProjectOrigin) -> None:
    """Declare ORIGIN (once; registering its name again replaces it)."""
    _origins[origin.name] = origin


def origin_named(text: str) -> tuple[ProjectOrigin, int] | None:
    """The origin and object id that `from=<name>:<id>` names, or None when it names none."""
    name, _, pk = text.partition(":")
    origin = _origins.get(name)
    if origin is None or not pk.isdigit():
        return None
    return origin, int(pk)


def start_project_from(
    origin: ProjectOrigin,
    source: Any,
    fields: Mapping[str, Any],
    *,
    measures: Iterable[Any] = (),
    actor: Any,
) -> Project:
    """Start a project from SOURCE (create_project's checks apply), watch MEASURES as its
    outcome measures and link it to SOURCE, in one transaction."""
    with acting_as(actor), transaction.atomic():
        project = create_project(actor=actor, **fields)
        for measure in measures:
            link_measure(project, measure, MeasureRole.OUTCOME, actor=actor)
        origin.started(project, source, actor)
    return project
