"""CQC's scoring on cases worked by hand, band edges included."""

from decimal import Decimal

import pytest

from quadrant.assurance.cqc.scoring import (
    GOOD,
    INADEQUATE,
    OUTSTANDING,
    REQUIRES_IMPROVEMENT,
    ScoreOutOfRange,
    key_question,
    statement_from_categories,
    statement_given,
)


@pytest.mark.parametrize(
    ("categories", "percent", "score"),
    [
        ([1, 1, 1], Decimal("25.0"), 1),  # the lowest possible
        ([2, 1, 1, 1], Decimal("31.3"), 1),  # 5/16 = 31.25 → 31.3 shown, 31 banded
        ([2, 2, 1, 1], Decimal("37.5"), 1),  # 37.5 → 38, the top of the lowest band
        ([2, 2, 2, 1, 1, 1], Decimal("37.5"), 1),  # 9 of 24
        ([2, 2, 2, 2, 1, 1], Decimal("41.7"), 2),  # 10 of 24 → 42
        ([3, 2], Decimal("62.5"), 3),  # 62.5 → 63 → 3, the issue's own edge
        ([2, 3, 2, 3], Decimal("62.5"), 3),
        ([3, 3, 3], Decimal("75.0"), 3),
        ([4, 3, 4, 3], Decimal("87.5"), 4),  # 87.5 → 88 → 4
        ([4, 4, 3, 4, 4, 4, 3, 4], Decimal("93.8"), 4),  # 30/32 = 93.75 → 93.8
        ([4], Decimal("100.0"), 4),
    ],
)
def test_a_statement_score_from_its_evidence_categories(categories, percent, score):
    result = statement_from_categories(categories)
    assert (result.percent, result.score) == (percent, score)
    assert result.total == sum(categories) and result.maximum == 4 * len(categories)


def test_a_statement_scored_directly_is_its_score_out_of_four():
    result = statement_given(3)
    assert (result.score, result.percent) == (3, Decimal("75.0"))
    assert result.arithmetic == "3 out of 4 = 75.0%"


@pytest.mark.parametrize(
    ("statements", "percent", "rating"),
    [
        ([3, 3, 3, 2, 3, 2, 3, 2], Decimal("65.6"), GOOD),  # 21 of 32 = 65.625
        ([3, 2], Decimal("62.5"), GOOD),  # 62.5 → 63: Good, not Requires improvement
        ([3, 2, 2], Decimal("58.3"), REQUIRES_IMPROVEMENT),
        ([2, 2], Decimal("50.0"), REQUIRES_IMPROVEMENT),
        ([2, 1, 1, 2], Decimal("37.5"), INADEQUATE),  # 37.5 → 38: still Inadequate
        # 20 of 52 = 38.46…%: shown as 38.5, banded on 38 (the exact value is rounded, never
        # the one shown), so still Inadequate
        ([2, 2, 1, 2, 1, 2, 2, 1, 2, 1, 2, 1, 1], Decimal("38.5"), INADEQUATE),
        ([2, 2, 2, 2, 1, 2, 2, 1, 2, 1, 2, 1, 1], Decimal("40.4"), REQUIRES_IMPROVEMENT),
        ([1, 1, 1, 1, 1], Decimal("25.0"), INADEQUATE),
        ([4, 3, 4, 3], Decimal("87.5"), OUTSTANDING),  # 87.5 → 88
        ([4, 3, 3, 3], Decimal("81.3"), GOOD),
        ([4, 4, 4, 4, 4, 4], Decimal("100.0"), OUTSTANDING),
    ],
)
def test_a_key_question_rating_from_its_statement_scores(statements, percent, rating):
    result = key_question(statements)
    assert (result.percent, result.rating, result.statements) == (percent, rating, len(statements))
    assert result.arithmetic == f"{sum(statements)} out of {4 * len(statements)} = {percent}%"


@pytest.mark.parametrize("bad", [0, 5, -1, 2.5, True, "3", None])
def test_a_score_outside_one_to_four_is_refused(bad):
    with pytest.raises(ScoreOutOfRange, match="whole number from 1 to 4"):
        statement_given(bad)
    with pytest.raises(ScoreOutOfRange):
        key_question([3, bad])


def test_nothing_scored_is_refused_with_a_reason():
    with pytest.raises(ScoreOutOfRange, match="at least one evidence category"):
        statement_from_categories([])
    with pytest.raises(ScoreOutOfRange, match="at least one quality statement"):
        key_question([])
