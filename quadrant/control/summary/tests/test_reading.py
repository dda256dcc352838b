"""The one-line reading: led by the variation, then the assurance against the target."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from quadrant import spc
from quadrant.control.measures.analysis import Series
from quadrant.control.summary.reading import Facts, facts_from, format_value, reading

STABLE = [96, 97, 95, 96, 98, 96, 95, 97, 96, 96, 97, 95, 96, 98, 96, 95, 97, 96]


def _series(values: list[float], target: float | None = None, improvement: str = "increase"):
    periods = [dt.date(2025 + (i // 12), i % 12 + 1, 1).isoformat() for i in range(len(values))]
    series = Series(1, "xmr", improvement, "mdc", 1.0, periods=np.asarray(periods))
    series.values = np.asarray(values, dtype=float)
    series.targets = np.full(len(values), np.nan if target is None else target)
    result = spc.analyse(
        np.asarray(values, dtype=float), improvement=improvement,
        target=np.asarray(series.targets),
    )  # fmt: skip
    return series, result


def test_a_shift_below_the_mean_reads_as_concern_with_its_start() -> None:
    series, result = _series([*STABLE, 90, 91, 90, 89, 90, 91, 90], target=95)
    facts = facts_from(series, result)
    text = reading(facts, unit_label="%", frequency="month")
    assert text.startswith("Special cause of concern: ")
    assert "points below the mean since" in text or "beyond the lower process limit" in text
    assert text.endswith("the target of 95% is not reliably met") or "will not be met" in text


def test_the_example_of_the_issue() -> None:
    facts = Facts(
        points=30, latest_period=dt.date(2026, 9, 1), kind="concern", rule="shift",
        side="above", run_count=7, run_since=dt.date(2026, 3, 1),
        variation_icon="concern_high", assurance_icon="inconsistent", target=95,
    )  # fmt: skip
    assert reading(facts, unit_label="%") == (
        "Special cause of concern: 7 points above the mean since March 2026; "
        "the target of 95% is not reliably met"
    )


def test_common_cause_and_a_consistently_met_target() -> None:
    series, result = _series(STABLE, target=80)
    text = reading(facts_from(series, result), unit_label="%")
    assert text == (
        "Common cause variation: no sign of change in the latest data; "
        "the target of 80% is consistently met"
    )


def test_too_few_points_and_no_data() -> None:
    series, result = _series(STABLE[:5])
    assert reading(facts_from(series, result)).startswith("Too few points to judge: 5 of the 13")
    assert reading(Facts(points=0)) == "No data yet"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(95, "%", "95%"), (4.25, "per 1,000 bed days", "4.25 per 1,000 bed days"),
     (1234.4, "", "1,234"), (None, "", "no value")],
)  # fmt: skip
def test_values_read_as_people_write_them(value, unit, text) -> None:
    assert format_value(value, unit) == text
