"""A finding's page: what failed, in which audit, the actions and improvement projects started
from it, (for the people who manage actions on the unit) the form that raises an action, or
closes it, and (for those who run projects there) the way to start a project from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quadrant.actions.public import ActionForm, actions_for_source
from quadrant.assurance.audits.finding_projects import start_url_query
from quadrant.assurance.audits.models import AuditFinding
from quadrant.assurance.audits.services.findings import close_finding, open_finding_action
from quadrant.assurance.audits.views.common import AUDITS_CRUMB
from quadrant.assurance.links import FINDING_PROJECT
from quadrant.core.links import links_from
from quadrant.core.permissions import Capability, may, require
from quadrant.core.views.generic import add_validation_errors, visible_or_404

FINDING_QUERYSET = AuditFinding.objects.select_related("run__template", "run__org_unit", "question")


def _finding_or_404(request: HttpRequest, pk: int) -> AuditFinding:
    return visible_or_404(AuditFinding, request.user, pk, FINDING_QUERYSET, what="finding")  # type: ignore[no-any-return]


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding_or_404(request, pk)
    may_act = may(request.user, Capability.ACT_ON_SIGNALS, finding)
    form = None
    if may_act:
        form = ActionForm(request.POST or None, unit=finding.run.org_unit, user=request.user)
        if request.method == "POST":
            require(request.user, Capability.ACT_ON_SIGNALS, finding)
            if form.is_valid():
                try:
                    action = open_finding_action(finding, actor=request.user, **form.cleaned_data)
                except ValidationError as error:
                    add_validation_errors(form, error)
                else:
                    messages.success(request, f"Action “{action.title}” has been raised.")
                    return redirect(finding)
    elif request.method == "POST":
        require(request.user, Capability.ACT_ON_SIGNALS, finding)
    may_start_project = may(request.user, Capability.RUN_PROJECTS, finding.run.org_unit)
    projects = links_from([finding], request.user, only=[FINDING_PROJECT]).get(finding.pk, [])
    context: dict[str, Any] = {
        "finding": finding,
        "actions": actions_for_source(finding),
        "projects": projects,
        "start_project_url": reverse("improvement:project_create") + start_url_query(finding)
        if may_start_project
        else "",
        "form": form,
        "may_act": may_act,
        "breadcrumbs": [AUDITS_CRUMB, {"label": str(finding.run),
                                       "url": finding.run.get_absolute_url()}],
    }  # fmt: skip
    status = 400 if form is not None and form.errors else 200
    return render(request, "assurance/audits/finding_detail.html", context, status=status)


@login_required
@require_POST
def finding_close(request: HttpRequest, pk: int) -> HttpResponse:
    finding = _finding_or_404(request, pk)
    try:
        close_finding(finding, actor=request.user)
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, "The finding has been closed without action.")
    return redirect(finding)
