"""A small BAF on the fixture organisation: a strategy with an aim and a trust goal, a
committee, and a principal risk of the trust ("Falls at night", category appetite 8) whose
register entry has two assurances (the falls measure at the first line, a falls audit at the
second) and the falls theme of safety events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from quadrant.assurance.audits.models import AuditRun, AuditTemplate
from quadrant.assurance.baf import services
from quadrant.assurance.baf.models import BafCommittee, PrincipalRisk
from quadrant.assurance.incidents.models import SafetyEvent
from quadrant.assurance.risks import services as risk_services
from quadrant.assurance.risks.models import RiskCategory
from quadrant.assurance.risks.tests.conftest import risk_fields
from quadrant.control.testing.insight import falls, load  # noqa: F401  (fixtures)
from quadrant.planning.models import Goal, StrategicAim, Strategy

_events = iter(range(1, 100000))


@pytest.fixture
def goal(org: Any, people: dict[str, Any]) -> Goal:
    strategy = Strategy.objects.create(title="Our strategy", org_unit=org.trust, first_year=2025,
                                       last_year=2028)  # fmt: skip
    aim = StrategicAim.objects.create(strategy=strategy, title="Safe care, every time", order=1)
    return Goal.objects.create(
        title="Fewer falls with harm", statement="Falls with harm down 30% by March 2028.",
        org_unit=org.trust, aim=aim, first_year=2025, last_year=2028, status="active",
    )  # fmt: skip


@pytest.fixture
def committee(people: dict[str, Any]) -> BafCommittee:
    return services.create_committee({"name": "Quality committee"}, actor=people["quality"])


@pytest.fixture
def safety(people: dict[str, Any]) -> RiskCategory:
    return risk_services.create_category(
        {"name": "Patient safety", "appetite": 8}, actor=people["quality"]
    )


@pytest.fixture
def template(db: Any) -> AuditTemplate:
    return AuditTemplate.objects.create(code="falls-audit", title="Falls prevention audit",
                                        pass_threshold=Decimal("85"))  # fmt: skip


def add_run(template: AuditTemplate, unit: Any, auditor: Any, score: str, on: dt.date) -> AuditRun:
    return AuditRun.objects.create(
        template=template, org_unit=unit, auditor=auditor, run_date=on, status="signed_off",
        score=Decimal(score), passed=Decimal(score) >= template.pass_threshold,
    )  # fmt: skip


def add_event(unit: Any, on: dt.date, category: str = "falls") -> SafetyEvent:
    return SafetyEvent.objects.create(
        reference=f"PSE-2026-8{next(_events):05d}", event_type="incident", occurred_on=on,
        org_unit=unit, affected="patient", description="A patient fell.", physical_harm="low",
        category=category,
    )  # fmt: skip


@pytest.fixture
def principal(
    org: Any,
    people: dict[str, Any],
    goal: Goal,
    committee: BafCommittee,
    safety: RiskCategory,
    falls: Any,  # noqa: F811
    template: AuditTemplate,
) -> PrincipalRisk:
    quality = people["quality"]
    fields = risk_fields(org.trust, people["board"], safety, current_likelihood=4,
                         current_consequence=3, controls="Falls bundle\nNight checks",
                         gaps_in_control="No sensor mats on two wards",
                         gaps_in_assurance="No independent audit this year")  # fmt: skip
    risk = risk_services.create_risk(fields, actor=quality)
    risk_services.add_assurance(risk, falls, line=1, level="reasonable", actor=quality)
    risk_services.add_assurance(risk, template, line=2, level="limited", actor=quality)
    return services.add_principal_risk(
        risk, {"goal": goal, "committee": committee, "event_categories": ["falls"],
               "commentary": "Improving slowly."}, actor=people["board"],
    )  # fmt: skip


def today() -> dt.date:
    return timezone.localdate()
