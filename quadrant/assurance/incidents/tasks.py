"""Background work of safety events: refreshing the event count and rate measures, on demand
(a job the safety team starts from the themes page) and every night (a django-q2 schedule,
made by migration assurance 0013; idempotent, as a refresh with nothing new writes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from quadrant.assurance.incidents.services.measures import EVENT_MEASURES, refresh_event_measures
from quadrant.assurance.incidents.theme_access import may_refresh_measures
from quadrant.core.jobs import JobContext, job_handler

REFRESH_JOB = "assurance.refresh_event_measures"
NIGHTLY_TASK = "quadrant.assurance.incidents.tasks.refresh_event_measures_nightly"
NIGHTLY_SCHEDULE = "Safety event measures"


def ensure_nightly_schedule(schedule_model: Any = None) -> Any:
    """The daily django-q2 schedule of the event measures (created once; idempotent)."""
    if schedule_model is None:
        from django_q.models import Schedule

        schedule_model = Schedule
    schedule, _ = schedule_model.objects.get_or_create(
        name=NIGHTLY_SCHEDULE,
        defaults={"func": NIGHTLY_TASK, "schedule_type": "D", "repeats": -1},
    )
    return schedule


def refresh_event_measures_nightly() -> str:
    """Every unit's event measures, up to last month (what the schedule runs)."""
    return refresh_event_measures(actor=EVENT_MEASURES).summary


@job_handler(REFRESH_JOB)
def refresh_event_measures_job(context: JobContext) -> dict[str, Any]:
    """Recompute the event measures of the units where the job's starter handles safety events
    (checked again here: their roles may have changed since they asked)."""
    person = context.job.created_by
    if person is None or not may_refresh_measures(person):
        raise PermissionDenied("Only the safety team may refresh the event measures.")
    context.progress(10, "Counting the events of each month")
    result = refresh_event_measures(actor=person)
    for outcome in result.units:
        for note in outcome.notes:
            context.log(note)
    return {**result.as_dict(), "url": reverse("assurance:safety_themes")}
