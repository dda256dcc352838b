"""Scoring: weights, "not applicable" leaving the denominator, the threshold's edge."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from quadrant.assurance.audits.scoring import compliance, score_run


def question(kind: str, weight: str = "1", **rule: object) -> SimpleNamespace:
    fields = {"max_score": None, "passing_list": [], "pass_min": None, "pass_max": None}
    return SimpleNamespace(kind=kind, weight=Decimal(weight), **{**fields, **rule})


def answer(choice: str = "", score: int | None = None, number: float | None = None) -> object:
    return SimpleNamespace(choice=choice, score=score, number=number)


def test_weighted_percentage_of_yes_and_no() -> None:
    heavy, light = question("yes_no", "3"), question("yes_no", "1")
    result = score_run([(heavy, answer("yes")), (light, answer("no"))], Decimal("85"))
    assert result.percent == Decimal("75.0")
    assert result.passed is False
    assert result.failed == (light,)


def test_not_applicable_leaves_the_denominator() -> None:
    a, b = question("yes_no"), question("yes_no", "5")
    result = score_run([(a, answer("yes")), (b, answer("na"))], Decimal("85"))
    assert result.percent == Decimal("100.0")
    assert result.scored == 1


def test_score_is_its_share_of_the_maximum_and_counts_as_failed_below_it() -> None:
    q = question("score", max_score=4)
    result = score_run([(q, answer(score=3))], Decimal("70"))
    assert result.percent == Decimal("75.0")
    assert result.passed is True
    assert result.failed == (q,)


def test_text_and_ruleless_numbers_and_choices_do_not_score() -> None:
    pairs = [
        (question("text"), answer()),
        (question("number"), answer(number=3)),
        (question("choice"), answer("Other")),
    ]
    result = score_run(pairs, Decimal("85"))
    assert result.percent is None and result.passed is None and result.scored == 0


@pytest.mark.parametrize(
    ("low", "high", "number", "expected"),
    [(10, None, 10, 1), (10, None, 9.9, 0), (None, 5, 5, 1), (None, 5, 6, 0), (1, 3, 2, 1)],
)
def test_number_rule_bounds_are_inclusive(
    low: float | None, high: float | None, number: float, expected: int
) -> None:
    assert (
        compliance(question("number", pass_min=low, pass_max=high), answer(number=number))
        == expected
    )


def test_choice_counts_when_it_is_a_passing_choice() -> None:
    q = question("choice", passing_list=["Yes"])
    assert compliance(q, answer("Yes")) == 1
    assert compliance(q, answer("Old version")) == 0


@pytest.mark.parametrize(
    ("yes", "no", "threshold", "percent", "passed"),
    [
        (17, 3, "85", "85.0", True),  # exactly the threshold passes
        (84, 16, "85", "84.0", False),
        (5666, 1000, "85", "85.0", True),  # 84.996…% rounds half up to 85.0%
        (5665, 1000, "85", "85.0", True),  # 84.99%
        (5664, 1000, "85", "85.0", True),  # 84.98… → 85.0
        (1, 0, "100", "100.0", True),
        (0, 1, "0", "0.0", True),
    ],
)
def test_threshold_edges(yes: int, no: int, threshold: str, percent: str, passed: bool) -> None:
    q_yes, q_no = question("yes_no", str(yes)), question("yes_no", str(no) if no else "1")
    pairs = [(q_yes, answer("yes"))] + ([(q_no, answer("no"))] if no else [])
    result = score_run(pairs, Decimal(threshold))
    assert result.percent == Decimal(percent)
    assert result.passed is passed


def test_just_below_the_threshold_after_rounding_fails() -> None:
    # 8494 / 10000 = 84.94% → 84.9%
    pairs = [
        (question("yes_no", "8494"), answer("yes")),
        (question("yes_no", "1506"), answer("no")),
    ]
    result = score_run(pairs, Decimal("85"))
    assert (result.percent, result.passed) == (Decimal("84.9"), False)
