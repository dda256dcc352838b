"""Improvement test helpers: a Ward A project with a measure, on the shared test organisation."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from quadrant.control.public import Measure, Observation
from quadrant.improvement import services


def make_measure(unit: Any, code: str, values: list[float], **fields: Any) -> Measure:
    """A weekly measure with VALUES from Monday 6 January 2025 on (written as the system)."""
    measure = Measure.objects.create(
        code=code, name=fields.pop("name", f"Measure {code}"), org_unit=unit,
        frequency="week", chart_type="xmr", **fields,
    )  # fmt: skip
    start = dt.date(2025, 1, 6)
    Observation.objects.bulk_create(
        Observation(measure=measure, period=start + dt.timedelta(weeks=i), value=value)
        for i, value in enumerate(values)
    )
    return measure


def make_project(unit: Any, actor: Any, title: str = "Fewer falls on Ward A", **fields: Any) -> Any:
    values = {
        "aim_what": "Reduce inpatient falls",
        "aim_how_much": "by 30%",
        "aim_by_when": dt.date(2027, 3, 31),
        "measures_summary": "Falls per 1,000 bed days; risk assessments done within 6 hours.",
        "changes_summary": "Intentional rounding; bed rails check.",
    }
    values.update(fields)
    return services.create_project(title=title, org_unit=unit, actor=actor, **values)


def plan(project: Any, actor: Any, **fields: Any) -> Any:
    values = {
        "objective": "Try intentional rounding on the night shift",
        "prediction": "Fewer falls between midnight and 6am",
        "start_date": dt.date(2025, 3, 3),
    }
    values.update(fields)
    return services.plan_cycle(project, actor=actor, **values)


@pytest.fixture
def ward_a_project(org: Any, people: dict[str, Any]) -> SimpleNamespace:
    """Manager's Ward A project, led by manager, with a weekly falls measure and a change idea."""
    measure = make_measure(org.ward_a, "FALLS-WA", [9, 8, 10, 9, 8, 9, 10, 8, 5, 4, 5, 4, 3, 4])
    project = make_project(org.ward_a, people["manager"], lead=people["manager"])
    services.link_measure(project, measure, "outcome", actor=people["manager"])
    idea = services.add_change_idea(project, title="Intentional rounding", actor=people["manager"])
    return SimpleNamespace(project=project, measure=measure, idea=idea)
