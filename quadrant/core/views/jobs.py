"""Pages for background jobs: the ones you started, and one job's progress, log and result."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from quadrant.core.models import Job
from quadrant.core.permissions import Capability, units_where
from quadrant.core.views.generic import htmx_template, paginate


def jobs_for(user: Any) -> QuerySet[Job]:
    """Jobs USER started; administrators also see the jobs of the units they manage."""
    condition = Q(created_by=user)
    admin_units = units_where(user, Capability.MANAGE_PEOPLE)
    if admin_units.filter(parent__isnull=True).exists():
        condition |= Q(org_unit__isnull=True)
    condition |= Q(org_unit__in=admin_units)
    return Job.objects.filter(condition).select_related("created_by")


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """ "Your jobs": imports, reports and recalculations, newest first."""
    jobs = Job.objects.filter(created_by_id=request.user.pk).order_by("-created_at")
    page = paginate(request, jobs, per_page=25)
    return render(
        request,
        "core/job_list.html",
        {"page": page, "breadcrumbs": [{"label": "My quality", "url": reverse("home")}]},
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One job; while it runs the progress part refreshes itself every two seconds (HTMX)."""
    job = jobs_for(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404("No such job, or it is not one of yours.")
    template = htmx_template(request, "core/job_detail.html", "core/includes/progress.html")
    return render(
        request,
        template,
        {"job": job, "breadcrumbs": [{"label": "Your jobs", "url": reverse("jobs")}]},
    )
