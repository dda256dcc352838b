"""Fixtures of the intake tests: measures with stored data for the FHIR tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from quadrant.control.measures.models import Measure, Observation


@pytest.fixture
def stored(measures: dict[str, Measure]) -> dict[str, Measure]:
    """Falls on Ward A (five months, one with decimal counts), hand hygiene (three weeks)."""
    falls, hand = measures["falls_a"], measures["hand_a"]
    for month, (num, den) in enumerate([(3, 900), (5, 880), (2, 910), (7, 850)], start=1):
        Observation.objects.create(
            measure=falls, period=dt.date(2024, month, 1), numerator=num, denominator=den,
            value=round(num / den * 1000, 4),
        )  # fmt: skip
    Observation.objects.create(
        measure=falls, period=dt.date(2024, 5, 1), numerator=2.5, denominator=900.5, value=2.776
    )
    for week, value in enumerate([96.5, 97.25, 95.0]):
        Observation.objects.create(
            measure=hand, period=dt.date(2024, 1, 1) + dt.timedelta(weeks=week), value=value
        )
    return measures


@pytest.fixture
def percent(measures: dict[str, Measure], people: dict[str, Any]) -> Measure:
    """Pressure ulcer care on Ward A: a percentage (numerator ÷ denominator × 100), on XmR."""
    return Measure.objects.create(
        code="PU-A", name="Pressure ulcer care bundle, Ward A",
        org_unit=measures["falls_a"].org_unit, chart_type="xmr", frequency="month",
        multiplier=100, unit_label="%", valid_min=0, valid_max=100,
        numerator_definition="Patients with the bundle complete",
        denominator_definition="Patients at risk", owner=people["manager"],
    )  # fmt: skip
