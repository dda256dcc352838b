"""The audit programme pages: what is overdue, due and done this period on the units the
reader may see (filtered by kind, unit, status and "assigned to me"), the same schedules as a
month's calendar, and for quality leads adding a template to a unit's programme or changing
how often and by whom. A programme row starts a run with its template and unit filled in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.audits.calendar import month_calendar, parse_month
from quadrant.assurance.audits.forms import (
    ProgrammeFilterForm,
    ScheduleChangeForm,
    ScheduleForm,
    StartRunForm,
)
from quadrant.assurance.audits.models import AuditSchedule, AuditTemplate
from quadrant.assurance.audits.programme import (
    DONE,
    DUE,
    OVERDUE,
    ProgrammeItem,
    items_of,
    narrowed,
    scheduled,
)
from quadrant.assurance.audits.services.schedules import change_schedule, schedule_audit
from quadrant.assurance.audits.views.common import AUDITS_CRUMB
from quadrant.core.permissions import Capability, may, require
from quadrant.core.views.generic import form_page, visible_or_404

WEEKDAYS = [(name, name[:3]) for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                          "Saturday", "Sunday")]  # fmt: skip


@dataclass(frozen=True)
class ProgrammeRow:
    item: ProgrammeItem
    title: str
    may_start: bool  # carry out this audit on its unit
    may_change: bool  # change its schedule


def _templates() -> dict[str, tuple[str, str]]:
    """The current templates' titles and kinds, by code."""
    rows = AuditTemplate.objects.filter(superseded_at__isnull=True).values_list(
        "code", "title", "kind"
    )
    return {code: (title, kind) for code, title, kind in rows}


def _filtered(
    request: HttpRequest, templates: dict[str, tuple[str, str]]
) -> tuple[ProgrammeFilterForm, QuerySet[AuditSchedule], str]:
    """The filter form, the schedules it leaves (all the reader's when it is not valid) and
    the status asked for."""
    form = ProgrammeFilterForm(request.GET or None, user=request.user)
    schedules = scheduled(request.user)
    if not form.is_bound or not form.is_valid():
        return form, schedules, ""
    data = form.cleaned_data
    kind = data.get("kind")
    codes = [code for code, (_, of_kind) in templates.items() if of_kind == kind] if kind else None
    schedules = narrowed(
        schedules,
        codes=codes,
        unit=data.get("org_unit"),
        assignee=request.user if data.get("mine") else None,
    )
    return form, schedules, data.get("status") or ""


@login_required
def programme_page(request: HttpRequest) -> HttpResponse:
    templates = _templates()
    form, schedules, status = _filtered(request, templates)
    items = items_of(schedules, timezone.localdate())
    user = request.user
    rows = [
        ProgrammeRow(
            item,
            templates.get(item.schedule.template_code, ("", ""))[0] or item.schedule.template_code,
            may(user, Capability.DO_AUDITS, item.schedule),
            may(user, Capability.MANAGE_AUDITS, item.schedule),
        )
        for item in items
    ]
    shown = [status] if status else [OVERDUE, DUE, DONE]
    context = {
        "filter_form": form,
        "filtered": bool(request.GET),
        "overdue": [row for row in rows if row.item.status == OVERDUE],
        "due": [row for row in rows if row.item.status == DUE],
        "done": [row for row in rows if row.item.status == DONE],
        "shown": shown,
        "may_schedule": may(request.user, Capability.MANAGE_AUDITS),
        "may_act": any(row.may_start or row.may_change for row in rows),
        "breadcrumbs": [AUDITS_CRUMB],
    }
    return render(
        request, "assurance/audits/programme.html", context, status=400 if form.errors else 200
    )


