"""NHSRplotthedots 0.2 behaviours under ``rules="nhsr"``, from its published tests."""

from __future__ import annotations

import numpy as np
import pytest

from quadrant import spc

# R: set.seed(123); rnorm(20) -- the data of NHSRplotthedots' ptd_spc_standard tests
RNORM = [
    -0.56047565,
    -0.23017749,
    1.55870831,
    0.07050839,
    0.12928774,
    1.71506499,
    0.46091621,
    -1.26506123,
    -0.68685285,
    -0.44566197,
    1.22408180,
    0.35981383,
    0.40077145,
    0.11068272,
    -0.55584113,
    1.78691314,
    0.49785048,
    -1.96661716,
    0.70135590,
    -0.47279141,
]


def test_limits_match_the_package_snapshot() -> None:
    r = spc.analyse(RNORM, rules="nhsr")
    assert r.centre[0] == pytest.approx(0.1416238, abs=1e-7)
    assert r.lower[0] == pytest.approx(-3.01138, abs=1e-5)
    assert r.upper[0] == pytest.approx(3.294627, abs=1e-6)


def test_moving_ranges_screened_once() -> None:
    y = list(RNORM)
    y[14] = 10.0
    screened = spc.analyse(y, rules="nhsr")
    assert screened.centre[0] == pytest.approx(0.6694159, abs=1e-7)
    assert screened.lower[0] == pytest.approx(-2.383666, abs=1e-6)
    assert screened.upper[0] == pytest.approx(3.722497, abs=1e-6)
    raw = spc.analyse(y, rules="nhsr", screen_outliers=False)
    assert raw.lower[0] == pytest.approx(-4.596625, abs=1e-6)
    assert raw.upper[0] == pytest.approx(5.935457, abs=1e-6)


def test_no_minimum_number_of_points() -> None:
    r = spc.analyse([3.0, 5.0, 4.0, 6.0, 5.0], rules="nhsr")
    assert np.isfinite(r.upper).all()
    assert r.variation_icon == "common_cause"


def _flat(n: int) -> list[float]:
    # alternating around 0 with small steps: no rule fires on its own
    return [(-1.0) ** i * 0.5 for i in range(n)]


@pytest.mark.parametrize(("run", "flagged"), [(6, False), (7, True)])
def test_shift_of_seven(run: int, flagged: bool) -> None:
    y = _flat(14) + [0.3] * run + [-v for v in _flat(6)]
    r = spc.analyse(y, rules="nhsr")
    assert (r.rule[14] == "shift") is flagged


def test_trend_of_seven_and_a_tie_breaks_it() -> None:
    base = _flat(10)
    rising = spc.analyse(base + [0.1 * i - 0.3 for i in range(7)] + base, rules="nhsr")
    assert list(rising.rule[10:17]) == ["trend"] * 7
    assert set(rising.point_type[10:17]) == {"special_cause_improvement"}
    tie = [-0.3, -0.2, -0.1, -0.1, 0.0, 0.1, 0.2]
    paused = spc.analyse(base + tie + base, rules="nhsr")
    assert "trend" not in set(paused.rule)


def test_two_in_three_needs_one_side() -> None:
    # the package's test: two successive points near the limits on opposite sides
    y = [1.0, -1.0] * 8
    y[14], y[15] = 5.5, -5.5
    r = spc.analyse(y, rules="nhsr")
    assert list(r.point_type[-2:]) == ["common_cause", "common_cause"]


def test_priority_outside_limits_before_trend() -> None:
    y = [*_flat(12), 0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 9.0]
    r = spc.analyse(y, rules="nhsr")
    assert r.rule[-1] == "outside_limits"
    assert r.rule[-2] == "trend"


def test_concern_is_not_overruled_by_improvement() -> None:
    # the conflict chart of the MDC pack: NHSRplotthedots takes the first rule by
    # priority, so the decreasing trend makes p1 a concern despite being above UCL?
    # no: outside limits comes first, so p1 is an improvement, p5 (trend) a concern.
    y = [43, 41, 37, 36, 31, 23, 15, 13, 15, 18, 23, 27, 31, 36, 27, 19, 17, 27, 15, 22]
    r = spc.analyse(y, rules="nhsr")
    assert r.rule[0] == "outside_limits"
    assert r.point_type[0] == "special_cause_improvement"
    assert r.rule[4] == "trend"
    assert r.point_type[4] == "special_cause_concern"


def test_rules_never_cross_a_rebase() -> None:
    a = [8.0, 12, 8, 12, 8, 12, 11, 11, 11, 11]
    b = [21.0, 21, 21, 21, 18, 22, 18, 22, 18, 22]
    # five points above phase A's mean then four above phase B's: nine in a row
    nhsr = spc.analyse(a + b, rules="nhsr", rebase=[10])
    assert "shift" not in set(nhsr.rule)
    mdc = spc.analyse(a + b, rules="mdc", rebase=[10])
    assert list(mdc.rule[5:14]) == ["shift"] * 9


def test_fix_after_n_points_counts_within_each_rebase_group() -> None:
    a = [10.0, 12, 11, 13, 30, 31]
    b = [50.0, 52, 51, 53, 90, 91]
    r = spc.analyse(a + b, rules="nhsr", rebase=[6], baseline=4)
    assert r.centre[0] == pytest.approx(11.5)
    assert r.centre[6] == pytest.approx(51.5)
    assert r.upper[0] == pytest.approx(11.5 + 2.66 * 5 / 3)


def test_variation_icon_from_last_point_and_direction() -> None:
    y = [*_flat(15), 9.0]
    assert spc.analyse(y, rules="nhsr").variation_icon == "improvement_high"
    assert spc.analyse(y, rules="nhsr", improvement="decrease").variation_icon == "concern_high"
    assert spc.analyse(y, rules="nhsr", improvement="neutral").variation_icon == "neutral_high"


def test_assurance_compares_target_with_last_limits() -> None:
    r = spc.analyse(RNORM, rules="nhsr", target=3.3)
    assert r.assurance_icon == "consistent_fail"
    assert spc.analyse(RNORM, rules="nhsr", target=-3.1).assurance_icon == "consistent_pass"
    assert spc.analyse(RNORM, rules="nhsr", target=0.0).assurance_icon == "inconsistent"
    low = spc.analyse(RNORM, rules="nhsr", target=3.3, improvement="decrease")
    assert low.assurance_icon == "consistent_pass"


def test_a_trend_ending_a_series_keeps_its_direction_beside_the_next_series() -> None:
    # the last point of a falling trend must not take the direction of the next series'
    # first point, which is in a trend of its own (found by the many-equals-one property)
    falling = [5.0, 4.0]
    rising = [1.0, 2.0, 0.5]
    alone = spc.analyse(falling, rules="nhsr", improvement="increase", run_length=2)
    together = spc.analyse_many(
        falling + rising,
        ["falling"] * 2 + ["rising"] * 3,
        rules="nhsr",
        improvement="increase",
        run_length=2,
    )
    assert list(alone.point_type) == ["special_cause_concern"] * 2
    assert list(together.point_type[:2]) == list(alone.point_type)
