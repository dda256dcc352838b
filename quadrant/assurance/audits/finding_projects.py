"""A failing audit opens an improvement project: the origin that improvement's create page is
given for `?from=audit-finding:<id>` (improvement.public.register_project_origin). The project
starts at the run's unit, titled from the question, with the problem told from the finding
and the run's score, and the control measure of the template on the unit proposed as its
outcome measure; on saving, the finding keeps the project (AuditFinding.projects, read both
ways through the link registry)."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.audits.models import AuditFinding, AuditMeasure
from quadrant.assurance.audits.services.findings import link_finding_project
from quadrant.core.permissions import Capability, restrict
from quadrant.improvement.public import ProjectOrigin, ProjectProposal

ORIGIN_NAME = "audit-finding"
FINDINGS = AuditFinding.objects.select_related("run__template", "run__org_unit", "question")


def start_url_query(finding: AuditFinding) -> str:
    """The query of improvement's create page that starts a project from FINDING."""
    return f"?from={ORIGIN_NAME}:{finding.pk}"


def find(user: Any, pk: int) -> AuditFinding | None:
    visible = restrict(FINDINGS, user, Capability.VIEW).filter(archived_at__isnull=True)
    return visible.filter(pk=pk).first()


def problem_of(finding: AuditFinding) -> str:
    """The problem as the finding and its run tell it, to begin the project's aim."""
    run = finding.run
    score = f"scored {run.score}%" if run.score is not None else "was scored"
    return (
        f"The “{run.template}” audit of {run.org_unit} on {run.run_date:%d %B %Y} {score} "
        f"against a pass threshold of {run.template.pass_threshold}%, and failed "
        f"“{finding.summary}”. Aim: bring this back into compliance and keep it there."
    )


def propose(finding: AuditFinding) -> ProjectProposal:
    run = finding.run
    measures = [
        series.measure
        for series in AuditMeasure.objects.filter(
            template_code=run.template.code, org_unit_id=run.org_unit_id
        ).select_related("measure")
    ]
    return ProjectProposal(
        unit=run.org_unit,
        initial={"title": finding.question.text[:200], "aim_what": problem_of(finding)},
        description=f"the audit finding “{finding.summary}”",
        url=finding.get_absolute_url(),
        measures=measures,
    )


def started(project: Any, finding: AuditFinding, actor: Any) -> None:
    link_finding_project(finding, project, actor=actor)


FINDING_ORIGIN = ProjectOrigin(ORIGIN_NAME, find, propose, started)
