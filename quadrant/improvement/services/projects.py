"""Writes of projects: create, edit, move through the stages, the team and the linked measures
(existing ones, or a new one defined for the project through control's service)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from quadrant.control.public import (
    MEASURE_CODE_PATTERN,
    MEASURE_CODE_RULE,
    Measure,
    create_measure,
)
from quadrant.core.context import acting_as
from quadrant.core.permissions import Capability, may, require, restrict
from quadrant.core.references import check_references
from quadrant.core.services import archive_object, create_object, update_object
from quadrant.improvement.choices import MeasureRole, Stage
from quadrant.improvement.models import LearningSummary, Project, ProjectMeasure, ProjectStage
from quadrant.organisation.choices import GrantRole
from quadrant.organisation.models import ObjectGrant
from quadrant.organisation.services import name_on_object

EDITABLE = (
    "title", "aim_what", "aim_how_much", "aim_by_when", "measures_summary", "changes_summary",
    "method", "lead", "sponsor", "coach",
)  # fmt: skip
LINKS = ("domains", "goals", "driver_nodes")
PEOPLE = ("lead", "sponsor", "coach")
TEAM_ROLES = (GrantRole.TEAM_MEMBER, GrantRole.LEAD)


def _set_links(project: Project, links: Mapping[str, Iterable[Any] | None], *, actor: Any) -> None:
    """Link the project to LINKS (objects or ids): ACTOR must be able to see every newly
    linked goal, driver-diagram node and domain (core/references.py)."""
    # Each link is a many-to-many field to another model (goals, driver-diagram nodes, domains).
    model_of = {
        name: cast(type[models.Model], Project._meta.get_field(name).related_model)
        for name in LINKS
    }
    chosen = {name: list(links[name]) for name in LINKS if links.get(name) is not None}  # type: ignore[arg-type]
    for name, items in chosen.items():
        linked = set(getattr(project, name).values_list("pk", flat=True)) if project.pk else set()
        added = [item for item in items if getattr(item, "pk", item) not in linked]
        check_references(actor, {name: added}, model=model_of[name])
    for name, items in chosen.items():
        getattr(project, name).set(items)


def _check_people(actor: Any, fields: Mapping[str, Any], project: Project | None = None) -> None:
    """A newly named lead, sponsor or coach must be someone ACTOR may name."""
    named = {
        name: fields[name]
        for name in PEOPLE
        if fields.get(name) is not None
        and (project is None or getattr(project, f"{name}_id") != fields[name].pk)
    }
    check_references(actor, named)


def create_project(
    *,
    title: str,
    aim_what: str,
    org_unit: Any,
    actor: Any,
    stage: str = Stage.SCOPING,
    domains: Iterable[Any] = (),
    goals: Iterable[Any] = (),
    driver_nodes: Iterable[Any] = (),
    **fields: Any,
) -> Project:
    """Start a project at ORG_UNIT (people who run projects there); its lead joins the team."""
    require(actor, Capability.RUN_PROJECTS, Project(org_unit=org_unit))
    unknown = set(fields) - set(EDITABLE) - {"adopted_from"}
    if unknown:
        raise ValidationError(f"These cannot be set on a project: {', '.join(sorted(unknown))}.")
    if stage in (Stage.CLOSED, Stage.ABANDONED):
        raise ValidationError({"stage": "A new project cannot start closed or abandoned."})
    _check_people(actor, fields)
    today = timezone.localdate()
    with acting_as(actor), transaction.atomic():
        project = create_object(
            Project,
            {"title": title.strip(), "aim_what": aim_what.strip(), "org_unit": org_unit,
             "stage": stage, "stage_changed_on": today, **fields},
            actor=actor,
        )  # fmt: skip
        _set_links(
            project,
            {"domains": domains, "goals": goals, "driver_nodes": driver_nodes},
            actor=actor,
        )
        ProjectStage.objects.create(project=project, stage=stage, changed_on=today)
        if project.lead is not None:
            name_on_object(project.lead, project, GrantRole.LEAD, actor=actor)
    return project


def update_project(
    project: Project,
    changes: Mapping[str, Any],
    *,
    actor: Any,
    expected_version: int | None = None,
) -> Project:
    """Change a project's questions, method or people (the stage moves with move_project_stage)."""
    require(actor, Capability.RUN_PROJECTS, project)
    changes = dict(changes)
    links = {name: changes.pop(name) for name in LINKS if name in changes}
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}.")
    _check_people(actor, changes, project)
    with acting_as(actor), transaction.atomic():
        new_lead = changes.get("lead")
        project = update_object(project, changes, actor=actor, expected_version=expected_version)
        _set_links(project, links, actor=actor)
        if new_lead is not None:
            name_on_object(new_lead, project, GrantRole.LEAD, actor=actor)
    return project


