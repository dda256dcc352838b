"""Worked examples for every chart type, the expected figures computed by hand here
(with ``math``, not the engine) and, where the book prints them, checked against it."""

from __future__ import annotations

import itertools
import math
import statistics

import numpy as np
import pytest

from quadrant import spc

# Montgomery, Introduction to Statistical Quality Control, Example 7.1: orange-juice
# cans, 30 samples of 50, number nonconforming. The book: p-bar 0.2313, UCL 0.4102,
# LCL 0.0524, samples 15 and 23 out of control.
CANS = [
    12,
    15,
    8,
    10,
    4,
    7,
    16,
    9,
    14,
    10,
    5,
    6,
    17,
    12,
    22,
    8,
    10,
    5,
    13,
    11,
    20,
    18,
    24,
    15,
    9,
    12,
    7,
    13,
    9,
    6,
]

# Example 7.3: nonconformities in 26 samples of 100 printed circuit boards. The book:
# c-bar 19.85, UCL 33.22, LCL 6.48, samples 6 and 20 out of control.
BOARDS = [
    21,
    24,
    16,
    12,
    15,
    5,
    28,
    20,
    31,
    25,
    20,
    24,
    16,
    19,
    10,
    17,
    13,
    22,
    18,
    39,
    30,
    24,
    16,
    19,
    17,
    15,
]

# The personal-computer example of section 7.3.1: nonconformities in 20 samples of 5
# computers. The book: u-bar 1.93, UCL 3.79, LCL 0.07.
COMPUTERS = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]


def outside(r: spc.SpcResult) -> list[int]:
    return [i + 1 for i, rule in enumerate(r.rule) if rule == "outside_limits"]


def test_p_chart_montgomery_example_7_1() -> None:
    r = spc.analyse(CANS, chart="p", denominators=[50] * 30, rules="anhoej")
    pbar = sum(CANS) / 1500
    sigma = math.sqrt(pbar * (1 - pbar) / 50)
    assert r.centre[0] == pytest.approx(pbar)
    assert r.upper[0] == pytest.approx(pbar + 3 * sigma)
    assert r.lower[0] == pytest.approx(pbar - 3 * sigma)
    assert (round(pbar, 4), round(r.upper[0], 4), round(r.lower[0], 4)) == (0.2313, 0.4102, 0.0524)
    assert outside(r) == [15, 23]
    assert r.value[14] == pytest.approx(22 / 50)


def test_p_chart_variable_sizes_and_clipping() -> None:
    num, den = [1, 0, 2, 1, 5], [10, 4, 20, 8, 10]
    r = spc.analyse(num, chart="p", denominators=den, rules="anhoej")
    pbar = 9 / 52
    for i, n in enumerate(den):
        s = math.sqrt(pbar * (1 - pbar) / n)
        assert r.upper[i] == pytest.approx(min(1.0, pbar + 3 * s))
        assert r.lower[i] == pytest.approx(max(0.0, pbar - 3 * s))
    assert r.lower[1] == 0.0  # floored: a proportion cannot be negative


def test_c_chart_montgomery_example_7_3() -> None:
    r = spc.analyse(BOARDS, chart="c", rules="anhoej")
    cbar = 516 / 26
    assert r.centre[0] == pytest.approx(cbar)
    assert r.upper[0] == pytest.approx(cbar + 3 * math.sqrt(cbar))
    # the book rounds c-bar to 19.85 first, hence its 33.22
    assert r.upper[0] == pytest.approx(33.22, abs=0.01)
    assert r.lower[0] == pytest.approx(6.48, abs=0.01)
    assert outside(r) == [6, 20]


def test_c_chart_lower_limit_floored_at_zero() -> None:
    r = spc.analyse([1, 0, 2, 1, 0, 3], chart="c", rules="anhoej")
    assert r.lower[0] == 0.0
    assert r.upper[0] == pytest.approx(7 / 6 + 3 * math.sqrt(7 / 6))


def test_u_chart_montgomery_computers() -> None:
    r = spc.analyse(COMPUTERS, chart="u", denominators=[5] * 20, rules="anhoej")
    ubar = 193 / 100
    assert r.centre[0] == pytest.approx(ubar)
    assert r.upper[0] == pytest.approx(ubar + 3 * math.sqrt(ubar / 5))
    assert (round(r.centre[0], 2), round(r.upper[0], 2), round(r.lower[0], 2)) == (1.93, 3.79, 0.07)
    assert outside(r) == []


