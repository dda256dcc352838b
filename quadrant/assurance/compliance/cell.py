"""One cell of the matrix, opened: a standard's compliance on a unit (and the units below
it) — the figure, the latest runs that count for it, the questions they failed, and the
monthly trend as an SPC chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from quadrant.assurance.audits.choices import RunStatus
from quadrant.assurance.audits.models import AuditAnswer, AuditQuestion, AuditRun
from quadrant.assurance.audits.scoring import compliance
from quadrant.assurance.compliance.evidence import evidence_of
from quadrant.assurance.compliance.rule import (
    Evidence,
    Figure,
    default_threshold,
    evidenced_span,
    monthly_percent,
)
from quadrant.assurance.standards.coverage import mapped_to
from quadrant.assurance.standards.models import Standard
from quadrant.control.public import PHONE_CHART, describe_values, render_svg
from quadrant.organisation.models import OrgUnit

SHOWN = 50  # runs and failed answers listed; the page says how many more there are


@dataclass(frozen=True)
class FailedAnswer:
    run: AuditRun
    question: AuditQuestion
    answer: AuditAnswer


@dataclass(frozen=True)
class CellDetail:
    standard: Standard
    unit: OrgUnit
    has_units_below: bool
    via: Standard | None  # the internal standard an external one counts through
    figure: Figure
    threshold: float
    runs: list[AuditRun]
    run_count: int
    failed: list[FailedAnswer]
    failed_count: int
    description: dict[str, Any]
    svg: str
    svg_narrow: str


def cited_standards(standard: Standard) -> tuple[list[int], Standard | None]:
    """The standards whose questions count for STANDARD: itself and, for an external one,
    the internal standard it is mapped to."""
    via = None if standard.framework.is_internal else mapped_to(standard)
    return [standard.pk] + ([via.pk] if via is not None else []), via


def latest_runs(unit: OrgUnit, questions: QuerySet[AuditQuestion]) -> QuerySet[AuditRun]:
    """The latest signed-off run of each template (by code) on UNIT and every unit below it,
    of the templates that ask QUESTIONS."""
    signed = AuditRun.objects.filter(status=RunStatus.SIGNED_OFF, archived_at__isnull=True)
    later = signed.filter(
        template__code=OuterRef("template__code"), org_unit_id=OuterRef("org_unit_id")
    ).filter(
        Q(run_date__gt=OuterRef("run_date"))
        | Q(run_date=OuterRef("run_date"), signed_off_at__gt=OuterRef("signed_off_at"))
        | Q(run_date=OuterRef("run_date"), signed_off_at=OuterRef("signed_off_at"),
            pk__gt=OuterRef("pk"))
    )  # fmt: skip
    templates = questions.values("section__template_id")
    return (
        signed.filter(org_unit__path__startswith=unit.path, template_id__in=templates)
        .exclude(Exists(later))
        .select_related("template", "org_unit")
        .order_by("-run_date", "org_unit__name", "pk")
    )


def failed_answers(runs: list[AuditRun], questions: QuerySet[AuditQuestion]) -> list[FailedAnswer]:
    """The answers in RUNS to QUESTIONS that were less than fully compliant."""
    by_run = {run.pk: run for run in runs}
    answers = (
        AuditAnswer.objects.filter(run_id__in=list(by_run), question__in=questions)
        .filter(archived_at__isnull=True)
        .select_related("question")
        .order_by("run_id", "question__section__order", "question__order", "question_id")
    )
    failed = []
    for answer in answers:
        degree = compliance(answer.question, answer)
        if degree is not None and degree < 1:
            failed.append(FailedAnswer(by_run[answer.run_id], answer.question, answer))
    failed.sort(key=lambda item: (-item.run.run_date.toordinal(), item.run.org_unit.name))
    return failed


def trend(
    standard: Standard, unit: OrgUnit, evidence: Evidence | None = None
) -> tuple[list[dt.date], list[float | None], float]:
    """The monthly percentages of STANDARD on UNIT (pooled over the units below it), from
    the first month with evidence to the last, and the target."""
    evidence = evidence or evidence_of(standard.framework)
    s = evidence.standard_index.get(standard.pk)
    u = evidence.unit_index.get(unit.pk)
    if s is None or u is None:
        return [], [], default_threshold()
    achieved, possible = evidence.monthly(u)
    span = evidenced_span(possible[s])
    threshold = float(evidence.thresholds[s])
    if span is None:
        return [], [], threshold
    percent = monthly_percent(achieved[s], possible[s])[span[0] : span[1]]
    values = [None if value != value else round(float(value), 2) for value in percent]
    return evidence.months[span[0] : span[1]], values, threshold


def latest_figure(standard: Standard, unit: OrgUnit, evidence: Evidence | None = None) -> Figure:
    """STANDARD's figure on UNIT from the latest runs (pooled over the units below it)."""
    evidence = evidence or evidence_of(standard.framework)
    s = evidence.standard_index.get(standard.pk)
    u = evidence.unit_index.get(unit.pk)
    if s is None or u is None:
        return Figure(0.0, 0.0, 0)
    achieved, possible, answers = evidence.latest(u)
    return Figure(float(achieved[s]), float(possible[s]), int(answers[s]))


def cell_detail(standard: Standard, unit: OrgUnit) -> CellDetail:
    """Everything the cell's page shows (UNIT already checked readable by the reader)."""
    cited, via = cited_standards(standard)
    questions = AuditQuestion.objects.filter(standards__in=cited)
    runs_found = latest_runs(unit, questions)
    runs = list(runs_found[:SHOWN])
    run_count = len(runs) if len(runs) < SHOWN else runs_found.count()
    failed = failed_answers(list(runs_found), questions)
    evidence = evidence_of(standard.framework)
    months, values, threshold = trend(standard, unit, evidence)
    name = f"{standard.code} {standard.title}: % compliant, {unit.name}"
    description = describe_values(name, months, values, unit_label="%", target=threshold)
    return CellDetail(
        standard=standard,
        unit=unit,
        has_units_below=OrgUnit.objects.filter(parent=unit, archived_at__isnull=True).exists(),
        via=via,
        figure=latest_figure(standard, unit, evidence),
        threshold=threshold,
        runs=runs,
        run_count=run_count,
        failed=failed[:SHOWN],
        failed_count=len(failed),
        description=description,
        svg=render_svg(description),
        svg_narrow=render_svg(description, size=PHONE_CHART),
    )
