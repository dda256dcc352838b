"""Helpers for the chart, summary and signal tests: a monthly measure on Ward A and a way to
load its data through the real upsert (with the after-commit recalculation run)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quadrant.control.intake.importers.upsert import upsert_observations
from quadrant.control.measures.models import Measure

STABLE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11]


def quality_domain(name: str) -> Any:
    """The domain NAME of the set in use (the shipped sets are put back should a flush have
    removed them)."""
    from quadrant.language.defaults import install_defaults
    from quadrant.language.models import QualityDomain

    found = QualityDomain.in_use().filter(name=name).first()
    if found is None:
        install_defaults()
        found = QualityDomain.in_use().get(name=name)
    return found


def months(count: int, first: dt.date = dt.date(2024, 1, 1)) -> list[dt.date]:
    out, year, month = [], first.year, first.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


@pytest.fixture
def falls(org: Any, people: dict[str, Any]) -> Measure:
    """Falls on Ward A, monthly XmR, lower is better, owned by `manager`, target 12."""
    measure = Measure.objects.create(
        code="FALLS-W", name="Falls, Ward A", org_unit=org.ward_a, chart_type="xmr",
        frequency="month", direction="decrease", owner=people["manager"],
        domain=quality_domain("Safe"),
    )  # fmt: skip
    return measure


@pytest.fixture
def load(django_capture_on_commit_callbacks: Any, people: dict[str, Any]) -> Any:
    """load(measure, values) → the upsert result, after the on-commit hooks have run."""

    def run(measure: Measure, values: list[float | None], actor: Any = None) -> Any:
        rows = [
            (n, measure.code, period.isoformat(), value, None, None)
            for n, (period, value) in enumerate(zip(months(len(values)), values, strict=True), 1)
            if value is not None
        ]
        with django_capture_on_commit_callbacks(execute=True):
            return upsert_observations(
                rows, actor=actor or people["analyst"], source="test", route="api"
            )

    return run
