"""Where a goal's measures are heading, counted over the goal and every goal below it.

A trust priority rarely has measures of its own: its wards' and services' goals do. So the
trend is not read from one goal's links but added up the cascade with the progress: how many
of the measures linked at or below the goal show special cause of concern, of improvement, or
common cause (a measure with too few points for a variation icon is not counted).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DIRECTED = ("concern", "improvement")  # special cause with a direction; any other icon is steady


@dataclass(frozen=True, slots=True)
class Trend:
    concern: int = 0
    improvement: int = 0
    steady: int = 0
    from_below: bool = False  # some of the counted measures are those of child goals

    @property
    def counted(self) -> int:
        return self.concern + self.improvement + self.steady

    @classmethod
    def of(cls, readings: Iterable[Any]) -> Trend:
        """The trend of one goal's own linked measures (readings with a variation icon)."""
        icons = [reading.variation_icon or "" for reading in readings]
        return cls(
            concern=sum(code.startswith("concern") for code in icons),
            improvement=sum(code.startswith("improvement") for code in icons),
            steady=sum(bool(code) and not code.startswith(DIRECTED) for code in icons),
        )

    def with_children(self, children: Iterable[Trend]) -> Trend:
        concern, improvement, steady, below = self.concern, self.improvement, self.steady, False
        for child in children:
            concern += child.concern
            improvement += child.improvement
            steady += child.steady
            below = below or child.counted > 0
        return Trend(concern, improvement, steady, self.from_below or below)

    @property
    def text(self) -> str:
        """The trend in words: concern first, since that is what a board must act on."""
        total = self.counted
        if not total:
            return "No trend yet: no measure with enough data"
        where = " here and below" if self.from_below else ""
        if self.concern:
            return "Getting worse: special cause of concern" + self._on(self.concern, where)
        if self.improvement:
            return "Improving: special cause of improvement" + self._on(self.improvement, where)
        return "No significant change" + (f" on the {total} measures{where}" if total > 1 else "")

    def _on(self, count: int, where: str) -> str:
        if self.counted == 1:
            return f" on the one measure{where}"
        return f" on {count} of the {self.counted} measures{where}"
