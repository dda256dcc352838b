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


def years_in_words(years: list[int]) -> str:
    """[2024, 2025, 2026] → "2024/25 to 2026/27"; [2022, 2025] → "2022/23 and 2025/26"."""
    years = sorted(set(years))
    if not years:
        return ""
    if len(years) > 2 and years[-1] - years[0] == len(years) - 1:
        return f"{year_label(years[0])} to {year_label(years[-1])}"
    labels = [year_label(year) for year in years]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
