"""The learning responses: the list (open, overdue, by type and unit) and a response's page,
with the forms that record its work — the review (the after action review's four answers, or
a summary), findings, engagement, safety actions — and its steps (start, share the draft,
complete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from quadrant.actions.public import actions_for_source
from quadrant.assurance.incidents.filtersets import UnitSubtreeFilter
from quadrant.assurance.incidents.response import services
from quadrant.assurance.incidents.response.choices import (
    AAR_QUESTIONS,
    OPEN_RESPONSE_STATUSES,
    ResponseStatus,
    ResponseType,
)
from quadrant.assurance.incidents.response.forms import (
    EngagementForm,
    FindingForm,
    RelatedEventForm,
    ReviewForm,
    SafetyActionForm,
)
from quadrant.assurance.incidents.response.models import LearningResponse
from quadrant.assurance.incidents.response.views.common import (
    RESPONSE_QUERYSET,
    RESPONSES_CRUMB,
    response_or_404,
)
from quadrant.control.public import chart_pair
from quadrant.core.filtersets import FilterSet
from quadrant.core.permissions import restrict
from quadrant.core.views.generic import paginate, run_posted_form


class ResponseFilterSet(FilterSet):
    unit = UnitSubtreeFilter(field_name="event__org_unit")
    response_type = django_filters.ChoiceFilter(
        choices=ResponseType.choices, empty_label="Any", label="Type of response"
    )
    status = django_filters.ChoiceFilter(
        choices=ResponseStatus.choices, empty_label="Any", label="Status"
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only")

    class Meta:
        model = LearningResponse
        fields = ["unit", "response_type", "status", "overdue"]

    def filter_overdue(self, queryset: Any, name: str, value: Any) -> Any:
        if not value:
            return queryset
        return queryset.filter(status__in=OPEN_RESPONSE_STATUSES, due_date__lt=timezone.localdate())


def visible_responses(user: Any) -> Any:
    return restrict(RESPONSE_QUERYSET.filter(archived_at__isnull=True), user)


@login_required
def response_list(request: HttpRequest) -> HttpResponse:
    """The responses one may see; open ones by default, the most overdue first."""
    data = request.GET.copy() if request.GET else None
    filters = ResponseFilterSet(data, queryset=visible_responses(request.user))
    queryset = filters.qs
    if not request.GET:
        queryset = queryset.filter(status__in=OPEN_RESPONSE_STATUSES)
    context = {
        "filter": filters,
        "page": paginate(request, queryset.order_by("due_date", "id")),
        "today": timezone.localdate(),
        "showing_open": not request.GET,
    }
    return render(request, "assurance/incidents/response/response_list.html", context)


def _page(request: HttpRequest, response: LearningResponse, **bound: Any) -> HttpResponse:
    user = request.user
    actions = {link.action_id: link for link in response.safety_actions.select_related("measure")}
    action_rows = [
        {"action": action, "measure": getattr(actions.get(action.pk), "measure", None)}
        for action in actions_for_source(response)
    ]
    charts = [chart_pair(row["measure"]) for row in action_rows if row["measure"] is not None]
    review_initial = {name: getattr(response, name) for name in services.REVIEW_FIELDS}
    review_initial["version"] = response.version
    context = {
        "response": response,
        "event": response.event,
        "questions": [
            (name, question, getattr(response, name)) for name, question in AAR_QUESTIONS
        ],
        "findings": response.findings.filter(archived_at__isnull=True),
        "engagements": response.engagements.filter(archived_at__isnull=True),
        "related_events": services.events_covered(response, user),
        "related_form": bound.get("related") or RelatedEventForm(),
        "action_rows": action_rows,
        "charts": charts,
        "review_form": bound.get("review")
        or ReviewForm(initial=review_initial, after_action_review=response.is_after_action_review),
        "finding_form": bound.get("finding") or FindingForm(),
        "engagement_form": bound.get("engagement") or EngagementForm(),
        "action_form": bound.get("action")
        or SafetyActionForm(unit=response.event.org_unit, user=user),
        "step_error": bound.get("step_error"),
        "breadcrumbs": [RESPONSES_CRUMB],
    }
    failed = any(getattr(form, "errors", None) for form in bound.values() if form is not None)
    status = 400 if failed or bound.get("step_error") else 200
    return render(
        request, "assurance/incidents/response/response_detail.html", context, status=status
    )


@login_required
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, response_or_404(request.user, pk))


def _post(
    name: str,
    make_form: Callable[[HttpRequest, LearningResponse], Any],
    save: Callable[[HttpRequest, LearningResponse, dict[str, Any]], Any],
    success: str,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A view that runs one form of the response page through its service."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        response = response_or_404(request.user, pk)
        form = make_form(request, response)
        return run_posted_form(
            request,
            form,
            lambda data: save(request, response, data),
            success=success,
            then=response,
            redraw=lambda bound: _page(request, response, **{name: bound}),
        )

    view.__name__ = f"response_{name}"
    return view


def _review_save(request: HttpRequest, response: LearningResponse, data: dict[str, Any]) -> Any:
    version = data.pop("version", None)
    return services.record_review(response, data, actor=request.user, expected_version=version)


response_review = _post(
    "review",
    lambda request, response: ReviewForm(
        request.POST, after_action_review=response.is_after_action_review
    ),
    _review_save,
    "Review saved.",
)
response_finding = _post(
    "finding",
    lambda request, response: FindingForm(request.POST),
    lambda request, response, data: services.add_finding(
        response, data["factor"], data["text"], actor=request.user
    ),
    "Finding added.",
)
response_engagement = _post(
    "engagement",
    lambda request, response: EngagementForm(request.POST),
    lambda request, response, data: services.add_engagement(response, data, actor=request.user),
    "Engagement recorded.",
)
response_action = _post(
    "action",
    lambda request, response: SafetyActionForm(
        request.POST, unit=response.event.org_unit, user=request.user
    ),
    lambda request, response, data: services.add_safety_action(
        response, actor=request.user, **data
    ),
    "Safety action raised: it is in the action tracker.",
)

response_related = _post(
    "related",
    lambda request, response: RelatedEventForm(request.POST),
    lambda request, response, data: services.link_event(
        response, data["reference"], actor=request.user
    ),
    "Event added: this response covers it too.",
)


@login_required
@require_POST
def response_unrelate(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Stop the response covering one of its other events."""
    response = response_or_404(request.user, pk)
    try:
        services.unlink_event(response, event_pk, actor=request.user)
    except ValidationError as error:
        return _page(request, response, step_error=error.messages)
    messages.success(request, "Event removed from this response.")
    return redirect(response)


STEPS: dict[str, tuple[Callable[..., Any], str]] = {
    "start": (services.start_response, "Learning response started."),
    "share": (services.share_draft_report, "Draft report marked as shared for comments."),
    "complete": (services.complete_response, "Learning response completed."),
}


@login_required
@require_POST
def response_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Start, share the draft of, or complete a response."""
    response = response_or_404(request.user, pk)
    if step not in STEPS:
        return _page(request, response, step_error=["There is no such step"])
    service, success = STEPS[step]
    try:
        service(response, actor=request.user)
    except ValidationError as error:
        return _page(request, response, step_error=error.messages)
    messages.success(request, success)
    return redirect(response)