def test_t_chart_by_hand() -> None:
    days = [
        286,
        948,
        536,
        124,
        816,
        729,
        4,
        143,
        431,
        8,
        2837,
        596,
        81,
        227,
        603,
        492,
        1199,
        1214,
        2831,
        96,
    ]
    r = spc.analyse(days, chart="t", rules="anhoej", screen_outliers=False)
    x = [d ** (1 / 3.6) for d in days]
    mean = sum(x) / len(x)
    amr = sum(abs(b - a) for a, b in itertools.pairwise(x)) / (len(x) - 1)
    sigma = amr / 1.128
    assert r.centre[0] == pytest.approx(mean**3.6)
    assert r.upper[0] == pytest.approx((mean + 3 * sigma) ** 3.6)
    # the transformed lower limit is negative: qicharts2 sets it to 0
    assert mean - 3 * sigma < 0
    assert r.lower[0] == 0.0
    assert np.isnan(r.moving_range).all()


def test_g_chart_median_centre_mean_limits() -> None:
    gaps = [12, 3, 40, 7, 22, 5, 18, 9, 31, 2, 14]
    r = spc.analyse(gaps, chart="g", rules="anhoej")
    gbar = statistics.mean(gaps)
    assert r.centre[0] == statistics.median(gaps) == 12
    assert r.upper[0] == pytest.approx(gbar + 3 * math.sqrt(gbar * (gbar + 1)))
    assert r.lower[0] == 0.0


def test_run_chart_median_and_no_limits() -> None:
    r = spc.analyse([3, 1, 4, 1, 5, 9, 2, 6], chart="run")
    assert r.centre[0] == 3.5
    assert np.isnan(r.upper).all() and np.isnan(r.lower).all()


# Subgroups of five with the textbook constants for n = 5 (Montgomery, Appendix VI):
# c4 = 0.9400, A3 = 1.427, B3 = 0, B4 = 2.089; and for n = 10: A3 = 0.975, B3 = 0.284,
# B4 = 1.716.
RINGS = [
    [74.030, 74.002, 74.019, 73.992, 74.008],
    [73.995, 73.992, 74.001, 74.011, 74.004],
    [73.988, 74.024, 74.021, 74.005, 74.002],
    [74.002, 73.996, 73.993, 74.015, 74.009],
    [73.992, 74.007, 74.015, 73.989, 74.014],
    [74.009, 73.994, 73.997, 73.985, 73.993],
    [73.995, 74.006, 73.994, 74.000, 74.005],
    [73.985, 74.003, 73.993, 74.015, 73.988],
]


def test_xbar_chart_constant_subgroups() -> None:
    r = spc.analyse(RINGS, chart="xbar", rules="anhoej")
    means = [statistics.mean(s) for s in RINGS]
    sbar = statistics.mean(statistics.stdev(s) for s in RINGS)
    grand = statistics.mean(means)
    assert r.value == pytest.approx(means)
    assert r.centre[0] == pytest.approx(grand)
    assert r.upper[0] == pytest.approx(grand + 1.427 * sbar, abs=1e-5)
    assert r.lower[0] == pytest.approx(grand - 1.427 * sbar, abs=1e-5)


def test_s_chart_constant_subgroups() -> None:
    r = spc.analyse(RINGS, chart="s", rules="anhoej")
    sbar = statistics.mean(statistics.stdev(s) for s in RINGS)
    assert r.centre[0] == pytest.approx(sbar)
    assert r.upper[0] == pytest.approx(2.089 * sbar, rel=1e-3)
    assert r.lower[0] == 0.0


def test_s_chart_constants_for_ten() -> None:
    rng = np.random.default_rng(7)
    groups = [list(rng.normal(10, 1, 10)) for _ in range(6)]
    r = spc.analyse(groups, chart="s", rules="anhoej")
    assert r.lower[0] / r.centre[0] == pytest.approx(0.284, abs=5e-4)
    assert r.upper[0] / r.centre[0] == pytest.approx(1.716, abs=5e-4)
    x = spc.analyse(groups, chart="xbar", rules="anhoej")
    assert (x.upper[0] - x.centre[0]) / r.centre[0] == pytest.approx(0.975, abs=5e-4)


