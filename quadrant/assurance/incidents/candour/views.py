"""Pages of the duty of candour: its panel on an event's page (with the forms that record the
notification or that it was not possible), the safety team's list of records (overdue
first), the oversight page's section and the organisation's nation.

Every record is found through restrict(): those who do not handle its event (the reporter, a
manager, another unit's safety team) get the same 404 as for a record that does not exist.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from quadrant.assurance.incidents.access import SAFETY_TEAM, is_safety_team
from quadrant.assurance.incidents.candour import clock, services
from quadrant.assurance.incidents.candour.access import may_change_settings
from quadrant.assurance.incidents.candour.choices import STATUS_TAGS, CandourStatus
from quadrant.assurance.incidents.candour.filtersets import OPEN, CandourFilterSet
from quadrant.assurance.incidents.candour.forms import NationForm, NotificationForm, NotPossibleForm
from quadrant.assurance.incidents.candour.models import (
    CandourQuerySet,
    CandourRecord,
    CandourSettings,
)
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.incidents.views.common import EVENTS_CRUMB, event_or_404
from quadrant.core.permissions import Capability, may, require, require_at_top, restrict
from quadrant.core.security import log_hidden_denial
from quadrant.core.views.generic import (
    VersionedUpdateView,
    paginate,
    run_posted_form,
)

CANDOUR_CRUMB = {"label": "Duty of candour", "url": reverse_lazy("assurance:candour_records")}
RECORDS = CandourRecord.objects.select_related("event", "event__org_unit")
OLDEST_SHOWN = 5


def visible_records(user: Any) -> QuerySet[CandourRecord]:
    """The records USER may see (and edit: the same rule), with their status as of today."""
    records = cast(CandourQuerySet, restrict(RECORDS, user, Capability.VIEW))
    return records.with_status(timezone.localdate())


def record_or_404(user: Any, event_pk: int) -> CandourRecord:
    """The record of the event EVENT_PK if USER handles the event; otherwise 404."""
    found: CandourRecord | None = visible_records(user).filter(event_id=event_pk).first()
    if found is None:
        log_hidden_denial(user, CandourRecord, event_id=event_pk)
        raise Http404("No such duty of candour record, or you may not see it.")
    return found


def describe(record: CandourRecord) -> dict[str, Any]:
    """What the pages say about a record: its status, its tag and the working days left."""
    today = timezone.localdate()
    status = record.status_on(today)
    running = status in (CandourStatus.DUE, CandourStatus.OVERDUE)
    left = record.working_days_left(today) if running else None
    return {
        "record": record, "status": status, "status_label": status.label,
        "tag": STATUS_TAGS[status], "days_left": left,
        "days_late": -left if left is not None and left < 0 else None,
        "nation_name": clock.nation_name(record.nation),
    }  # fmt: skip


# ---------------------------------------------------------------- the event's panel


def panel_context(
    request: HttpRequest,
    event: SafetyEvent,
    notification_form: NotificationForm | None = None,
    not_possible_form: NotPossibleForm | None = None,
) -> dict[str, Any] | None:
    """The "Duty of candour" panel: for those who handle the event, when it needs the duty."""
    if not may(request.user, SAFETY_TEAM, event):
        return None
    record = CandourRecord.objects.filter(event=event).first()
    if record is None:
        if not services.needs_the_duty(event):
            return None
        return {"event": event, "record": None}
    record.event = event
    return {
        **describe(record), "event": event,
        "notification_form": notification_form or NotificationForm.for_record(record),
        "not_possible_form": not_possible_form or NotPossibleForm.for_record(record),
    }  # fmt: skip


def _form_page(request: HttpRequest, record: CandourRecord, **forms: Any) -> HttpResponse:
    """The record's forms on a page of their own, with the errors to put right."""
    context = panel_context(request, record.event, **forms) or {}
    context["breadcrumbs"] = [EVENTS_CRUMB, {"label": record.event.reference,
                                             "url": record.event.get_absolute_url()}]  # fmt: skip
    return render(request, "assurance/incidents/candour/record_form.html", context, status=400)


