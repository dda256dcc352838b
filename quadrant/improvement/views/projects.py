"""Project pages: the list, start a project, the project page (key page 6), edit, stage, team,
measures, change ideas, the learning summary and the way back into routine control."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from quadrant.actions.public import actions_for_source
from quadrant.control.public import Measure
from quadrant.core.links import links_from
from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.views.generic import form_page, paginate, visible_or_404
from quadrant.core.views.history import history_url
from quadrant.improvement import forms, services
from quadrant.improvement.choices import STAGE_ORDER, IdeaStatus, Stage
from quadrant.improvement.filtersets import ProjectFilterSet
from quadrant.improvement.models import ChangeIdea, Idea, LearningSummary, Project, ProjectMeasure
from quadrant.improvement.services import origins
from quadrant.improvement.views.common import IMPROVEMENT_CRUMB, measure_charts, project_crumb
from quadrant.organisation.models import ObjectGrant, Person
from quadrant.planning.public import DriverKind, DriverNode


@login_required
def improvement_home(request: HttpRequest) -> HttpResponse:
    """The projects the person may see, filtered; the way to ideas, portfolio and library."""
    scope = restrict(Project.objects.all(), request.user, Capability.VIEW).filter(
        archived_at__isnull=True
    )
    filterset = ProjectFilterSet(request.GET or None, queryset=scope, request=request)
    projects = filterset.qs.select_related("org_unit", "lead").order_by("-last_activity_at", "pk")
    triage = 0
    if may(request.user, Capability.RUN_PROJECTS):
        ideas = restrict(Idea.objects.all(), request.user, Capability.RUN_PROJECTS)
        triage = ideas.filter(status=IdeaStatus.NEW, archived_at__isnull=True).count()
    context = {
        "filter": filterset,
        "page": paginate(request, projects),
        "can_start": may(request.user, Capability.RUN_PROJECTS),
        "can_submit": may(request.user, Capability.SUBMIT_IDEA),
        "ideas_to_triage": triage,
        "home_unit": cast(Person, request.user).home_unit,  # login_required: a person
    }
    return render(request, "improvement/home.html", context)


def _project_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    links = {name: data.pop(name) for name in ("domains", "goals") if name in data}
    return data, links


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    """Start a project; with `?from=<origin>:<id>`, from another component's record
    (services.origins): prefilled from it, at its unit, and linked to it on saving."""
    require(request.user, Capability.RUN_PROJECTS)
    if "from" in request.GET:
        return _project_create_from(request, request.GET["from"])

    def save(cleaned: dict[str, Any]) -> Any:
        data, links = _project_fields(cleaned)
        return services.create_project(actor=request.user, **data, **links)

    return form_page(
        request,
        forms.ProjectForm(request.POST or None, user=request.user),
        save,
        success=lambda project: f"The project “{project}” has been started.",
        title="Start an improvement project",
        breadcrumbs=[IMPROVEMENT_CRUMB],
    )


def _project_create_from(request: HttpRequest, named: str) -> HttpResponse:
    """The create page for a project started from the record NAMED (404 if the reader may
    not see it; refused unless they may run projects at its unit)."""
    found = origins.origin_named(named)
    source = found[0].find(request.user, found[1]) if found else None
    if found is None or source is None:
        raise Http404("No such record to start a project from.")
    origin = found[0]
    proposal = origin.propose(source)
    require(request.user, Capability.RUN_PROJECTS, Project(org_unit=proposal.unit))
    measures = restrict(
        Measure.objects.filter(pk__in=[m.pk for m in proposal.measures]),
        request.user,
        Capability.VIEW,
    ).filter(archived_at__isnull=True)
    form = forms.ProjectForm(
        request.POST or None,
        user=request.user,
        unit=proposal.unit,
        measures=measures,
        initial=dict(proposal.initial),
    )

    def save(cleaned: dict[str, Any]) -> Any:
        data, links = _project_fields(cleaned)
        chosen = data.pop("measures", [])
        fields = {**data, **links, "org_unit": proposal.unit}
        return origins.start_project_from(
            origin, source, fields, measures=chosen, actor=request.user
        )

    return form_page(
        request,
        form,
        save,
        success=lambda project: f"The project “{project}” has been started.",
        title="Start an improvement project",
        lede=f"At {proposal.unit}, from {proposal.description}.",
        cancel_url=proposal.url,
        breadcrumbs=[IMPROVEMENT_CRUMB],
    )


def stage_tasks(project: Project) -> list[dict[str, Any]]:
    """The stages as an NHS task list: completed, current or not started."""
    if project.stage == Stage.ABANDONED:
        return [{"label": Stage(s).label, "status": "not_started"} for s in STAGE_ORDER]
    current = STAGE_ORDER.index(Stage(project.stage))
    return [
        {
            "label": Stage(s).label,
            "status": "completed"
            if i < current or (s == Stage.CLOSED and i == current)
            else "current"
            if i == current
            else "not_started",
        }
        for i, s in enumerate(STAGE_ORDER)
    ]


def _change_idea_nodes(project: Project, user: Any) -> Any:
    nodes = restrict(DriverNode.objects.all(), user, Capability.VIEW).filter(
        kind=DriverKind.CHANGE_IDEA,
        archived_at__isnull=True,
        diagram__org_unit__in=project.org_unit.ancestors(),
    )
    return nodes.select_related("diagram").order_by("diagram__title", "order")[:100]


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Key page 6: the three questions, stage, charts with PDSA cycles, the log and the team."""
    queryset = Project.objects.select_related(
        "org_unit", "lead", "sponsor", "coach", "adopted_from"
    )
    project = visible_or_404(Project, request.user, pk, queryset)
    can_run = may(request.user, Capability.RUN_PROJECTS, project)
    can_manage = services.may_manage(request.user, project)
    links = list(ProjectMeasure.objects.filter(project=project).select_related("measure"))
    ideas = list(
        ChangeIdea.objects.filter(project=project, archived_at__isnull=True).select_related(
            "driver_node"
        )
    )
    cycles = list(
        project.cycles.filter(archived_at__isnull=True)
        .select_related("change_idea")
        .order_by("-number")
    )
    summary = LearningSummary.objects.filter(project=project).first()
    context: dict[str, Any] = {
        "project": project,
        "tasks": stage_tasks(project),
        "charts": measure_charts(links),
        "cycles": cycles,
        "open_cycle": next((c for c in reversed(cycles) if c.phase != "done"), None),
        "change_ideas": ideas,
        "actions": [
            a for idea in ideas if idea.decision == "adopt" for a in actions_for_source(idea)
        ],
        "team": services.team_of(project),
        "goals": [
            link.obj
            for link in links_from([project], request.user, only=["improvement.project-goal"]).get(
                project.pk, []
            )
        ],
        "domains": project.domains.all(),
        "summary": summary,
        "adoptions": restrict(
            project.adoptions.all(), request.user, Capability.VIEW
        ).select_related("org_unit"),
        "can_run": can_run,
        "can_manage": can_manage,
        "can_define_measure": services.may_define_measure_for(request.user, project),
        "history_url": history_url(project),
        "breadcrumbs": [IMPROVEMENT_CRUMB],
    }
    if can_run:
        context["idea_form"] = forms.ChangeIdeaForm(nodes=_change_idea_nodes(project, request.user))
    if can_manage:  # steering the project: not for a patient partner on the team
        context.update(
            stage_form=forms.StageForm(initial={"stage": project.stage}),
            team_form=forms.TeamForm(unit=project.org_unit, prefix="team"),
            measure_form=forms.LinkMeasureForm(prefix="measure"),
            summary_gaps=services.summary_gaps(project),
        )
    return render(request, "improvement/project_detail.html", context)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    require(request.user, Capability.RUN_PROJECTS, project)
    initial = {name: getattr(project, name) for name in services.projects.EDITABLE}
    initial.update(domains=list(project.domains.all()), goals=list(project.goals.all()))
    form = forms.ProjectForm(
        request.POST or None, user=request.user, unit=project.org_unit, initial=initial
    )
    expected = int(request.POST.get("version") or project.version)
    return form_page(
        request,
        form,
        lambda data: services.update_project(
            project, data, actor=request.user, expected_version=expected
        ),
        success="The project has been saved.",
        then=project,
        title=f"Edit “{project}”",
        version=project.version,
        cancel_url=project.get_absolute_url(),
        breadcrumbs=[IMPROVEMENT_CRUMB, project_crumb(project)],
    )


