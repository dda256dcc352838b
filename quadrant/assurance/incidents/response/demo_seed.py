"""Demo triage and learning responses, over the demo's safety events: every event past its
first fortnight is triaged by the plan in use (one in twenty departing from it, with its
reason), and the events the plan sends to a learning response get one, led by their ward's
manager (a PSII by the director of quality) — completed for the older events, with the after
action review's four answers or a summary, SEIPS findings and engagement; open for the recent
ones, in every state, some overdue; safety actions in the tracker, falls ones measured by the
ward's falls measure. Events the plan sends to no further response are closed so.
Everything is bulk-created as the demo seeder (one history event a table)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from quadrant.actions.public import Action, ActionStatus
from quadrant.assurance.incidents.choices import EventStatus
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.response.choices import (
    LEARNING_RESPONSES,
    EngagedPerson,
    ResponseStatus,
    ResponseType,
    SeipsFactor,
)
from quadrant.assurance.incidents.response.models import (
    Engagement,
    Finding,
    LearningResponse,
    SafetyAction,
    Triage,
)
from quadrant.assurance.incidents.response.plan import suggest
from quadrant.assurance.incidents.response.services import plan_in_use
from quadrant.control.public import Measure
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.models import ObjectGrant

TRIAGE_AFTER_DAYS = 14
OPEN_WITHIN_DAYS = 75  # responses to events of the last ten weeks or so are still open
DEPART_SHARE = 0.05
DEPARTURE = "Third similar event on this ward this month: the team asked to learn from it."
AAR = {
    "expected": "Hourly rounding with the bed rails, call bell and footwear checked.",
    "happened": "Rounding was missed for two hours while the nurse admitted a patient.",
    "difference": "Nobody was named to cover the bay while the admission took the nurse away.",
    "learned": "Name a cover for the bay at each admission; keep the falls bundle at the bed.",
}
SUMMARY = (
    "The review found the work was set up to rely on one person noticing. The team agreed "
    "changes to the handover, the escalation route and the equipment check."
)
FINDINGS = (
    (SeipsFactor.ORGANISATION, "No rule for who covers a bay during an admission."),
    (SeipsFactor.TASKS, "The risk assessment was long and often left half done at night."),
    (SeipsFactor.TOOLS, "The bed sensor alarm could not be heard from the nurses' station."),
    (SeipsFactor.PERSON, "Agency staff had not been shown the ward's escalation route."),
    (SeipsFactor.INTERNAL_ENVIRONMENT, "Poor lighting in the bay at night."),
    (SeipsFactor.EXTERNAL_ENVIRONMENT, "Winter pressures: the ward ran with extra beds."),
)
SAID = "Wanted to know what happened and that it would not happen to someone else."
ACTIONS = {
    "falls": "Name a bay cover at every admission, from the next handover",
    "medication": "Pharmacy to top up the ward's stock of critical medicines daily",
    "pressure-ulcers": "Check heels and sacrum at every intentional rounding",
}


def seed_learning_responses(context: Any) -> None:
    rng = context.rng_for("learning-responses")
    plan = plan_in_use()
    if plan is None:
        return
    rules = list(plan.rules.all())
    today = context.reference_date
    leads = context.unit_leads()
    quality = context.people["quality"]
    events = list(
        SafetyEvent.objects.filter(
            created_at__date__lt=today - dt.timedelta(days=TRIAGE_AFTER_DAYS)
        )
        .select_related("org_unit")
        .order_by("created_at")
    )
    triages: list[Triage] = []
    responses: list[LearningResponse] = []
    statuses: list[tuple[SafetyEvent, str]] = []
    for event in events:
        chosen, departs, suggestion = _choose(rng, rules, event)
        triages.append(
            Triage(
                event=event,
                plan=plan,
                rule=suggestion.rule,
                suggested_response=suggestion.response_type,
                response_type=chosen,
                rationale=DEPARTURE if departs else "",
                confirmed_category=event.category,
                confirmed_physical_harm=event.physical_harm,
                confirmed_psychological_harm=event.psychological_harm,
                triaged_by=quality
                if chosen == ResponseType.PSII
                else leads.get(event.org_unit_id, quality),
                triaged_at=event.created_at + dt.timedelta(days=rng.randint(1, 5)),
            )
        )
        if chosen not in LEARNING_RESPONSES:
            statuses.append((event, EventStatus.NO_FURTHER_RESPONSE))
            continue
        lead = quality if chosen == ResponseType.PSII else leads.get(event.org_unit_id, quality)
        response = _response(rng, event, chosen, lead, suggestion.timescale_days or 30, today)
        responses.append(response)
        statuses.append((event, _event_status(response)))
    Triage.objects.bulk_create(triages, batch_size=2000)
    LearningResponse.objects.bulk_create(responses, batch_size=2000)
    for event, status in statuses:
        event.status = status
    SafetyEvent.objects.bulk_update([event for event, _ in statuses], ["status"], batch_size=2000)
    _grant_leads(responses)
    covered = _covered_events(rng, responses, events)
    findings, engagements = _learning(rng, responses)
    actions = _safety_actions(rng, responses, today)
    context.log(
        f"learning responses: {len(triages):,} triages, {len(responses):,} responses, "
        f"{findings:,} findings, {engagements:,} engagement records, {actions} safety actions, "
        f"{covered:,} events looked at by thematic reviews"
    )


def _covered_events(
    rng: random.Random, responses: list[LearningResponse], events: list[SafetyEvent]
) -> int:
    """Each thematic review looks across up to eight earlier events of its category on its
    event's unit."""
    alike: dict[tuple[int, str], list[SafetyEvent]] = {}
    for event in events:
        alike.setdefault((event.org_unit_id, event.category), []).append(event)
    through = LearningResponse.related_events.through
    links = []
    for response in responses:
        if response.response_type != ResponseType.THEMATIC_REVIEW:
            continue
        event = response.event
        earlier = [
            other
            for other in alike.get((event.org_unit_id, event.category), [])
            if other.created_at < event.created_at and other.pk != event.pk
        ]
        for other in rng.sample(earlier, min(len(earlier), rng.randint(3, 8))):
            links.append(through(learningresponse_id=response.pk, safetyevent_id=other.pk))
    through.objects.bulk_create(links, batch_size=2000)
    return len(links)


