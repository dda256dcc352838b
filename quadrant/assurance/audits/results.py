"""What a signed-off run's page shows: the score against the threshold, the failed questions
and the change since the last signed-off run of the same template (any version) on that unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from quadrant.assurance.audits.choices import RunStatus
from quadrant.assurance.audits.models import AuditAnswer, AuditMeasure, AuditQuestion, AuditRun
from quadrant.assurance.audits.scoring import compliance
from quadrant.control.public import Measure
from quadrant.core.permissions import Capability, restrict


@dataclass(frozen=True)
class RunResult:
    score: Decimal | None
    passed: bool | None
    threshold: Decimal
    failed: list[tuple[AuditQuestion, AuditAnswer, Any]]  # with the finding it raised
    previous: AuditRun | None
    measure: Any = None  # the series' control measure, when the reader may see it

    @property
    def change(self) -> Decimal | None:
        if self.previous is None or self.previous.score is None or self.score is None:
            return None
        return self.score - self.previous.score

    @property
    def change_size(self) -> Decimal | None:
        return None if self.change is None else abs(self.change)


def previous_run(run: AuditRun) -> AuditRun | None:
    """The last signed-off run before RUN of the same template on the same unit."""
    return (
        AuditRun.objects.filter(
            template__code=run.template.code,
            org_unit_id=run.org_unit_id,
            status=RunStatus.SIGNED_OFF,
            archived_at__isnull=True,
        )
        .filter(
            Q(run_date__lt=run.run_date)
            | Q(run_date=run.run_date, signed_off_at__lt=run.signed_off_at)
        )
        .order_by("-run_date", "-signed_off_at", "-pk")
        .first()
    )


def failed_questions(
    pairs: list[tuple[AuditQuestion, AuditAnswer | None]],
) -> list[tuple[AuditQuestion, AuditAnswer]]:
    """The questions answered less than fully compliant, in the template's order."""
    failed = []
    for question, answer in pairs:
        degree = compliance(question, answer)
        if answer is not None and degree is not None and degree < 1:
            failed.append((question, answer))
    return failed


def series_measure(run: AuditRun, user: Any) -> Any:
    """The control measure of RUN's template and unit, if USER may see it."""
    series = AuditMeasure.objects.filter(
        template_code=run.template.code, org_unit_id=run.org_unit_id
    ).first()
    if series is None:
        return None
    return restrict(Measure.objects.filter(pk=series.measure_id), user, Capability.VIEW).first()


def run_result(run: AuditRun, pairs: list[Any], user: Any) -> RunResult:
    findings = {finding.question_id: finding for finding in run.findings.all()}
    return RunResult(
        score=run.score,
        passed=run.passed,
        threshold=run.template.pass_threshold,
        failed=[(q, a, findings.get(q.pk)) for q, a in failed_questions(pairs)],
        previous=previous_run(run),
        measure=series_measure(run, user),
    )
