"""How a file's rows are read beyond their cells: the order of its dates, what to do with two
rows for the same period (refuse them, or add them up or average them), and a zero
denominator (left out with a warning instead of refusing the file)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from quadrant.spc.reading.dates import ambiguity_warning

AGGREGATES = {"sum": "Add them up", "mean": "Average them"}
HOW_TO_CHANGE_ORDER = (
    "If they are written the other way round, an administrator can change “Dates in files are "
    "day first” in the organisation settings."
)

# One checked row: (value, numerator, denominator, row number), as in validation.
Checked = tuple[float | None, float | None, float | None, int]


@dataclass(frozen=True)
class RowRules:
    """MONTH_FIRST: numeric dates are month first. AGGREGATE: "sum" or "mean" combines rows
    for the same measure and period ("" refuses them, saying how to combine them when the
    route OFFERS_AGGREGATE). DROP_ZERO_DENOMINATORS: a row whose denominator is 0 is left out
    with a warning (files), not refused (a person typing)."""

    month_first: bool = False
    aggregate: str = ""
    drop_zero_denominators: bool = False
    offer_aggregate: bool = False  # the route lets the person choose how to combine rows

    def repeat_hint(self) -> str:
        """What to say after naming two rows for one period."""
        if not self.offer_aggregate:
            return ""
        return "; to add up or average such rows, choose how to combine them"

    def ambiguity_warning(self) -> str:
        return ambiguity_warning(month_first=self.month_first, how_to_change=HOW_TO_CHANGE_ORDER)

    def finish_combined(
        self,
        by_measure: dict[int, dict[dt.date, Any]],
        repeats: dict[tuple[int, dt.date], int],
    ) -> None:
        """Turn the sums of combined rows into means, when averaging."""
        if self.aggregate != "mean":
            return
        for (measure_id, period), count in repeats.items():
            value, numerator, denominator, number = by_measure[measure_id][period]
            by_measure[measure_id][period] = (
                value if numerator is not None else _divided(value, count),  # a ratio stays
                _divided(numerator, count),
                _divided(denominator, count),
                number,
            )


def _divided(number: float | None, count: int) -> float | None:
    return None if number is None else number / count


def combine_rows(earlier: Checked, row: Checked, multiplier: float) -> Checked | str:
    """Two rows for one period added up (a ratio from the summed counts), or why they cannot
    be (one has counts, the other only a value)."""
    value, numerator, denominator, _ = row
    old_value, old_numerator, old_denominator, first_row = earlier
    if (numerator is None) != (old_numerator is None):
        return (
            f"row {first_row} and this row cannot be combined: one has a numerator and a "
            "denominator, the other only a value"
        )
    if numerator is None or old_numerator is None:
        return ((old_value or 0.0) + (value or 0.0), None, None, first_row)
    total_numerator = old_numerator + numerator
    total_denominator = (old_denominator or 0.0) + (denominator or 0.0)
    ratio = total_numerator / total_denominator * multiplier
    return (ratio, total_numerator, total_denominator, first_row)
