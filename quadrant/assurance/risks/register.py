"""What the register and the heat map read: the risks a person may see (with what their
rows show, in one query), each risk's band, and the 5 × 5 counts of a filtered register."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from quadrant.assurance.risks import scoring
from quadrant.assurance.risks.models import Risk, RiskMatrix
from quadrant.core.permissions import Capability, restrict


def visible_risks(user: Any) -> QuerySet[Any]:
    """The live risks USER may see, with their unit, owner, category and escalation."""
    return (
        restrict(Risk.objects.all(), user, Capability.VIEW)
        .filter(archived_at__isnull=True)
        .select_related("org_unit", "owner", "category", "escalated_to")
    )


def with_bands(risks: Iterable[Risk], bands: Sequence[scoring.Band]) -> list[Risk]:
    """RISKS, each with `band` (of its current score) set for the page to show."""
    shown = list(risks)
    for risk in shown:
        risk.band = scoring.band_of(risk.current_score, bands)  # type: ignore[attr-defined]
    return shown


@dataclass(frozen=True)
class Cell:
    likelihood: int
    consequence: int
    count: int
    band: scoring.Band

    @property
    def score(self) -> int:
        return self.likelihood * self.consequence


@dataclass(frozen=True)
class HeatRow:
    likelihood: int
    word: str
    cells: list[Cell]


def heat_map(risks: QuerySet[Any], matrix: RiskMatrix) -> tuple[list[HeatRow], int]:
    """The count of RISKS in each cell of the matrix, most likely first (one query), and
    their total."""
    counts = {
        (row["current_likelihood"], row["current_consequence"]): row["n"]
        for row in risks.order_by()
        .values("current_likelihood", "current_consequence")
        .annotate(n=Count("pk"))
    }
    bands, words = matrix.bands, matrix.words("likelihood")
    rows = [
        HeatRow(
            likelihood,
            words[likelihood - 1],
            [
                Cell(
                    likelihood,
                    consequence,
                    counts.get((likelihood, consequence), 0),
                    scoring.band_of(likelihood * consequence, bands),
                )
                for consequence in scoring.LEVELS
            ],
        )
        for likelihood in reversed(scoring.LEVELS)
    ]
    return rows, sum(counts.values())
