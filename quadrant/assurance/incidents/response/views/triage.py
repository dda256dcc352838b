"""The triage queue (events waiting for triage at the units one triages) and the triage
panel of an event's page, with its form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from quadrant.assurance.incidents import access as event_access
from quadrant.assurance.incidents.filtersets import TriageFilterSet
from quadrant.assurance.incidents.models import WAITING_FOR_TRIAGE, SafetyEvent
from quadrant.assurance.incidents.panels import bound_form, keep_bound_form
from quadrant.assurance.incidents.response import services
from quadrant.assurance.incidents.response.forms import TriageForm
from quadrant.assurance.incidents.response.models import LearningResponse, Triage
from quadrant.assurance.incidents.response.plan import suggest
from quadrant.assurance.incidents.views.common import EVENT_QUERYSET, event_or_404
from quadrant.assurance.incidents.views.events import detail_page
from quadrant.core.permissions import Capability, has_role_anywhere, may, restrict
from quadrant.core.views.generic import paginate, run_posted_form

TRIAGE = Capability.TRIAGE_INCIDENTS


def waiting_for_triage(user: Any) -> QuerySet[SafetyEvent]:
    """The events USER may triage that wait for it, the longest waiting first."""
    events = event_access.events_rule(EVENT_QUERYSET.all(), user, TRIAGE)
    waiting = events.filter(status__in=WAITING_FOR_TRIAGE, archived_at__isnull=True)
    return waiting.order_by("created_at", "id")


@login_required
def triage_queue(request: HttpRequest) -> HttpResponse:
    if not has_role_anywhere(request.user, TRIAGE):
        raise PermissionDenied("You need permission to triage incidents to see the triage queue")
    filters = TriageFilterSet(request.GET or None, queryset=waiting_for_triage(request.user))
    # The page's ids first, from the waiting index alone (sorting whole rows of a long queue
    # would cost seconds), then those events in full.
    page = paginate(request, filters.qs.values_list("pk", flat=True))
    found = EVENT_QUERYSET.in_bulk(list(page.object_list))
    rules = services.rules_in_use()
    rows = [{"event": found[pk], "suggestion": suggest(rules, found[pk])} for pk in page]
    context = {"filter": filters, "page": page, "rows": rows, "plan": services.plan_in_use()}
    return render(request, "assurance/incidents/response/triage_queue.html", context)


def triage_panel(request: HttpRequest, event: SafetyEvent) -> dict[str, Any] | None:
    """The event page's triage panel (None for those who neither triage nor see a triage);
    a triage form sent with errors is shown again with them (bound_form)."""
    user = request.user
    form = bound_form(request, "triage")
    triage = restrict(Triage.objects.filter(event=event), user).select_related("triaged_by").first()
    may_triage = may(user, TRIAGE, event)
    if triage is None and not may_triage:
        return None
    covered_by = restrict(LearningResponse.objects.filter(related_events=event), user)
    context: dict[str, Any] = {
        "event": event,
        "triage": triage,
        "covered_by": covered_by.select_related("event", "lead").order_by("due_date"),
    }
    if triage is None:
        suggestion = services.suggestion_for(event)
        if form is None:
            form = TriageForm(
                event=event,
                initial={
                    "category": event.category,
                    "physical_harm": event.physical_harm,
                    "psychological_harm": event.psychological_harm,
                    "response_type": suggestion.response_type,
                },
            )
        context |= {"form": form, "suggestion": suggestion, "plan": services.plan_in_use()}
    else:
        context["responses"] = restrict(
            LearningResponse.objects.filter(event=event), user
        ).select_related("lead")
    return context


@login_required
@require_POST
def triage_save(request: HttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(request.user, pk)
    if not may(request.user, TRIAGE, event):
        raise PermissionDenied("You need permission to triage incidents at this unit")
    form = TriageForm(request.POST, event=event)

    def save(data: dict[str, Any]) -> Any:
        return services.triage_event(event, actor=request.user, **data)

    def redraw(bound: Any) -> HttpResponse:
        keep_bound_form(request, "triage", bound)
        return detail_page(request, event)

    return run_posted_form(request, form, save, success="Triage saved.", then=event, redraw=redraw)
