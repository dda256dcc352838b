"""Compliance test world: the internal framework (IPC-1, MED-1, LEAD-1) and an external one
(N1.1 mapped to IPC-1), an audit template whose questions cite them, and helpers to sign off
a run with chosen answers, all through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from quadrant.assurance.audits import services as audits
from quadrant.assurance.compliance import evidence
from quadrant.assurance.standards import services as standards
from quadrant.assurance.standards.tests.conftest import GOOD_CSV, framework_from_csv


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    evidence.forget()
    yield
    evidence.forget()


@pytest.fixture
def world(people: dict[str, Any]) -> SimpleNamespace:
    quality = people["quality"]
    internal = framework_from_csv(
        "code,title,group\n"
        "IPC-1,Infection prevention,Safe care\n"
        "MED-1,Safe medicines,Safe care\n"
        "LEAD-1,Board oversight,Leadership\n",
        code="our-standards", kind="internal", title="Our standards",
    )  # fmt: skip
    external = framework_from_csv(GOOD_CSV)
    ipc, med = (internal.standards.get(code=c) for c in ("IPC-1", "MED-1"))
    n11 = external.standards.get(code="N1.1")
    standards.map_standard(n11, ipc, actor=quality)
    template = audits.create_template({"code": "ward-check", "title": "Ward check"}, actor=quality)
    section = audits.add_section(template, "Checks", actor=quality)

    def ask(fields: dict[str, Any], *cited: Any) -> Any:
        return audits.add_question(section, fields, standards=cited, actor=quality)

    return SimpleNamespace(
        internal=internal, external=external, ipc=ipc, med=med, n11=n11, template=template,
        hands=ask({"text": "Hands cleaned?", "kind": "yes_no", "weight": 2}, ipc),
        gel=ask({"text": "Gel stocked (0–4)", "kind": "score", "max_score": 4}, ipc),
        fridge=ask({"text": "Fridge locked?", "kind": "yes_no"}, med),
        note=ask({"text": "Anything else", "kind": "text"}),
    )  # fmt: skip


def sign_off(
    world: SimpleNamespace, unit: Any, day: dt.date, people: dict[str, Any], **given: str
) -> Any:
    """A signed-off run of the ward check on UNIT: HANDS, GEL, FRIDGE answers (all compliant
    unless given)."""
    auditor = people["auditor"]
    run = audits.start_run(world.template, unit, day, actor=auditor)
    answers = {"hands": "yes", "gel": "4", "fridge": "yes", "note": "Fine"} | given
    for name, value in answers.items():
        audits.save_answer(run, getattr(world, name), value, actor=auditor)
    audits.sign_off_run(run, actor=auditor)
    return run


@pytest.fixture
def audited(world: SimpleNamespace, org: Any, people: dict[str, Any]) -> SimpleNamespace:
    """Ward A: an old all-compliant run, then the latest (hands yes, gel 2 of 4, fridge no);
    Ward A2: hands not applicable, gel 4 of 4; Ward B: all compliant."""
    sign_off(world, org.ward_a, dt.date(2026, 9, 3), people)
    latest_a = sign_off(world, org.ward_a, dt.date(2026, 10, 7), people, gel="2", fridge="no")
    sign_off(world, org.ward_a2, dt.date(2026, 10, 9), people, hands="na")
    sign_off(world, org.ward_b, dt.date(2026, 10, 12), people)
    return SimpleNamespace(latest_a=latest_a)
