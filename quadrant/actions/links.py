"""The action tracker's one link to other components: an action's source (a special-cause
signal today; an audit finding, an incident or a risk later), described for the link registry
(quadrant.core.links) as a generic link, so that any object shows the actions raised from it."""

from __future__ import annotations

from quadrant.actions.models import Action
from quadrant.core.links import ANY_MODEL, Relation, generic_pairs, register_relation


def register() -> None:
    pairs_from, pairs_to = generic_pairs(Action, "source_type", "source_id")
    register_relation(
        Relation("actions.action-source", "actions.action", ANY_MODEL,
                 "Raised from", "Actions raised from it", pairs_from, pairs_to)
    )  # fmt: skip
