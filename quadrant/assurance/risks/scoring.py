"""The arithmetic of the 5 × 5 risk matrix, with no Django in it.

A rating is a likelihood and a consequence, each a level from 1 to 5; its score is their
product (1 to 25). The organisation sorts scores into bands (by default the NPSA's low 1–3,
moderate 4–6, high 8–12, extreme 15–25). Only fourteen scores can happen (7, 11, 13, 14 and
the primes above 5 cannot), so a set of bands is sound when each of those fourteen falls in
exactly one band: a reachable score in no band is a gap, one in two bands an overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

LEVELS = range(1, 6)
POSSIBLE_SCORES: tuple[int, ...] = tuple(sorted({lk * cq for lk in LEVELS for cq in LEVELS}))

# NPSA, "A risk matrix for risk managers" (2008): the words of each level, 1 to 5.
DEFAULT_LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
DEFAULT_CONSEQUENCE = ("Negligible", "Minor", "Moderate", "Major", "Catastrophic")


@dataclass(frozen=True)
class Band:
    """A named range of scores, LOWEST to HIGHEST inclusive; KEY is its stable name."""

    key: str
    label: str
    lowest: int
    highest: int

    def holds(self, score: int) -> bool:
        return self.lowest <= score <= self.highest


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("low", "Low", 1, 3),
    Band("moderate", "Moderate", 4, 6),
    Band("high", "High", 8, 12),
    Band("extreme", "Extreme", 15, 25),
)


class BadLevel(ValueError):
    """A likelihood or consequence that is not a whole number from 1 to 5."""


class BadBands(ValueError):
    """Bands that leave a reachable score out, or give one score two bands."""


def check_level(level: object, what: str = "Level") -> int:
    """LEVEL as a whole number from 1 to 5, or BadLevel saying so (WHAT names it)."""
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise BadLevel(f"{what} must be a whole number from 1 to 5")
    return level


def score(likelihood: int, consequence: int) -> int:
    """The score of a rating: likelihood × consequence."""
    return check_level(likelihood, "Likelihood") * check_level(consequence, "Consequence")


def check_bands(bands: Sequence[Band]) -> tuple[Band, ...]:
    """BANDS, in order of their scores, if every reachable score falls in exactly one; else
    BadBands naming the first problem found."""
    ordered = tuple(sorted(bands, key=lambda band: (band.lowest, band.highest)))
    for band in ordered:
        if band.lowest > band.highest:
            raise BadBands(
                f"{band.label} band must start at or below where it ends "
                f"({band.lowest} is above {band.highest})"
            )
        if band.lowest < 1 or band.highest > 25:
            raise BadBands(f"{band.label} band must lie between 1 and 25")
    for earlier, later in pairwise(ordered):
        if later.lowest <= earlier.highest:
            raise BadBands(
                f"{earlier.label} and {later.label} bands overlap: "
                f"{later.lowest} to {min(earlier.highest, later.highest)} would be in both"
            )
    for value in POSSIBLE_SCORES:
        if not any(band.holds(value) for band in ordered):
            raise BadBands(f"No band holds a score of {value}: every score needs a band")
    return ordered


def band_of(value: int, bands: Sequence[Band] = DEFAULT_BANDS) -> Band:
    """The band of score VALUE (the bands are assumed checked: check_bands)."""
    for band in bands:
        if band.holds(value):
            return band
    raise BadBands(f"No band holds a score of {value}")


def scores_in(band: Band) -> list[int]:
    """The reachable scores a band holds (for filtering a register by band)."""
    return [value for value in POSSIBLE_SCORES if band.holds(value)]


def above_appetite(value: int, appetite: int | None) -> bool:
    """Is score VALUE above APPETITE, the highest score tolerable (None: no appetite set)?"""
    return appetite is not None and value > appetite


def reaches(value: int, threshold: int) -> bool:
    """Does score VALUE reach an escalation THRESHOLD (at it or above)?"""
    return value >= threshold
