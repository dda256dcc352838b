"""The writes of triage and learning responses, each audited, in one transaction.

- The plan: revise_plan() opens a draft version copying the rules in use; add_rule(),
  update_rule() and remove_rule() change a draft only; publish_plan() puts it in use and
  retires the one before. Only the safety team at the top of the organisation changes it.
- triage_event() confirms the event's category and harm, records the response the plan
  suggested and the one chosen (a reason is needed to depart from the plan), and opens the
  learning response with its lead (named a handler of the event) and due date; moderate harm
  or worse confirmed opens the duty of candour record.
- A learning response is started, its review recorded (the after action review's four
  answers, or a summary), its findings, engagement and safety actions added, and completed;
  when the last response of an event is completed the event is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from quadrant.actions.public import raise_action
from quadrant.assurance.incidents.access import SAFETY_TEAM
from quadrant.assurance.incidents.candour.services import open_if_needed
from quadrant.assurance.incidents.choices import HARM_TYPES, EventStatus
from quadrant.assurance.incidents.models import SafetyEvent, needs_duty_of_candour
from quadrant.assurance.incidents.response.access import may_edit_plan
from quadrant.assurance.incidents.response.choices import (
    AAR_QUESTIONS,
    LEARNING_RESPONSES,
    PlanStatus,
    ResponseStatus,
    ResponseType,
)
from quadrant.assurance.incidents.response.models import (
    Engagement,
    Finding,
    LearningResponse,
    ResponsePlan,
    ResponseRule,
    SafetyAction,
    Triage,
)
from quadrant.assurance.incidents.response.plan import Suggestion, suggest
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.services import create_object, update_object
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.services import name_on_object

RULE_FIELDS = (
    "title",
    "event_type",
    "category",
    "min_physical_harm",
    "never_event",
    "response_type",
    "timescale_days",
    "national_priority",
)

# ------------------------------------------------------------------------------ the plan


def plan_in_use() -> ResponsePlan | None:
    return ResponsePlan.objects.filter(status=PlanStatus.PUBLISHED).first()


def rules_in_use() -> list[ResponseRule]:
    plan = plan_in_use()
    return list(plan.rules.filter(archived_at__isnull=True)) if plan else []


def suggestion_for(event: SafetyEvent, *, category: str = "", harm: str = "") -> Suggestion:
    return suggest(rules_in_use(), event, category=category, harm=harm)


def _require_plan_editor(actor: Any) -> None:
    if not may_edit_plan(actor):
        raise PermissionDenied(
            "You need permission to handle patient safety events for the whole organisation "
            "to change the response plan"
        )


def _require_draft(plan: ResponsePlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(
            f"Version {plan.number} is {plan.get_status_display().lower()}: change the plan "
            "on a new draft version"
        )


def revise_plan(*, actor: Any) -> ResponsePlan:
    """The draft version of the plan (a new one copying the rules in use, if none is open)."""
    _require_plan_editor(actor)
    with acting_as(actor), transaction.atomic():
        open_draft: ResponsePlan | None = (
            ResponsePlan.objects.select_for_update().filter(status=PlanStatus.DRAFT).first()
        )
        if open_draft is not None:
            return open_draft
        number = (ResponsePlan.objects.aggregate(top=Max("number"))["top"] or 0) + 1
        draft = ResponsePlan(number=number, status=PlanStatus.DRAFT)
        draft.save()
        for rule in rules_in_use():
            copy = ResponseRule(
                plan=draft, order=rule.order, **{name: getattr(rule, name) for name in RULE_FIELDS}
            )
            copy.save()
    return draft


def add_rule(plan: ResponsePlan, fields: Mapping[str, Any], *, actor: Any) -> ResponseRule:
    _require_plan_editor(actor)
    _require_draft(plan)
    order = (plan.rules.aggregate(top=Max("order"))["top"] or 0) + 1
    return create_object(ResponseRule, {**fields, "plan": plan, "order": order}, actor=actor)


def update_rule(
    rule: ResponseRule, fields: Mapping[str, Any], *, actor: Any, expected_version: int | None
) -> ResponseRule:
    _require_plan_editor(actor)
    _require_draft(rule.plan)
    return update_object(rule, fields, actor=actor, expected_version=expected_version)


def move_rule(rule: ResponseRule, step: int, *, actor: Any) -> None:
    """Move RULE one place up (STEP -1) or down (+1) in its draft plan's order."""
    _require_plan_editor(actor)
    _require_draft(rule.plan)
    rules = list(rule.plan.rules.filter(archived_at__isnull=True))
    index = next(i for i, other in enumerate(rules) if other.pk == rule.pk)
    target = index + step
    if not 0 <= target < len(rules):
        return
    rules[index], rules[target] = rules[target], rules[index]
    with acting_as(actor), transaction.atomic():
        for order, each in enumerate(rules, start=1):
            if each.order != order:
                each.order = order
                each.save()


