"""Minimal valid assurance records for tests that walk every model (core.testing.factories):
evidence is a titled reference (a linked record needs both halves of its link); a
self-assessment's scores are 1 to 4; a risk's levels are 1 to 5 and its assurance links a
record that exists; a safety event needs a unique reference and a harm; a response plan's
version is the next number."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from quadrant.assurance.audits.models import AuditEvidence, AuditQuestion, AuditRun
from quadrant.assurance.baf.models import BafCommittee, BafQuarter, PrincipalRisk
from quadrant.assurance.cqc.models import CategoryScore, SelfAssessment, StatementScore
from quadrant.assurance.incidents.candour.models import CandourRecord
from quadrant.assurance.incidents.models import PatientDetails, ReportDraft, SafetyEvent
from quadrant.assurance.incidents.response.models import ResponsePlan, ResponseRule
from quadrant.assurance.risks.models import (
    EscalationThreshold,
    Risk,
    RiskAssurance,
    RiskCategory,
    RiskReview,
)
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


@register_factory(Risk)
def _risk(world: Any) -> Risk:
    import datetime as dt

    return Risk(
        title="Falls on the ward at night",
        cause="Because of fewer staff at night",
        event="there is a risk that patients fall unseen",
        effect="which would lead to harm",
        org_unit=world.org.ward_a,
        owner=world.people["manager"],
        category=_saved(build(RiskCategory, world)),
        initial_likelihood=4, initial_consequence=4,
        current_likelihood=3, current_consequence=4,
        target_likelihood=2, target_consequence=3,
        review_date=dt.date(2027, 1, 1),
    )  # fmt: skip


@register_factory(RiskReview)
def _risk_review(world: Any) -> RiskReview:
    import datetime as dt

    return RiskReview(
        risk=_saved(_risk(world)), reviewed_on=dt.date(2026, 11, 1), likelihood=3,
        consequence=4, reviewed_by=world.people["manager"],
    )  # fmt: skip


@register_factory(RiskAssurance)
def _risk_assurance(world: Any) -> RiskAssurance:
    from django.contrib.contenttypes.models import ContentType

    risk = _saved(_risk(world))
    return RiskAssurance(
        risk=risk, linked_type=ContentType.objects.get_for_model(risk.org_unit),
        linked_id=risk.org_unit.pk,
    )  # fmt: skip


@register_factory(EscalationThreshold)
def _threshold(world: Any) -> EscalationThreshold:
    """On a unit of the fixture organisation that has none yet (one a unit)."""
    from dataclasses import fields

    taken = set(EscalationThreshold.objects.values_list("org_unit_id", flat=True))
    units = [getattr(world.org, f.name) for f in fields(world.org)]
    unit = next(unit for unit in units if unit.pk not in taken)
    return EscalationThreshold(org_unit=unit, threshold=15)


_event_numbers = itertools.count(1)


def _saved(obj: Any) -> Any:
    obj.save()
    return obj


@register_factory(AuditEvidence)
def _audit_evidence(world: Any) -> AuditEvidence:
    """A small real photo, stored when the row is saved (the walks read it back)."""
    from django.core.files.base import ContentFile

    from quadrant.core.testing.uploads import jpeg_with_location

    photo = jpeg_with_location((8, 8))
    run = _saved(build(AuditRun, world))
    question = _saved(build(AuditQuestion, world))
    fields = {"file": ContentFile(photo, name="walk.jpg"), "name": "Gel dispenser.jpg",
              "content_type": "image/jpeg", "size": len(photo)}  # fmt: skip
    return AuditEvidence(run=run, question=question, **fields)


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


@register_factory(CandourRecord)
def _candour_record(world: Any) -> CandourRecord:
    event = _safety_event(world)
    event.physical_harm, event.duty_of_candour = "moderate", True
    return CandourRecord(event=_saved(event), aware_on=dt.date(2026, 3, 2), nation="ENG",
                         deadline=dt.date(2026, 3, 16))  # fmt: skip


@register_factory(ResponsePlan)
def _response_plan(world: Any) -> ResponsePlan:
    top = ResponsePlan.objects.order_by("-number").values_list("number", flat=True).first()
    return ResponsePlan(number=(top or 0) + 1, status="draft", summary="A revision")


@register_factory(ResponseRule)
def _response_rule(world: Any) -> ResponseRule:
    return ResponseRule(
        plan=_saved(_response_plan(world)), order=1, title="Falls with moderate harm",
        category="falls", min_physical_harm="moderate", response_type="after_action_review",
        timescale_days=30,
    )  # fmt: skip


_committee_numbers = itertools.count(1)
_quarter_numbers = itertools.count(0)


@register_factory(BafCommittee)
def _baf_committee(world: Any) -> BafCommittee:
    return BafCommittee(name=f"Quality committee {next(_committee_numbers)}")


@register_factory(PrincipalRisk)
def _principal_risk(world: Any) -> PrincipalRisk:
    from quadrant.planning.models import Goal

    goal = _saved(build(Goal, world))
    return PrincipalRisk(risk=_saved(_risk(world)), goal=goal,
                         committee=_saved(_baf_committee(world)))  # fmt: skip


@register_factory(BafQuarter)
def _baf_quarter(world: Any) -> BafQuarter:
    """A frozen quarter (a different one each time), not signed off, its seal sound."""
    from django.utils import timezone

    from quadrant.assurance.baf.snapshots import seal

    number = next(_quarter_numbers)
    start = dt.date(2020 + number // 4, 1 + 3 * (number % 4), 1)
    snapshot = {"quarter": "", "rows": [], "summary": {}}
    return BafQuarter(quarter_start=start, snapshot=snapshot, sha256=seal(start, snapshot),
                      frozen_at=timezone.now())  # fmt: skip