def summary_gaps(project: Project) -> list[str]:
    """What the learning summary still lacks (all of it when there is none)."""
    summary = LearningSummary.objects.filter(project=project).first()
    if summary is None:
        return ["problem", "changes tested", "results", "what others need to know"]
    fields = {
        "problem": summary.problem,
        "changes tested": summary.changes_tested,
        "results": summary.results,
        "what others need to know": summary.advice,
    }
    return [label for label, text in fields.items() if not (text or "").strip()]


def move_project_stage(project: Project, stage: str, *, actor: Any, note: str = "") -> Project:
    """Move the project to STAGE. Closing needs a complete learning summary, which is then
    published to the learning library; abandoning needs a reason."""
    require_manage(actor, project)
    if stage not in Stage.values:
        raise ValidationError({"stage": f"“{stage}” is not a project stage."})
    if stage == project.stage:
        raise ValidationError(
            {"stage": f"The project is already at “{project.get_stage_display()}”."}
        )
    if stage == Stage.CLOSED:
        gaps = summary_gaps(project)
        if gaps:
            raise ValidationError(
                {"stage": "A project cannot close without a learning summary: write the "
                 f"summary first (still missing: {', '.join(gaps)})."}
            )  # fmt: skip
    if stage == Stage.ABANDONED and not note.strip():
        raise ValidationError({"note": "Say why the project is being abandoned."})
    today = timezone.localdate()
    with acting_as(actor), transaction.atomic():
        changes: dict[str, Any] = {"stage": stage, "stage_changed_on": today}
        if stage in (Stage.CLOSED, Stage.ABANDONED) and note.strip():
            changes["closing_note"] = note.strip()
        project = update_object(project, changes, actor=actor)
        ProjectStage.objects.create(
            project=project, stage=stage, changed_on=today, note=note.strip()[:500]
        )
        if stage == Stage.CLOSED:
            summary = LearningSummary.objects.get(project=project)
            if summary.published_at is None:
                update_object(summary, {"published_at": timezone.now()}, actor=actor)
    return project


# ------------------------------------------------------------------------------------ team


def team_of(project: Project) -> list[ObjectGrant]:
    """The people named on the project (leads first), with their person rows."""
    grants = ObjectGrant.objects.filter(
        content_type=ContentType.objects.get_for_model(Project),
        object_id=project.pk,
        role__in=TEAM_ROLES,
        archived_at__isnull=True,
    ).select_related("person")
    return sorted(grants, key=lambda g: (g.role != GrantRole.LEAD, g.person.get_full_name()))


def add_team_member(
    project: Project, person: Any, *, role: str = GrantRole.TEAM_MEMBER, actor: Any
) -> ObjectGrant:
    """Name PERSON on the project's team (staff or patient partner); they may then see and
    work on it."""
    require_manage(actor, project)
    if role not in TEAM_ROLES:
        raise ValidationError({"role": "Choose team member or lead."})
    if person is None or not person.is_active:
        raise ValidationError({"person": "Choose an active person to join the team."})
    return name_on_object(person, project, role, actor=actor)


def remove_team_member(grant: ObjectGrant, *, actor: Any) -> None:
    """Take a person off the team (the grant is archived, so the history keeps it)."""
    project = grant.target
    if not isinstance(project, Project) or grant.role not in TEAM_ROLES:
        raise ValidationError("This is not a member of a project team.")
    require_manage(actor, project)
    archive_object(grant, actor=actor)


# -------------------------------------------------------------------------------- measures


def link_measure(project: Project, measure: Any, role: str, *, actor: Any) -> ProjectMeasure:
    """Link a measure the person may see to the project as an outcome, process or balancing
    measure."""
    require_manage(actor, project)
    if not restrict(type(measure).objects.filter(pk=measure.pk), actor, Capability.VIEW).exists():
        raise ValidationError({"measure": f"You may not see the measure {measure.code}."})
    if ProjectMeasure.objects.filter(project=project, measure=measure).exists():
        raise ValidationError({"measure": f"{measure.code} is already linked to this project."})
    return create_object(
        ProjectMeasure, {"project": project, "measure": measure, "role": role}, actor=actor
    )


# What a project team gives when it defines a new measure from the project page; the rest of
# the definition (numerator, limits, owner, rule profile …) is completed on the measure's page.
NEW_MEASURE_FIELDS = (
    "code", "name", "definition", "unit_label", "chart_type", "direction", "frequency",
    "org_unit",
)  # fmt: skip
CODE_MAX = 40  # Measure.code
CODE_PATTERN = re.compile(MEASURE_CODE_PATTERN)
CODE_RULE = MEASURE_CODE_RULE