def _post_back(
    request: HttpRequest, project: Project, form: Any, action: Any, done: str
) -> HttpResponse:
    """Run ACTION(form.cleaned_data) for a small form posted from the project page."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(project)


@login_required
@require_POST
def project_stage(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    form = forms.StageForm(request.POST)
    return _post_back(
        request,
        project,
        form,
        lambda data: services.move_project_stage(
            project, data["stage"], note=data["note"], actor=request.user
        ),
        "The project's stage has been changed.",
    )


@login_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    form = forms.TeamForm(request.POST, unit=project.org_unit, prefix="team")
    return _post_back(
        request,
        project,
        form,
        lambda data: services.add_team_member(
            project, data["person"], role=data["role"], actor=request.user
        ),
        "The team has been updated.",
    )


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int, grant_pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    grant = ObjectGrant.objects.filter(pk=grant_pk, object_id=project.pk).first()
    if grant is None or grant.target != project:
        messages.error(request, "That person is not on this project's team.")
        return redirect(project)
    services.remove_team_member(grant, actor=request.user)
    messages.success(request, f"{grant.person} has left the team.")
    return redirect(project)


@login_required
@require_POST
def measure_link(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    form = forms.LinkMeasureForm(request.POST, prefix="measure")

    def link(data: dict[str, Any]) -> None:
        measure = (
            restrict(Measure.objects.all(), request.user, Capability.VIEW)
            .filter(code__iexact=data["code"].strip())
            .first()
        )
        if measure is None:
            raise ValidationError(f"There is no measure {data['code']} that you may see.")
        services.link_measure(project, measure, data["role"], actor=request.user)

    return _post_back(request, project, form, link, "The measure has been linked.")


@login_required
def measure_define(request: HttpRequest, pk: int) -> HttpResponse:
    """Define a new measure for the project and link it, without going to the control pages.
    Needs "define measures" at the project's unit and "run improvement projects" on it."""
    project = visible_or_404(Project, request.user, pk, Project.objects.select_related("org_unit"))
    services.require_define_measure_for(request.user, project)
    initial = {
        "org_unit": project.org_unit_id,
        "code": services.suggest_measure_code(project),
    }
    form = forms.NewMeasureForm(request.POST or None, user=request.user, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.define_measure_for_project(project, actor=request.user, **data),
        success=lambda link: (
            f"The measure {link.measure} has been defined and linked to the project as its "
            f"{link.get_role_display().lower()}. Its data can now be entered."
        ),
        then=project,
        title=f"Define a new measure for “{project}”",
        lede="The measure is defined in the organisation's measures, as on the measure "
        "pages, and linked to this project. Its numerator, denominator, target and owner can "
        "be added on the measure's own page.",
        submit_label="Define and link the measure",
        cancel_url=project.get_absolute_url(),
        breadcrumbs=[IMPROVEMENT_CRUMB, project_crumb(project)],
    )


