"""The lists of safety events and an event's page.

Everyone's list starts from restrict(): staff see their own reports, managers their units'
events, the safety team every event of its subtree. No list shows patient details; an
event's page shows them only to the safety team and the event's handlers, and logs it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.assurance.incidents import services
from quadrant.assurance.incidents.access import SAFETY_TEAM, is_safety_team
from quadrant.assurance.incidents.filtersets import SafetyEventFilterSet
from quadrant.assurance.incidents.forms import FeedbackForm
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.panels import has_bound_errors, panels_for
from quadrant.assurance.incidents.privacy import read_patient_details
from quadrant.assurance.incidents.theme_access import may_see_themes
from quadrant.assurance.incidents.views.common import (
    EVENT_QUERYSET,
    EVENTS_CRUMB,
    MY_REPORTS_CRUMB,
    event_or_404,
)
from quadrant.core.permissions import Capability, may, restrict
from quadrant.core.services import StaleEdit
from quadrant.core.views.generic import add_validation_errors, paginate


def _visible(request: HttpRequest) -> QuerySet[SafetyEvent]:
    return restrict(EVENT_QUERYSET, request.user, Capability.VIEW).filter(archived_at__isnull=True)


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The events one may see, newest first, filtered by unit, type, harm, date and status."""
    filterset = SafetyEventFilterSet(request.GET or None, queryset=_visible(request))
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "safety_team": is_safety_team(request.user),
        "may_triage": may(request.user, Capability.TRIAGE_INCIDENTS),
        "may_report": may(request.user, Capability.REPORT_INCIDENT),
        "may_see_themes": may_see_themes(request.user),
    }
    return render(request, "assurance/incidents/event_list.html", context)


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """The person's own named reports with where each is and what was learned."""
    reports = SafetyEvent.objects.filter(reporter=request.user.pk, archived_at__isnull=True)
    context = {
        "page": paginate(request, reports.select_related("org_unit").order_by("-created_at")),
        "may_report": may(request.user, Capability.REPORT_INCIDENT),
    }
    return render(request, "assurance/incidents/my_reports.html", context)


@login_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event; its patient details only for those allowed (each view logged)."""
    return detail_page(request, event_or_404(request.user, pk))


def detail_page(
    request: HttpRequest, event: SafetyEvent, feedback_form: FeedbackForm | None = None
) -> HttpResponse:
    """The event's page; a form of it (or of a panel: panels.keep_bound_form) sent with
    errors is shown again with them, answering 400."""
    handles = may(request.user, SAFETY_TEAM, event)
    if handles and feedback_form is None:
        feedback_form = FeedbackForm(initial={"feedback": event.feedback, "version": event.version})
    context = {
        "event": event,
        "patient": read_patient_details(event, request.user, request=request),
        "is_reporter": event.reporter_id == request.user.pk,
        "feedback_form": feedback_form if handles else None,
        "panels": panels_for(request, event),
        "breadcrumbs": [EVENTS_CRUMB if event.reporter_id != request.user.pk else MY_REPORTS_CRUMB],
    }
    failed = bool(feedback_form is not None and feedback_form.errors) or has_bound_errors(request)
    context["failed"] = failed
    status = 400 if failed else 200
    return render(request, "assurance/incidents/event_detail.html", context, status=status)


@login_required
@require_POST
def feedback_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The safety team records what was learned and done; the reporter reads it."""
    event = event_or_404(request.user, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.record_feedback(
                event, form.cleaned_data["feedback"], actor=request.user,
                expected_version=form.cleaned_data["version"],
            )  # fmt: skip
        except ValidationError as error:
            add_validation_errors(form, error)
        except StaleEdit as stale:
            form.add_error(None, str(stale))
        else:
            messages.success(request, "Feedback saved: the reporter can read it now.")
            return redirect(event)
    return detail_page(request, event, feedback_form=form)
