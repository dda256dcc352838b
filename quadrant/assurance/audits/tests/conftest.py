"""Audit test helpers: a hand hygiene template of every question type, made by the quality
lead through the services (with EVIDENCE, some of its questions take photos or PDFs); an
auditor who holds the role on Ward B only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from quadrant.assurance.audits import services
from quadrant.assurance.audits.models import AuditSchedule

AUDIT_DATE = dt.date(2026, 11, 2)


def build_template(
    actor: Any, code: str = "hand-hygiene", evidence: dict[str, str] | None = None
) -> SimpleNamespace:
    """The template; EVIDENCE gives a question (by its type, one of each) its evidence need."""
    template = services.create_template(
        {"code": code, "title": "Hand hygiene", "pass_threshold": Decimal("85")}, actor=actor
    )
    section = services.add_section(template, "The five moments", actor=actor)

    def ask(**fields: Any) -> Any:
        need = (evidence or {}).get(fields["kind"], "none")
        return services.add_question(section, {**fields, "evidence": need}, actor=actor)

    return SimpleNamespace(
        template=template,
        section=section,
        yes_no=ask(text="Hands cleaned before patient contact?", kind="yes_no", weight=2),
        score=ask(text="Bare below the elbows (0–4)", kind="score", max_score=4),
        number=ask(text="Gel dispensers working", kind="number", pass_min=10),
        choice=ask(
            text="Poster displayed",
            kind="choice",
            choices="Yes\nOld version\nNo",
            passing_choices="Yes",
        ),
        text=ask(text="Anything else seen", kind="text"),
    )


def answer_all(run: Any, qs: SimpleNamespace, actor: Any, **values: str) -> None:
    given = {"yes_no": "yes", "score": "4", "number": "12", "choice": "Yes", "text": "Good"}
    given.update(values)
    for name, value in given.items():
        services.save_answer(run, getattr(qs, name), value, actor=actor)


def on_programme_since(schedule: AuditSchedule, day: dt.date) -> AuditSchedule:
    """SCHEDULE as if it had been put on the programme on DAY."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    AuditSchedule.objects.filter(pk=schedule.pk).update(created_at=moment)
    schedule.refresh_from_db()
    return schedule


@pytest.fixture
def hygiene(people: dict[str, Any]) -> SimpleNamespace:
    return build_template(people["quality"])


@pytest.fixture
def run_a(hygiene: SimpleNamespace, org: Any, people: dict[str, Any]) -> Any:
    return services.start_run(hygiene.template, org.ward_a, AUDIT_DATE, actor=people["auditor"])


@pytest.fixture
def photo_audit(people: dict[str, Any]) -> SimpleNamespace:
    """Hand hygiene whose first question needs a photo, and whose last may have one."""
    return build_template(people["quality"], evidence={"yes_no": "required", "text": "optional"})


@pytest.fixture
def photo_run(photo_audit: SimpleNamespace, org: Any, people: dict[str, Any]) -> Any:
    return services.start_run(photo_audit.template, org.ward_a, AUDIT_DATE, actor=people["auditor"])


@pytest.fixture
def ward_b_auditor(org: Any) -> Any:
    """An auditor of Ward B only: Ward A's audits are not theirs to see."""
    from quadrant.core.testing.personas import make_person
    from quadrant.organisation.choices import Role
    from quadrant.organisation.models import Membership

    person = make_person("auditor_b", home_unit=org.ward_b)
    Membership.objects.create(person=person, org_unit=org.ward_b, role=Role.AUDITOR)
    return person
