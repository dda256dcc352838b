"""The 35 series of the Making Data Count Single Chart Tool v5 test pack, point by point.

Directions, recalculations and baselines per series are as the MDC document
(data/mdc_xmr_testing_doc.md) states them.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from quadrant import spc

DATA = Path(__file__).parent / "data"


def load_mdc_series() -> dict[str, list[tuple[float, str]]]:
    """The 35 MDC series: metric -> [(value, expected colour), ...] in date order."""
    series: dict[str, list[tuple[float, str]]] = {}
    with open(DATA / "mdc_xmr_testing_data.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            # line 680 misnames one point of "... High is good 2" (see data/README.md)
            metric = row["Metric"].replace("High is good2", "High is good 2")
            series.setdefault(metric, []).append((float(row["Value"]), row["Colour"]))
    return series


# Options per series, from the document. Unlisted series: high is good, no
# recalculation, no baseline. "Recalculations" and "Baselines" are the left-hand charts
# (without); "... - Recalculated" are the right-hand ones, recalculated from p16.
OPTIONS: dict[str, dict[str, Any]] = {
    "Special cause - Low is good": {"improvement": "decrease"},
    "Special cause - Neither": {"improvement": "neutral"},
    "Special cause conflict - Low is good": {"improvement": "decrease"},
    "Recalculations - Recalculated": {"rebase": (15,)},
    # "When a recalculation is also added, only the baseline is implemented."
    "Baselines - Recalculated": {"baseline": 15, "rebase": (15,)},
    "Special cause crossing recalculations - shift": {"rebase": (15,)},
    "Special cause crossing recalculations - trend": {"rebase": (15,)},
    "Special cause crossing recalculations - two-sigma": {"rebase": (15,)},
    "Summary icons - assurance - low is good": {"improvement": "decrease"},
    "Summary icons - variation - Low is good": {"improvement": "decrease"},
    "Summary icons - variation - Low is good 3": {"improvement": "decrease"},
    "Summary icons - variation - Neither": {"improvement": "neutral"},
    "Summary icons - variation - Neither2": {"improvement": "neutral"},
}

# Where the CSV contradicts the document's rules, the test follows the document.
# (series, 1-based point) -> colour the document's rules give
DOCUMENT_OVERRIDES: dict[tuple[str, int], str] = {
    # The CSV colours p15 (27) blue. The document explains every blue point of this
    # chart: p1-p2 above the upper limit, p3-p4 beyond two sigma, p8-p14 the rising
    # trend; p15 is none of these (27 is below p14's 36, only 4 points sit above the
    # mean of 25.8, and it is inside two sigma), and the mirror chart "Low is good"
    # shows the same p15 grey. So p15 is common cause.
    ("Special cause conflict - High is good", 15): "grey",
}

COLOURS = {
    "common_cause": "grey",
    "special_cause_improvement": "blue",
    "special_cause_concern": "orange",
    "special_cause_neutral": "purple",
}

SERIES = load_mdc_series()


def test_pack_has_35_series() -> None:
    assert len(SERIES) == 35
    assert len(SERIES["Summary icons - variation - High is good 2"]) == 18


@pytest.mark.parametrize("metric", list(SERIES))
def test_mdc_series_point_by_point(metric: str) -> None:
    values = [v for v, _ in SERIES[metric]]
    expected = [
        DOCUMENT_OVERRIDES.get((metric, i + 1), colour)
        for i, (_, colour) in enumerate(SERIES[metric])
    ]
    result = spc.analyse(values, **OPTIONS.get(metric, {}))
    got = [COLOURS[t] for t in result.point_type]
    wrong = [(i + 1, e, g) for i, (e, g) in enumerate(zip(expected, got, strict=True)) if e != g]
    assert not wrong, f"{metric}: (point, expected, got) {wrong}"


def test_overrides_really_contradict_the_csv() -> None:
    for (metric, point), colour in DOCUMENT_OVERRIDES.items():
        assert SERIES[metric][point - 1][1] != colour


def test_process_limits_as_the_document_computes_them() -> None:
    values = [v for v, _ in SERIES["Process limits - 15"]]
    r = spc.analyse(values)
    # mean 23.20, mean moving range 5.43, limits mean +/- 2.66 x 5.43
    assert r.centre[0] == pytest.approx(23.20, abs=0.005)
    assert r.upper[0] == pytest.approx(37.64, abs=0.01)
    assert r.lower[0] == pytest.approx(8.76, abs=0.01)
    assert np.nanmean(r.moving_range) == pytest.approx(5.43, abs=0.005)


def test_too_few_points_show_the_mean_only() -> None:
    r = spc.analyse([v for v, _ in SERIES["Process limits - 10"]])
    assert r.centre[0] == pytest.approx(22.10)
    assert np.isnan(r.upper).all() and np.isnan(r.lower).all()
    assert r.variation_icon is None


@pytest.mark.parametrize(("n", "shown"), [(12, False), (13, True)])
def test_thirteen_points_before_limits_and_icons(n: int, shown: bool) -> None:
    r = spc.analyse([v for v, _ in SERIES[f"Number of points - {n}"]], target=10)
    assert bool(np.isfinite(r.upper).all()) is shown
    assert (r.variation_icon is not None) is shown
    assert (r.assurance_icon is not None) is shown


@pytest.mark.parametrize(
    ("metric", "icon"),
    [
        ("Summary icons - variation - High is good", "improvement_high"),
        ("Summary icons - variation - Low is good", "concern_high"),
        ("Summary icons - variation - High is good 2", "common_cause"),
        ("Summary icons - variation - High is good 3", "concern_low"),
        ("Summary icons - variation - Low is good 3", "improvement_low"),
        ("Summary icons - variation - Neither", "neutral_high"),
        ("Summary icons - variation - Neither2", "common_cause"),
        ("Summary icons - variation - Too few points", None),
    ],
)
def test_variation_icon_from_the_last_point(metric: str, icon: str | None) -> None:
    r = spc.analyse([v for v, _ in SERIES[metric]], **OPTIONS.get(metric, {}))
    assert r.variation_icon == icon


def test_neither_low_last_point_is_neutral_low() -> None:
    values = [v for v, _ in SERIES["Summary icons - variation - High is good 3"]]
    assert spc.analyse(values, improvement="neutral").variation_icon == "neutral_low"


ASSURANCE = "Summary icons - assurance - high is good"


@pytest.mark.parametrize(
    ("improvement", "target", "icon"),
    [
        # limits 13.33 to 37.00 over all 30 points
        ("increase", None, None),
        ("increase", 40, "consistent_fail"),
        ("increase", 30, "inconsistent"),
        ("increase", 10, "consistent_pass"),
        ("decrease", 40, "consistent_pass"),
        ("decrease", 30, "inconsistent"),
        ("decrease", 10, "consistent_fail"),
        # neither: the target makes no sense, so no icon
        ("neutral", 40, None),
    ],
)
def test_assurance_icon(improvement: str, target: float | None, icon: str | None) -> None:
    values = [v for v, _ in SERIES[ASSURANCE]]
    assert spc.analyse(values, improvement=improvement, target=target).assurance_icon == icon


def test_assurance_uses_the_latest_limits_after_a_recalculation() -> None:
    values = [v for v, _ in SERIES[ASSURANCE]]
    # the second phase's limits, 20.45 to 40.21, contain 40
    r = spc.analyse(values, target=40, rebase=(15,))
    assert r.upper[-1] == pytest.approx(40.21, abs=0.01)
    assert r.assurance_icon == "inconsistent"


def test_assurance_needs_enough_points() -> None:
    values = [v for v, _ in SERIES[ASSURANCE]][:10]
    assert spc.analyse(values, target=40).assurance_icon is None


def test_baseline_extends_the_first_fifteen_points_limits() -> None:
    values = [v for v, _ in SERIES["Baselines"]]
    r = spc.analyse(values, baseline=15)
    assert np.allclose(r.centre, 20.0)
    assert np.allclose(r.upper, 20 + 2.66 * 61 / 14)
    # a baseline alone and a baseline with a recalculation are the same under "mdc"
    both = spc.analyse(values, baseline=15, rebase=(15,))
    assert list(both.point_type) == list(r.point_type)


def test_rules_cross_a_recalculation_against_each_points_own_phase() -> None:
    values = [v for v, _ in SERIES["Special cause crossing recalculations - shift"]]
    r = spc.analyse(values, rebase=(15,))
    assert r.centre[13] == pytest.approx(381 / 15)
    assert r.centre[15] == pytest.approx(443 / 15)
    assert list(r.point_type[13:19]) == ["special_cause_concern"] * 6
    # p15 (19) and p16 (22) are also two of three beyond two sigma, first by priority
    assert list(r.rule[13:19]) == ["shift", "two_of_three", "two_of_three"] + ["shift"] * 3