@login_required
def programme_calendar(request: HttpRequest) -> HttpResponse:
    """A month of the programme: due dates and audits done, by day."""
    today = timezone.localdate()
    templates = _templates()
    form, schedules, _ = _filtered(request, templates)
    month = parse_month(request.GET.get("month"), today)
    month_error = "" if month is not None else "Enter the month as a year and month, like 2026-12"
    month = month or today.replace(day=1)
    titles = {code: title for code, (title, _) in templates.items()}
    shown = month_calendar(schedules, titles, month, today)
    query = request.GET.copy()
    links = {}
    for name, when in (("previous", shown.previous), ("next", shown.next)):
        query["month"] = f"{when:%Y-%m}"
        links[name] = f"?{query.urlencode()}"
    schedules_shown = [entry.schedule for day in shown.busy_days for entry in day.due]
    context = {
        "calendar": shown,
        "weekdays": WEEKDAYS,
        "startable": {s.pk for s in schedules_shown if may(request.user, Capability.DO_AUDITS, s)},
        "filter_form": form,
        "month_error": month_error,
        "previous_url": links["previous"],
        "next_url": links["next"],
        "today": today,
        "breadcrumbs": [AUDITS_CRUMB, {"label": "Audit programme",
                                       "url": reverse("assurance:audit_programme")}],
    }  # fmt: skip
    status = 400 if month_error or form.errors else 200
    return render(request, "assurance/audits/programme_calendar.html", context, status=status)


@login_required
def schedule_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_AUDITS)
    return form_page(
        request,
        ScheduleForm(request.POST or None, user=request.user),
        lambda data: schedule_audit(
            data["template"],
            data["org_unit"],
            data["frequency"],
            assignee=data.get("assignee"),
            actor=request.user,
        ),
        success=lambda schedule: f"Added to the programme: {schedule}.",
        then=reverse("assurance:audit_programme"),
        title="Add an audit to the programme",
        cancel_url=reverse("assurance:audit_programme"),
        breadcrumbs=[AUDITS_CRUMB],
    )


def _schedule_or_404(request: HttpRequest, pk: int) -> AuditSchedule:
    queryset = AuditSchedule.objects.select_related("org_unit", "assignee")
    return visible_or_404(AuditSchedule, request.user, pk, queryset, live=True, what="schedule")  # type: ignore[no-any-return]


@login_required
def schedule_change(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = _schedule_or_404(request, pk)
    require(request.user, Capability.MANAGE_AUDITS, schedule)
    initial = {"frequency": schedule.frequency, "assignee": schedule.assignee_id}
    expected = int(request.POST.get("version") or schedule.version)
    programme_url = reverse("assurance:audit_programme")
    return form_page(
        request,
        ScheduleChangeForm(request.POST or None, user=request.user, initial=initial),
        lambda data: change_schedule(
            schedule,
            frequency=data["frequency"],
            assignee=data.get("assignee"),
            actor=request.user,
            expected_version=expected,
        ),
        success=lambda changed: f"Saved: {changed}.",
        then=programme_url,
        title=f"Change “{schedule}”",
        version=schedule.version,
        cancel_url=programme_url,
        breadcrumbs=[AUDITS_CRUMB],
    )


@login_required
def schedule_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The start of an audit with the schedule's template and unit filled in; it is sent to
    the one page that starts audits (runs.run_start), which checks it again."""
    schedule = _schedule_or_404(request, pk)
    require(request.user, Capability.DO_AUDITS, schedule)
    template = AuditTemplate.objects.filter(
        code=schedule.template_code, superseded_at__isnull=True, archived_at__isnull=True
    ).first()
    if template is None:
        raise Http404("This audit's template has been withdrawn.")
    initial: dict[str, Any] = {
        "template": template.pk,
        "org_unit": schedule.org_unit_id,
        "run_date": timezone.localdate(),
    }
    context = {
        "form": StartRunForm(user=request.user, initial=initial),
        "title": "Start an audit",
        "lede": f"{template} on {schedule.org_unit}, from the audit programme.",
        "action": reverse("assurance:audit_run_new"),
        "submit_label": "Start",
        "cancel_url": reverse("assurance:audit_programme"),
        "breadcrumbs": [AUDITS_CRUMB],
    }
    return render(request, "core/form.html", context)
