"""qicharts2's runs analysis (Anhoej), under ``rules="anhoej"`` and in every result."""

from __future__ import annotations

import itertools
import math

import pytest

from quadrant import spc
from quadrant.spc.runs import crossings_min


def qbinom_05(trials: int) -> int:
    """Independent qbinom(0.05, trials, 0.5) by summing the binomial distribution."""
    cumulative = 0.0
    for k in range(trials + 1):
        cumulative += math.comb(trials, k) / 2**trials
        if cumulative >= 0.05:
            return k
    return trials


# Anhoej & Olesen (2014) table of limits: useful observations -> (longest run max,
# fewest crossings)
TABLE = {
    10: (6, 2),
    12: (7, 3),
    15: (7, 4),
    20: (7, 6),
    24: (8, 8),
    30: (8, 10),
    40: (8, 14),
    50: (9, 19),
    100: (10, 41),
}


@pytest.mark.parametrize("n", sorted(TABLE))
def test_limits_table(n: int) -> None:
    assert (round(math.log2(n)) + 3, crossings_min(n)) == TABLE[n]
    assert crossings_min(n) == qbinom_05(n - 1)


def test_crossings_min_large_n_uses_log_space() -> None:
    assert crossings_min(1500) in (qbinom_05(1499) - 1, qbinom_05(1499), qbinom_05(1499) + 1)


def _runs_by_hand(y: list[float]) -> tuple[int, int, int]:
    centre = sum(y) / len(y)
    sides = [1 if v > centre else -1 for v in y if v != centre]
    runs = 1 + sum(1 for a, b in itertools.pairwise(sides) if a != b)
    longest, current = 1, 1
    for a, b in itertools.pairwise(sides):
        current = current + 1 if a == b else 1
        longest = max(longest, current)
    return len(sides), longest, runs - 1


def test_runs_figures_by_hand() -> None:
    y = [3.0, 4, 5, 4, 6, 7, 2, 3, 8, 9, 9, 8, 7, 6, 2, 1, 2, 3, 5, 4.5]
    r = spc.analyse(y, rules="anhoej")
    n, longest, crossings = _runs_by_hand(y)
    (runs,) = r.runs
    assert runs["n_useful"] == n
    assert runs["longest_run"] == longest
    assert runs["n_crossings"] == crossings
    assert runs["longest_run_max"] == round(math.log2(n)) + 3
    assert runs["n_crossings_min"] == qbinom_05(n - 1)


def test_points_on_the_centre_line_are_not_useful() -> None:
    r = spc.analyse([1.0, 3.0, 2.0, 1.0, 3.0, 2.0], rules="anhoej")
    assert r.runs[0]["n_useful"] == 4


def test_a_long_run_signals_and_flags_the_phase() -> None:
    y = [3.0, 1.0] * 5 + [4.0] * 9 + [1.0, 3.0] * 3  # mean 2.72
    r = spc.analyse(y, rules="anhoej")
    (runs,) = r.runs
    assert runs["runs_signal"] is True
    assert runs["longest_run"] == 9
    # qicharts2 marks every point of a signalling phase; here by its side
    assert set(r.rule) == {"runs"}
    assert r.point_type[12] == "special_cause_improvement"
    assert r.point_type[1] == "special_cause_concern"


def test_no_runs_signal_leaves_common_cause() -> None:
    y = [1.0, 2.0] * 10
    r = spc.analyse(y, rules="anhoej")
    assert r.runs[0]["runs_signal"] is False
    assert set(r.point_type) == {"common_cause"}


def test_one_summary_per_phase() -> None:
    y = [1.0, 2.0] * 10
    r = spc.analyse(y, rules="anhoej", rebase=[8])
    assert [p["n_useful"] for p in r.runs] == [8, 12]


def test_baseline_ignored_when_phases_are_given() -> None:
    y = [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0]
    frozen = spc.analyse(y, rules="anhoej", baseline=4)
    assert frozen.centre[-1] == pytest.approx(2.5)
    parted = spc.analyse(y, rules="anhoej", baseline=4, rebase=[4])
    assert parted.centre[-1] == pytest.approx(25.0)


def test_empty_phase_summary() -> None:
    r = spc.analyse([float("nan")] * 3, rules="anhoej")
    assert r.runs == [
        {
            "n_useful": 0,
            "longest_run": None,
            "longest_run_max": None,
            "n_crossings": None,
            "n_crossings_min": None,
            "runs_signal": False,
        }
    ]
