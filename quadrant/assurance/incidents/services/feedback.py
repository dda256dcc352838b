"""The feedback a reporter reads on "My reports" (or with their receipt code): what was learned
and done because of their report, written by the safety team in plain words."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from quadrant.assurance.incidents.access import SAFETY_TEAM
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.core.permissions import require
from quadrant.core.services import update_object


def record_feedback(
    event: SafetyEvent, text: str, *, actor: Any, expected_version: int | None = None
) -> SafetyEvent:
    """Record (or rewrite) the feedback on EVENT; the safety team or its handlers only."""
    require(actor, SAFETY_TEAM, event)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"feedback": "Enter what was learned and done"})
    return update_object(
        event,
        {"feedback": text, "feedback_at": timezone.now()},
        actor=actor,
        expected_version=expected_version,
    )