@login_required
@require_POST
def notification_save(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request.user, pk)
    form = NotificationForm(request.POST)

    def save(data: dict[str, Any]) -> Any:
        changes = {name: data[name] for name in form.change_fields}
        return services.record_notification(
            record, changes, actor=request.user, expected_version=data["version"]
        )

    return run_posted_form(
        request, form, save, success="Duty of candour saved.", then=record.page_url(),
        redraw=lambda bound: _form_page(request, record, notification_form=bound),
    )  # fmt: skip


@login_required
@require_POST
def not_possible_save(request: HttpRequest, pk: int) -> HttpResponse:
    record = record_or_404(request.user, pk)

    def save(data: dict[str, Any]) -> Any:
        return services.record_not_possible(
            record, data["reason"], data["note"], actor=request.user,
            expected_version=data["version"],
        )  # fmt: skip

    return run_posted_form(
        request, NotPossibleForm(request.POST), save,
        success="Recorded that the notification was not possible.", then=record.page_url(),
        redraw=lambda bound: _form_page(request, record, not_possible_form=bound),
    )  # fmt: skip


@login_required
@require_POST
def record_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the record of an event that needs the duty and has none yet (its clock starts on
    the day the event was reported)."""
    event = event_or_404(request.user, pk)
    if not may(request.user, SAFETY_TEAM, event):
        log_hidden_denial(request.user, SafetyEvent, pk=pk)
        raise Http404("No such duty of candour record, or you may not see it.")
    known_on = timezone.localdate(event.created_at)
    record = services.open_if_needed(event, by=request.user, known_on=known_on)
    if record is None:
        messages.info(request, "This event does not need the duty of candour.")
        return redirect(event)
    messages.success(request, "Duty of candour record opened.")
    return redirect(record.page_url())


# ---------------------------------------------------------------- the safety team's list


@login_required
def record_list(request: HttpRequest) -> HttpResponse:
    """Open and overdue records of one's units, overdue first, then by deadline."""
    require(request.user, SAFETY_TEAM)
    data = request.GET.copy()
    data.setdefault("status", OPEN)
    ranked = visible_records(request.user).annotate(
        rank=Case(
            When(current_status=CandourStatus.OVERDUE.value, then=Value(0)),
            When(current_status=CandourStatus.DUE.value, then=Value(1)),
            default=Value(2), output_field=IntegerField(),
        )
    ).order_by("rank", "deadline", "pk")  # fmt: skip
    filterset = CandourFilterSet(data, queryset=ranked)
    page = paginate(request, filterset.qs if filterset.is_valid() else ranked.none())
    rows = [describe(record) for record in page]
    context = {
        "filter": filterset, "page": page, "rows": rows,
        "may_change_settings": may_change_settings(request.user),
        "nation_name": clock.nation_name(services.current_nation()),
        "breadcrumbs": [EVENTS_CRUMB],
    }  # fmt: skip
    status = 400 if filterset.errors else 200
    return render(request, "assurance/incidents/candour/record_list.html", context, status=status)


# ---------------------------------------------------------------- the oversight section


def oversight_context(user: Any) -> dict[str, Any] | None:
    """Overdue records for those who handle safety events: how many, and the oldest few."""
    if not is_safety_team(user):
        return None
    today = timezone.localdate()
    records = cast(CandourQuerySet, restrict(RECORDS, user, Capability.VIEW))
    overdue = records.overdue_on(today).order_by("deadline", "pk")
    oldest = list(overdue[:OLDEST_SHOWN])
    count = len(oldest) if len(oldest) < OLDEST_SHOWN else overdue.count()
    return {"count": count, "oldest": [describe(record) for record in oldest]}


# ---------------------------------------------------------------- the organisation's nation


class NationView(VersionedUpdateView):
    form_class = NationForm
    template_name = "assurance/incidents/candour/settings_form.html"
    success_message = "Duty of candour settings saved."

    def get_object(self) -> CandourSettings:
        if not may_change_settings(self.request.user):
            require_at_top(self.request.user, SAFETY_TEAM)
        return CandourSettings.current()

    def save(self, changes: dict[str, Any], expected_version: int) -> CandourSettings:
        return services.set_nation(
            changes["nation"], actor=self.request.user, expected_version=expected_version
        )

    def get_success_url(self) -> str:
        return reverse("assurance:candour_settings")

    def get_cancel_url(self) -> str:
        return reverse("assurance:candour_records")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [EVENTS_CRUMB, CANDOUR_CRUMB]
        return context
