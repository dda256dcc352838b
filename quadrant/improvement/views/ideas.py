"""Ideas: "I have an idea" (a phone-first form), the triage list, and an idea's page where a
manager or coach turns it into a project or declines it with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.views.generic import add_validation_errors, paginate, visible_or_404
from quadrant.improvement import forms, services
from quadrant.improvement.choices import IdeaStatus
from quadrant.improvement.filtersets import IdeaFilterSet
from quadrant.improvement.models import Idea
from quadrant.improvement.views.common import IMPROVEMENT_CRUMB

IDEAS_CRUMB = {"label": "Ideas", "url": reverse_lazy("improvement:ideas")}


@login_required
def idea_new(request: HttpRequest) -> HttpResponse:
    """One short form, designed for a phone: the idea, the unit (home unit first), the problem."""
    require(request.user, Capability.SUBMIT_IDEA)
    form = forms.IdeaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            idea = services.submit_idea(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                f"Thank you: your idea has been sent to {idea.org_unit}. You will see what "
                "happens to it under “My ideas” on your home page.",
            )
            return redirect("home")
    context = {"form": form, "breadcrumbs": [IMPROVEMENT_CRUMB]}
    return render(request, "improvement/idea_new.html", context, status=400 if form.errors else 200)


@login_required
def idea_list(request: HttpRequest) -> HttpResponse:
    """Ideas waiting for triage at the units where the person runs projects, and their own."""
    scope = restrict(Idea.objects.all(), request.user, Capability.VIEW).filter(
        archived_at__isnull=True
    )
    data = request.GET.copy()
    if may(request.user, Capability.RUN_PROJECTS) and "status" not in data:
        data["status"] = IdeaStatus.NEW
    filterset = IdeaFilterSet(data, queryset=scope)
    ideas = filterset.qs.select_related("org_unit", "submitter", "project")
    context = {
        "filter": filterset,
        "page": paginate(request, ideas),
        "can_triage": may(request.user, Capability.RUN_PROJECTS),
        "breadcrumbs": [IMPROVEMENT_CRUMB],
    }
    return render(request, "improvement/idea_list.html", context)


@login_required
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The idea, and for people who triage at its unit: turn it into a project, or decline it."""
    idea = visible_or_404(
        Idea, request.user, pk, Idea.objects.select_related("org_unit", "submitter")
    )
    can_triage = idea.status == IdeaStatus.NEW and may(
        request.user, Capability.RUN_PROJECTS, idea.org_unit
    )
    project_form = decline_form = None
    if can_triage:
        initial = {
            "title": idea.title[:200],
            "aim_what": idea.problem or idea.title,
            "coach": request.user.pk,
        }
        project_form = forms.ProjectForm(
            None, user=request.user, unit=idea.org_unit, initial=initial
        )
        decline_form = forms.DeclineForm()
        if request.method == "POST":
            if request.POST.get("decision") == "decline":
                decline_form = forms.DeclineForm(request.POST)
                if decline_form.is_valid():
                    services.decline_idea(
                        idea, reason=decline_form.cleaned_data["reason"], actor=request.user
                    )
                    messages.success(
                        request, "The idea has been declined; the person who had it will see why."
                    )
                    return redirect(reverse("improvement:ideas"))
            else:
                project_form = forms.ProjectForm(
                    request.POST, user=request.user, unit=idea.org_unit
                )
                if project_form.is_valid():
                    data = dict(project_form.cleaned_data)
                    try:
                        project = services.turn_idea_into_project(idea, actor=request.user, **data)
                    except ValidationError as error:
                        add_validation_errors(project_form, error)
                    else:
                        messages.success(
                            request, f"The project “{project}” has been started from the idea."
                        )
                        return redirect(project)
    context = {
        "idea": idea,
        "can_triage": can_triage,
        "project_form": project_form,
        "decline_form": decline_form,
        "breadcrumbs": [IMPROVEMENT_CRUMB, IDEAS_CRUMB],
    }
    errors = (project_form is not None and project_form.errors) or (
        decline_form is not None and decline_form.errors
    )
    return render(request, "improvement/idea_detail.html", context, status=400 if errors else 200)