def remove_rule(rule: ResponseRule, *, actor: Any) -> None:
    _require_plan_editor(actor)
    _require_draft(rule.plan)
    with acting_as(actor), transaction.atomic():
        rule.delete()


def publish_plan(plan: ResponsePlan, summary: str, *, actor: Any) -> ResponsePlan:
    """Put the draft PLAN in use from now; the version in use before is kept, replaced."""
    _require_plan_editor(actor)
    _require_draft(plan)
    summary = (summary or "").strip()
    errors = {}
    if not summary:
        errors["summary"] = "Enter what changed in this version"
    if not plan.rules.exists():
        errors["__all__"] = "Add at least one rule before publishing the plan"
    if errors:
        raise ValidationError(errors)
    with acting_as(actor), transaction.atomic():
        for old in ResponsePlan.objects.select_for_update().filter(status=PlanStatus.PUBLISHED):
            update_object(old, {"status": PlanStatus.RETIRED}, actor=actor)
        return update_object(
            plan,
            {
                "status": PlanStatus.PUBLISHED,
                "summary": summary,
                "published_at": timezone.now(),
                "published_by": actor,
            },
            actor=actor,
        )


# -------------------------------------------------------------------------------- triage


def _due_default(suggestion: Suggestion, response_type: str, today: dt.date) -> dt.date | None:
    if response_type == ResponseType.NO_FURTHER_RESPONSE:
        return None
    days = suggestion.timescale_days if suggestion.response_type == response_type else 0
    rule = next(
        (r for r in rules_in_use() if r.response_type == response_type and r.timescale_days),
        None,
    )
    return today + dt.timedelta(days=days or (rule.timescale_days if rule else 30))


def triage_event(
    event: SafetyEvent,
    *,
    category: str,
    physical_harm: str,
    psychological_harm: str,
    response_type: str,
    rationale: str = "",
    lead: Any = None,
    due_date: dt.date | None = None,
    actor: Any,
) -> Triage:
    """Triage EVENT as ACTOR (someone who triages incidents at its unit): see the module."""
    require(actor, Capability.TRIAGE_INCIDENTS, event)
    if Triage.objects.filter(event=event).exists():
        raise ValidationError("This event has been triaged already")
    plan = plan_in_use()
    if plan is None:
        raise ValidationError("The organisation has no response plan in use: publish one first")
    suggestion = suggest(rules_in_use(), event, category=category, harm=physical_harm)
    rationale = (rationale or "").strip()
    errors: dict[str, str] = {}
    if event.event_type in HARM_TYPES and not physical_harm:
        errors["physical_harm"] = "Select the physical harm, or no physical harm"
    if response_type != suggestion.response_type and not rationale:
        errors["rationale"] = (
            f"Explain why you chose a different response from the plan's "
            f"({suggestion.label.lower()})"
        )
    learning = response_type in LEARNING_RESPONSES
    if learning and lead is None:
        errors["lead"] = "Select who will lead the learning response"
    today = timezone.localdate()
    if learning and due_date is not None and due_date < today:
        errors["due_date"] = "Complete-by date must be today or in the future"
    if errors:
        raise ValidationError(errors)
    if learning and not may(lead, Capability.VIEW, event.org_unit):
        raise ValidationError(
            {
                "lead": f"{lead} cannot see {event.org_unit}: choose someone who "
                "works there or above it"
            }
        )
    with acting_as(actor), transaction.atomic():
        triage = create_object(
            Triage,
            {
                "event": event,
                "plan": plan,
                "rule": suggestion.rule,
                "suggested_response": suggestion.response_type,
                "response_type": response_type,
                "rationale": rationale,
                "confirmed_category": category,
                "confirmed_physical_harm": physical_harm,
                "confirmed_psychological_harm": psychological_harm,
                "triaged_by": actor,
            },
            actor=actor,
        )
        status = EventStatus.AWAITING_RESPONSE if learning else EventStatus.NO_FURTHER_RESPONSE
        changes: dict[str, Any] = {
            "category": category,
            "physical_harm": physical_harm,
            "psychological_harm": psychological_harm,
            "status": status,
        }
        if needs_duty_of_candour(physical_harm, psychological_harm):
            changes["duty_of_candour"] = True
        update_object(event, changes, actor=actor)
        if learning:
            _open_response(
                event,
                response_type,
                lead,
                due_date or _due_default(suggestion, response_type, today),
                actor=actor,
            )
        open_if_needed(event, by=actor)  # moderate harm or worse confirmed: the clock starts
    return triage