def _choose(rng: random.Random, rules: list[Any], event: SafetyEvent) -> tuple[str, bool, Any]:
    suggestion = suggest(rules, event)
    if suggestion.response_type == ResponseType.NO_FURTHER_RESPONSE and rng.random() < DEPART_SHARE:
        return ResponseType.SWARM_HUDDLE, True, suggestion
    return suggestion.response_type, False, suggestion


def _response(
    rng: random.Random, event: SafetyEvent, kind: str, lead: Any, days: int, today: dt.date
) -> LearningResponse:
    opened = timezone.localtime(event.created_at).date() + dt.timedelta(days=rng.randint(1, 5))
    due = opened + dt.timedelta(days=days)
    age = (today - opened).days
    response = LearningResponse(
        event=event,
        response_type=kind,
        lead=lead,
        due_date=due,
        created_at=timezone.make_aware(dt.datetime.combine(opened, dt.time(10))),
    )
    response.updated_at = response.created_at
    if age > OPEN_WITHIN_DAYS:
        response.status = ResponseStatus.COMPLETED
        response.started_on = opened + dt.timedelta(days=2)
        response.completed_on = min(due + dt.timedelta(days=rng.randint(-10, 8)), today)
        response.completed_on = max(response.completed_on, response.started_on)
        _write_up(response)
    else:
        response.status = rng.choice(
            (
                ResponseStatus.PLANNED,
                ResponseStatus.UNDER_WAY,
                ResponseStatus.UNDER_WAY,
                ResponseStatus.REPORT_DRAFTED,
            )
        )
        if response.status != ResponseStatus.PLANNED:
            response.started_on = opened + dt.timedelta(days=2)
        if response.status == ResponseStatus.REPORT_DRAFTED:
            _write_up(response)
    return response


def _write_up(response: LearningResponse) -> None:
    if response.response_type == ResponseType.AFTER_ACTION_REVIEW:
        for name, answer in AAR.items():
            setattr(response, name, answer)
    else:
        response.summary = SUMMARY


def _event_status(response: LearningResponse) -> str:
    if response.status == ResponseStatus.COMPLETED:
        return EventStatus.CLOSED
    if response.status == ResponseStatus.PLANNED:
        return EventStatus.AWAITING_RESPONSE
    return EventStatus.IN_RESPONSE


def _grant_leads(responses: list[LearningResponse]) -> None:
    kind = ContentType.objects.get_for_model(SafetyEvent)
    ObjectGrant.objects.bulk_create(
        {
            (r.lead_id, r.event_id): ObjectGrant(
                person_id=r.lead_id, content_type=kind, object_id=r.event_id, role=GrantRole.HANDLER
            )
            for r in responses
        }.values(),
        batch_size=2000,
    )


def _learning(rng: random.Random, responses: list[LearningResponse]) -> tuple[int, int]:
    findings, engagements = [], []
    for response in responses:
        if response.status == ResponseStatus.PLANNED:
            continue
        for factor, text in rng.sample(FINDINGS, rng.randint(1, 3)):
            findings.append(Finding(response=response, factor=factor, text=text))
        if response.event.affected == "patient" and rng.random() < 0.7:
            engagements.append(
                Engagement(
                    response=response,
                    person=rng.choice((EngagedPerson.PATIENT, EngagedPerson.FAMILY)),
                    with_whom="",
                    held_on=response.started_on or response.due_date,
                    said=SAID,
                    draft_comments="Agreed with the draft; asked to hear how the changes go."
                    if response.status == ResponseStatus.COMPLETED
                    else "",
                )
            )
    Finding.objects.bulk_create(findings, batch_size=2000)
    Engagement.objects.bulk_create(engagements, batch_size=2000)
    return len(findings), len(engagements)


def _safety_actions(rng: random.Random, responses: list[LearningResponse], today: dt.date) -> int:
    kind = ContentType.objects.get_for_model(LearningResponse)
    falls = {m.org_unit_id: m for m in Measure.objects.filter(code__endswith="-FALLS")}
    chosen = [
        r for r in responses if r.event.category in ACTIONS and r.status != ResponseStatus.PLANNED
    ]
    chosen = chosen[-120:]  # the most recent: the tracker shows what is live
    actions = []
    for n, response in enumerate(chosen):
        done = response.status == ResponseStatus.COMPLETED and n % 3 != 0
        actions.append(
            Action(
                title=ACTIONS[response.event.category],
                source_type=kind,
                source_id=response.pk,
                owner_id=response.lead_id,
                org_unit=response.event.org_unit,
                description=f"Safety action of the {response}",
                due_date=today + dt.timedelta(days=rng.randint(-20, 45)),
                status=ActionStatus.DONE
                if done
                else rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
                completed_at=timezone.now() if done else None,
            )
        )
    Action.objects.bulk_create(actions, batch_size=2000)
    SafetyAction.objects.bulk_create(
        SafetyAction(
            response=response,
            action=action,
            measure=falls.get(response.event.org_unit_id)
            if response.event.category == "falls"
            else None,
        )
        for response, action in zip(chosen, actions, strict=True)
    )
    return len(actions)
