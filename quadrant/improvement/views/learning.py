"""The learning library: published summaries of closed projects, readable by all staff and
searchable; "Adopt this change" starts a linked project in another unit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.views.generic import form_page, paginate, visible_or_404
from quadrant.improvement import forms, services
from quadrant.improvement.models import LearningSummary, ProjectMeasure
from quadrant.improvement.views.common import IMPROVEMENT_CRUMB, measure_charts

LIBRARY_CRUMB = {"label": "Learning library", "url": reverse_lazy("improvement:learning")}


def _published(user: Any) -> QuerySet[LearningSummary]:
    return restrict(LearningSummary.objects.all(), user, Capability.VIEW).filter(
        published_at__isnull=False
    )


@login_required
def learning_list(request: HttpRequest) -> HttpResponse:
    """Every published summary, newest first; words search the title and the summary."""
    summaries = _published(request.user).select_related("project__org_unit")
    query = request.GET.get("q", "").strip()
    for word in query.split()[:5]:
        summaries = summaries.filter(
            Q(project__title__icontains=word)
            | Q(problem__icontains=word)
            | Q(changes_tested__icontains=word)
            | Q(results__icontains=word)
            | Q(advice__icontains=word)
        )
    context = {
        "page": paginate(request, summaries),
        "query": query,
        "breadcrumbs": [IMPROVEMENT_CRUMB],
    }
    return render(request, "improvement/learning_list.html", context)


def _summary(request: HttpRequest, pk: int) -> LearningSummary:
    related = LearningSummary.objects.select_related("project__org_unit")
    summary: LearningSummary = visible_or_404(LearningSummary, request.user, pk, related)
    return summary


@login_required
def learning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    summary = _summary(request, pk)
    project = summary.project
    links = list(ProjectMeasure.objects.filter(project=project).select_related("measure"))
    can_adopt = summary.published_at is not None and may(request.user, Capability.RUN_PROJECTS)
    context = {
        "summary": summary,
        "project": project,
        "project_visible": may(request.user, Capability.VIEW, project),
        "charts": measure_charts(links),
        "change_ideas": project.change_ideas.filter(archived_at__isnull=True),
        "adopt_form": forms.AdoptForm(user=request.user) if can_adopt else None,
        "breadcrumbs": [IMPROVEMENT_CRUMB, LIBRARY_CRUMB],
    }
    return render(request, "improvement/learning_detail.html", context)


@login_required
def learning_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Adopt this change" at a unit where the person runs projects."""
    summary = _summary(request, pk)
    require(request.user, Capability.RUN_PROJECTS)
    return form_page(
        request,
        forms.AdoptForm(request.POST or None, user=request.user),
        lambda data: services.adopt_change(summary, org_unit=data["org_unit"], actor=request.user),
        success=lambda project: f"“{project}” has been started with the change ideas copied.",
        title=f"Adopt the change from “{summary.project}”",
        cancel_url=summary.get_absolute_url(),
        breadcrumbs=[IMPROVEMENT_CRUMB, LIBRARY_CRUMB],
    )
