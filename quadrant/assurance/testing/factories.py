"""Minimal valid assurance records for tests that walk every model (core.testing.factories):
evidence is a titled reference (a linked record needs both halves of its link); a
self-assessment's scores are 1 to 4; a safety event needs a unique reference and a harm."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from quadrant.assurance.cqc.models import CategoryScore, SelfAssessment, StatementScore
from quadrant.assurance.incidents.models import PatientDetails, ReportDraft, SafetyEvent
from quadrant.assurance.standards.models import Standard, StandardEvidence
from quadrant.core.testing.factories import build, register_factory


@register_factory(StandardEvidence)
def _evidence(world: Any) -> StandardEvidence:
    standard = build(Standard, world)
    standard.save()
    return StandardEvidence(standard=standard, title="Hand hygiene audit, March")


@register_factory(StatementScore)
def _statement_score(world: Any) -> StatementScore:
    return StatementScore(
        assessment=_saved(build(SelfAssessment, world)),
        statement=_saved(build(Standard, world)),
        score=3,
    )


@register_factory(CategoryScore)
def _category_score(world: Any) -> CategoryScore:
    from quadrant.assurance.standards.models import EvidenceCategory

    row = _saved(_statement_score(world))
    category = build(EvidenceCategory, world)
    category.framework = row.statement.framework
    return CategoryScore(statement_score=row, category=_saved(category), score=2)


_event_numbers = itertools.count(1)


def _saved(obj: Any) -> Any:
    obj.save()
    return obj


@register_factory(SafetyEvent)
def _safety_event(world: Any) -> SafetyEvent:
    number = next(_event_numbers)
    return SafetyEvent(
        reference=f"PSE-2026-9{number:05d}",
        event_type="incident",
        occurred_on=dt.date(2026, 3, 1),
        org_unit=world.org.ward_a,
        affected="patient",
        description="A patient slipped in the bathroom.",
        physical_harm="low",
        category="falls",
    )


@register_factory(PatientDetails)
def _patient_details(world: Any) -> PatientDetails:
    return PatientDetails(
        event=_saved(_safety_event(world)), name="Test Patient", nhs_number="9434765919"
    )


@register_factory(ReportDraft)
def _report_draft(world: Any) -> ReportDraft:
    from quadrant.organisation.models import Person

    return ReportDraft(author=_saved(build(Person, world)), data={"description": "Draft"})
