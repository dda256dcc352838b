"""PDSA pages: plan a cycle, and the cycle page with the one step it waits for (Study shows
the charts beside the prediction)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from quadrant.core.permissions import Capability, may, require
from quadrant.core.views.generic import add_validation_errors, form_page, visible_or_404
from quadrant.core.views.history import history_url
from quadrant.improvement import forms, services
from quadrant.improvement.choices import PdsaPhase
from quadrant.improvement.models import PdsaCycle, Project, ProjectMeasure
from quadrant.improvement.views.common import IMPROVEMENT_CRUMB, measure_charts, project_crumb

STEP_FORMS = {
    PdsaPhase.PLAN: forms.PlanForm,
    PdsaPhase.DO: forms.DoForm,
    PdsaPhase.STUDY: forms.StudyForm,
    PdsaPhase.ACT: forms.ActForm,
}


@login_required
def cycle_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a new PDSA cycle of the project."""
    project = visible_or_404(Project, request.user, pk)
    require(request.user, Capability.RUN_PROJECTS, project)
    initial: dict[str, Any] = {}
    idea_id = request.GET.get("idea", "")
    if idea_id.isdigit():
        initial["change_idea"] = int(idea_id)
    return form_page(
        request,
        forms.PlanForm(request.POST or None, project=project, initial=initial),
        lambda data: services.plan_cycle(project, actor=request.user, **data),
        success=lambda cycle: f"PDSA {cycle.number} has been planned.",
        then=project,
        title="Plan a PDSA cycle",
        cancel_url=project.get_absolute_url(),
        breadcrumbs=[IMPROVEMENT_CRUMB, project_crumb(project)],
    )


def _step_form(cycle: PdsaCycle, data: Any = None) -> Any:
    form_class = STEP_FORMS.get(PdsaPhase(cycle.phase))
    if form_class is None:
        return None
    if form_class is forms.PlanForm:
        initial = {name: getattr(cycle, name) for name in services.cycles.PLAN_FIELDS}
        initial["change_idea"] = cycle.change_idea_id
        return form_class(data, project=cycle.project, initial=initial)
    return form_class(data)


def _save_step(cycle: PdsaCycle, data: dict[str, Any], actor: Any, version: int) -> Any:
    phase = cycle.phase
    if phase == PdsaPhase.PLAN:
        return services.update_plan(cycle, data, actor=actor, expected_version=version), None
    if phase == PdsaPhase.DO:
        return services.record_do(cycle, actor=actor, expected_version=version, **data), None
    if phase == PdsaPhase.STUDY:
        return services.record_study(cycle, actor=actor, expected_version=version, **data), None
    return services.record_act(cycle, actor=actor, expected_version=version, **data)


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle's plan, what happened, the results beside the charts, the decision; and the
    form for the step it waits for."""
    queryset = PdsaCycle.objects.select_related("project__org_unit", "change_idea", "previous")
    cycle = visible_or_404(PdsaCycle, request.user, pk, queryset)
    project = cycle.project
    can_run = may(request.user, Capability.RUN_PROJECTS, project)
    form = _step_form(cycle, request.POST or None) if can_run else None
    if request.method == "POST":
        require(request.user, Capability.RUN_PROJECTS, project)
        if form is not None and form.is_valid():
            version = int(request.POST.get("version") or cycle.version)
            try:
                cycle, following = _save_step(cycle, dict(form.cleaned_data), request.user, version)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                if following is not None:
                    messages.success(
                        request,
                        f"PDSA {following.number} has been opened with the plan carried forward: "
                        "check it and start the test.",
                    )
                    return redirect(following)
                messages.success(request, f"PDSA {cycle.number} has been saved.")
                return redirect(cycle)
    links = list(ProjectMeasure.objects.filter(project=project).select_related("measure"))
    context = {
        "cycle": cycle,
        "project": project,
        "chain": services.chain_of(cycle),
        "form": form,
        "charts": measure_charts(links)
        if cycle.phase in (PdsaPhase.STUDY, PdsaPhase.ACT, PdsaPhase.DONE)
        else [],
        "can_run": can_run,
        "history_url": history_url(cycle),
        "breadcrumbs": [IMPROVEMENT_CRUMB, project_crumb(project)],
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "improvement/cycle_detail.html", context, status=status)
