"""What triage and learning responses add to the oversight page, "My quality" and the daily
digest: responses open by type and age, safety actions due, the responses one leads, and
reminders to the lead of a response due soon or overdue."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from quadrant.actions.public import Action, DigestLines, absolute_link, register_digest_section
from quadrant.assurance.incidents.response.choices import LEARNING_RESPONSES
from quadrant.assurance.incidents.response.models import LearningResponse
from quadrant.assurance.risks.digest import reminder_due
from quadrant.core.permissions import restrict

#: Age bands of open responses, in days since they were opened.
AGE_BANDS = (
    (0, 29, "Under 30 days"),
    (30, 59, "30 to 59 days"),
    (60, 89, "60 to 89 days"),
    (90, None, "90 days or more"),
)
SOON_DAYS = 30


def _band(days: int) -> str:
    for low, high, label in AGE_BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return AGE_BANDS[0][2]


def open_by_type_and_age(user: Any, today: dt.date | None = None) -> dict[str, Any] | None:
    """Open responses USER may see, counted by type and age band, with the overdue count."""
    today = today or timezone.localdate()
    responses = restrict(LearningResponse.objects.open(), user)
    rows = list(responses.values_list("response_type", "created_at", "due_date"))
    if not rows:
        return None
    counts: Counter[tuple[str, str]] = Counter()
    overdue: Counter[str] = Counter()
    for kind, created, due in rows:
        counts[(kind, _band((today - timezone.localtime(created).date()).days))] += 1
        overdue[kind] += due < today
    table = [
        {
            "type": kind.label,
            "value": kind.value,
            "bands": [counts[(kind.value, label)] for _, _, label in AGE_BANDS],
            "total": sum(counts[(kind.value, label)] for _, _, label in AGE_BANDS),
            "overdue": overdue[kind.value],
        }
        for kind in LEARNING_RESPONSES
    ]
    return {
        "bands": [label for _, _, label in AGE_BANDS],
        "table": [row for row in table if row["total"]],
        "total": len(rows),
        "overdue": sum(overdue.values()),
    }


def safety_actions_due(user: Any, today: dt.date | None = None) -> dict[str, Any] | None:
    """Live safety actions (of learning responses) USER may see, due within 30 days or late."""
    today = today or timezone.localdate()
    kind = ContentType.objects.get_for_model(LearningResponse)
    actions = (
        restrict(Action.objects.live().filter(source_type=kind), user)
        .filter(due_date__lte=today + dt.timedelta(days=SOON_DAYS))
        .select_related("owner", "org_unit")
        .order_by("due_date", "id")
    )
    shown = list(actions[:10])
    if not shown:
        return None
    return {
        "actions": shown,
        "total": actions.count(),
        "today": today,
        "overdue": actions.filter(due_date__lt=today).count(),
    }


def my_responses(user: Any) -> dict[str, Any] | None:
    """The open learning responses USER leads (My quality)."""
    responses = list(
        restrict(LearningResponse.objects.open().filter(lead=user), user)
        .select_related("event", "event__org_unit")
        .order_by("due_date")[:10]
    )
    return {"responses": responses, "today": timezone.localdate()} if responses else None


def response_reminders(today: dt.date) -> list[DigestLines]:
    """Each open response's lead is reminded two weeks before it is due, on the day, and
    weekly while it is overdue."""
    section = DigestLines("Learning responses you lead")
    responses = LearningResponse.objects.open().select_related("event").order_by("due_date")
    for response in responses.filter(due_date__lte=today + dt.timedelta(days=14)):
        if not reminder_due(response.due_date, today):
            continue
        when = (
            f"is due on {response.due_date:%d %B %Y}"
            if response.due_date >= today
            else f"was due on {response.due_date:%d %B %Y}"
        )
        section.lines[response.lead_id].append(
            f"{response} {when}. {absolute_link(response.get_absolute_url())}"
        )
    return [section]


register_digest_section(response_reminders)