@login_required
@require_POST
def measure_unlink(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    link = (
        ProjectMeasure.objects.filter(pk=link_pk, project=project).select_related("measure").first()
    )
    if link is not None:
        services.unlink_measure(link, actor=request.user)
        messages.success(request, f"{link.measure.code} is no longer linked to the project.")
    return redirect(project)


@login_required
@require_POST
def routine_control(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    link = (
        ProjectMeasure.objects.filter(pk=link_pk, project=project)
        .select_related("measure", "project")
        .first()
    )
    if link is None:
        messages.error(request, "That measure is not linked to this project.")
        return redirect(project)
    try:
        services.move_to_routine_control(link, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        link.measure.refresh_from_db()
        messages.success(
            request,
            f"{link.measure.code} is now in routine control, owned by {link.measure.owner}.",
        )
    return redirect(project)


@login_required
@require_POST
def change_idea_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = visible_or_404(Project, request.user, pk)
    form = forms.ChangeIdeaForm(request.POST, nodes=_change_idea_nodes(project, request.user))
    return _post_back(
        request,
        project,
        form,
        lambda data: services.add_change_idea(project, actor=request.user, **data),
        "The change idea has been added.",
    )


@login_required
def summary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the learning summary (published to the library when the project closes)."""
    project = visible_or_404(Project, request.user, pk)
    require(request.user, Capability.RUN_PROJECTS, project)
    summary = LearningSummary.objects.filter(project=project).first()
    initial = {}
    if summary is not None:
        initial = {
            name: getattr(summary, name)
            for name in ("problem", "changes_tested", "results", "advice")
        }
    else:
        initial = {
            "problem": project.aim_what,
            "changes_tested": "\n".join(i.title for i in project.change_ideas.all()),
        }
    return form_page(
        request,
        forms.SummaryForm(request.POST or None, initial=initial),
        lambda data: services.save_learning_summary(project, actor=request.user, **data),
        success="The learning summary has been saved. It is published when the project closes.",
        then=project,
        title=f"Learning summary: {project}",
        cancel_url=project.get_absolute_url(),
        breadcrumbs=[IMPROVEMENT_CRUMB, project_crumb(project)],
    )


@login_required
def procedure_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise "Revise procedure …" on the action tracker from an adopted change idea."""
    idea = visible_or_404(
        ChangeIdea, request.user, pk, ChangeIdea.objects.select_related("project__org_unit")
    )
    project = idea.project
    require(request.user, Capability.RUN_PROJECTS, project)
    return form_page(
        request,
        forms.ProcedureActionForm(request.POST or None, unit=project.org_unit),
        lambda data: services.raise_procedure_action(idea, actor=request.user, **data),
        success=lambda action: f"The action “{action.title}” has been raised.",
        then=project,
        title=f"Revise a procedure after “{idea.title}”",
        cancel_url=project.get_absolute_url(),
        breadcrumbs=[IMPROVEMENT_CRUMB, project_crumb(project)],
    )
