"""What a signed-off run feeds on: the control measure of its template and unit, and a finding
for each failed question."""

from __future__ import annotations

from typing import Any

from quadrant.assurance.audits.models import AuditRun
from quadrant.assurance.audits.scoring import RunScore
from quadrant.assurance.audits.services.findings import raise_findings
from quadrant.assurance.audits.services.measures import feed_measure


def after_sign_off(run: AuditRun, result: RunScore, answers: dict[int, Any], *, actor: Any) -> None:
    """Called inside the sign-off's transaction, so that a failure undoes the sign-off."""
    feed_measure(run)
    raise_findings(run, [(question, answers[question.pk]) for question in result.failed])