def c4(n: int) -> float:
    return math.sqrt(2 / (n - 1)) * math.gamma(n / 2) / math.gamma((n - 1) / 2)


def test_xbar_and_s_variable_subgroups_pool_the_variance() -> None:
    groups = [RINGS[0], RINGS[1][:3], RINGS[2][:4], RINGS[3], RINGS[4][:2]]
    sizes = [len(g) for g in groups]
    sds = [statistics.stdev(g) for g in groups]
    weighted = sum((n - 1) * s**2 for n, s in zip(sizes, sds, strict=True))
    pooled = math.sqrt(weighted / sum(n - 1 for n in sizes))
    grand = sum(sum(g) for g in groups) / sum(sizes)
    x = spc.analyse(groups, chart="xbar", rules="anhoej")
    s = spc.analyse(groups, chart="s", rules="anhoej")
    for i, n in enumerate(sizes):
        assert x.centre[i] == pytest.approx(grand)
        assert x.upper[i] == pytest.approx(grand + 3 * pooled / (c4(n) * math.sqrt(n)))
        ratio = math.sqrt(1 - c4(n) ** 2) / c4(n)
        assert s.upper[i] == pytest.approx(pooled * (1 + 3 * ratio))
        assert s.lower[i] == pytest.approx(pooled * max(0.0, 1 - 3 * ratio))


def laney_sigma(num: list[int], den: list[int], centre: float, per: str) -> list[float]:
    within = [
        math.sqrt(centre * (1 - centre) / n) if per == "p" else math.sqrt(centre / n) for n in den
    ]
    z = [(a / n - centre) / s for a, n, s in zip(num, den, within, strict=True)]
    sigma_z = sum(abs(b - a) for a, b in itertools.pairwise(z)) / (len(z) - 1) / 1.128
    return [s * sigma_z for s in within]


def test_laney_p_prime_by_hand() -> None:
    num = [120, 150, 98, 170, 135, 160, 110, 145]
    den = [1000, 1100, 950, 1200, 1000, 1150, 980, 1050]
    r = spc.analyse(num, chart="pp", denominators=den, rules="nhsr", screen_outliers=False)
    centre = sum(num) / sum(den)
    sig = laney_sigma(num, den, centre, "p")
    assert r.centre[0] == pytest.approx(centre)
    assert r.upper == pytest.approx([centre + 3 * s for s in sig])
    assert r.lower == pytest.approx([centre - 3 * s for s in sig])


def test_laney_u_prime_by_hand() -> None:
    num = [30, 45, 28, 60, 41, 39, 52, 33]
    den = [10, 12, 9, 15, 11, 10, 13, 10]
    r = spc.analyse(num, chart="up", denominators=den, rules="nhsr", screen_outliers=False)
    centre = sum(num) / sum(den)
    sig = laney_sigma(num, den, centre, "u")
    assert r.upper == pytest.approx([centre + 3 * s for s in sig])
    assert r.lower == pytest.approx([max(0.0, centre - 3 * s) for s in sig])


def test_xmr_qicharts2_sigma_and_moving_range_chart() -> None:
    y = [5.0, 7.0, 6.0, 9.0, 4.0, 6.0, 8.0, 5.0]
    r = spc.analyse(y, rules="anhoej", screen_outliers=False)
    amr = sum(abs(b - a) for a, b in itertools.pairwise(y)) / 7
    assert r.upper[0] == pytest.approx(statistics.mean(y) + 3 * amr / 1.128)
    assert r.moving_range_upper[0] == pytest.approx(3.267 * amr)
    assert np.isnan(r.moving_range[0]) and r.moving_range[1] == 2.0


def test_missing_values_are_left_out() -> None:
    y = [5.0, 7.0, float("nan"), 6.0, 9.0, None, 4.0]
    r = spc.analyse(y, rules="nhsr")
    kept = [5.0, 7.0, 6.0, 9.0, 4.0]
    amr = sum(abs(b - a) for a, b in itertools.pairwise(kept)) / 4
    assert r.centre[0] == pytest.approx(statistics.mean(kept))
    assert r.upper[0] == pytest.approx(statistics.mean(kept) + 2.66 * amr)
    assert list(r.point_type[[2, 5]]) == ["", ""]
    assert np.isnan(r.centre[2])