def may_define_measure_for(user: Any, project: Project) -> bool:
    """May USER define a new measure for PROJECT: define measures at its unit (control's rule)
    and run the project (to link the measure to it)?"""
    return may(user, Capability.RUN_PROJECTS, project) and may(
        user, Capability.DEFINE_MEASURES, project.org_unit
    )


def require_define_measure_for(user: Any, project: Project) -> None:
    """Refuse, naming the missing permission, unless may_define_measure_for(USER, PROJECT)."""
    require(user, Capability.RUN_PROJECTS, project)
    require(user, Capability.DEFINE_MEASURES, project.org_unit)


def measure_code_problem(code: str) -> str | None:
    """Why CODE cannot be a new measure's code, or None. Codes are unique whatever their case
    (measures are linked by code without regard to case), archived measures included."""
    if not CODE_PATTERN.fullmatch(code):
        return CODE_RULE
    if len(code) > CODE_MAX:
        return f"The code must be {CODE_MAX} characters or fewer (it has {len(code)})"
    if Measure.objects.filter(code__iexact=code).exists():
        return f"There is already a measure with the code “{code}”: choose another code"
    return None


def suggest_measure_code(project: Project) -> str:
    """A free code made from the project: its unit's code, P and the project's number, M and
    the next number free, for example WARDA-P12-M1."""
    base = f"-P{project.pk}-M"
    unit_code = re.sub(r"[^A-Za-z0-9._-]", "", project.org_unit.code).upper() or "UNIT"
    prefix = unit_code[: CODE_MAX - len(base) - 3] + base
    taken = {
        code.upper()
        for code in Measure.objects.filter(code__istartswith=prefix).values_list("code", flat=True)
    }
    number = 1
    while f"{prefix}{number}".upper() in taken:
        number += 1
    return f"{prefix}{number}"


def define_measure_for_project(
    project: Project, *, role: str, actor: Any, **fields: Any
) -> ProjectMeasure:
    """Define a new measure (through control's create_measure, which checks that ACTOR may
    define measures at its unit) and link it to PROJECT as ROLE: one transaction, audited.
    The unit defaults to the project's."""
    require(actor, Capability.RUN_PROJECTS, project)
    unknown = set(fields) - set(NEW_MEASURE_FIELDS)
    if unknown:
        raise ValidationError(
            f"These cannot be set on a new measure here: {', '.join(sorted(unknown))}."
        )
    if role not in MeasureRole.values:
        raise ValidationError(
            {"role": "Choose whether it is an outcome, process or balancing measure"}
        )
    fields = {name: value for name, value in fields.items() if value is not None}
    fields["org_unit"] = fields.get("org_unit") or project.org_unit
    require(actor, Capability.DEFINE_MEASURES, fields["org_unit"])
    for name in ("code", "name", "definition", "unit_label"):
        fields[name] = str(fields.get(name) or "").strip()
    if not fields["code"]:
        raise ValidationError({"code": "Enter a code for the measure"})
    if not fields["name"]:
        raise ValidationError({"name": "Enter the measure's name"})
    problem = measure_code_problem(fields["code"])
    if problem:
        raise ValidationError({"code": problem})
    try:
        with acting_as(actor), transaction.atomic():
            measure = create_measure(fields, actor=actor)
            link = link_measure(project, measure, role, actor=actor)
    except IntegrityError as error:  # the same code saved by someone else a moment ago
        taken = f"There is already a measure with the code “{fields['code']}”: choose another code"
        raise ValidationError({"code": taken}) from error
    return link


def unlink_measure(link: ProjectMeasure, *, actor: Any) -> None:
    """Remove a measure from the project (the measure and its data stay)."""
    require_manage(actor, link.project)
    with acting_as(actor), transaction.atomic():
        link.delete()


def touch_projects(project_ids: Iterable[int], when: dt.datetime | None = None) -> int:
    """Record activity (a PDSA cycle, new data) on projects: they are no longer quiet."""
    ids = list(project_ids)
    if not ids:
        return 0
    return Project.objects.filter(pk__in=ids).update(
        last_activity_at=when or timezone.now(), quiet_flagged_on=None
    )


def may_run(user: Any, project: Project) -> bool:
    return may(user, Capability.RUN_PROJECTS, project)


def may_manage(user: Any, project: Project) -> bool:
    """May USER steer the project: move its stage, name or remove team members, link
    measures. A patient partner on the team works on the project (its cycles, its change
    ideas) but does not steer it, and is shown no list of the unit's staff."""
    return may_run(user, project) and not getattr(user, "is_patient_partner", False)


def require_manage(user: Any, project: Project) -> None:
    require(user, Capability.RUN_PROJECTS, project)
    if getattr(user, "is_patient_partner", False):
        raise PermissionDenied(
            "Patient partners on the team work on the project; its stage, team and measures "
            "are managed by its staff."
        )