def _open_response(
    event: SafetyEvent, response_type: str, lead: Any, due_date: Any, *, actor: Any
) -> LearningResponse:
    response = create_object(
        LearningResponse,
        {"event": event, "response_type": response_type, "lead": lead, "due_date": due_date},
        actor=actor,
    )
    name_on_object(lead, event, GrantRole.HANDLER, actor=actor)
    return response


# ---------------------------------------------------------------------- learning responses


def _require_open(response: LearningResponse) -> None:
    if not response.is_open:
        raise ValidationError("This learning response is completed: it cannot be changed")


def start_response(response: LearningResponse, *, actor: Any) -> LearningResponse:
    require(actor, SAFETY_TEAM, response.event)
    if response.status != ResponseStatus.PLANNED:
        raise ValidationError("This learning response has started already")
    with acting_as(actor), transaction.atomic():
        update_object(response.event, {"status": EventStatus.IN_RESPONSE}, actor=actor)
        return update_object(
            response,
            {"status": ResponseStatus.UNDER_WAY, "started_on": timezone.localdate()},
            actor=actor,
        )


REVIEW_FIELDS = ("expected", "happened", "difference", "learned", "summary")


def record_review(
    response: LearningResponse,
    fields: Mapping[str, str],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> LearningResponse:
    """Record what the response has learned so far (the four answers of an after action
    review, or a summary); the response is under way from then on."""
    require(actor, SAFETY_TEAM, response.event)
    _require_open(response)
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:
        raise ValueError(f"Unknown review fields: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {name: (value or "").strip() for name, value in fields.items()}
    if response.status == ResponseStatus.PLANNED:
        changes |= {"status": ResponseStatus.UNDER_WAY, "started_on": timezone.localdate()}
    with acting_as(actor), transaction.atomic():
        if response.event.status != EventStatus.IN_RESPONSE:
            update_object(response.event, {"status": EventStatus.IN_RESPONSE}, actor=actor)
        return update_object(response, changes, actor=actor, expected_version=expected_version)


def share_draft_report(response: LearningResponse, *, actor: Any) -> LearningResponse:
    """Mark the draft report shared with those affected, for their comments."""
    require(actor, SAFETY_TEAM, response.event)
    _require_open(response)
    _require_learning(response)
    return update_object(response, {"status": ResponseStatus.REPORT_DRAFTED}, actor=actor)


def _require_learning(response: LearningResponse) -> None:
    missing = _missing_for_completion(response)
    if missing:
        raise ValidationError({name: message for name, message in missing})


def _missing_for_completion(response: LearningResponse) -> list[tuple[str, str]]:
    if response.is_after_action_review:
        return [
            (name, f"Answer “{question}”")
            for name, question in AAR_QUESTIONS
            if not getattr(response, name).strip()
        ]
    if not response.summary.strip():
        return [("summary", "Enter a summary of the learning")]
    return []


def complete_response(response: LearningResponse, *, actor: Any) -> LearningResponse:
    """Complete RESPONSE once its learning is recorded; the event is closed with its last
    open response."""
    require(actor, SAFETY_TEAM, response.event)
    _require_open(response)
    _require_learning(response)
    with acting_as(actor), transaction.atomic():
        done = update_object(
            response,
            {
                "status": ResponseStatus.COMPLETED,
                "completed_on": timezone.localdate(),
                "started_on": response.started_on or timezone.localdate(),
            },
            actor=actor,
        )
        still_open = LearningResponse.objects.open().filter(event=response.event)
        if not still_open.exists():
            update_object(response.event, {"status": EventStatus.CLOSED}, actor=actor)
    return done


def add_finding(response: LearningResponse, factor: str, text: str, *, actor: Any) -> Finding:
    require(actor, SAFETY_TEAM, response.event)
    _require_open(response)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Enter what was found"})
    return create_object(
        Finding, {"response": response, "factor": factor, "text": text}, actor=actor
    )


def events_covered(response: LearningResponse, user: Any) -> Any:
    """The other events RESPONSE covers (a thematic review looks across several) that USER may
    see, oldest first; those USER may not see are not shown, nor counted."""
    others = response.related_events.select_related("org_unit").order_by("occurred_on", "pk")
    return restrict(others, user)


def link_event(response: LearningResponse, reference: str, *, actor: Any) -> SafetyEvent:
    """Let RESPONSE cover the event of REFERENCE too: one its author handles as the safety
    team (an event they may not handle answers exactly as one that does not exist)."""
    require(actor, SAFETY_TEAM, response.event)
    _require_open(response)
    wanted = (reference or "").strip().upper()
    event = restrict(SafetyEvent.objects.filter(archived_at__isnull=True), actor, SAFETY_TEAM)
    found: SafetyEvent | None = event.filter(reference=wanted).first()
    if found is None:
        raise ValidationError(
            {"reference": f"There is no safety event {wanted} that you handle: check the reference"}
        )
    if found.pk == response.event_id:
        raise ValidationError({"reference": f"{wanted} is the event this response is about"})
    if response.related_events.filter(pk=found.pk).exists():
        raise ValidationError({"reference": f"{wanted} is already covered by this response"})
    with acting_as(actor), transaction.atomic():
        response.related_events.add(found)
    return found


def unlink_event(response: LearningResponse, event_pk: int, *, actor: Any) -> None:
    """Stop RESPONSE covering the event EVENT_PK (one of its related events)."""
    require(actor, SAFETY_TEAM, response.event)
    _require_open(response)
    found = events_covered(response, actor).filter(pk=event_pk).first()
    if found is None:
        raise ValidationError("That event is not one this response covers")
    with acting_as(actor), transaction.atomic():
        response.related_events.remove(found)


def add_engagement(
    response: LearningResponse, fields: Mapping[str, Any], *, actor: Any
) -> Engagement:
    require(actor, SAFETY_TEAM, response.event)
    return create_object(Engagement, {**fields, "response": response}, actor=actor)


def add_safety_action(
    response: LearningResponse,
    *,
    title: str,
    owner: Any,
    due_date: dt.date,
    description: str = "",
    measure: Any = None,
    actor: Any,
) -> SafetyAction:
    """Raise a safety action of RESPONSE in the action tracker, with the MEASURE (if any)
    that will show whether it worked."""
    require(actor, SAFETY_TEAM, response.event)
    _require_open(response)
    if measure is not None and not may(actor, Capability.VIEW, measure):
        raise ValidationError({"measure": "Select a measure you can see"})
    with acting_as(actor), transaction.atomic():
        action = raise_action(
            title=title,
            owner=owner,
            org_unit=response.event.org_unit,
            due_date=due_date,
            description=description,
            source=response,
            actor=actor,
        )
        return create_object(
            SafetyAction,
            {"response": response, "action": action, "measure": measure},
            actor=actor,
        )
