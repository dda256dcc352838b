"""The matrix arithmetic, worked by hand: score = likelihood × consequence; every edge of the
default bands; bands with a gap or an overlap refused; levels outside 1–5 refused; appetite."""

from __future__ import annotations

import pytest

from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.scoring import BadBands, BadLevel, Band


@pytest.mark.parametrize(
    ("likelihood", "consequence", "expected"),
    [(1, 1, 1), (1, 5, 5), (5, 1, 5), (2, 3, 6), (3, 3, 9), (4, 3, 12), (3, 5, 15), (5, 5, 25)],
)
def test_the_score_is_likelihood_times_consequence(
    likelihood: int, consequence: int, expected: int
) -> None:
    assert scoring.score(likelihood, consequence) == expected


def test_only_fourteen_scores_can_happen() -> None:
    assert scoring.POSSIBLE_SCORES == (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1, "low"), (3, "low"),  # low 1–3
        (4, "moderate"), (6, "moderate"),  # moderate 4–6
        (8, "high"), (12, "high"),  # high 8–12
        (15, "extreme"), (25, "extreme"),  # extreme 15–25
    ],
)  # fmt: skip
def test_every_edge_of_the_default_bands(value: int, band: str) -> None:
    assert scoring.band_of(value).key == band


def test_the_default_bands_are_sound() -> None:
    assert scoring.check_bands(scoring.DEFAULT_BANDS) == scoring.DEFAULT_BANDS


def test_bands_need_not_cover_scores_that_cannot_happen() -> None:
    # 7, 11, 13 and 14 are no product of two levels: low 1–3, moderate 4–7 … is sound too.
    bands = [Band("low", "Low", 1, 3), Band("moderate", "Moderate", 4, 7),
             Band("high", "High", 8, 14), Band("extreme", "Extreme", 15, 25)]  # fmt: skip
    assert [b.key for b in scoring.check_bands(bands)] == ["low", "moderate", "high", "extreme"]


def test_a_gap_is_refused_naming_the_score_left_out() -> None:
    bands = [Band("low", "Low", 1, 3), Band("moderate", "Moderate", 4, 5),
             Band("high", "High", 8, 12), Band("extreme", "Extreme", 15, 25)]  # fmt: skip
    with pytest.raises(BadBands, match="No band holds a score of 6"):
        scoring.check_bands(bands)


def test_an_overlap_is_refused_naming_both_bands() -> None:
    bands = [Band("low", "Low", 1, 4), Band("moderate", "Moderate", 4, 6),
             Band("high", "High", 8, 12), Band("extreme", "Extreme", 15, 25)]  # fmt: skip
    with pytest.raises(BadBands, match="Low and Moderate bands overlap: 4 to 4 would be in both"):
        scoring.check_bands(bands)


def test_a_band_that_ends_before_it_starts_is_refused() -> None:
    bands = [Band("low", "Low", 3, 1), *scoring.DEFAULT_BANDS[1:]]
    with pytest.raises(BadBands, match="Low band must start at or below where it ends"):
        scoring.check_bands(bands)


def test_a_band_beyond_25_is_refused() -> None:
    bands = [*scoring.DEFAULT_BANDS[:3], Band("extreme", "Extreme", 15, 30)]
    with pytest.raises(BadBands, match="between 1 and 25"):
        scoring.check_bands(bands)


@pytest.mark.parametrize("level", [0, 6, -1, 2.5, "3", True, None])
def test_a_level_outside_one_to_five_is_refused(level: object) -> None:
    with pytest.raises(BadLevel, match="Likelihood must be a whole number from 1 to 5"):
        scoring.score(level, 3)  # type: ignore[arg-type]


def test_above_appetite_is_strictly_above() -> None:
    assert not scoring.above_appetite(8, 8)
    assert scoring.above_appetite(9, 8)
    assert not scoring.above_appetite(25, None)


def test_a_threshold_is_reached_at_it() -> None:
    assert scoring.reaches(15, 15) and not scoring.reaches(12, 15)


def test_the_reachable_scores_of_a_band() -> None:
    assert scoring.scores_in(Band("high", "High", 8, 12)) == [8, 9, 10, 12]
