"""CQC's published scoring for the single assessment framework (2024), as arithmetic.

- A quality statement scored per evidence category: its category scores (each 1 to 4) are added
  up and taken as a percentage of the most they could be (4 for each category scored); the
  percentage gives the statement's score: 25–38% → 1, 39–62% → 2, 63–87% → 3, 88% or more → 4.
  A statement may instead be given its score (1 to 4) directly.
- A key question: its statements' scores are added up and taken as a percentage of the most
  they could be (4 for each statement scored); the percentage gives its rating: 25–38%
  Inadequate, 39–62% Requires improvement, 63–87% Good, 88% or more Outstanding.
- Bands are read on the percentage rounded half up to a whole number (62.5% → 63% → Good);
  the percentage is shown to one decimal place (rounded half up too).

No Django here: the self-assessment's pages, API and tests share these functions, and each
result carries the sum and the maximum so a page can show its arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

T = TypeVar("T")

LOWEST, HIGHEST = 1, 4
OUTSTANDING, GOOD = "Outstanding", "Good"
REQUIRES_IMPROVEMENT, INADEQUATE = "Requires improvement", "Inadequate"
RATINGS = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)
# (the lowest whole percentage of a band, what it gives), highest band first
STATEMENT_BANDS = ((88, 4), (63, 3), (39, 2), (25, 1))
RATING_BANDS = ((88, OUTSTANDING), (63, GOOD), (39, REQUIRES_IMPROVEMENT), (25, INADEQUATE))


class ScoreOutOfRange(ValueError):
    """A score that is not a whole number from 1 to 4."""


@dataclass(frozen=True)
class Result:
    """Scores added up (TOTAL) out of the most they could be (MAXIMUM), as a percentage."""

    total: int
    maximum: int

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.total * 100, self.maximum)

    @property
    def percent(self) -> Decimal:
        """The percentage to one decimal place, rounded half up (65.625 → 65.6)."""
        return _half_up(self.fraction, "0.1")

    @property
    def banded_percent(self) -> int:
        """The whole percentage the bands are read on, rounded half up (62.5 → 63)."""
        return int(_half_up(self.fraction, "1"))

    @property
    def arithmetic(self) -> str:
        """The sum as a page shows it: "21 out of 32 = 65.6%"."""
        return f"{self.total} out of {self.maximum} = {self.percent}%"


@dataclass(frozen=True)
class StatementResult(Result):
    score: int = 0


@dataclass(frozen=True)
class KeyQuestionResult(Result):
    rating: str = ""
    statements: int = 0


def _half_up(value: Fraction, places: str) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def check_score(score: object) -> int:
    """SCORE as a whole number from 1 to 4, or ScoreOutOfRange."""
    if isinstance(score, bool) or not isinstance(score, int) or not LOWEST <= score <= HIGHEST:
        raise ScoreOutOfRange(f"A score must be a whole number from {LOWEST} to {HIGHEST}")
    return score


def _band(percent: int, bands: Sequence[tuple[int, T]]) -> T:
    for lowest, given in bands:
        if percent >= lowest:
            return given
    raise ScoreOutOfRange(f"{percent}% is below the lowest band")  # pragma: no cover


def statement_from_categories(scores: Iterable[int]) -> StatementResult:
    """A statement's score from its evidence-category scores (one per category used)."""
    checked = [check_score(score) for score in scores]
    if not checked:
        raise ScoreOutOfRange("Score at least one evidence category")
    result = Result(sum(checked), HIGHEST * len(checked))
    score = _band(result.banded_percent, STATEMENT_BANDS)
    return StatementResult(result.total, result.maximum, score=score)


def statement_given(score: int) -> StatementResult:
    """A statement scored directly: its percentage is its score out of 4."""
    given = check_score(score)
    return StatementResult(given, HIGHEST, score=given)


def key_question(statement_scores: Iterable[int]) -> KeyQuestionResult:
    """A key question's rating from the scores of its statements that were scored."""
    checked = [check_score(score) for score in statement_scores]
    if not checked:
        raise ScoreOutOfRange("Score at least one quality statement of the key question")
    result = Result(sum(checked), HIGHEST * len(checked))
    rating = _band(result.banded_percent, RATING_BANDS)
    return KeyQuestionResult(result.total, result.maximum, rating=rating, statements=len(checked))
