"""How many decimal places a measure's values are shown with in exports (Excel, PDF).

A measure does not store its precision, so it is read from its data: the decimal places its
recent recorded values carry (6.5 days: one; 620 spells: none), at most two, the most the
pages show. A value worked out from a numerator and a denominator carries many, so it shows
two. Values are rounded to that precision and the Excel cells' number format shows it.
"""

from __future__ import annotations

from collections.abc import Iterable

MOST_DECIMALS = 2
RECENT_PERIODS = 24  # the values read to judge a measure's precision


def decimals_of(value: float) -> int:
    """The fewest decimal places (up to MOST_DECIMALS) that write VALUE exactly."""
    for places in range(MOST_DECIMALS):
        if abs(round(value, places) - value) <= 1e-9 * max(1.0, abs(value)):
            return places
    return MOST_DECIMALS


def decimals_of_values(values: Iterable[float | None]) -> int:
    """The decimal places that write every one of VALUES (none when there are none)."""
    return max((decimals_of(value) for value in values if value is not None), default=0)


def measure_decimals(measure_ids: list[int]) -> dict[int, int]:
    """The decimal places of each measure of MEASURE_IDS, from its latest RECENT_PERIODS
    recorded values (one query); a measure without data is missing from the answer."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from quadrant.control.measures.models import Observation

    if not measure_ids:
        return {}
    recent = (
        Observation.objects.filter(measure_id__in=measure_ids, value__isnull=False)
        .annotate(
            recency=Window(RowNumber(), partition_by=F("measure_id"), order_by=F("period").desc())
        )
        .filter(recency__lte=RECENT_PERIODS)
        .values_list("measure_id", "value")
    )
    found: dict[int, int] = {}
    for measure_id, value in recent:
        found[measure_id] = max(found.get(measure_id, 0), decimals_of(value))
    return found


def rounded(value: float | None, places: int) -> float | None:
    """VALUE rounded to PLACES decimal places (None stays None)."""
    return None if value is None else round(value, places)


def excel_format(places: int) -> str:
    """The Excel number format that shows PLACES decimal places: 0, 0.0, 0.00 (thousands
    separated)."""
    return "#,##0" + ("." + "0" * places if places else "")


def number_text(value: float | None, places: int) -> str:
    """VALUE written to PLACES decimal places with thousands separated ("–" for none)."""
    return "–" if value is None else f"{value:,.{places}f}"
