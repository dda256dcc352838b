"""Planning test helpers: a small cascade on the shared test organisation."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from quadrant.core.testing.actors import quality_lead
from quadrant.language.defaults import install_defaults
from quadrant.planning import services


@pytest.fixture(autouse=True)
def shipped_language(request: Any) -> None:
    """The shipped domain sets and guiding questions (a flush may have removed them)."""
    if request.node.get_closest_marker("django_db"):
        install_defaults()


def make_goal(unit: Any, title: str, parent: Any = None, **fields: Any) -> Any:
    """A goal written by the trust's quality lead."""
    values = {
        "title": title,
        "statement": f"{title}: by March 2027.",
        "org_unit": unit,
        "parent": parent,
        "first_year": 2024,
        "last_year": 2026,
        "status": "active",
        "review_cadence": "quarterly",
        "next_review": dt.date(2026, 12, 1),
    }
    values.update(fields)
    return services.create_goal(actor=quality_lead(), **values)


def month_start(months_ago: int, today: dt.date | None = None) -> dt.date:
    """The first day of the month MONTHS_AGO before this one."""
    today = today or dt.date.today()
    index = today.year * 12 + today.month - 1 - months_ago
    return dt.date(index // 12, index % 12 + 1, 1)


def make_measure(
    unit: Any,
    code: str,
    values: list[float] | None = None,
    start: dt.date | None = None,
    **fields: Any,
) -> Any:
    """A monthly measure of VALUES from START (by default so that the last value is last
    month's: the data is up to date)."""
    from quadrant.control.public import Measure, Observation

    measure = Measure.objects.create(
        code=code, name=fields.pop("name", f"Measure {code}"), org_unit=unit, **fields
    )
    start = start or month_start(max(len(values or []), 1))
    Observation.objects.bulk_create(
        Observation(measure=measure, period=dt.date(start.year + (start.month + i - 1) // 12,
                                                    (start.month + i - 1) % 12 + 1, 1), value=v)
        for i, v in enumerate(values or [])
    )  # fmt: skip
    return measure


@pytest.fixture
def cascade(org: Any, people: Any) -> SimpleNamespace:
    """Strategy → aim → trust priority → Medicine → Acute medicine → Ward A (and Ward A2)."""
    strategy = services.create_strategy(
        title="Quality Strategy 2024/25–2026/27",
        org_unit=org.trust,
        first_year=2024,
        last_year=2026,
        aims=["Zero avoidable harm"],
        actor=quality_lead(),
    )
    aim = strategy.aims.get()
    trust = make_goal(org.trust, "Reduce falls with harm", aim=aim, owner=people["quality"])
    division = make_goal(org.medicine, "Medicine: fewer falls", parent=trust)
    service = make_goal(org.acute, "Acute medicine: fewer falls", parent=division)
    ward_a = make_goal(org.ward_a, "Ward A: falls risk assessed", parent=service,
                       owner=people["manager"])  # fmt: skip
    ward_a2 = make_goal(org.ward_a2, "Ward A2: falls huddles", parent=service)
    surgery = make_goal(org.surgery, "Surgery: fewer falls", parent=trust)
    ward_b = make_goal(org.ward_b, "Ward B: falls huddles", parent=surgery)
    return SimpleNamespace(
        strategy=strategy, aim=aim, trust=trust, division=division, service=service,
        ward_a=ward_a, ward_a2=ward_a2, surgery=surgery, ward_b=ward_b,
    )  # fmt: skip
