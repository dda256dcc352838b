"""NHS financial years (1 April to 31 March), named by the year they start: 2024 is 2024/25."""

from __future__ import annotations

import datetime as dt


def year_label(start_year: int) -> str:
    """2024 → "2024/25"."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def period_label(first_year: int, last_year: int) -> str:
    """2024, 2026 → "2024/25–2026/27"; a single year → "2024/25"."""
    if first_year == last_year:
        return year_label(first_year)
    return f"{year_label(first_year)}–{year_label(last_year)}"


def year_of(day: dt.date) -> int:
    """The financial year DAY falls in."""
    return day.year if day.month >= 4 else day.year - 1


def year_start(start_year: int) -> dt.date:
    return dt.date(start_year, 4, 1)


def year_end(start_year: int) -> dt.date:
    return dt.date(start_year + 1, 3, 31)


def year_choices(around: int, before: int = 3, after: int = 5) -> list[tuple[int, str]]:
    return [(year, year_label(year)) for year in range(around - before, around + after + 1)]
