"""The audit programme page: what is overdue, due and done this period on the units the
reader may see; quality leads add a template to a unit's programme."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from quadrant.assurance.audits.forms import ScheduleForm
from quadrant.assurance.audits.models import AuditTemplate
from quadrant.assurance.audits.programme import DONE, DUE, OVERDUE, programme
from quadrant.assurance.audits.services.schedules import schedule_audit
from quadrant.assurance.audits.views.common import AUDITS_CRUMB
from quadrant.core.permissions import Capability, may, require
from quadrant.core.views.generic import form_page


@login_required
def programme_page(request: HttpRequest) -> HttpResponse:
    items = programme(request.user, timezone.localdate())
    titles = dict(
        AuditTemplate.objects.filter(superseded_at__isnull=True).values_list("code", "title")
    )
    rows = [(item, titles.get(item.schedule.template_code, item.schedule.template_code))
            for item in items]  # fmt: skip
    context = {
        "overdue": [row for row in rows if row[0].status == OVERDUE],
        "due": [row for row in rows if row[0].status == DUE],
        "done": [row for row in rows if row[0].status == DONE],
        "may_schedule": may(request.user, Capability.MANAGE_AUDITS),
        "may_audit": may(request.user, Capability.DO_AUDITS),
        "breadcrumbs": [AUDITS_CRUMB],
    }
    return render(request, "assurance/audits/programme.html", context)


@login_required
def schedule_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.MANAGE_AUDITS)
    return form_page(
        request,
        ScheduleForm(request.POST or None, user=request.user),
        lambda data: schedule_audit(
            data["template"], data["org_unit"], data["frequency"], actor=request.user
        ),
        success=lambda schedule: f"Added to the programme: {schedule}.",
        then=reverse("assurance:audit_programme"),
        title="Add an audit to the programme",
        cancel_url=reverse("assurance:audit_programme"),
        breadcrumbs=[AUDITS_CRUMB],
    )
