"""Demo data of audits: 20 templates citing the trust's internal standards; two years of
monthly signed-off runs of six of them on four wards (manager's among them) and the last 13
months of the other fourteen (so that every standard they cite shows compliance), each series
a monthly % compliant measure with its target; findings of the last quarter's failed
questions with actions in every status; and one audit in progress for `auditor` on
manager's ward. The programme has the audited templates on those wards since the first run
(medicines storage quarterly), half of it assigned to `auditor`, and NEWS2 newly added to
manager's ward and overdue; one finding on manager's ward has started an improvement project
watching its audit measure. Everything is bulk-created (the history records each bulk
write), except that project, started by `manager` through improvement's front door."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from quadrant.actions.public import Action, ActionStatus
from quadrant.assurance.audits.choices import (
    AuditKind,
    FindingStatus,
    QuestionKind,
    RunStatus,
    ScheduleFrequency,
)
from quadrant.assurance.audits.demo_data import TEMPLATES
from quadrant.assurance.audits.finding_projects import FINDING_ORIGIN, propose
from quadrant.assurance.audits.models import (
    AuditAnswer,
    AuditFinding,
    AuditMeasure,
    AuditQuestion,
    AuditRun,
    AuditSchedule,
    AuditSection,
    AuditTemplate,
)
from quadrant.assurance.audits.scoring import score_run
from quadrant.assurance.audits.services.findings import describe_failure
from quadrant.assurance.audits.services.measures import measure_code, measure_name
from quadrant.assurance.standards.models import Standard
from quadrant.control.public import (
    ChartType,
    Direction,
    Frequency,
    Measure,
    MeasureTarget,
    Observation,
)
from quadrant.improvement.public import start_project_from
from quadrant.organisation.choices import Role
from quadrant.organisation.models import Membership

AUDITED_TEMPLATES = 6  # two years of monthly runs; the other templates have RECENT_MONTHS
AUDITED_WARDS = 4
MONTHS = 24
RECENT_MONTHS = 13  # enough points for an SPC icon, so every standard the audits cite has a trend
INTERNAL_FRAMEWORK = "trust-standards"
KINDS = {"environment": AuditKind.WARD_INSPECTION, "resus-trolley": AuditKind.WARD_INSPECTION,
         "cd-check": AuditKind.WARD_INSPECTION, "staffing": AuditKind.WARD_INSPECTION,
         "dignity": AuditKind.ACCREDITATION, "end-of-life": AuditKind.ACCREDITATION,
         "peer-review": AuditKind.PEER_REVIEW}  # fmt: skip
QUARTERLY = "medicines-storage"
NEWLY_ADDED = "news2"  # on manager's ward for three months, never done: overdue
ACTION_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE,
                   ActionStatus.VERIFIED]  # fmt: skip


def seed_audits(context: Any, wards: list[Any] | None = None) -> None:
    """The demo's audits on four wards, or on WARDS (the compliance benchmark audits every
    ward of the large trust)."""
    rng = context.rng_for("audits")
    templates = _templates()
    wards = wards if wards is not None else _wards(context)
    auditor = context.people["auditor"]
    reference = context.reference_date
    months = [_month_back(reference, n) for n in range(MONTHS, 0, -1)]
    questions = _questions_by_template()
    runs: list[AuditRun] = []
    answers: list[list[AuditAnswer]] = []
    for number, template in enumerate(templates):
        history = months if number < AUDITED_TEMPLATES else months[-RECENT_MONTHS:]
        for ward in wards:
            # NEWS2 is new on manager's ward, never done there (_programme): its runs are drawn
            # and dropped, so that every other series stays as it was.
            never_done = template.code == NEWLY_ADDED and ward == wards[0]
            level = rng.uniform(0.7, 0.95)
            gain = rng.uniform(-0.002, 0.008)
            for index, month in enumerate(history):
                chance = min(0.995, level + gain * index)
                day = month + dt.timedelta(days=rng.randint(2, 25))
                run = AuditRun(template=template, org_unit=ward, auditor=auditor, run_date=day,
                               status=RunStatus.SIGNED_OFF, signed_off_by=auditor,
                               signed_off_at=_at(day))  # fmt: skip
                given = [_answer(rng, run, q, chance) for q in questions[template.pk]]
                result = score_run(zip(questions[template.pk], given, strict=True),
                                   template.pass_threshold)  # fmt: skip
                run.score, run.passed = result.percent, result.passed
                if not never_done:
                    runs.append(run)
                    answers.append(given)
    AuditRun.objects.bulk_create(runs)
    for run, given in zip(runs, answers, strict=True):
        for answer in given:
            answer.run = run
    AuditAnswer.objects.bulk_create(answer for given in answers for answer in given)
    _measures(runs)
    _findings(rng, runs, answers, questions, context, reference)
    _in_progress(templates[0], context.manager_ward, auditor, questions, reference)
    _programme(templates, wards, auditor, months[0], reference)
    _project_from_a_finding(context)
    context.log(f"audits: {len(templates)} templates, {len(runs):,} signed-off runs")


def _templates() -> list[AuditTemplate]:
    standards = dict(
        Standard.objects.filter(framework__code=INTERNAL_FRAMEWORK).values_list("code", "pk")
    )
    templates = AuditTemplate.objects.bulk_create(
        AuditTemplate(
            code=code,
            title=title,
            pass_threshold=Decimal(threshold),
            kind=KINDS.get(code, AuditKind.CLINICAL_AUDIT),
        )
        for code, title, threshold, _ in TEMPLATES
    )
    sections: list[AuditSection] = []
    planned: list[tuple[AuditSection, list[Any]]] = []
    for template, (_, _, _, parts) in zip(templates, TEMPLATES, strict=True):
        for order, (title, asked) in enumerate(parts, 1):
            section = AuditSection(template=template, title=title, order=order)
            sections.append(section)
            planned.append((section, asked))
    AuditSection.objects.bulk_create(sections)
    rows: list[AuditQuestion] = []
    cited: list[str] = []
    for section, asked in planned:
        for order, (text, kind, standard, extra) in enumerate(asked, 1):
            rows.append(AuditQuestion(section=section, text=text, kind=kind, order=order,
                                      evidence="optional", **extra))  # fmt: skip
            cited.append(standard)
    AuditQuestion.objects.bulk_create(rows)
    through = AuditQuestion.standards.through
    through.objects.bulk_create(
        through(auditquestion_id=question.pk, standard_id=standards[code])
        for question, code in zip(rows, cited, strict=True)
        if code in standards
    )
    return templates


def _questions_by_template() -> dict[int, list[AuditQuestion]]:
    found: dict[int, list[AuditQuestion]] = {}
    for question in AuditQuestion.objects.select_related("section"):
        found.setdefault(question.section.template_id, []).append(question)
    return found


def _wards(context: Any) -> list[Any]:
    wards = sorted((u for u in context.units.values() if u.kind == "ward"), key=lambda u: u.code)
    manager_ward = context.manager_ward
    others = [ward for ward in wards if ward != manager_ward][: AUDITED_WARDS - 1]
    return [manager_ward, *others]


def _answer(rng: random.Random, run: AuditRun, question: AuditQuestion, chance: float) -> Any:
    good = rng.random() < chance
    answer = AuditAnswer(run=run, question=question)
    if question.kind == QuestionKind.YES_NO:
        answer.choice = "na" if rng.random() < 0.03 else ("yes" if good else "no")
    elif question.kind == QuestionKind.SCORE:
        top = question.max_score or 1
        answer.score = top if good else rng.randint(max(0, top - 3), top - 1)
    elif question.kind == QuestionKind.NUMBER:
        low, high = question.pass_min, question.pass_max
        inside = low if low is not None else (high or 0)
        if low is not None and high is not None:
            inside = round(rng.uniform(low, high), 1)
        answer.number = inside if good else (low - 1 if low is not None else (high or 0) + 1)
    elif question.kind == QuestionKind.CHOICE:
        options = question.choice_list
        answer.choice = question.passing_list[0] if good else options[-1]
    else:
        answer.text = rng.choice(["Nothing further.", "Busy shift; staff engaged.", "Good."])
    return answer


def _measures(runs: list[AuditRun]) -> None:
    series: dict[tuple[str, int], list[AuditRun]] = {}
    for run in runs:
        series.setdefault((run.template.code, run.org_unit_id), []).append(run)
    measures, links, targets, points = [], [], [], []
    for (code, _), of_series in series.items():
        first = of_series[0]
        template, unit = first.template, first.org_unit
        measure = Measure(
            code=measure_code(code, unit), name=measure_name(template, unit), unit_label="%",
            definition=f"The score of each signed-off “{template.title}” audit on {unit}.",
            chart_type=ChartType.XMR, direction=Direction.INCREASE, frequency=Frequency.MONTH,
            org_unit=unit, data_source="Audits", valid_min=0.0, valid_max=100.0,
        )  # fmt: skip
        measures.append(measure)
        links.append(AuditMeasure(template_code=code, org_unit=unit, measure=measure))
        start = first.run_date.replace(day=1)
        targets.append(MeasureTarget(measure=measure, value=float(template.pass_threshold),
                                     effective_from=start))  # fmt: skip
        for run in of_series:
            if run.score is not None:
                points.append(Observation(measure=measure, period=run.run_date.replace(day=1),
                                          value=float(run.score)))  # fmt: skip
    Measure.objects.bulk_create(measures)
    AuditMeasure.objects.bulk_create(links)
    MeasureTarget.objects.bulk_create(targets)
    Observation.objects.bulk_create(points)


def _findings(
    rng: random.Random,
    runs: list[AuditRun],
    answers: list[list[AuditAnswer]],
    questions: dict[int, list[AuditQuestion]],
    context: Any,
    reference: dt.date,
) -> None:
    since = _month_back(reference, 3)
    findings: list[AuditFinding] = []
    for run, given in zip(runs, answers, strict=True):
        if run.run_date < since:
            continue
        pairs = list(zip(questions[run.template_id], given, strict=True))
        for question in score_run(pairs, run.template.pass_threshold).failed:
            answer = given[questions[run.template_id].index(question)]
            findings.append(AuditFinding(run=run, question=question,
                                         summary=describe_failure(question, answer)))  # fmt: skip
    AuditFinding.objects.bulk_create(findings)
    owners = _managers(context)
    finding_type = ContentType.objects.get_for_model(AuditFinding)
    statuses = _cycle(ACTION_STATUSES)
    actions = []
    for finding in findings:
        roll = rng.random()
        if roll < 0.15:
            finding.status = FindingStatus.CLOSED
            continue
        if roll > 0.7:
            continue  # still open
        finding.status = FindingStatus.ACTIONED
        actions.append(_action(finding, next(statuses), owners, context, finding_type, reference))
    AuditFinding.objects.bulk_update(findings, ["status"])
    Action.objects.bulk_create(actions)


def _action(finding: AuditFinding, status: str, owners: dict[int, Any], context: Any,
            finding_type: Any, reference: dt.date) -> Action:  # fmt: skip
    unit = finding.run.org_unit
    owner = owners.get(unit.pk) or context.people["manager"]
    done = status in (ActionStatus.DONE, ActionStatus.VERIFIED)
    return Action(
        title=f"Put right: {finding.question.text}"[:200],
        description=f"Audit finding: {finding.summary}",
        source_type=finding_type, source_id=finding.pk, owner=owner, org_unit=unit,
        due_date=finding.run.run_date + dt.timedelta(days=28), status=status,
        completed_at=_at(min(reference, finding.run.run_date + dt.timedelta(days=14)))
        if done else None,
        evidence="Re-audited on the ward and found compliant." if done else "",
        verified_by=context.people["quality"] if status == ActionStatus.VERIFIED else None,
        verified_at=_at(reference) if status == ActionStatus.VERIFIED else None,
    )  # fmt: skip


def _in_progress(
    template: AuditTemplate,
    ward: Any,
    auditor: Any,
    questions: dict[int, list[AuditQuestion]],
    reference: dt.date,
) -> None:
    run = AuditRun.objects.create(template=template, org_unit=ward, auditor=auditor,
                                  run_date=reference)  # fmt: skip
    first = questions[template.pk][:2]
    AuditAnswer.objects.bulk_create(
        AuditAnswer(run=run, question=question, choice="yes") for question in first
    )


def _programme(
    templates: list[AuditTemplate],
    wards: list[Any],
    auditor: Any,
    first: dt.date,
    reference: dt.date,
) -> None:
    """The audited templates on the audited wards since the first month of runs, assigned to
    `auditor` on every other ward; NEWS2 added to manager's ward three months ago."""
    schedules = [
        AuditSchedule(
            template_code=template.code,
            org_unit=ward,
            created_at=_at(first),
            frequency=ScheduleFrequency.QUARTER
            if template.code == QUARTERLY
            else ScheduleFrequency.MONTH,
            assignee=auditor if index % 2 == 0 else None,
        )
        for template in templates[:AUDITED_TEMPLATES]
        for index, ward in enumerate(wards)
    ]
    schedules.append(
        AuditSchedule(
            template_code=NEWLY_ADDED,
            org_unit=wards[0],
            created_at=_at(_month_back(reference, 3)),
            assignee=auditor,
        )
    )
    AuditSchedule.objects.bulk_create(schedules)


def _project_from_a_finding(context: Any) -> None:
    """`manager` starts a project from the newest open finding on their ward, as the finding's
    page would (improvement's service checks and records it)."""
    manager = context.people["manager"]
    finding = (
        AuditFinding.objects.filter(run__org_unit=context.manager_ward, status=FindingStatus.OPEN)
        .select_related("run__template", "question")
        .order_by("-run__run_date", "pk")
        .first()
    )
    if finding is None:
        return
    proposal = propose(finding)
    fields = {**proposal.initial, "org_unit": proposal.unit, "lead": manager}
    start_project_from(FINDING_ORIGIN, finding, fields, measures=proposal.measures, actor=manager)


def _managers(context: Any) -> dict[int, Any]:
    rows = Membership.objects.filter(role=Role.MANAGER).select_related("person").order_by("pk")
    return {row.org_unit_id: row.person for row in rows}


def _month_back(reference: dt.date, months: int) -> dt.date:
    index = reference.year * 12 + reference.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14, 0)))


def _cycle(items: list[Any]) -> Iterator[Any]:
    while True:
        yield from items
